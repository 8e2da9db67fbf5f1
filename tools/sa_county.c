/*
 * sa_county: simulate a quarter of operations in the sample county over
 * several libpq connections (one thread and one PGconn each).
 *
 *   tools/sa_county [-t threads] [-n cases] [-f first-day] [-l last-day]
 *                   [-x tail-days] [-s seed] [-q]
 *   tools/sa_county -h | --help     what each option means
 *
 * Connection parameters come from the environment (PGHOST, PGPORT,
 * PGDATABASE, PGUSER).  The database must hold the extension and the sample
 * county (demo/10_county_catalog.sql, demo/11_applicants.sql) and the role
 * must be allowed to act for every department (a superuser or a member of
 * service_affair_admin).  A member of service_affair_admin that is not a
 * superuser simulates only days whose call-backs are not missed today (from
 * today minus settle.quiet_days, default 90, on: record_callback() judges
 * the miss not before now in its session; refused before any call).
 *
 * Simulated time: every call passes its `at` argument, so the quarter
 * (default 2026-07-01 .. 2026-09-30, Asia/Shanghai) runs in a minute or two.
 * The days are walked in order; each day has three phases separated by a
 * barrier across the threads:
 *   1. front desk and applicants: submissions (channel mix, complete or
 *      incomplete materials, commitments, tolerated materials), supplements,
 *      withdrawals, extra visits, deliveries (the result of a case received
 *      away from its handling office, collected at its point or posted from
 *      there, mostly recorded as arrived there first: receive_result()),
 *      ratings and their rectification (call-back, close, appeal);
 *   2. back office: every department (each owned by one thread) completes
 *      the tasks planned for the day, then claims all its open tasks and
 *      plans each one: same-day for immediate items, within the promised
 *      limit mostly, late sometimes, with some extensions and suspensions
 *      (特别程序) that are resumed later;
 *   3. sla_sweep() at the end of the day (thread 0), in a READ COMMITTED
 *      transaction of its own whatever the default isolation level.
 * After the last day of submissions, `tail-days` more days let the work in
 * progress finish; every day simulated lies from 0001-01-02 to 8999-12-31.  Randomness is a per-thread xorshift seeded from -s, so a
 * run is repeatable up to the interleaving of the threads.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 16
#define CODE_LEN 65				/* the catalog's codes: at most 64 characters (CHECK) */

typedef struct
{
	char		code[CODE_LEN];
	char		department[CODE_LEN];
	int			online;				/* may be applied for online */
	int			mobile;				/* and on the mobile app (掌上办) */
	int			bundle;
	char	   *commitments;		/* text[] literal of codes a commitment may replace (any length) */
} Service;

typedef struct
{
	char		date[11];			/* YYYY-MM-DD */
	int			workday;
} Day;

enum ActionKind
{
	A_SUPPLEMENT, A_SUPPLY_TOLERATED, A_WITHDRAW, A_VISIT, A_DELIVER, A_RATE,
	A_CALLBACK, A_CLOSE, A_APPEAL, A_COMPLETE, A_RESUME, A_RECEIVE_RESULT, A_NKINDS
};
static const char *const action_name[A_NKINDS] = {
	"supplement", "supply tolerated", "withdraw", "visit", "deliver", "rate",
	"record_callback", "close_rectification", "appeal_rating", "complete_task", "resume", "receive_result"
};

/*
 * The other kinds of call, after the actions: the completeness query, a
 * submission, the service network, the back office's routing calls, and
 * the end-of-day sweep (counted apart from routing since 2026-12-05: a
 * refused sweep is a fault of the set-up, not a race, below)
 */
#define K_COMPLETENESS A_NKINDS
#define K_SUBMIT (A_NKINDS + 1)
#define K_NETWORK (A_NKINDS + 2)
#define K_ROUTING (A_NKINDS + 3)
#define K_SWEEP (A_NKINDS + 4)
#define N_KINDS (A_NKINDS + 5)

typedef struct
{
	int			day;				/* index into days[] */
	int			minute;				/* minutes after local midnight */
	int			kind;
	int			arg;				/* channel/method/level/decision choice */
	long long	id;					/* case, task or rating id */
	char	   *codes;			/* text[] literal (supplements; NULL: none), malloc'd: any length
								 * (until 2026-12-07 256 bytes, and a longer list ended the program:
								 * sa_county_hostile.sh 24) */
} Action;

typedef struct
{
	int			tid;
	PGconn	   *conn;
	PGcancel   *cancel;			/* its cancel object once taken out of cancels[] (freed by main()) */
	uint64_t	rng;
	Action	   *actions;
	size_t		nactions, cap;
	long		calls, errors[N_KINDS],	/* 55000: the state moved on meanwhile (a sweep: refused) */
				failures[N_KINDS];	/* any other error */
	long		submitted, returned, tolerated, concluded, rated, claimed;
	long		submit_errors;
} Worker;

static Service *services;
static int	nservices;
static long long *applicants;
static int	napplicants;
static Day *days;
static int	ndays, nsubmit_days, nsubmit_workdays;	/* the network receives on working days only */
static int	nthreads = 4;
static long total_cases = 20000;
static const char *first_day = "2026-07-01";
static const char *last_day = "2026-09-30";
static int	tail_days = 30;
static uint64_t seed = 20260701;
static int	quiet = 0;
static int	result_step = 0;	/* receive_result() is there (0.2.0; not on 0.1.0, upgrade_county.sh) */
static char (*departments)[CODE_LEN];
static int	ndepartments;
static pthread_barrier_t barrier;
static double *day_weight;
static double weight_total;

/*
 * Text from the server (an error message echoes values as the server
 * found them: a unique violation's key, a trigger's message, a day given
 * on the command line) reaches the user's terminal only through this: a
 * control character (C0 but the line feed and tab that lay out a message,
 * DEL, C1), a bidirectional control or a line or paragraph separator is
 * written '?' (those of the characters sa_text_echo() replaces on the server
 * that act on a terminal; since 2026-12-08 the server also replaces the
 * characters that show as nothing, which do not), and so
 * is a byte that is not UTF-8 (the connections speak UTF-8).  Until
 * 2026-12-07 the messages were written as they came, and an escape
 * sequence in one acted on the terminal.
 */
static int
echo_char(uint32_t cp)
{
	return cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C
		|| cp == 0x200E || cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E)
		|| (cp >= 0x2066 && cp <= 0x2069);
}

/* the length of the UTF-8 character at p (0: not one), its code point in *cp */
static size_t
utf8_len(const unsigned char *p, size_t len, uint32_t *cp)
{
	size_t		n,
				k;
	uint32_t	c;

	if (p[0] < 0x80)
	{
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		n = 2, c = p[0] & 0x1F;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		n = 3, c = p[0] & 0x0F;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		n = 4, c = p[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (k = 1; k < n; k++)
	{
		if ((p[k] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[k] & 0x3F);
	}
	if ((n == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)))
		return 0;
	*cp = c;
	return n;
}

/* Copy in to out (of size bytes), made printable as above; returns the length written. */
static size_t
make_printable(const char *in, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *) in;
	size_t		len = strlen(in),
				i = 0,
				o = 0;

	while (i < len && o + 1 < size)
	{
		uint32_t	cp = 0;
		size_t		n = utf8_len(p + i, len - i, &cp);

		if (n == 0 || (echo_char(cp) && cp != '\n' && cp != '\t'))
			out[o++] = '?';
		else if (o + n < size)
		{
			memcpy(out + o, p + i, n);
			o += n;
		}
		else
			break;
		i += n == 0 ? 1 : n;
	}
	out[o] = '\0';
	return o;
}

/*
 * The length of s (len bytes) without a UTF-8 character cut at its end, as
 * vsnprintf() cuts a message at the size of its buffer: make_printable()
 * would write its first bytes '?', a character the message does not have
 * (until 2026-12-07 in eprintf() with no memory for a message over 8 KB,
 * die() and usage_error(): sa_county_say.sh 19-21).
 */
static size_t
whole_chars(const char *s, size_t len)
{
	size_t		k;

	for (k = 1; k <= 3 && k <= len; k++)
	{
		unsigned char c = (unsigned char) s[len - k];

		if ((c & 0xC0) != 0x80)	/* the first byte of the last character */
			return (c >= 0xF0 ? 4u : c >= 0xE0 ? 3u : c >= 0xC0 ? 2u : 1u) > k ? len - k : len;
	}
	return len;
}

/*
 * How many bytes of s a "%.*s" shows of its first max: max, or fewer where
 * the max-th byte falls inside a character (whole_chars()).  Until
 * 2026-12-07 the "%.40s" of a value that is not a whole number
 * (int_field()), the "%.80s" of a code too long (copy_field(),
 * append_element()) cut a character there, written '?' by make_printable()
 * (sa_county_say.sh 22, 23).
 */
static int
head_len(const char *s, size_t max)
{
	size_t		n = strnlen(s, max + 1);

	return (int) (n > max ? whole_chars(s, max) : n);
}

/*
 * Write to standard error to the end, as a blocking write() does, whatever
 * the O_NONBLOCK of its description: a no-room (EAGAIN) is waited out by
 * poll() and written again.  say_once() sets O_NONBLOCK on a shared
 * standard error (SAY_SHARED) for one write() of a handler or die(), and
 * until 2026-12-07 a worker's message written meanwhile (fwrite() to
 * stderr) got EAGAIN from a full pipe and was lost without a word
 * (sa_county_say.sh 4).  Like the blocking write() it stands for, it
 * waits for a reader without bound (a handler ends the program meanwhile).
 */
static void
eprint_all(const char *msg, size_t len)
{
	while (len > 0)
	{
		ssize_t		rc = write(STDERR_FILENO, msg, len);

		if (rc > 0)
		{
			msg += rc;
			len -= (size_t) rc;
		}
		else if (rc < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		{
			struct pollfd pfd = {STDERR_FILENO, POLLOUT, 0};

			(void) poll(&pfd, 1, 50);	/* room, or the flag given back: write again */
		}
		else if (!(rc < 0 && errno == EINTR))
			break;				/* (a closed or broken standard error: nothing to do) */
	}
}

/*
 * Write a formatted message to standard error, made printable as above,
 * whole: one longer than the 8 KB at hand (a server's notice or error with
 * a long context) is formatted again in memory of its size.  Until
 * 2026-12-07 it was cut at 8191 bytes, its line feed with it, and the next
 * message ran on in its line (sa_county_say.sh 14).
 */
static void
eprintf(const char *fmt,...)
{
	char		buf[8192],
				out[8192],
			   *big = NULL,
			   *bigout = NULL;
	const char *in = buf;
	char	   *o = out;
	size_t		len,
				size = sizeof(out);
	int			n;
	va_list		ap,
				again;

	va_start(ap, fmt);
	va_copy(again, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int) sizeof(buf) && (big = malloc((size_t) n + 1)) != NULL &&
		(bigout = malloc((size_t) n + 1)) != NULL)
	{
		vsnprintf(big, (size_t) n + 1, fmt, again);
		in = big;
		o = bigout;				/* (made printable, never longer) */
		size = (size_t) n + 1;
	}
	else if (n >= (int) sizeof(buf))
		buf[whole_chars(buf, strlen(buf))] = '\0';	/* (no memory: cut by vsnprintf()) */
	va_end(again);
	len = make_printable(in, o, size);
	if (n >= (int) sizeof(buf) && bigout == NULL && len > 0)
	{
		/*
		 * no memory: cut, but ends its line, in place of its last whole
		 * character (until 2026-12-07 of its last byte: the first bytes of
		 * a character of two to four, not UTF-8, were written before the
		 * line feed; sa_county_say.sh 16)
		 */
		while (len > 1 && ((unsigned char) o[len - 1] & 0xC0) == 0x80)
			len--;
		o[len - 1] = '\n';
	}
	flockfile(stderr);			/* one message at a time from the threads */
	eprint_all(o, len);
	funlockfile(stderr);
	free(big);
	free(bigout);
}

/*
 * The notice processor of every connection (connect_db()): a server's
 * NOTICE or WARNING to a worker (a case returned for a missing document)
 * goes through eprintf(), written to its end and made printable.  Until
 * 2026-12-07 libpq's default processor wrote it with fprintf(stderr),
 * which got EAGAIN from a full pipe while a say_once() held a shared
 * standard error non-blocking, and the notice was lost without a word
 * (sa_county_say.sh 8).
 */
static void
notice_to_stderr(void *arg, const char *message)
{
	(void) arg;
	eprintf("%s", message);
}

/*
 * What the signal handlers write (on_signal(), cancel_all(), on_alarm())
 * never waits: a message that cannot be written at once is dropped; die()
 * waits for room up to SAY_DIE_MS (once the options are read: die_wait_ms),
 * then drops what is left and ends.
 * Until 2026-12-07 the handlers wrote to standard error as it was, and a
 * pipe nobody read ("sa_county 2>&1 | sleep 1000", a terminal stopped by
 * Ctrl-S), once full, held the handler in its write(): the Ctrl-C or
 * SIGTERM never ended the program, and nothing was cancelled
 * (sa_county_hostile.sh 30, 31); die() waited there too, after a lost
 * connection, until a signal came (sa_county_hostile.sh 37).
 * O_NONBLOCK is a flag of the open file description, which a dup() shares
 * with standard error (and with the shell and the other processes writing
 * there), so the handlers get a description of their own, opened before
 * the signals are caught: a pipe or a terminal (a character device) opened
 * again through /proc/self/fd/2, non-blocking (checked: F_GETFL); a socket
 * (a service manager's journal) written by send(MSG_DONTWAIT); a regular
 * file (or a block device) as it is, as its writes wait on no reader.
 * Where the own description cannot be opened (no /proc, a pipe of another
 * user) or must not be (a pty master: /proc/self/fd/2 opens /dev/ptmx,
 * a new pty nobody reads, and until 2026-12-07 the messages went there:
 * sa_county_hostile.sh 39),
 * standard error is made non-blocking for the one write() and given back
 * its flags at once (until 2026-12-07 a poll() came first and the write()
 * blocked, which another writer of the pipe could make wait for good by
 * taking the room poll() had found: sa_county_hostile.sh 38), by one
 * thread at a time, its signals blocked meanwhile, and the program ends
 * (say_end()) with none of them inside (sa_county_hostile.sh 40).
 */
enum
{
	SAY_SHARED, SAY_FD, SAY_SOCKET
};
static int	say_fd = STDERR_FILENO;
static int	say_how = SAY_SHARED;
/*
 * 1: a say_once() has standard error's flags in hand (SAY_SHARED); 2:
 * say_end(), closed; 3: the thread that closed it has them in hand (its
 * own later messages, the handler's cancel_all() and on_alarm(), still
 * pass: say_closed_here); 4: sealed, by a say_end() of another thread
 * (a worker's die() that ends the program meanwhile)
 */
static atomic_int say_toggling = 0;
static _Thread_local int say_closed_here = 0;

#define SAY_DIE_MS 2000			/* how long die() waits for room for its message */
/*
 * die()'s wait for room: none while the options are read (a bad option is
 * refused at once, nothing started yet: until 2026-12-07 it waited the
 * 2 s of SAY_DIE_MS on a full pipe; sa_county_say.sh 6), SAY_DIE_MS from
 * then on (main(), before the first connection and thread)
 */
static int	die_wait_ms = 0;

static void
open_say(void)
{
	struct stat st,
				own;
	int			fd,
				flags,
				ptn;

	if (fstat(STDERR_FILENO, &st) != 0)
		return;					/* (main() opened /dev/null where it was closed) */
	if (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))
		say_how = SAY_FD;
	else if (S_ISSOCK(st.st_mode))
		say_how = SAY_SOCKET;
	else if (S_ISCHR(st.st_mode) && ioctl(STDERR_FILENO, TIOCGPTN, &ptn) == 0)
		return;					/* a pty master (only a master answers TIOCGPTN): shared */
	else if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))
	{
		fd = open("/proc/self/fd/2", O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		if (fd >= 0 && fstat(fd, &own) == 0 && own.st_dev == st.st_dev && own.st_ino == st.st_ino &&
			own.st_rdev == st.st_rdev && (flags = fcntl(fd, F_GETFL)) >= 0 && (flags & O_NONBLOCK))
		{
			say_fd = fd;
			say_how = SAY_FD;
		}
		else if (fd >= 0)
			close(fd);
	}
}

/*
 * One write of what is left of a message that does not wait: its bytes
 * written, or -1 (errno EAGAIN: no room now, or another thread has
 * standard error's flags in hand for a moment; EPIPE: closed to this
 * thread by another's say_end(), for good).  Async-signal-safe.
 */
static ssize_t
say_once(const char *msg, size_t len)
{
	ssize_t		rc;
	int			flags,
				saved,
				held;
	sigset_t	all,
				mask;
	int			none = 0;

	if (say_how == SAY_SOCKET)
		return send(STDERR_FILENO, msg, len, MSG_DONTWAIT | MSG_NOSIGNAL);
	if (say_how == SAY_FD)
		return write(say_fd, msg, len);
	/*
	 * The flags of the shared description are changed by one caller at a
	 * time (say_toggling; another: EAGAIN, as a full pipe), every signal
	 * blocked meanwhile in this thread.  Until 2026-12-07 a signal taken in
	 * between (die() of the main thread, then a SIGTERM whose handler ends
	 * the program) left O_NONBLOCK set on the shell's standard error for
	 * good, and die()'s message was lost (sa_county_hostile.sh 40); and two
	 * threads at once (die() of a worker, the handler) could each find the
	 * flag set by the other, cleared before its write(), which then waited
	 * (sa_county_say.sh 2, each step forced by the hooks of its program).
	 * A worker's own message (eprintf()) written meanwhile gets EAGAIN on a
	 * full pipe: eprint_all() waits that out.
	 */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &mask);
	if (!atomic_compare_exchange_strong(&say_toggling, &none, 1) &&
		!(say_closed_here && none == 2 && atomic_compare_exchange_strong(&say_toggling, &none, 3)))
	{
		pthread_sigmask(SIG_SETMASK, &mask, NULL);

		/*
		 * 1 or 3 (another say_once() has the flags in hand for a moment:
		 * 3 is the closer's own, while closed to this thread): EAGAIN,
		 * and a caller that waits tries again, to find 0 or, after 3, the
		 * closed 2.  Closed to this thread (2, 4; or 4 to the closer,
		 * sealed by another): EPIPE, for good: no room will come, and a
		 * caller that waits for it (die(), SAY_DIE_MS) must not poll() a
		 * standard error that has room, over and over until its time is
		 * out (until 2026-12-07 a worker's die() after the handler's
		 * say_end() ran so 2 s, at full speed: sa_county_say.sh 18)
		 */
		errno = none == 1 || none == 3 ? EAGAIN : EPIPE;
		return -1;
	}
	held = none == 0 ? 1 : 3;
	rc = -1;
	flags = fcntl(STDERR_FILENO, F_GETFL);
	if (flags >= 0 && ((flags & O_NONBLOCK) || fcntl(STDERR_FILENO, F_SETFL, flags | O_NONBLOCK) == 0))
	{
		rc = write(STDERR_FILENO, msg, len);	/* (never written blocking) */
		saved = errno;
		if (!(flags & O_NONBLOCK))
			(void) fcntl(STDERR_FILENO, F_SETFL, flags);
		errno = saved;
	}
	saved = errno;
	atomic_store(&say_toggling, held == 1 ? 0 : 2);	/* (say_end() waits while it is 1 or 3) */
	pthread_sigmask(SIG_SETMASK, &mask, NULL);
	errno = saved;
	return rc;
}

/*
 * Before the program ends from a handler or die() (raise(), _exit()), or
 * before a handler lets a second signal end it: no other thread is then
 * inside say_once() with standard error's O_NONBLOCK set (the end would
 * leave it set); waits for one that is, 1 s at most (it does not wait
 * inside), and keeps the other threads out from then on (their say() is
 * dropped; the calling thread's still passes, its signals blocked inside
 * say_once() as before).  Async-signal-safe.
 */
static void
say_end(void)
{
	int			i;

	for (i = 0; i < 1000; i++)
	{
		int			was = 0;

		if (atomic_compare_exchange_strong(&say_toggling, &was, 2))
		{
			say_closed_here = 1;
			return;
		}
		if (was == 4 || (was == 2 && say_closed_here))
			return;
		/* closed by another thread: sealed, that one's say() dropped too (this one ends the program) */
		if (was == 2 && atomic_compare_exchange_strong(&say_toggling, &was, 4))
			return;
		(void) poll(NULL, 0, 1);
	}
}

/*
 * Write a message, waiting up to ms milliseconds in all for room (0: a
 * signal handler's, dropped if it would wait), or drop what is left.
 * Async-signal-safe (write(), send(), fcntl(), pthread_sigmask(), atomics,
 * poll(), clock_gettime()); errno is kept.
 */
static void
say_within(const char *msg, size_t len, int ms)
{
	int			saved = errno;
	struct timespec start,
				now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (len > 0)
	{
		ssize_t		rc = say_once(msg, len);
		long		left;

		if (rc > 0)
		{
			msg += rc;
			len -= (size_t) rc;
			continue;
		}
		if (rc == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
			break;
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = ms - ((now.tv_sec - start.tv_sec) * 1000L + (now.tv_nsec - start.tv_nsec) / 1000000L);
		if (left <= 0)
			break;
		{
			struct pollfd pfd = {say_how == SAY_FD ? say_fd : STDERR_FILENO, POLLOUT, 0};

			(void) poll(&pfd, 1, left < 50 ? (int) left : 50);	/* (only a hint: the write does not wait) */
		}
	}
	errno = saved;
}

/* Write a message of a signal handler, or drop it if it would wait (async-signal-safe). */
static void
say(const char *msg, size_t len)
{
	say_within(msg, len, 0);
}

/*
 * The cancel objects of the connections (the workers' and, at MAX_THREADS,
 * load_world()'s), for the signal handler: PQcancel() may be called there.
 * Set once a connection is made, freed by main() when no thread is left.
 */
static _Atomic(PGcancel *) cancels[MAX_THREADS + 1];
static atomic_int interrupted = 0;	/* lock-free: set in the handler, read by the workers */

/*
 * 1 while a worker is in a call (from before it looks at interrupted until
 * its PQexec() has returned): the handler cancels such a connection again
 * until the call has returned.  A worker that had looked at the flag just
 * before the handler set it sends its statement while the handler cancels
 * the connections: a cancel that reaches the backend before the statement
 * is ignored (nothing runs), and until 2026-12-07 the program then ended,
 * the statement running on in its backend (a lock wait for good).
 */
static atomic_int in_call[MAX_THREADS];

/*
 * After an interrupt a worker sends nothing more and shows no error (the
 * cancelled call's "canceling statement due to user request"): it waits
 * for the handler, in the main thread, to end the program.
 */
static void
park_if_interrupted(int slot)
{
	if (interrupted)
	{
		atomic_store(&in_call[slot], 0);
		for (;;)
			pause();
	}
}

/* PQexec() or PQexecParams() of a worker, which the handler cancels until it has returned. */
static PGresult *
worker_exec(int slot, PGconn *conn, const char *sql, int nparams, const char *const *params)
{
	PGresult   *res;

	atomic_store(&in_call[slot], 1);	/* first: the handler sees it, or this sees the flag */
	park_if_interrupted(slot);
	res = nparams == 0 ? PQexec(conn, sql) : PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);
	atomic_store(&in_call[slot], 0);
	park_if_interrupted(slot);	/* cancelled by the signal handler: not a failure to show */
	return res;
}

/*
 * The signal that ends the program (0: none yet, or die()): what the alarm
 * of cancel_all() ends it with.
 */
static volatile sig_atomic_t ending_signal = 0;
static pthread_t main_thread;	/* the one that takes the signals and the alarm */

/* the longest cancel_all() may take, PQcancel()s that do not return included */
#define CANCEL_BOUND 15
static volatile sig_atomic_t cancelling = 0;	/* cancel_all() under way: its alarm, not another's */

/*
 * Cancel the statements the connections are running: every registered
 * connection once, then again, every 50 ms, each worker still in its call
 * (in_call): one that sent its statement after its cancel came (ignored by
 * an idle backend) would have it run on after the program ended.  Each
 * worker parks once its call returns (interrupted is set first); the loop
 * gives up after 10 s, and says so when a call has still not returned (a
 * statement that does not end on a cancel: until 2026-12-07 the program
 * then ended as if every statement had been cancelled, without a word,
 * the statement running on).  Called by the signal handler and by die():
 * async-signal-safe (atomics, PQcancel(), clock_gettime(), poll(), say():
 * write() or send() that never waits, alarm()).
 *
 * PQcancel() of libpq 15 connects to the server and waits for it to close
 * the connection, with no time limit (connect_timeout is not applied; the
 * non-blocking cancel API, PQcancelCreate()/PQcancelPoll(), is libpq 17's,
 * and libpq 15 does not give out the cancel key to send one ourselves): a
 * server out of reach (a dropped network rather than a stopped server,
 * which refuses at once) blocks it for the kernel's TCP connect time, two
 * minutes or more.  So an alarm() of CANCEL_BOUND seconds bounds the whole:
 * on_alarm() then ends the program as it would have ended (until
 * 2026-12-07 the handler could hang that long, die() too).
 */
static void
cancel_all(void)
{
	static const char msg[] = "sa_county: a statement did not end within 10 s of its cancel; it may run on in its backend\n";
	char		errbuf[256];
	size_t		i;
	int			busy;
	struct timespec start,
				now;

	interrupted = 1;			/* the workers send nothing more */
	cancelling = 1;
	alarm(CANCEL_BOUND);
	for (i = 0; i < sizeof(cancels) / sizeof(cancels[0]); i++)
	{
		PGcancel   *cancel = atomic_load(&cancels[i]);

		if (cancel)
			(void) PQcancel(cancel, errbuf, sizeof(errbuf));
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;)
	{
		busy = 0;
		for (i = 0; i < MAX_THREADS; i++)
			if (atomic_load(&in_call[i]))
			{
				PGcancel   *cancel = atomic_load(&cancels[i]);

				busy = 1;
				if (cancel)
					(void) PQcancel(cancel, errbuf, sizeof(errbuf));
			}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (!busy || now.tv_sec - start.tv_sec >= 10)
			break;
		(void) poll(NULL, 0, 50);
	}
	alarm(0);
	if (busy)
		say(msg, sizeof(msg) - 1);
}

/*
 * A worker in die() once the interrupt's handler has set interrupted (a
 * connection lost while the cancels are under way) parks as
 * park_if_interrupted() does: the handler, in the main thread, ends the
 * program as the signal says (130, 143, 129).  Until 2026-12-07 the worker
 * went on to its own cancel_all() and _exit(1), and the run ended with
 * status 1 (its message, which the handler's say_end() had closed to it,
 * dropped at once since say_once() says EPIPE for that: before, it waited
 * its SAY_DIE_MS, the handler ending the program first;
 * sa_county_say.sh 24, 25).  Before die() holds its lock interrupted may
 * also be another die()'s (its cancel_all()), which ends the program as
 * well; the main thread (the handler's own) and a run not interrupted go
 * on as before.
 */
static void
park_if_interrupted_in_die(void)
{
	if (interrupted && !pthread_equal(pthread_self(), main_thread))
		for (;;)
			pause();
}

/*
 * Print and end the program, from the main thread or a worker: the first
 * caller prints (a lost server makes every thread see it at once), cancels
 * the statements of the other connections as the signal handler does (until
 * 2026-12-07 a lost connection ended the program with the other
 * connections' statements running on in their backends: a slow trigger, a
 * lock wait), and _exit()s rather than exit(), which is not safe in two
 * threads at once.
 */
static void
die(const char *fmt,...)
{
	static pthread_mutex_t dying = PTHREAD_MUTEX_INITIALIZER;
	char		buf[8192],
				out[8192];
	va_list		ap;
	size_t		len;

	park_if_interrupted_in_die();
	pthread_mutex_lock(&dying);	/* never released: the others wait for the end */
	va_start(ap, fmt);
	if (vsnprintf(buf, sizeof(buf), fmt, ap) >= (int) sizeof(buf))
		buf[whole_chars(buf, strlen(buf))] = '\0';	/* (cut at 8 KB) */
	va_end(ap);
	memcpy(out, "sa_county: ", 11);
	len = 11 + make_printable(buf, out + 11, sizeof(out) - 12);
	while (len > 11 && out[len - 1] == '\n')
		len--;					/* (libpq's messages end in one: until 2026-12-07 an empty line followed) */
	out[len++] = '\n';
	/*
	 * through say(), waiting die_wait_ms at most: until 2026-12-07 a
	 * blocking eprintf() and fflush(NULL), which a full pipe nobody read
	 * held for good (nothing else is buffered: stdout is written at the end)
	 */
	say_within(out, len, die_wait_ms);
	park_if_interrupted_in_die();	/* (interrupted while it waited for room) */
	if (pthread_equal(pthread_self(), main_thread))
	{
		sigset_t	alrm;			/* (blocked while the workers start) */

		sigemptyset(&alrm);
		sigaddset(&alrm, SIGALRM);
		pthread_sigmask(SIG_UNBLOCK, &alrm, NULL);
	}
	cancel_all();
	say_end();
	_exit(1);
}

/* xorshift64*: a uniform 64-bit number */
static uint64_t
next_rand(Worker *w)
{
	w->rng ^= w->rng >> 12;
	w->rng ^= w->rng << 25;
	w->rng ^= w->rng >> 27;
	return w->rng * 2685821657736338717ULL;
}

/* uniform in [0, n) */
static int
rnd(Worker *w, int n)
{
	return n <= 0 ? 0 : (int) (next_rand(w) % (uint64_t) n);
}

/*
 * the same for a count of days beyond an int: a task's limit (any int the
 * server gives) plus its days of extension (sa_county_hostile.sh 35)
 */
static long long
rnd_days(Worker *w, long long n)
{
	return n <= 0 ? 0 : (long long) (next_rand(w) % (uint64_t) n);
}

/* uniform in [0, 1) */
static double
frand(Worker *w)
{
	return (double) (next_rand(w) >> 11) / 9007199254740992.0;
}

static void
stamp(char *buf, size_t len, int day, int minute)
{
	if (minute > 23 * 60 + 59)
		minute = 23 * 60 + 59;
	snprintf(buf, len, "%s %02d:%02d:%02d+08", days[day].date, minute / 60, minute % 60, (minute * 7) % 60);
}

/*
 * the day index n working days after day (n = 0: day itself if a workday,
 * else the next); n a long long: a task's limit plus more days (below)
 */
static int
add_workdays(int day, long long n)
{
	int			d = day;

	if (n == 0)
	{
		while (d < ndays && !days[d].workday)
			d++;
		return d;
	}
	while (n > 0 && d < ndays)
	{
		d++;
		if (d < ndays && days[d].workday)
			n--;
	}
	return d;
}

static void
schedule(Worker *w, int day, int minute, int kind, long long id, int arg, const char *codes)
{
	Action	   *a;

	if (day >= ndays)
		return;					/* beyond the simulated period */
	if (w->nactions == w->cap)
	{
		w->cap = w->cap ? w->cap * 2 : 4096;
		w->actions = realloc(w->actions, w->cap * sizeof(Action));
		if (!w->actions)
			die("out of memory");
	}
	a = &w->actions[w->nactions++];
	a->day = day;
	a->minute = minute;
	a->kind = kind;
	a->id = id;
	a->arg = arg;
	a->codes = NULL;
	if (codes && (a->codes = strdup(codes)) == NULL)
		die("out of memory");
}

/* The label of a kind of call in messages and in the summary. */
static const char *
kind_name(int kind)
{
	return kind < A_NKINDS ? action_name[kind] : kind == K_COMPLETENESS ? "completeness" : kind == K_SUBMIT ? "submit"
		: kind == K_NETWORK ? "network" : kind == K_ROUTING ? "routing" : "sla_sweep";
}

/*
 * Run a parameterised statement; NULL result (and an error counted) on
 * failure.  A lost connection ends the program: every later call would
 * fail at once, and the summary would blame the county's state.
 */
static PGresult *
run(Worker *w, int kind, const char *sql, int nparams, const char *const *params)
{
	PGresult   *res;

	w->calls++;
	res = worker_exec(w->tid, w->conn, sql, nparams, params);
	if (res == NULL || PQstatus(w->conn) == CONNECTION_BAD)
		die("connection %d lost during %s: %s", w->tid, kind_name(kind), PQerrorMessage(w->conn));
	if (PQresultStatus(res) != PGRES_TUPLES_OK && PQresultStatus(res) != PGRES_COMMAND_OK)
	{
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

		/*
		 * 55000: the state moved on meanwhile (a revoked case, a concluded
		 * case); counted, not shown.  Not for the sweep: nothing it races
		 * refuses it, and its 55000 says the set-up is wrong (sla_sweep()
		 * refuses a REPEATABLE READ or SERIALIZABLE transaction), so it is
		 * shown and counted apart, and fails the run (until 2026-12-05 it
		 * was one more "refused routing call", exit 0)
		 */
		if (state && strcmp(state, "55000") == 0 && kind != K_SWEEP)
			w->errors[kind]++;
		else if (state && strcmp(state, "55000") == 0)
		{
			if (w->errors[kind] < 3)
				eprintf("sa_county[%d]: %s refused: %s", w->tid, kind_name(kind), PQresultErrorMessage(res));
			w->errors[kind]++;
		}
		else
		{
			/* shown with -q too: -q silences the progress, not the errors */
			if (w->failures[kind] < 3)
				eprintf("sa_county[%d]: %s: %s", w->tid, kind_name(kind), PQresultErrorMessage(res));
			w->failures[kind]++;
		}
		PQclear(res);
		return NULL;
	}
	return res;
}

/*
 * A whole number of a call's result (an id, a number of days) into *out, 1;
 * or 0 when it is NULL, not a whole number as the server writes one, or
 * outside [lo, hi]: a failure of the call's kind, shown as the others are
 * (until 2026-12-07 atoll() read a NULL, "", as 0, and the simulation went
 * on with case, task or rating 0: a rate() that answered NULL planned
 * call-backs of rating 0, whose failures blamed record_callback();
 * sa_county_hostile.sh 25).  As the server writes one: the digits and a
 * minus sign of int8out(), nothing more (strtoll() alone took " 5", "+5",
 * "05" and "-0"); in [lo, hi]: an id is from 1, a number of days an int
 * (the first form of this check took 0, and a rate() answering 0 planned
 * the call-backs of rating 0 again, as an id 2^32 + 5 read into an int
 * was 5; sa_county_hostile.sh 27)
 */
static int
int_field(Worker *w, int kind, const PGresult *res, int row, int col, long long lo, long long hi, long long *out)
{
	const char *v = PQgetvalue(res, row, col);
	int			isnull = PQgetisnull(res, row, col);
	char	   *end = NULL,
				back[24];
	long long	n = 0;

	if (!isnull)
	{
		errno = 0;
		n = strtoll(v, &end, 10);
		if (errno == 0 && end != v && *end == '\0')
			snprintf(back, sizeof(back), "%lld", n);	/* its canonical form */
		else
			back[0] = '\0';
	}
	if (isnull || strcmp(back, v) != 0 || n < lo || n > hi)
	{
		if (w->failures[kind] < 3)
			eprintf("sa_county[%d]: %s: column %d of its result is %s%.*s%s, not a whole number from %lld to %lld\n", w->tid,
					kind_name(kind), col + 1, isnull ? "NULL" : "\"", isnull ? 0 : head_len(v, 40), isnull ? "" : v,
					isnull ? "" : "\"", lo, hi);
		w->failures[kind]++;
		return 0;
	}
	*out = n;
	return 1;
}

/* PQexec that must succeed (the set-up statements). */
static PGresult *
exec_ok(PGconn *conn, const char *sql, ExecStatusType want, const char *what)
{
	PGresult   *res = PQexec(conn, sql);

	if (PQresultStatus(res) != want)
		die("%s: %s", what, PQerrorMessage(conn));
	return res;
}

/*
 * calloc() that ends the program with a message naming what was allocated
 * when the memory is not there (until 2026-12-05 load_world() went on with a
 * NULL array and crashed on its first element).  At least one element: a
 * calloc() of none may answer NULL too.
 */
static void *
xcalloc(size_t n, size_t size, const char *what)
{
	void	   *p = calloc(n > 0 ? n : 1, size);

	if (p == NULL)
		die("out of memory for %zu %s (%zu bytes each)", n, what, size);
	return p;
}

/* Copy a text column into a fixed buffer; a value that does not fit is an error, not cut. */
static void
copy_field(char *dst, size_t size, const char *src, const char *what)
{
	if (strlen(src) >= size)
		die("%s \"%.*s\" is longer than %zu bytes", what, head_len(src, 80), src, size - 1);
	memcpy(dst, src, strlen(src) + 1);
}

static PGconn *
connect_db(int slot)
{
	PGcancel   *cancel;

	PGconn	   *conn = PQconnectdb("");

	if (PQstatus(conn) != CONNECTION_OK)
		die("connection failed: %s", PQerrorMessage(conn));
	PQsetNoticeProcessor(conn, notice_to_stderr, NULL);	/* (not libpq's fprintf(stderr)) */
	/* the texts sent are UTF-8 whatever the user's PGCLIENTENCODING says */
	if (PQsetClientEncoding(conn, "UTF8") != 0)
		die("cannot set client_encoding to UTF8: %s", PQerrorMessage(conn));
	/*
	 * pg_catalog first and no public: the simulation runs as a superuser,
	 * and a function of a schema others can create in (public) that matched
	 * one of its calls better than the extension's would run as that
	 * superuser (until 2026-12-07 "service_affair, public"; no call of this
	 * program had such a better match, a review found the path open)
	 */
	PQclear(exec_ok(conn, "SET search_path = pg_catalog, service_affair, pg_temp", PGRES_COMMAND_OK, "search_path"));
	PQclear(exec_ok(conn, "SET synchronous_commit = off", PGRES_COMMAND_OK, "synchronous_commit"));
	/* what the signal handler cancels (the slot's object is freed by main()) */
	cancel = PQgetCancel(conn);
	if (cancel == NULL)
		die("cannot make the cancel object of a connection");
	cancel = atomic_exchange(&cancels[slot], cancel);
	if (cancel)
		PQfreeCancel(cancel);	/* (never: each slot is connected once) */
	return conn;
}

static void
load_world(void)
{
	PGconn	   *conn = connect_db(MAX_THREADS);
	PGresult   *res;
	char		tail[16];
	const char *params[3] = {first_day, last_day, tail};
	int			i;
	int			ask_quiet = 0;	/* the miss of a call-back judged not before now */

	res = PQexec(conn,
				 /* item.mobile is 0.2.0's: a catalog of 0.1.0 took the app for every online item */
				 "WITH mob AS (SELECT i.code, i.department, i.online, COALESCE((to_jsonb(i) ->> 'mobile')::boolean, i.online) AS mobile"
				 "               FROM item i) "
				 "SELECT s.code, s.department, s.online, s.bundle,"
				 "       COALESCE((SELECT array_agg(DISTINCT m.code ORDER BY m.code) FROM material m"
				 "                  WHERE m.commitment_allowed AND (m.item = s.code OR m.item IN"
				 "                        (SELECT bi.item FROM bundle_item bi WHERE bi.bundle = s.code))), '{}')::text,"
				 "       s.online AND s.mobile"
				 "  FROM (SELECT code, department, online, false AS bundle, mobile FROM mob"
				 "        UNION ALL SELECT b.code, b.lead_department, (SELECT bool_and(i.online) FROM bundle_item bi JOIN item i ON i.code = bi.item"
				 "                                                      WHERE bi.bundle = b.code), true,"
				 "                         (SELECT bool_and(i.mobile) FROM bundle_item bi JOIN mob i ON i.code = bi.item"
				 "                           WHERE bi.bundle = b.code) FROM bundle b) s ORDER BY s.code");
	/*
	 * a failure is not an empty catalog: in a database without the
	 * extension, or as a role that may not read it, the advice to load the
	 * catalog sent the user the wrong way
	 */
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		die("cannot read the catalog: the database needs CREATE EXTENSION service_affair and the sample county, "
			"the role a superuser or a member of service_affair_admin: %s", PQerrorMessage(conn));
	if (PQntuples(res) == 0)
		die("no services (load demo/10_county_catalog.sql first)");
	nservices = PQntuples(res);
	services = xcalloc(nservices, sizeof(Service), "services");
	for (i = 0; i < nservices; i++)
	{
		copy_field(services[i].code, CODE_LEN, PQgetvalue(res, i, 0), "service code");
		copy_field(services[i].department, CODE_LEN, PQgetvalue(res, i, 1), "department code");
		services[i].online = PQgetvalue(res, i, 2)[0] == 't';
		services[i].bundle = PQgetvalue(res, i, 3)[0] == 't';
		services[i].mobile = PQgetvalue(res, i, 5)[0] == 't';
		services[i].commitments = strdup(PQgetvalue(res, i, 4));
		if (!services[i].commitments)
			die("out of memory");
	}
	PQclear(res);

	res = exec_ok(conn, "SELECT code FROM department ORDER BY code", PGRES_TUPLES_OK, "departments");
	ndepartments = PQntuples(res);
	departments = xcalloc(ndepartments, sizeof(*departments), "departments");
	for (i = 0; i < ndepartments; i++)
		copy_field(departments[i], CODE_LEN, PQgetvalue(res, i, 0), "department code");
	PQclear(res);

	res = exec_ok(conn, "SELECT id FROM applicant ORDER BY id", PGRES_TUPLES_OK, "applicants");
	napplicants = PQntuples(res);
	if (napplicants == 0)
		die("no applicants (load demo/11_applicants.sql first)");
	applicants = xcalloc(napplicants, sizeof(long long), "applicants");
	for (i = 0; i < napplicants; i++)
	{
		if (PQgetisnull(res, i, 0))
			die("an applicant without an id");	/* (the primary key: never) */
		applicants[i] = atoll(PQgetvalue(res, i, 0));
	}
	PQclear(res);

	/*
	 * the days as parameters (never pasted into the text); ISO dates of 10
	 * characters.  Their order and range are asked before the series is
	 * made: a day of -infinity made generate_series() endless, and the
	 * server went on filling its temporary files after the program was
	 * stopped.  The first day is 0001-01-02: the times of 0001-01-01 in
	 * Asia/Shanghai lie before 0001-01-02 00:00 UTC, which no call takes.
	 */
	snprintf(tail, sizeof(tail), "%d", tail_days);
	res = PQexecParams(conn,
					   "SELECT $1::date <= $2::date,"
					   "       $1::date >= '0001-01-02' AND $2::date < '9000-01-01'::date - $3::integer",
					   3, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		die("first day %s, last day %s: %s", first_day, last_day, PQerrorMessage(conn));
	if (PQgetvalue(res, 0, 0)[0] != 't')
		die("the first day (%s) is after the last (%s)", first_day, last_day);
	if (PQgetvalue(res, 0, 1)[0] != 't')
		die("the days simulated lie from 0001-01-02 to 8999-12-31 (the times the extension records): %s..%s + %d days",
			first_day, last_day, tail_days);
	PQclear(res);

	/*
	 * A role that is not a superuser has the miss of a call-back and the
	 * lapse of a rectification judged not before now (record_callback(),
	 * close_rectification(), doc/ratings.md, since 2026-12-07): in days
	 * more than settle.quiet_days before today every call-back and close
	 * the simulation dates is refused with 55000, which the run counted
	 * as races ("the state changed meanwhile"), exit 0, and the quarter
	 * had no rectification work at all (a review).  Refused here, before
	 * any call, as a set-up the run cannot do: the call-backs due on the
	 * first day simulated would be missed today.
	 */
	if (total_cases > 0)
	{
		/*
		 * Asked of a role that is not a superuser of a database whose
		 * extension has the rule only: 0.1.0 has no settle_quiet_days()
		 * (test/scripts/upgrade_county.sh simulates on 0.1.0; the first
		 * form of this check failed there, "function does not exist").
		 */
		res = PQexec(conn,
					 "SELECT NOT r.rolsuper AND pg_catalog.to_regprocedure('service_affair.settle_quiet_days(text)') IS NOT NULL"
					 "  FROM pg_catalog.pg_roles r WHERE r.rolname = session_user");
		if (PQresultStatus(res) != PGRES_TUPLES_OK)
			die("settle.quiet_days: %s", PQerrorMessage(conn));
		ask_quiet = PQntuples(res) == 1 && PQgetvalue(res, 0, 0)[0] == 't';
		PQclear(res);
	}
	if (ask_quiet)
	{
		res = PQexecParams(conn,
						   "SELECT NOT service_affair.session_by_superuser()"
						   "       AND service_affair.callback_state($1::date, NULL, 'cn', now(), q.days) = 'missed',"
						   "       q.days, to_char(service_affair.local_day(now(), 'cn') - q.days, 'YYYY-MM-DD')"
						   "  FROM (SELECT service_affair.settle_quiet_days((SELECT s.value FROM service_affair.setting s"
						   "                                                  WHERE s.name = 'settle.quiet_days')) AS days) q",
						   1, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK)
			die("settle.quiet_days: %s", PQerrorMessage(conn));
		if (PQgetvalue(res, 0, 0)[0] == 't')
			die("the role is not a superuser: a call-back or close of a rectification more than settle.quiet_days (%s) "
				"days overdue today is refused (record_callback(), close_rectification(); doc/ratings.md), and those of "
				"the days from %s would be; run as a superuser, or simulate days from %s on",
				PQgetvalue(res, 0, 1), first_day, PQgetvalue(res, 0, 2));
		PQclear(res);
	}
	res = PQexecParams(conn,
					   "SELECT to_char(d, 'YYYY-MM-DD'), is_workday(d::date), d::date <= $2::date"
					   "  FROM generate_series($1::date, $2::date + $3::integer, '1 day') d",
					   3, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		die("first day %s, last day %s: %s", first_day, last_day, PQerrorMessage(conn));
	ndays = PQntuples(res);
	days = xcalloc(ndays, sizeof(Day), "days");
	day_weight = xcalloc(ndays, sizeof(double), "day weights");
	for (i = 0; i < ndays; i++)
	{
		copy_field(days[i].date, sizeof(days[i].date), PQgetvalue(res, i, 0), "day (years 1 to 9999, AD)");
		days[i].workday = PQgetvalue(res, i, 1)[0] == 't';
		if (PQgetvalue(res, i, 2)[0] == 't')
		{
			nsubmit_days = i + 1;
			nsubmit_workdays += days[i].workday;
			/* demand grows a little over the quarter; weekends and holidays: online only, fewer */
			day_weight[i] = (days[i].workday ? 1.0 : 0.12) * (1.0 + 0.15 * i / 92.0);
			weight_total += day_weight[i];
		}
	}
	PQclear(res);
	res = exec_ok(conn, "SELECT to_regprocedure('service_affair.receive_result(bigint,timestamptz)') IS NOT NULL",
				  PGRES_TUPLES_OK, "receive_result");
	result_step = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	/*
	 * its cancel object goes with it (until 2026-12-07 it stayed in its
	 * slot, and an interrupt sent a cancel for a backend long gone, whose
	 * process id the server may have given to another session since).
	 * Safe here: the handler runs in this thread and never returns to it.
	 */
	{
		PGcancel   *cancel = atomic_exchange(&cancels[MAX_THREADS], NULL);

		if (cancel)
			PQfreeCancel(cancel);
	}
	PQfinish(conn);
}

/* ---- phase 1: front desk and applicants ------------------------------------------ */

/*
 * Append a code to the text[] literal lit (of size bytes, "{" and the
 * elements so far) as one element: quoted (a code may be NULL, which
 * unquoted is a null element), '"' and '\' escaped by a backslash.  Until
 * 2026-12-07 a code was pasted between quotes as it came from the server: one
 * with '"' made the literal malformed, one with '\' lost the backslash (a
 * material the simulation meant to bring was sent as another); the
 * catalog's CHECK keeps such codes out today, the program must not rely on
 * it.  Room is kept for the closing "}"; a code that does not fit ends the
 * program (it was cut, the literal with it).
 */
static void
append_element(char *lit, size_t size, const char *code)
{
	size_t		len = strlen(lit),
				extra = 2 + (lit[1] != '\0'),
				k;
	const char *c;

	for (c = code; *c; c++)
		extra += (*c == '"' || *c == '\\') ? 2 : 1;
	if (len + extra + 2 > size)
		die("material code \"%.*s\" does not fit in a list of %zu bytes", head_len(code, 80), code, size - 1);
	k = len;
	if (lit[1] != '\0')
		lit[k++] = ',';
	lit[k++] = '"';
	for (c = code; *c; c++)
	{
		if (*c == '"' || *c == '\\')
			lit[k++] = '\\';
		lit[k++] = *c;
	}
	lit[k++] = '"';
	lit[k] = '\0';
}


static void
submit_one(Worker *w, int day)
{
	const Service *s = &services[rnd(w, nservices)];
	char		applicant[24], at[40];
	const char *commit;
	const char *params[6];
	PGresult   *res;
	char	   *materials,			/* every code taken: as long as the catalog makes it */
			   *missing_codes,		/* the one left out, or none (sized as materials: */
			   *tolerated_codes;	/* until 2026-12-07 256 bytes, a longer code ended the program) */
	size_t		need;
	int			nmissing = 0, ntol = 0, i, k, drop_missing = -1, drop_tol = -1, n, workday_only;
	double		r;
	const char *channel;
	int			minute;
	long long	case_id;

	/* bundles are a tenth of the demand, spread over the five of them */
	if (s->bundle && frand(w) < 0.6)
		s = &services[rnd(w, nservices)];
	if (!days[day].workday && !s->online)
		return;					/* offices are closed; this service is not online */
	commit = frand(w) < 0.35 ? s->commitments : "{}";
	snprintf(applicant, sizeof(applicant), "%lld", applicants[rnd(w, napplicants)]);

	/*
	 * channel: online-capable services mostly online or by phone (the app
	 * only for a service marked mobile, which submit() checks; else online)
	 */
	r = frand(w);
	if (s->online)
		channel = r < 0.47 ? "online" : r < 0.68 ? (s->mobile ? "mobile" : "online") : r < 0.95 ? "window" : "kiosk";
	else
		channel = r < 0.85 ? "window" : "kiosk";
	workday_only = strcmp(channel, "window") == 0 || strcmp(channel, "kiosk") == 0;
	if (!days[day].workday && workday_only)
		channel = "online";
	minute = days[day].workday ? 8 * 60 + 30 + rnd(w, 8 * 60) : 9 * 60 + rnd(w, 12 * 60);
	stamp(at, sizeof(at), day, minute);

	/* what the one-window system says this applicant must bring */
	params[0] = s->code;
	params[1] = applicant;
	params[2] = commit;
	params[3] = at;
	res = run(w, K_COMPLETENESS, "SELECT material, status FROM completeness($1, $2::bigint, '{}', $3::text[], $4::timestamptz)", 4, params);
	if (!res)
		return;
	n = PQntuples(res);
	/*
	 * a NULL code or status is a failed completeness call, shown, and no
	 * submission: until 2026-12-07 a NULL code was read as "" and sent (in
	 * the submission or a later supplement, whose failures were blamed on
	 * them), as the ids were (int_field(); sa_county_hostile.sh 33)
	 */
	for (i = 0; i < n; i++)
		for (k = 0; k < 2; k++)
			if (PQgetisnull(res, i, k))
			{
				if (w->failures[K_COMPLETENESS] < 3)
					eprintf("sa_county[%d]: %s: column %d of its result is NULL, not a material %s\n", w->tid,
							kind_name(K_COMPLETENESS), k + 1, k == 0 ? "code" : "status");
				w->failures[K_COMPLETENESS]++;
				PQclear(res);
				return;
			}
	need = 3;
	for (i = 0; i < n; i++)
		need += 2 * strlen(PQgetvalue(res, i, 0)) + 3;	/* ,"code" with every character escaped at worst */
	materials = malloc(need);
	missing_codes = malloc(need);
	tolerated_codes = malloc(need);
	if (!materials || !missing_codes || !tolerated_codes)
		die("out of memory");
	strcpy(materials, "{");
	strcpy(missing_codes, "{");
	strcpy(tolerated_codes, "{");
	for (i = 0; i < n; i++)
	{
		const char *st = PQgetvalue(res, i, 1);

		if (strcmp(st, "missing") == 0)
			nmissing++;
		else if (strcmp(st, "tolerated") == 0)
			ntol++;
	}
	r = frand(w);
	if (r < 0.11 && nmissing > 0)
		drop_missing = rnd(w, nmissing);	/* forgot one: returned with a notice */
	else if (r < 0.17 && ntol > 0)
		drop_tol = rnd(w, ntol);	/* a minor document later: tolerated */
	{
		int			im = 0, it = 0;

		for (i = 0; i < n; i++)
		{
			const char *code = PQgetvalue(res, i, 0);
			const char *st = PQgetvalue(res, i, 1);
			int			take = 0;

			if (strcmp(st, "missing") == 0)
			{
				take = im != drop_missing;
				if (!take)
					append_element(missing_codes, need, code);
				im++;
			}
			else if (strcmp(st, "tolerated") == 0)
			{
				take = it != drop_tol;
				if (!take)
					append_element(tolerated_codes, need, code);
				it++;
			}
			if (take)
				append_element(materials, need, code);	/* need counts every code escaped, its quotes and comma */
		}
	}
	PQclear(res);
	strcat(materials, "}");
	strcat(missing_codes, "}");
	strcat(tolerated_codes, "}");

	params[0] = s->code;
	params[1] = applicant;
	params[2] = materials;
	params[3] = channel;
	params[4] = commit;
	params[5] = at;
	res = run(w, K_SUBMIT, "SELECT submit($1, $2::bigint, $3::text[], $4, $5::text[], $6::timestamptz)", 6, params);
	free(materials);
	if (res && !int_field(w, K_SUBMIT, res, 0, 0, 1, LLONG_MAX, &case_id))
	{
		PQclear(res);
		res = NULL;
	}
	if (!res)
	{
		w->submit_errors++;
		free(missing_codes);
		free(tolerated_codes);
		return;
	}
	PQclear(res);
	w->submitted++;
	/* the outcome follows from what was left out: a missing material returns the case, a tolerable one is tolerated */
	if (drop_missing >= 0)
	{
		w->returned++;
		r = frand(w);
		if (r < 0.86)			/* supplement within a few days, half of them at the window */
			schedule(w, add_workdays(day, 1 + rnd(w, 4)), 9 * 60 + rnd(w, 7 * 60), A_SUPPLEMENT, case_id,
					 frand(w) < 0.45, missing_codes);
		else if (r < 0.95)
			schedule(w, day + 3 + rnd(w, 8), 10 * 60 + rnd(w, 6 * 60), A_WITHDRAW, case_id, 0, NULL);
	}
	else if (drop_tol >= 0)
	{
		w->tolerated++;
		r = frand(w);
		if (r < 0.45 && minute + 60 < 17 * 60)	/* sent in online within the hour */
			schedule(w, day, minute + 10 + rnd(w, 50), A_SUPPLY_TOLERATED, case_id, 0, tolerated_codes);
		else if (r < 0.93)		/* most of the others in the next days */
			schedule(w, add_workdays(day, 1 + rnd(w, 4)), 9 * 60 + rnd(w, 7 * 60), A_SUPPLY_TOLERATED, case_id,
					 frand(w) < 0.3, tolerated_codes);
	}
	if (frand(w) < 0.025)		/* came to ask in person */
		schedule(w, add_workdays(day, 1 + rnd(w, 3)), 9 * 60 + rnd(w, 7 * 60), A_VISIT, case_id, 0, NULL);
	free(missing_codes);
	free(tolerated_codes);
}

/*
 * 通办 and the service network (issue 13, demo/15_network.sql): some
 * applicants go to a town centre, a village point, a bank branch or a kiosk
 * instead of the county centre, some are served by an agent (代办员) or at
 * home (上门服务); the clerk names them by their identifier and the point
 * (submit(text, ...)), and the competent office is resolved from the item's
 * rule.  Originals forwarded from the points reach the handling offices in
 * one to three working days (receive_originals), a few late; the results
 * come back to the points (receive_result(), scheduled with the delivery
 * in A_COMPLETE).
 */
static void
submit_network(Worker *w, int day)
{
	/*
	 * point: room for "XS-T%02d-V%02d" with any two ints (4 + 11 + 2 + 11 + 1),
	 * so that no -O level warns of a truncation (-Wformat-truncation: gcc 12
	 * at -O0 and -O1 does not know town and the village are below 100)
	 */
	char		applicant[24], at[40], point[32], seed_str[16];
	const char *params[6];
	const char *channel = "window";
	int			kind, town, i, k, n;
	PGresult   *res;

	static __thread int network = -1;	/* the network of demo/15_network.sql is loaded (0.2) */

	if (network < 0)
	{
		res = run(w, K_NETWORK,
				  "SELECT to_regclass('service_affair.service_point') IS NOT NULL"
				  "   AND to_regprocedure('service_affair.receive_originals(bigint,timestamptz)') IS NOT NULL", 0, NULL);
		network = res && PQgetvalue(res, 0, 0)[0] == 't';
		if (res)
			PQclear(res);
		if (network)
		{
			res = run(w, K_NETWORK, "SELECT EXISTS (SELECT FROM service_affair.service_point WHERE code = 'XS-T18-V24')", 0, NULL);
			network = res && PQgetvalue(res, 0, 0)[0] == 't';
			if (res)
				PQclear(res);
		}
	}
	if (!network || !days[day].workday)
		return;
	stamp(at, sizeof(at), day, 8 * 60 + 30 + rnd(w, 8 * 60));
	{
		/* a fortieth of the cases over the working days, rounded at random:
		 * as many on average, none for -n 0 (the former + 1 added one a day
		 * and thread) */
		double		per = (double) total_cases / 40 / nthreads / (nsubmit_workdays > 0 ? nsubmit_workdays : 1);

		n = (int) per + (frand(w) < per - (int) per ? 1 : 0);
	}
	for (i = 0; i < n; i++)
	{
		int			agent = 0;

		snprintf(applicant, sizeof(applicant), "%lld", applicants[rnd(w, napplicants)]);
		kind = rnd(w, 100);
		town = 1 + rnd(w, 18);
		channel = "window";
		if (kind < 40)			/* a village point, a third of them through the town's 代办员 */
		{
			snprintf(point, sizeof(point), "XS-T%02d-V%02d", town, 1 + rnd(w, 24));
			agent = rnd(w, 3) == 0;
		}
		else if (kind < 70)
			snprintf(point, sizeof(point), "XS-T%02d", town);
		else if (kind < 78)
			snprintf(point, sizeof(point), "XS-B0%d", 1 + rnd(w, 3));
		else if (kind < 88)
		{
			static const char *const kiosks[] = {"XS-K01", "XS-K04", "XS-K05", "XS-K12", "XS-K90"};

			snprintf(point, sizeof(point), "%s", kiosks[rnd(w, 5)]);
			channel = "kiosk";
		}
		else if (kind < 93)
		{
			point[0] = '\0';	/* at home: the door-to-door team */
			channel = "door";
		}
		else
			snprintf(point, sizeof(point), "XS-C");
		snprintf(seed_str, sizeof(seed_str), "%d", rnd(w, 1000000));
		params[0] = seed_str;
		params[1] = agent ? "t" : "f";
		params[2] = applicant;
		params[3] = channel;
		params[4] = at;
		params[5] = point[0] ? point : NULL;
		/*
		 * a 通办 item the point accepts and the applicant's region implements
		 * (or may be received here for), the identifier presented, every
		 * material the one-window system asks for, the town's 代办员 or the
		 * door-to-door team
		 */
		res = run(w, K_SUBMIT,
				  "SELECT submit(s.svc, COALESCE(a.resident_id::text, a.uscc::text),"
				  "  (SELECT COALESCE(array_agg(c.material), '{}') FROM completeness(s.svc, a.id, '{}', '{}', $5::timestamptz) c"
				  "    WHERE c.status IN ('missing', 'tolerated')), $4, '{}', $5::timestamptz, NULL, $6,"
				  "  CASE WHEN $4 = 'door' THEN (SELECT g.resident_id::text FROM agent g WHERE g.kind = 'door' ORDER BY g.id LIMIT 1)"
				  "       WHEN $2::boolean THEN (SELECT g.resident_id::text FROM agent g JOIN service_point p ON p.parent = g.point"
				  "                               WHERE p.code = $6) END, '330225')"
				  "  FROM applicant a,"
				  "  LATERAL (SELECT i.code AS svc FROM item i"
				  "            WHERE i.tongban_scope <> 'none' AND i.department NOT LIKE E'nh\\\\_%'"
				  "              AND COALESCE((SELECT p.level FROM service_point p WHERE p.code = $6), 'county') = ANY (i.accepting_levels)"
				  "              AND NOT EXISTS (SELECT FROM material m WHERE m.item = i.code AND m.applies_to NOT IN ('any', a.kind))"
				  "              AND (CASE WHEN a.kind = 'org' THEN i.competence IN ('company', 'property', 'receiving')"
				  "                        ELSE i.competence IN ('residence', 'property', 'receiving') END)"
				  "              AND (i.competence NOT IN ('residence', 'company') OR a.region = '330225'"
				  "                   OR (i.tongban_scope <> 'county' AND EXISTS (SELECT FROM item_implementation m"
				  "                                                               WHERE m.basic_code = i.basic_code AND m.region = a.region)))"
				  "            ORDER BY md5(i.code || $1) LIMIT 1) s"
				  " WHERE a.id = $3::bigint",
				  6, params);
		if (!res)
		{
			w->submit_errors++;
			continue;
		}
		for (k = 0; k < PQntuples(res); k++)
		{
			long long	case_id;

			if (int_field(w, K_SUBMIT, res, k, 0, 1, LLONG_MAX, &case_id))
				w->submitted++;	/* (a NULL: a failed submit, shown; it was counted as a case) */
			else
				w->submit_errors++;
		}
		PQclear(res);
	}
	/* the handling offices receive the originals forwarded before today: one in nine late */
	if (w->tid == 0)
	{
		params[0] = at;
		res = run(w, K_NETWORK,
				  "SELECT count(receive_originals(l.case_id, $1::timestamptz)) FROM case_leg l"
				  " WHERE l.leg = 'forward' AND l.done_at IS NULL AND l.opened_at < $1::timestamptz"
				  "   AND (l.case_id % 9 <> 0 OR l.due < local_day($1::timestamptz))", 1, params);
		if (res)
			PQclear(res);
	}
}

static void
plan_rating(Worker *w, int day, long long case_id)
{
	double		r = frand(w);
	int			level;

	if (frand(w) > 0.78)
		return;					/* not everybody rates */
	level = r < 0.74 ? 5 : r < 0.91 ? 4 : r < 0.955 ? 3 : r < 0.98 ? 2 : 1;
	schedule(w, day + rnd(w, 3), 19 * 60 + rnd(w, 200), A_RATE, case_id, level, NULL);
}

static void
do_action(Worker *w, const Action *a)
{
	char		id[24], at[40], arg[24];
	const char *params[4];
	PGresult   *res;

	snprintf(id, sizeof(id), "%lld", a->id);
	stamp(at, sizeof(at), a->day, a->minute);
	params[0] = id;
	switch (a->kind)
	{
		case A_SUPPLEMENT:
		case A_SUPPLY_TOLERATED:
			params[1] = a->codes ? a->codes : "{}";
			params[2] = at;
			params[3] = a->arg ? "window" : "online";
			res = run(w, a->kind, "SELECT supplement($1::bigint, $2::text[], $3::timestamptz, $4)", 4, params);
			break;
		case A_WITHDRAW:
			params[1] = at;
			res = run(w, a->kind, "SELECT withdraw($1::bigint, $2::timestamptz)", 2, params);
			break;
		case A_VISIT:
			params[1] = at;
			res = run(w, a->kind, "SELECT record_visit($1::bigint, $2::timestamptz, 'consultation')", 2, params);
			break;
		case A_DELIVER:
			params[1] = a->arg == 0 ? "electronic" : a->arg == 1 ? "mail" : "window";
			params[2] = at;
			res = run(w, a->kind, "SELECT deliver($1::bigint, $2, $3::timestamptz)", 3, params);
			if (res)
				plan_rating(w, a->day, a->id);
			break;
		case A_RATE:
			{
				static const char *const rchannels[] = {"online", "mobile", "sms", "window"};
				static const char *const comments[] = {NULL, "没人接电话，等了很久", "材料要求前后说法不一", "一般", "挺快的", "非常满意，一次办好"};

				const char *p5[5];

				snprintf(arg, sizeof(arg), "%d", a->arg);
				p5[0] = id;
				p5[1] = arg;
				p5[2] = rchannels[rnd(w, 4)];
				p5[3] = comments[a->arg];
				p5[4] = at;
				res = run(w, a->kind, "SELECT rate($1::bigint, $2::integer, $3, $4, $5::timestamptz)", 5, p5);
				if (res)
				{
					long long	rating = 0;

					if (!int_field(w, a->kind, res, 0, 0, 1, LLONG_MAX, &rating))
						break;
					w->rated++;
					if (a->arg <= 2)
					{
						double		r = frand(w);

						schedule(w, add_workdays(a->day, frand(w) < 0.9 ? 1 : 3), 10 * 60 + rnd(w, 300), A_CALLBACK, rating, 0, NULL);
						if (r < 0.12)
							schedule(w, add_workdays(a->day, 2), 11 * 60, A_APPEAL, rating, 0, NULL);
						if (r < 0.85)
							schedule(w, add_workdays(a->day, 2 + rnd(w, 12)), 15 * 60 + rnd(w, 100), A_CLOSE, rating, 0, NULL);
						else
							schedule(w, add_workdays(a->day, 16 + rnd(w, 10)), 15 * 60 + rnd(w, 100), A_CLOSE, rating, 0, NULL);
					}
				}
			}
			break;
		case A_CALLBACK:
			params[1] = at;
			res = run(w, a->kind, "SELECT record_callback($1::bigint, $2::timestamptz)", 2, params);
			break;
		case A_CLOSE:
			params[1] = "回访致歉，已优化流程并对窗口人员培训";
			params[2] = at;
			res = run(w, a->kind, "SELECT close_rectification($1::bigint, $2, $3::timestamptz)", 3, params);
			break;
		case A_APPEAL:
			params[1] = "评价对象错误（评价的是其他部门的事项），经核实予以申诉";
			params[2] = at;
			res = run(w, a->kind, "SELECT appeal_rating($1::bigint, $2, $3::timestamptz)", 3, params);
			break;
		case A_RESUME:
			params[1] = at;
			res = run(w, a->kind, "SELECT resume($1::bigint, $2::timestamptz)", 2, params);
			break;
		case A_RECEIVE_RESULT:
			params[1] = at;
			res = run(w, a->kind, "SELECT receive_result($1::bigint, $2::timestamptz)", 2, params);
			break;
		case A_COMPLETE:
			params[1] = a->arg ? "approved" : "denied";
			params[2] = at;
			{
				/*
				 * One round trip, two statements: the second takes its own
				 * snapshot and sees whether the completion concluded the case.
				 * Only digits and fixed words are interpolated.
				 */
				char		sql[640];

				/*
				 * the third column: the case was received away from its
				 * handling office and its result travels back to the point
				 * (an open return leg, 代收代办; 0.2.0)
				 */
				snprintf(sql, sizeof(sql),
						 "SELECT complete_task(%lld, '%s', '%s');"
						 "SELECT c.id, c.status, %s FROM task t JOIN cases c ON c.id = t.case_id WHERE t.id = %lld",
						 a->id, params[1], at,
						 result_step ? "EXISTS (SELECT FROM case_leg l WHERE l.case_id = c.id AND l.leg = 'return' AND l.done_at IS NULL)"
						 : "false", a->id);
				res = run(w, a->kind, sql, 0, NULL);
				if (res && PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 1), "concluded") == 0)
				{
					long long	case_id = 0;
					int			away = PQgetvalue(res, 0, 2)[0] == 't';
					double		r = frand(w);

					if (!int_field(w, a->kind, res, 0, 0, 1, LLONG_MAX, &case_id))
						break;
					w->concluded++;
					if (r < 0.52)		/* electronic licence, the same evening */
						schedule(w, a->day, 18 * 60 + rnd(w, 60), A_DELIVER, case_id, 0, NULL);
					else if (r < 0.78)	/* by post (EMS), next days */
					{
						int			dd = a->day + 1 + rnd(w, 2);

						/*
						 * received away: half of the posted results are sent
						 * from the point, whose staff record their arrival
						 * there that morning (receive_result()) before the
						 * post takes them (from 10:00); the other half go
						 * from the office, and the delivery closes the leg
						 */
						if (away && frand(w) < 0.5)
							schedule(w, dd, 8 * 60 + 30 + rnd(w, 60), A_RECEIVE_RESULT, case_id, 0, NULL);
						schedule(w, dd, 10 * 60 + rnd(w, 300), A_DELIVER, case_id, 1, NULL);
					}
					else				/* fetched at the window */
					{
						int			k = 1 + rnd(w, 3);
						int			dd = add_workdays(a->day, k);

						/*
						 * received away: the result comes back to the point
						 * on one of the working days up to the collection
						 * (that day before 9:00, when the applicants come),
						 * and four in five of the arrivals are recorded there
						 * (receive_result()); the collection closes the leg
						 * of the others
						 */
						if (away && frand(w) < 0.8)
						{
							int			rd = add_workdays(a->day, 1 + rnd(w, k));

							schedule(w, rd, rd >= dd ? 8 * 60 + 30 + rnd(w, 25) : 9 * 60 + rnd(w, 8 * 60),
									 A_RECEIVE_RESULT, case_id, 0, NULL);
						}
						schedule(w, dd, 9 * 60 + rnd(w, 400), A_DELIVER, case_id, 2, NULL);
					}
				}
			}
			break;
		default:
			res = NULL;
	}
	if (res)
		PQclear(res);
}

/* run the actions of the day that belong to this phase, in time order */
static int
cmp_action(const void *x, const void *y)
{
	const Action *a = x, *b = y;

	return a->minute != b->minute ? (a->minute < b->minute ? -1 : 1) : (a->kind - b->kind);
}

static void
run_actions(Worker *w, int day, int backoffice)
{
	Action	   *todo = NULL;
	size_t		ntodo = 0, cap = 0, i, keep = 0;

	for (i = 0; i < w->nactions; i++)
	{
		int			bo = w->actions[i].kind == A_COMPLETE || w->actions[i].kind == A_RESUME;

		if (w->actions[i].day <= day && bo == backoffice)
		{
			if (ntodo == cap)
			{
				/*
				 * doubled when full (until 2026-12-07 one element more at
				 * each, a realloc() and maybe a copy per action: quadratic)
				 */
				Action	   *grown;

				cap = cap ? cap * 2 : 64;
				grown = realloc(todo, cap * sizeof(Action));
				if (grown == NULL)
					die("out of memory");
				todo = grown;
			}
			todo[ntodo] = w->actions[i];
			if (todo[ntodo].day < day)	/* a back-office action planned on a day off: first thing today */
			{
				todo[ntodo].day = day;
				todo[ntodo].minute = 9 * 60;
			}
			ntodo++;
		}
		else
			w->actions[keep++] = w->actions[i];
	}
	w->nactions = keep;
	if (ntodo)
	{
		qsort(todo, ntodo, sizeof(Action), cmp_action);
		for (i = 0; i < ntodo; i++)
		{
			do_action(w, &todo[i]);
			free(todo[i].codes);
		}
	}
	free(todo);
}

/* ---- phase 2: back office ------------------------------------------------------------ */

static void
department_day(Worker *w, int day, const char *dept)
{
	char		at[40], act_at[40], assignee[96];
	const char *params[4];
	PGresult   *res;

	if (!days[day].workday)
		return;
	snprintf(assignee, sizeof(assignee), "reviewer_%s_%d", dept, 1 + rnd(w, 3));
	stamp(at, sizeof(at), day, 17 * 60);
	for (;;)
	{
		long long	task,
					v[3];
		int			limit, extension_limit, done_day, minute, late, base;
		double		r;
		char		tid[24], ext[24];

		params[0] = dept;
		params[1] = assignee;
		params[2] = at;
		/*
		 * Claim and read the task in one statement: the uncorrelated
		 * subquery runs claim_task() once; the task row predates the
		 * statement, so its limits and opening time are visible.  late > 0:
		 * the task opened after 17:00 today (a colleague's completion opened
		 * its stage); only on 0.1.0: since 2026-12-02 claim_task() takes only
		 * the tasks opened by the time of the claim.
		 */
		res = run(w, K_ROUTING,
				  "SELECT t.id, t.limit_days, t.extension_limit,"
				  "       greatest(0, ceil(extract(epoch FROM t.opened_at - $3::timestamptz) / 60))::integer"
				  "  FROM task t WHERE t.id = (SELECT claim_task($1, $2, $3::timestamptz))", 3, params);
		if (!res)
			return;
		if (PQntuples(res) == 0)
		{
			PQclear(res);
			return;
		}
		if (!int_field(w, K_ROUTING, res, 0, 0, 1, LLONG_MAX, &task) || !int_field(w, K_ROUTING, res, 0, 1, 0, INT_MAX, &v[0])
			|| !int_field(w, K_ROUTING, res, 0, 2, 0, INT_MAX, &v[1]) || !int_field(w, K_ROUTING, res, 0, 3, 0, INT_MAX, &v[2]))
		{
			PQclear(res);
			continue;			/* (claimed, never completed) */
		}
		/*
		 * any day count the schema allows (from 0): the days after one
		 * are counted in long long below (until 2026-12-07 limit + 1 and
		 * limit + n overflowed an int for a limit near 2^31, undefined, in
		 * practice a negative count and the task completed the evening it
		 * was claimed: sa_county_hostile.sh 35)
		 */
		limit = (int) v[0];
		extension_limit = (int) v[1];
		late = (int) v[2];
		PQclear(res);
		snprintf(tid, sizeof(tid), "%lld", task);
		w->claimed++;
		/* such a task is worked on from the next working day */
		base = late > 0 ? add_workdays(day, 1) : day;
		if (base >= ndays)
			continue;
		stamp(act_at, sizeof(act_at), base, late > 0 ? 9 * 60 : 17 * 60);
		r = frand(w);
		minute = 10 * 60 + rnd(w, 6 * 60);
		if (limit == 0)
		{
			/* immediate item: done the same evening, a few the next working day */
			if (r < 0.93)
				schedule(w, base, 17 * 60 + 5 + rnd(w, 50), A_COMPLETE, task, frand(w) < 0.985, NULL);
			else
				schedule(w, add_workdays(base, 1), minute, A_COMPLETE, task, frand(w) < 0.985, NULL);
			continue;
		}
		if (r < 0.03 && extension_limit > 0)
		{
			int			n = 1 + rnd(w, extension_limit < 5 ? extension_limit : 5);

			snprintf(ext, sizeof(ext), "%d", n);
			params[0] = tid;
			params[1] = ext;
			params[2] = act_at;
			/*
			 * asked only while the case's limit runs (its stored due, never
			 * after the due in force): since 2026-12-05 extend() refuses an
			 * extension dated after the case's due (55000), which a stage
			 * opened late can meet
			 */
			res = run(w, K_ROUTING,
					  "SELECT extend(t.id, $2::integer, '情况复杂，经负责人批准延期', $3::timestamptz)"
					  "  FROM task t JOIN cases c ON c.id = t.case_id"
					  " WHERE t.id = $1::bigint AND local_day($3::timestamptz, c.calendar) <= c.due", 3, params);
			if (res)
				PQclear(res);
			done_day = add_workdays(base, 1 + rnd_days(w, (long long) limit + n));
		}
		else if (r < 0.05)
		{
			int			back = base + 2 + rnd(w, 6);

			params[0] = tid;
			params[1] = act_at;
			res = run(w, K_ROUTING, "SELECT suspend($1::bigint, 'expert_review', $2::timestamptz)", 2, params);
			if (res)
			{
				PQclear(res);
				back = add_workdays(back, 0);
				schedule(w, back, 9 * 60 + 5, A_RESUME, task, 0, NULL);
				done_day = add_workdays(back, 1 + rnd(w, limit));
			}
			else
				done_day = add_workdays(base, 1 + rnd(w, limit));
		}
		else if (r < 0.115)
			done_day = add_workdays(base, (long long) limit + 1 + rnd(w, 3));	/* late */
		else if (r < 0.30)
			done_day = base;	/* quick: done the evening it was claimed */
		else
			done_day = add_workdays(base, 1 + rnd(w, limit));
		if (done_day == base)
			minute = 17 * 60 + 5 + rnd(w, 50);
		schedule(w, done_day, minute, A_COMPLETE, task, frand(w) < 0.97, NULL);
	}
}

/* ---- phase 3: the sweep ---------------------------------------------------------------- */

/*
 * sla_sweep() as pg_cron runs it, in a transaction of its own, and in READ
 * COMMITTED whatever the session's default: sla_sweep() refuses a
 * REPEATABLE READ or SERIALIZABLE transaction with 55000 (doc/routing.md,
 * "Concurrency"), and a default_transaction_isolation of the database, the
 * role or PGOPTIONS made every sweep of the run refused (until 2026-12-05:
 * counted as refused routing calls, exit 0, and no task or case flagged).
 * The transaction's statements are not counted as calls.
 */
static void
sweep(Worker *w, const char *const *params)
{
	PGresult   *res;

	res = worker_exec(w->tid, w->conn, "START TRANSACTION ISOLATION LEVEL READ COMMITTED", 0, NULL);
	if (res == NULL || PQstatus(w->conn) == CONNECTION_BAD)
		die("connection %d lost before %s: %s", w->tid, kind_name(K_SWEEP), PQerrorMessage(w->conn));
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		die("cannot start the transaction of %s: %s", kind_name(K_SWEEP), PQerrorMessage(w->conn));
	PQclear(res);
	res = run(w, K_SWEEP, "SELECT sla_sweep($1::timestamptz)", 1, params);
	if (res)
		PQclear(res);
	/* a failed sweep's transaction is rolled back by its COMMIT, which says so */
	res = worker_exec(w->tid, w->conn, "COMMIT", 0, NULL);
	if (res == NULL || PQstatus(w->conn) == CONNECTION_BAD)
		die("connection %d lost during %s: %s", w->tid, kind_name(K_SWEEP), PQerrorMessage(w->conn));
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
	{
		eprintf("sa_county[%d]: %s: %s", w->tid, kind_name(K_SWEEP), PQerrorMessage(w->conn));
		w->failures[K_SWEEP]++;
	}
	PQclear(res);
}

/* ---- the threads ---------------------------------------------------------------------- */

static void *
worker_main(void *arg)
{
	Worker	   *w = arg;
	int			day, i;
	double		carry = 0;

	w->conn = connect_db(w->tid);
	for (day = 0; day < ndays; day++)
	{
		/* phase 1: submissions (this thread's share) and applicant-side actions */
		if (day < nsubmit_days)
		{
			double		want = total_cases * day_weight[day] / weight_total / nthreads + carry;
			long		n = (long) want;

			carry = want - n;
			while (n-- > 0)
				submit_one(w, day);
			submit_network(w, day);	/* 通办: points, agents, door-to-door */
		}
		run_actions(w, day, 0);
		pthread_barrier_wait(&barrier);

		/* phase 2: the departments this thread serves */
		run_actions(w, day, 1);
		for (i = w->tid; i < ndepartments; i += nthreads)
			department_day(w, day, departments[i]);
		run_actions(w, day, 1);	/* what was claimed for this evening */
		pthread_barrier_wait(&barrier);

		/* phase 3: the minute job, once a day here */
		if (w->tid == 0)
		{
			char		at[40];
			const char *params[1] = {at};

			stamp(at, sizeof(at), day, 23 * 60 + 30);
			sweep(w, params);
			if (!quiet && (day % 15 == 0 || day == ndays - 1))
				eprintf("sa_county: %s done\n", days[day].date);	/* (eprint_all(): never lost) */
		}
		pthread_barrier_wait(&barrier);
	}

	/*
	 * its cancel object out of the handler's reach before the connection
	 * closes, freed by main() (the handler may be using it now, in the main
	 * thread): until 2026-12-07 it stayed registered until main() had joined
	 * every worker, and an interrupt meanwhile sent a cancel for this
	 * backend, gone (a process id the server may have given to another
	 * session since; sa_county_hostile.sh 29)
	 */
	w->cancel = atomic_exchange(&cancels[w->tid], NULL);
	PQfinish(w->conn);
	return NULL;
}

/*
 * Ctrl-C or a SIGTERM mid-run: say what is left, cancel the statements the
 * connections are running (cancel_all(): PQcancel(), which a signal handler
 * may call), then end as the signal says (status 130 or 143).  Each call
 * commits by itself, so the database keeps what the simulation did until
 * then.  Until 2026-12-07 nothing was cancelled: a statement running when
 * the program ended (a slow trigger, a lock wait) went on in its backend to
 * its end.  Only the main thread takes these signals (the workers block
 * them and SIGALRM), and the workers send nothing once the flag is set.
 *
 * A second signal while the cancels are under way (a server out of reach)
 * ends the program at once, as its default action: the three are blocked
 * while the handler starts (sa_mask, the same one too), given their
 * default action (the same by SA_RESETHAND) and unblocked once say_end()
 * has returned: no thread then holds a shared standard error non-blocking
 * (say_once()), nor can take it (the handler's own messages still pass),
 * and the end leaves its flags as they were.  Until 2026-12-07 another
 * signal (a SIGTERM after the Ctrl-C) entered the handler again inside
 * itself, which said "interrupted" twice and sent every cancel again; and
 * until the same day's second look the others were unblocked before
 * say_end() and the same one was never blocked (SA_NODEFER): a second
 * signal could end the program while a worker's die() had standard error
 * non-blocking, left so for the shell (sa_county_say.sh 9, 10).  A signal
 * ignored when the program started (nohup, a background job) stays
 * ignored.
 */
static const int caught_signals[] = {SIGINT, SIGTERM, SIGHUP};
static int	caught[sizeof(caught_signals) / sizeof(caught_signals[0])];	/* its handler installed */

static void
on_signal(int sig)
{
	static const char msg[] = "sa_county: interrupted; the database keeps the calls made so far "
		"(a run of the same days adds to them; load the county into a new database to start again)\n";
	size_t		i;
	sigset_t	all;

	/*
	 * the message first, the others still blocked (sa_mask): until
	 * 2026-12-07 they were unblocked before it, and one pending meanwhile
	 * (a SIGTERM sent with the SIGINT, a service manager's stop) ended the
	 * program there, without a word (sa_county_hostile.sh 20)
	 */
	say(msg, sizeof(msg) - 1);	/* (dropped if it would wait: open_say()) */
	interrupted = 1;
	ending_signal = sig;
	sigemptyset(&all);
	sigaddset(&all, sig);
	for (i = 0; i < sizeof(caught_signals) / sizeof(caught_signals[0]); i++)
		if (caught[i] && caught_signals[i] != sig)
		{
			signal(caught_signals[i], SIG_DFL);
			sigaddset(&all, caught_signals[i]);
		}
	say_end();					/* (first: a worker's say_once() gives the flags back) */
	pthread_sigmask(SIG_UNBLOCK, &all, NULL);	/* one that came meanwhile ends the program now */
	cancel_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * cancel_all() ran CANCEL_BOUND seconds (a PQcancel() blocked by a server
 * out of reach): end the program as it was ending, by the signal taken or
 * as die() does.  Taken by the main thread only (the workers block it).
 */
static void
on_alarm(int unused)
{
	static const char msg[] = "sa_county: the server did not take the cancels in time; the statements may run on\n";
	int			sig = ending_signal;

	(void) unused;
	if (!cancelling)
	{
		/* a SIGALRM from elsewhere (kill -ALRM): its default action, as before the handler */
		signal(SIGALRM, SIG_DFL);
		raise(SIGALRM);
		return;
	}
	say(msg, sizeof(msg) - 1);
	say_end();
	if (sig == 0)
		_exit(1);
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig);			/* (not reached: sig is not blocked here) */
}

static void
catch_signals(void)
{
	size_t		i,
				k;
	struct sigaction sa;

	for (i = 0; i < sizeof(caught_signals) / sizeof(caught_signals[0]); i++)
	{
		struct sigaction old;

		if (sigaction(caught_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		for (k = 0; k < sizeof(caught_signals) / sizeof(caught_signals[0]); k++)
			sigaddset(&sa.sa_mask, caught_signals[k]);	/* (this one too: SA_RESETHAND may imply SA_NODEFER) */
		sa.sa_flags = SA_RESETHAND;
		if (sigaction(caught_signals[i], &sa, NULL) == 0)
			caught[i] = 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
}

/* Block (how = SIG_BLOCK) or unblock (SIG_UNBLOCK) the caught signals and SIGALRM in this thread. */
static void
mask_signals(int how)
{
	sigset_t	set;
	size_t		i;

	sigemptyset(&set);
	for (i = 0; i < sizeof(caught_signals) / sizeof(caught_signals[0]); i++)
		sigaddset(&set, caught_signals[i]);
	sigaddset(&set, SIGALRM);	/* cancel_all()'s alarm: the main thread's too */
	pthread_sigmask(how, &set, NULL);
}

/* A whole number in [lo, hi] from an option's argument, or die naming the option. */
static long
number_arg(int opt, const char *arg, long lo, long hi)
{
	char	   *end;
	long		v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v < lo || v > hi || !(arg[0] == '-' || (arg[0] >= '0' && arg[0] <= '9')))
		die("-%c takes a whole number from %ld to %ld, not \"%s\"", opt, lo, hi, arg);
	return v;
}

/*
 * -h and --help: what each option means, on standard output, the program's
 * name made printable as in usage_error() (until 2026-12-07 written as it
 * came, an escape sequence in it too: sa_county_say.sh 17)
 */
static void
help(const char *given)
{
	char		prog[8192];

	make_printable(given, prog, sizeof(prog));
	printf("%s simulates a quarter of operations in the sample county of service_affair\n"
		   "over several connections (make demo runs it; see doc/development.md).\n\n"
		   "usage: %s [-t threads] [-n cases] [-f first-day] [-l last-day] [-x tail-days] [-s seed] [-q]\n\n"
		   "  -t threads    connections, one thread each, 1 to %d (default 4)\n"
		   "  -n cases      cases submitted over the days, 0 to 10000000 (default 20000)\n"
		   "  -f first-day  first day of submissions (default 2026-07-01)\n"
		   "  -l last-day   last day of submissions (default 2026-09-30)\n"
		   "  -x tail-days  days after the last for the work in progress to finish, 0 to 3650 (default 30);\n"
		   "                every day lies from 0001-01-02 to 8999-12-31\n"
		   "  -s seed       seed of the random choices, 0 to %llu (default 20260701)\n"
		   "  -q            no progress lines (errors are still shown)\n"
		   "  -h, --help    this text\n\n"
		   "Connection parameters come from the environment (PGHOST, PGPORT, PGDATABASE,\n"
		   "PGUSER).  The database must hold the extension and the sample county\n"
		   "(demo/10_county_catalog.sql, demo/11_applicants.sql), the role must be a\n"
		   "superuser or a member of service_affair_admin (one that is not a superuser:\n"
		   "days from today minus settle.quiet_days on only, as record_callback() and\n"
		   "close_rectification() judge the miss not before now).  Exit status: 0 when every\n"
		   "call succeeded or was refused with 55000 (the state moved on meanwhile),\n"
		   "1 on any other failure (a sweep refused with 55000 too: sla_sweep() runs in\n"
		   "its own READ COMMITTED transaction, and nothing it races refuses it; and a\n"
		   "standard output that cannot be written: a full disk, a closed pipe), 2 for\n"
		   "an unknown option or a missing argument; interrupted (Ctrl-C, SIGTERM, SIGHUP),\n"
		   "it cancels the statements its connections are running and ends as the signal\n"
		   "says (130, 143, 129): the calls made until then stay in the database.  The\n"
		   "cancels are given 15 s in all (a server out of reach); a second signal ends\n"
		   "the program at once.  A lost connection cancels the others' statements too.\n",
		   prog, prog, MAX_THREADS, (unsigned long long) UINT64_MAX);
}

/*
 * A refused option (unknown, or without its argument): what getopt_long()
 * would have said, then the usage line, made printable and written as a
 * refused option's value is (die(): at once or dropped, die_wait_ms 0 while
 * the options are read); returns 2, the exit status.  Until 2026-12-07 both
 * were written by fprintf(stderr) (getopt_long()'s own, opterr): an escape
 * sequence or a byte that is not UTF-8 in the option or the program's name
 * reached the terminal as it was, and a full pipe on standard error held
 * the program there for good, where -t 0 was refused at once
 * (sa_county_say.sh 12, 13).
 */
static int
usage_error(const char *prog, const char *fmt,...)
{
	char		buf[8192],
				out[8192];
	size_t		len;
	int			n;
	va_list		ap;

	n = snprintf(buf, sizeof(buf), "%s: ", prog);
	if (n < 0 || (size_t) n >= sizeof(buf))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof(buf) - (size_t) n, fmt, ap);
	va_end(ap);
	len = strlen(buf);
	snprintf(buf + len, sizeof(buf) - len,
			 "\nusage: %s [-t threads] [-n cases] [-f first-day] [-l last-day] [-x tail-days] [-s seed] [-q]\n"
			 "(%s -h says what each option means)\n", prog, prog);
	if (strlen(buf) == sizeof(buf) - 1)
		buf[whole_chars(buf, sizeof(buf) - 1)] = '\0';	/* (cut at 8 KB) */
	len = make_printable(buf, out, sizeof(out) - 1);
	if (len == 0 || out[len - 1] != '\n')
		out[len++] = '\n';		/* (cut: a name of 8 KB) */
	say_within(out, len, die_wait_ms);
	return 2;
}

/*
 * Standard output written to its end, 0; or 1 with a message saying why not
 * (a full disk; a closed pipe, EPIPE: SIGPIPE is ignored, and until
 * 2026-12-07 "sa_county | head -0" ended the program by the signal, status
 * 141, with no word; sa_county_hostile.sh 21, 22)
 */
static int
flush_stdout(const char *what)
{
	int			failed;

	errno = 0;
	failed = fflush(stdout) != 0 || ferror(stdout);
	if (failed)
		eprintf("sa_county: cannot write %s to standard output: %s\n", what,
				errno ? strerror(errno) : "write error");
	return failed;
}

int
main(int argc, char **argv)
{
	int			opt, i, k;
	size_t		j;
	pthread_t	threads[MAX_THREADS];
	Worker		workers[MAX_THREADS];
	struct timespec t0, t1;
	long		tot[8] = {0}, errs[N_KINDS] = {0}, fails[N_KINDS] = {0}, calls = 0;

	/*
	 * --help as getopt_long() reads it: an option, not an option's value
	 * (until 2026-12-07 a scan of argv before getopt() took "-f --help" or
	 * "-s --help" for --help, and printed the help, exit 0).  "+": the
	 * first operand ends the options, as getopt() did here (built with
	 * _POSIX_C_SOURCE, without <getopt.h>, it was glibc's POSIX getopt);
	 * getopt_long() of glibc reorders the arguments unless told, and on
	 * 2026-12-07 "extra -h" printed the help (exit 0, was 1) and "extra -Z"
	 * exited 2 (was 1)
	 */
	static const struct option long_options[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};

	/*
	 * standard input, output and error open, on /dev/null where closed
	 * ("sa_county 2>&-"): until 2026-12-07 the first connection took the
	 * free descriptor 2, and what the program wrote to standard error (a
	 * day's progress, a failed call, the handlers' say()) went into that
	 * connection, to the server, which ended it for a message of an
	 * unknown type, and the run with it (sa_county_hostile.sh 36)
	 */
	for (i = open("/dev/null", O_RDWR); i >= 0 && i <= STDERR_FILENO; i = open("/dev/null", O_RDWR))
		;
	if (i > STDERR_FILENO)
		close(i);
	main_thread = pthread_self();
	open_say();					/* before die() and the handlers, which use it */
	signal(SIGPIPE, SIG_IGN);	/* a closed standard output: EPIPE, said by flush_stdout() */
	opterr = 0;					/* its messages: usage_error() */
	while ((opt = getopt_long(argc, argv, "+:t:n:f:l:x:s:qh", long_options, NULL)) != -1)
	{
		switch (opt)
		{
			case 'h':
				help(argv[0]);
				return flush_stdout("the help");
			case 't':
				nthreads = (int) number_arg(opt, optarg, 1, MAX_THREADS);
				break;
			case 'n':
				total_cases = number_arg(opt, optarg, 0, 10000000);
				break;
			case 'f':
				first_day = optarg;
				break;
			case 'l':
				last_day = optarg;
				break;
			case 'x':
				tail_days = (int) number_arg(opt, optarg, 0, 3650);
				break;
			case 's':
				{
					char	   *end;

					/* digits only: strtoull() skips white space and takes a sign, so " -1" was 2^64 - 1 */
					errno = 0;
					seed = strtoull(optarg, &end, 10);
					if (errno != 0 || end == optarg || *end != '\0' || optarg[0] < '0' || optarg[0] > '9')
						die("-s takes a whole number from 0 to %llu, not \"%s\"", (unsigned long long) UINT64_MAX, optarg);
				}
				break;
			case 'q':
				quiet = 1;
				break;
			case ':':
				return usage_error(argv[0], "option requires an argument -- '%c'", optopt);
			default:
				/* getopt_long()'s words: optopt 0, an unknown long option; 'h', --help=value */
				if (optopt == 0)
					return usage_error(argv[0], "unrecognized option '%s'", argv[optind - 1]);
				if (optopt == 'h')
					return usage_error(argv[0], "option '--help' doesn't allow an argument");
				return usage_error(argv[0], "invalid option -- '%c'", optopt);
		}
	}
	if (optind < argc)
		die("unexpected argument \"%s\" (options only; %s -h lists them)", argv[optind], argv[0]);
	die_wait_ms = SAY_DIE_MS;	/* the options are good: a later die() waits for room */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	catch_signals();
	load_world();
	pthread_barrier_init(&barrier, NULL, nthreads);
	memset(workers, 0, sizeof(workers));
	mask_signals(SIG_BLOCK);	/* the workers inherit the mask: the main thread takes the signals */
	for (i = 0; i < nthreads; i++)
	{
		workers[i].tid = i;
		workers[i].rng = (seed + 1) * 0x9E3779B97F4A7C15ULL ^ (uint64_t) (i + 1) * 0xD1B54A32D192ED03ULL;
		if (pthread_create(&threads[i], NULL, worker_main, &workers[i]) != 0)
			die("cannot start thread %d", i);
	}
	mask_signals(SIG_UNBLOCK);
	for (i = 0; i < nthreads; i++)
	{
		pthread_join(threads[i], NULL);
		tot[0] += workers[i].submitted;
		tot[1] += workers[i].returned;
		tot[2] += workers[i].tolerated;
		tot[3] += workers[i].claimed;
		tot[4] += workers[i].concluded;
		tot[5] += workers[i].rated;
		tot[6] += workers[i].submit_errors;
		calls += workers[i].calls;
		for (k = 0; k < N_KINDS; k++)
		{
			errs[k] += workers[i].errors[k];
			fails[k] += workers[i].failures[k];
		}
		for (j = 0; j < workers[i].nactions; j++)
			free(workers[i].actions[j].codes);	/* planned beyond the last day */
		free(workers[i].actions);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* no connection left: the cancel objects go, the signals held meanwhile */
	mask_signals(SIG_BLOCK);
	for (k = 0; k < MAX_THREADS + 1; k++)
	{
		PGcancel   *cancel = atomic_exchange(&cancels[k], NULL);

		if (cancel)
			PQfreeCancel(cancel);
	}
	for (i = 0; i < nthreads; i++)
		if (workers[i].cancel)
			PQfreeCancel(workers[i].cancel);
	mask_signals(SIG_UNBLOCK);
	/*
	 * the days as the server read them (YYYY-MM-DD), not as given: -f and
	 * -l take any date input, white space and 'today' too, and until
	 * 2026-12-07 the summary repeated them, a line feed or carriage return
	 * of theirs included
	 */
	printf("sa_county: %s..%s (+%d days), %d connections: %ld cases submitted (%ld returned, %ld tolerated), "
		   "%ld tasks claimed, %ld cases concluded, %ld ratings; %ld calls in %.1f s\n",
		   days[0].date, days[nsubmit_days - 1].date, tail_days, nthreads, tot[0], tot[1], tot[2], tot[3], tot[4], tot[5], calls,
		   (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	for (k = 0; k < N_KINDS; k++)
	{
		if (errs[k] && k == K_SWEEP)
			printf("sa_county: %ld refused sweeps (55000: not a race but a fault of the set-up, e.g. a transaction "
				   "not READ COMMITTED; the first ones are on stderr)\n", errs[k]);
		else if (errs[k])
			printf("sa_county: %ld refused %s calls (55000: the state changed meanwhile, e.g. a revoked case)\n", errs[k],
				   kind_name(k));
		if (fails[k])
			printf("sa_county: %ld failed %s calls (other errors; the first ones are on stderr)\n", fails[k], kind_name(k));
	}
	for (k = 0; k < nservices; k++)
		free(services[k].commitments);
	free(services);
	free(applicants);
	free(days);
	free(day_weight);
	free(departments);
	/* a summary that could not be written (a full disk, a closed standard output) is a failure too */
	if (flush_stdout("the summary"))
		return 1;
	/* a failed call other than a refusal (55000) is a fault, whatever its kind; a refused sweep too */
	for (k = 0; k < N_KINDS; k++)
		if (fails[k] || (k == K_SWEEP && errs[k]))
			return 1;
	return tot[6] > 0 ? 1 : 0;
}
