/*
 * What tools/sa_county writes to standard error, tested as a plain program
 * without a server (sa_county_say.sh runs it; `make -C tools test-say`
 * builds build/tools/sa_county_say with the flags of sa_county).  It
 * includes tools/sa_county.c itself, its main() renamed, with that file's
 * fcntl(), write() and poll() routed through the hooks below, which hold
 * one thread at a chosen point until the other has got where the test
 * needs it: each interleaving is forced, without a sleep or a time limit.
 * Standard error is a pipe the test fills (nobody reads it) and shares
 * (SAY_SHARED: as with no /proc or a pty master, open_say() not called).
 * Prints TAP (numbered here; sa_county_say.sh numbers them one on, after
 * its build).
 *
 * 1-2. Two say_once() at once (a worker's die(), the handler): while one
 *      has made standard error non-blocking for its write(), the other
 *      neither writes it blocking (until 2026-12-07 it could find the flag
 *      set by the first, which cleared it before the second's write(),
 *      then blocked on the full pipe) nor leaves the flag set.
 * 3.   A worker's eprintf() while a say_once() holds the flag set on the
 *      full pipe: its message is written once a reader makes room (until
 *      2026-12-07 it got EAGAIN and was lost).
 * 4-5. A bad option on a full standard error: refused at once (status 1),
 *      with no poll() for room (until 2026-12-07 die() waited SAY_DIE_MS,
 *      2 s, there, polling).
 * 6.   The hook sees such a wait: a die() after the options (a connection
 *      that fails) waits SAY_DIE_MS for room, polling.
 * 7.   A server's notice to a worker's connection (connect_db(), the run's
 *      server: PGHOST etc.) while a say_once() holds the flag set on the
 *      full pipe: written once a reader makes room (until 2026-12-07
 *      libpq's default notice processor wrote it with fprintf(stderr),
 *      which got EAGAIN, and it was lost).
 * 8-9. A second signal pending when the handler starts (another, SIGINT
 *      during the SIGTERM handler; or the same, SIGTERM again) while a
 *      worker's say_once() holds the shared standard error non-blocking:
 *      the program ends by it only once the flags are given back (until
 *      2026-12-07 on_signal() unblocked the others before its say_end(),
 *      and SA_NODEFER left the same one unblocked from the start: the
 *      program ended there, O_NONBLOCK left set on the description it
 *      shares with the shell).
 * 10.  The handler's own messages after its say_end() (cancel_all()'s,
 *      on_alarm()'s) still reach a shared standard error; another thread's
 *      are dropped (since the handler's say_end() moved before the
 *      cancels).
 * 11-12. An unknown option ("-" and an escape, the program named with one
 *      and a byte that is not UTF-8): getopt_long()'s words and the usage
 *      line made printable, exit 2, written as a refused -t 0 is, with no
 *      wait (until 2026-12-07 fprintf(stderr): the bytes as they came, and
 *      a full pipe held the program for good).
 * 13.  A message longer than eprintf()'s 8 KB is written whole (until
 *      2026-12-07 it was cut at 8191 bytes, its line feed too).
 * 14.  die() of a message of libpq's (which ends in a line feed) ends its
 *      line once (until 2026-12-07 an empty line followed).
 * 15.  A message longer than 8 KB that eprintf() has no memory for (its
 *      malloc() failed by a hook) is cut at a whole character before its
 *      line feed (until 2026-12-07 the line feed took the place of the last
 *      byte, and the first bytes of a character of three, not UTF-8,
 *      reached the terminal).
 * 16.  -h of a program named with an escape and a byte that is not UTF-8:
 *      the help names it made printable, as the usage line does (until
 *      2026-12-07 as it came).
 * 17.  A worker's die() after the handler's say_end() (a connection lost
 *      while the cancels are under way), standard error with room: no
 *      poll() for room, its message dropped at once (until 2026-12-07
 *      say_once() said EAGAIN to it, and die() polled the standard error
 *      over and over, at full speed, for its 2 s).
 * 18-20. A message cut at 8 KB by vsnprintf() inside a character (eprintf()
 *      with no memory for it, die() of a value of 8 KB, the usage line of a
 *      program named with 8 KB): cut before that character (until
 *      2026-12-07 its first bytes were written '?', a character the
 *      message did not have).
 * 21-22. A value cut by the precision of its "%.40s" (int_field(), a
 *      result that is not a whole number) or "%.80s" (copy_field(), a code
 *      too long: die()) inside a character: cut before that character
 *      (until 2026-12-07 its first bytes were written '?').
 * 23-24. A worker's die() (a connection lost while the cancels are under
 *      way) once the handler has set interrupted and closed standard error
 *      (say_end()): entered then, or waiting for room on a full pipe when
 *      it came; the worker parks and the handler ends the program by the
 *      signal (until 2026-12-07 say_once() said EPIPE to it at once, and
 *      its own cancel_all() and _exit(1) could come first: status 1).
 *      The handler is held in its cancel_all()'s alarm() until the worker
 *      has parked (its pause()) or ended the program.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int			hook_fcntl(int fd, int cmd,...);
ssize_t		hook_write(int fd, const void *buf, size_t len);
int			hook_poll(struct pollfd *fds, nfds_t n, int timeout);
void	   *hook_malloc(size_t size);
int			hook_pause(void);
unsigned int hook_alarm(unsigned int seconds);
static int	malloc_fails_over = 0;	/* test 15: malloc() of more bytes than this fails (0: none) */

#define fcntl hook_fcntl
#define write hook_write
#define poll hook_poll
#define malloc hook_malloc
#define pause hook_pause
#define alarm hook_alarm
#define main sa_county_main
#include "../../tools/sa_county.c"
#undef fcntl
#undef write
#undef poll
#undef malloc
#undef pause
#undef alarm
#undef main

void *
hook_malloc(size_t size)
{
	if (malloc_fails_over > 0 && size > (size_t) malloc_fails_over)
	{
		errno = ENOMEM;
		return NULL;
	}
	return malloc(size);
}

enum
{
	R_NONE, R_HOLDER, R_RIVAL, R_WORKER, R_CHILD, R_HANDLER, R_DIER, R_CANCELLER
};
static _Thread_local int role = R_NONE;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int	holder_set;			/* the holder has made standard error non-blocking */
static int	rival_seen;			/* the rival looked at the flags, waits for room, or is back */
static int	holder_done;		/* the holder's say_once() has returned */
static int	blocking_writes;	/* say_once() writes of the rival with O_NONBLOCK clear */
static int	handler_closed;		/* tests 23-24: the handler has run say_end(), in cancel_all() */
static int	dier_waiting;		/* the dying worker waits for room */
static int	dier_parked;		/* the dying worker is in pause() */
/*
 * a forked child's marks (run_child()): 'p' per poll() for room, and per
 * write() of the program 'n' on a non-blocking description, 'b' on a
 * blocking one
 */
static int	child_side_fd = -1;

static void
wait_for(int *cond)
{
	pthread_mutex_lock(&mu);
	while (!*cond)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
}

static void
set(int *cond)
{
	pthread_mutex_lock(&mu);
	*cond = 1;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

int
hook_fcntl(int fd, int cmd,...)
{
	int			arg = 0,
				rc;
	va_list		ap;

	va_start(ap, cmd);
	if (cmd == F_SETFL)
		arg = va_arg(ap, int);
	va_end(ap);
	rc = cmd == F_SETFL ? fcntl(fd, cmd, arg) : fcntl(fd, cmd);
	if (fd == STDERR_FILENO && role == R_HOLDER && cmd == F_SETFL && (arg & O_NONBLOCK))
	{
		/* the flag is set: let the rival try now, and go on once it has got somewhere */
		set(&holder_set);
		wait_for(&rival_seen);
	}
	if (fd == STDERR_FILENO && role == R_RIVAL && cmd == F_GETFL)
		set(&rival_seen);
	return rc;
}

ssize_t
hook_write(int fd, const void *buf, size_t len)
{
	if (fd == STDERR_FILENO && role == R_RIVAL)
	{
		int			fl;

		wait_for(&holder_done);	/* after the holder has given back the flags */
		fl = fcntl(fd, F_GETFL);
		if (fl >= 0 && !(fl & O_NONBLOCK))
		{
			/* it would block on the full pipe for good: counted, not made */
			__atomic_add_fetch(&blocking_writes, 1, __ATOMIC_SEQ_CST);
			errno = EAGAIN;
			return -1;
		}
	}
	if (role == R_CHILD && child_side_fd >= 0)
	{
		int			fl = fcntl(fd, F_GETFL);
		ssize_t		w = write(child_side_fd, fl >= 0 && (fl & O_NONBLOCK) ? "n" : "b", 1);

		(void) w;
	}
	return write(fd, buf, len);
}

int
hook_poll(struct pollfd *fds, nfds_t n, int timeout)
{
	if (n == 0 && role == R_HANDLER)
	{
		/*
		 * say_end() in the handler waits for the holder: let it give the
		 * flags back now, and go on once it has (set(): the interrupted
		 * thread holds no lock of the test, it is in raise())
		 */
		set(&rival_seen);
		wait_for(&holder_done);
	}
	if (n == 1 && (fds[0].events & POLLOUT))
	{
		if (role == R_WORKER)
			set(&rival_seen);	/* the worker waits for room */
		if (role == R_DIER)
		{
			set(&dier_waiting); /* its die() waits for room: the signal comes now */
			wait_for(&handler_closed);
		}
		if (role == R_CHILD && child_side_fd >= 0)
		{
			ssize_t		rc = write(child_side_fd, "p", 1);

			(void) rc;
		}
	}
	return poll(fds, n, timeout);
}

int
hook_pause(void)
{
	if (role == R_DIER)
		set(&dier_parked);
	return pause();
}

unsigned int
hook_alarm(unsigned int seconds)
{
	if (role == R_CANCELLER && seconds > 0)
	{
		/*
		 * the handler's cancel_all(), after its say_end(): the worker dies
		 * now; go on once it has parked (set(): the interrupted main
		 * thread holds no lock of the test)
		 */
		set(&handler_closed);
		wait_for(&dier_parked);
	}
	return alarm(seconds);
}

static int	ntest = 0;

static void
ok(int cond, const char *what)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++ntest, what);
	fflush(stdout);
}

/* standard error (a pipe) filled to the last byte */
static void
full_stderr_fill(void)
{
	int			fl;
	static char x[4096];
	size_t		chunk;

	memset(x, '.', sizeof(x));	/* (no NUL: the drained text is searched as a string) */
	fl = fcntl(STDERR_FILENO, F_GETFL);
	fcntl(STDERR_FILENO, F_SETFL, fl | O_NONBLOCK);
	for (chunk = sizeof(x); chunk >= 1; chunk = chunk == 1 ? 0 : 1)
		while (write(STDERR_FILENO, x, chunk) > 0)
			;
	fcntl(STDERR_FILENO, F_SETFL, fl);
}

/* a pipe, its write end as standard error, full; the read end returned */
static int
full_stderr(void)
{
	int			p[2];

	if (pipe(p) != 0 || dup2(p[1], STDERR_FILENO) < 0)
		exit(2);
	close(p[1]);
	full_stderr_fill();
	return p[0];
}

static void
reset(void)
{
	holder_set = rival_seen = holder_done = blocking_writes = 0;
	handler_closed = dier_waiting = dier_parked = 0;
}

static void *
holder_main(void *unused)
{
	static const char msg[] = "sa_county: the holder's message\n";

	(void) unused;
	role = R_HOLDER;
	(void) say_once(msg, sizeof(msg) - 1);
	set(&holder_done);
	return NULL;
}

static void *
rival_main(void *unused)
{
	static const char msg[] = "sa_county: the rival's message\n";

	(void) unused;
	role = R_RIVAL;
	wait_for(&holder_set);
	(void) say_once(msg, sizeof(msg) - 1);
	set(&rival_seen);
	return NULL;
}

static void *
worker_main_of_test(void *unused)
{
	(void) unused;
	role = R_WORKER;
	wait_for(&holder_set);
	eprintf("sa_county[1]: the worker's message\n");
	set(&rival_seen);
	return NULL;
}

static PGconn *notice_conn;

static void *
notice_main(void *unused)
{
	PGresult   *res;

	(void) unused;
	role = R_WORKER;
	wait_for(&holder_set);
	res = PQexec(notice_conn, "DO $$BEGIN RAISE NOTICE 'sa_county_say: the server''s notice'; END$$");
	PQclear(res);
	set(&rival_seen);
	return NULL;
}

static char drained[1 << 20];
static size_t ndrained;

static void *
drain_main(void *arg)
{
	int			fd = *(int *) arg;
	ssize_t		rc;

	while ((rc = read(fd, drained + ndrained, sizeof(drained) - 1 - ndrained)) > 0)
		ndrained += (size_t) rc;
	drained[ndrained] = '\0';
	return NULL;
}

/*
 * Runs writer while holder_main's say_once() keeps a full standard error
 * non-blocking, then lets a reader drain the pipe into drained[] once the
 * holder is back: what the writer wrote while the flag was set is there, or
 * was lost.
 */
static void
drain_while_held(void *(*writer) (void *), int saved_err)
{
	int			rd = full_stderr();
	pthread_t	a,
				b,
				d;

	reset();
	pthread_create(&a, NULL, holder_main, NULL);
	pthread_create(&b, NULL, writer, NULL);
	pthread_join(a, NULL);
	ndrained = 0;
	pthread_create(&d, NULL, drain_main, &rd);	/* a reader comes */
	pthread_join(b, NULL);
	dup2(saved_err, STDERR_FILENO);	/* the pipe's last writer gone: the reader ends */
	pthread_join(d, NULL);
	close(rd);
}

/*
 * A test's program in a forked child, whose standard error or output (fd)
 * is the write end of a pipe: body(arg) runs there, role R_CHILD, its marks
 * to child_side_fd, and ends the child.  DRAIN: what it writes there is
 * read into drained[]; FULL: the pipe (standard error) is filled first and
 * nobody reads it, and the parent keeps the write end, the open file
 * description the child shares, to read its flags after the end.
 */
enum
{
	DRAIN, FULL
};
typedef struct
{
	int			status;			/* waitpid()'s */
	int			flags;			/* FULL: F_GETFL of the pipe's write end after the end */
	int			polls;			/* its poll()s for room */
	int			nonblocking;	/* its write()s on a non-blocking description */
	int			blocking;		/* and on a blocking one */
} Child;

static Child
run_child(int fd, int how, void (*body) (void *), void *arg)
{
	int			p[2],
				side[2];
	char		mark;
	Child		c = {0};
	pid_t		pid;
	pthread_t	d;

	if (pipe(p) != 0 || pipe(side) != 0)
		exit(2);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		exit(2);
	if (pid == 0)
	{
		if (dup2(p[1], fd) < 0)
			_exit(2);
		close(p[0]);
		close(p[1]);
		close(side[0]);
		if (how == FULL)
			full_stderr_fill();
		child_side_fd = side[1];
		role = R_CHILD;
		body(arg);
		_exit(3);				/* (a body ends the child itself) */
	}
	close(side[1]);
	ndrained = 0;
	drained[0] = '\0';
	if (how == DRAIN)
	{
		close(p[1]);
		pthread_create(&d, NULL, drain_main, &p[0]);	/* (both pipes read at once: neither fills) */
	}
	while (read(side[0], &mark, 1) == 1)
	{
		c.polls += mark == 'p';
		c.nonblocking += mark == 'n';
		c.blocking += mark == 'b';
	}
	close(side[0]);
	if (how == DRAIN)
		pthread_join(d, NULL);
	waitpid(pid, &c.status, 0);
	if (how == FULL)
	{
		c.flags = fcntl(p[1], F_GETFL);
		close(p[1]);
	}
	close(p[0]);
	return c;
}

/*
 * The program's main() on args (NULL-terminated), in a child: what it
 * returns is the exit status plus 10 (RETURNED()), die()'s _exit(1) is 1
 * (DIED())
 */
static void
main_of(void *args)
{
	char	  **argv = args;
	int			argc = 0;

	while (argv[argc] != NULL)
		argc++;
	_exit(10 + sa_county_main(argc, argv));
}
#define RETURNED(status, r) (WIFEXITED(status) && WEXITSTATUS(status) == 10 + (r))
#define DIED(status) (WIFEXITED(status) && WEXITSTATUS(status) == 1)

/* the same with no server: its first connection fails, die() */
static void
main_of_no_server(void *args)
{
	setenv("PGHOST", "/nonexistent/sa_county_say", 1);
	main_of(args);
}

/*
 * Tests 8-9: a worker's say_once() holds a full shared standard error
 * non-blocking (holder_main(), held in its fcntl() hook) when the handler
 * starts (a SIGTERM, raised in the main thread, on_signal() installed by
 * catch_signals()), a second signal pending already (kill(): the process's,
 * blocked by every thread until the handler unblocks it): SIGINT, another
 * of the handler's, or SIGTERM again.  The second must end the program only
 * once the holder has given the flags back (FULL: the parent reads the
 * pipe's O_NONBLOCK after the child has ended).
 */
static void
second_signal_child(void *arg)
{
	pthread_t	a;
	sigset_t	term;

	main_thread = pthread_self();
	catch_signals();
	reset();
	mask_signals(SIG_BLOCK);	/* the holder inherits it: the main thread takes the signals */
	pthread_create(&a, NULL, holder_main, NULL);
	wait_for(&holder_set);
	kill(getpid(), *(int *) arg);	/* pending: every thread blocks it */
	role = R_HANDLER;
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	pthread_kill(pthread_self(), SIGTERM);
	pthread_sigmask(SIG_UNBLOCK, &term, NULL);	/* the handler runs; the end comes from it */
	_exit(3);
}

/* 1 when the child ended by the second signal with the flag clear */
static int
second_signal_while_held(int second)
{
	Child		c = run_child(STDERR_FILENO, FULL, second_signal_child, &second);

	if (!WIFSIGNALED(c.status) || WTERMSIG(c.status) != second || c.flags < 0 || (c.flags & O_NONBLOCK))
	{
		printf("# the child ended by %s %d; O_NONBLOCK %s\n", WIFSIGNALED(c.status) ? "signal" : "exit status",
			   WIFSIGNALED(c.status) ? WTERMSIG(c.status) : WEXITSTATUS(c.status),
			   c.flags >= 0 && !(c.flags & O_NONBLOCK) ? "clear" : "left set");
		return 0;
	}
	return 1;
}

static void *
other_say_main(void *unused)
{
	static const char msg[] = "sa_county: another thread's message\n";

	(void) unused;
	say(msg, sizeof(msg) - 1);
	return NULL;
}

/*
 * Test 10: after say_end() (the handler's, before it unblocks the signals)
 * the same thread's later message (cancel_all()'s "did not end within
 * 10 s", on_alarm()'s) is still written to a shared standard error; another
 * thread's is dropped.
 */
static void
say_after_end_child(void *unused)
{
	static const char msg[] = "sa_county: the closer's message\n";
	pthread_t	a;

	(void) unused;
	say_end();
	pthread_create(&a, NULL, other_say_main, NULL);
	pthread_join(a, NULL);
	say(msg, sizeof(msg) - 1);
	_exit(0);
}

/*
 * Tests 15, 18: eprintf() of a message longer than 8 KB with no memory for
 * it (its malloc() failed by the hook), lead and then U+4E2D, three bytes
 * each: cut at a whole character, UTF-8 to its end, then its line feed and
 * the next message.  Lead "a": the 8191 bytes at hand end with a whole
 * character; "ab": vsnprintf() cut the last one (its first two bytes).
 */
static int
no_memory_cut(const char *lead, int saved_err)
{
	static char longmsg[20001];
	int			p[2],
				valid = 1;
	pthread_t	d;
	size_t		i,
				n,
				nl;
	uint32_t	cp;

	strcpy(longmsg, lead);
	for (i = strlen(lead); i + 3 <= sizeof(longmsg) - 2; i += 3)
		memcpy(longmsg + i, "\xe4\xb8\xad", 3);
	longmsg[i] = '\n';
	longmsg[i + 1] = '\0';
	if (pipe(p) != 0 || dup2(p[1], STDERR_FILENO) < 0)
		exit(2);
	close(p[1]);
	ndrained = 0;
	pthread_create(&d, NULL, drain_main, &p[0]);
	malloc_fails_over = 8192;
	eprintf("%s", longmsg);
	malloc_fails_over = 0;
	eprintf("the next message\n");
	dup2(saved_err, STDERR_FILENO);
	pthread_join(d, NULL);
	close(p[0]);
	for (i = 0; i < ndrained && valid; i += n)
		if ((n = utf8_len((const unsigned char *) drained + i, ndrained - i, &cp)) == 0)
			valid = 0;
	if (!valid)
		printf("# a byte not UTF-8 at %zu of %zu\n", i, ndrained);
	nl = strlen("the next message\n");
	if (ndrained > nl + 1 && strncmp(drained, longmsg, ndrained - nl - 1) != 0)
		printf("# not the message's bytes before the line feed: ...%.12s\n", drained + ndrained - nl - 12);
	return valid && ndrained > nl + 1 && ndrained <= 8191 + nl && drained[ndrained - nl - 1] == '\n' &&
		strncmp(drained, longmsg, ndrained - nl - 1) == 0 && strcmp(drained + ndrained - nl, "the next message\n") == 0;
}

/*
 * Tests 19, 20: what a message cut at 8 KB (die(), usage_error()) must be,
 * in drained[]: lead, then U+4E2D to its end but for one line feed (no '?'
 * for the first bytes of a character vsnprintf() cut)
 */
static int
lead_then_whole(const char *lead)
{
	size_t		i = strlen(lead);

	if (strncmp(drained, lead, i) != 0)
		return 0;
	while (i + 3 <= ndrained && memcmp(drained + i, "\xe4\xb8\xad", 3) == 0)
		i += 3;
	if (!(i > strlen(lead) && i + 1 == ndrained && drained[i] == '\n'))
	{
		printf("# after %zu of %zu bytes: %.8s\n", i, ndrained, drained + i);
		return 0;
	}
	return 1;
}

/*
 * Test 17: a worker's die() (a lost connection) after the handler's
 * say_end() closed a shared standard error to the other threads, which has
 * room: its message is dropped at once, as any say() of theirs, with no
 * poll() for room (until 2026-12-07 say_once() said EAGAIN, and die()
 * polled the standard error, which had room, over and over for its 2 s)
 */
static void *
dying_worker_main(void *unused)
{
	(void) unused;
	role = R_CHILD;
	die("the worker's connection is lost");
	return NULL;
}

static void
die_after_end_child(void *unused)
{
	pthread_t	a;

	(void) unused;
	main_thread = pthread_self();
	die_wait_ms = SAY_DIE_MS;	/* (the options read) */
	say_end();					/* the handler's */
	pthread_create(&a, NULL, dying_worker_main, NULL);
	pthread_join(a, NULL);		/* (its die() ends the child) */
	_exit(3);
}

/*
 * Tests 23-24: a worker's die() (a lost connection) in the handler's
 * window, a SIGTERM raised in the main thread (on_signal() installed by
 * catch_signals()), which is held in cancel_all()'s alarm() until the
 * worker has parked.  arg 0: the worker enters die() once the handler is
 * there; 1: die() already waits for room on the full standard error when
 * the signal comes.  Ends by SIGTERM (the worker parked) or status 1 (its
 * die() went on to _exit(1)).
 */
static void *
dier_main(void *arg)
{
	role = R_DIER;
	if (*(int *) arg == 0)
		wait_for(&handler_closed);
	die("the worker's connection is lost");
	return NULL;
}

static void
die_in_handler_child(void *arg)
{
	pthread_t	a;
	sigset_t	term;

	main_thread = pthread_self();
	die_wait_ms = SAY_DIE_MS;	/* (the options read) */
	catch_signals();
	reset();
	mask_signals(SIG_BLOCK);	/* the worker inherits it: the main thread takes the signals */
	pthread_create(&a, NULL, dier_main, arg);
	if (*(int *) arg == 1)
		wait_for(&dier_waiting);
	role = R_CANCELLER;
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	pthread_kill(pthread_self(), SIGTERM);
	pthread_sigmask(SIG_UNBLOCK, &term, NULL);	/* the handler runs; the end comes from it */
	_exit(3);
}

/* U+4E2D n times, in buf (of 3 n + 1 bytes at least) */
static char *
han(char *buf, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
		memcpy(buf + 3 * i, "\xe4\xb8\xad", 3);
	buf[3 * n] = '\0';
	return buf;
}

/* Test 22: copy_field() of a code of 90 bytes into 8 (die()) */
static void
long_code_child(void *unused)
{
	char		code[91],
				dst[8];

	(void) unused;
	copy_field(dst, sizeof(dst), han(code, 30), "service code");
	_exit(3);
}

int
main(void)
{
	int			rd,
				saved_err = dup(STDERR_FILENO),
				fl;
	pthread_t	a,
				b;
	Child		c;
	char	   *refused_t0[] = {"sa_county", "-t", "0", NULL},
			   *quiet[] = {"sa_county", "-q", NULL},
			   *bad_option_of_bad_name[] = {"sa\033[2Jcounty\377", "-\033", NULL},
			   *help_of_bad_name[] = {"sa\033[2Jcounty\377", "-h", NULL};

	printf("1..24\n");
	fflush(stdout);

	/* 1-2: two say_once() at once */
	rd = full_stderr();
	reset();
	pthread_create(&a, NULL, holder_main, NULL);
	pthread_create(&b, NULL, rival_main, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	fl = fcntl(STDERR_FILENO, F_GETFL);
	ok(blocking_writes == 0, "a say_once() while another has the flags in hand never writes a blocking standard error");
	ok(fl >= 0 && !(fl & O_NONBLOCK), "standard error is blocking again after both");
	close(rd);

	/* 3: a worker's message while the flag is set */
	drain_while_held(worker_main_of_test, saved_err);
	ok(strstr(drained, "sa_county[1]: the worker's message\n") != NULL,
	   "a worker's message written while a say_once() has made standard error non-blocking is not lost");

	/* 4-5: a bad option with standard error full */
	c = run_child(STDERR_FILENO, FULL, main_of, refused_t0);
	ok(DIED(c.status), "-t 0 is refused, status 1, standard error full");
	ok(c.polls == 0, "the refusal waits for no room on standard error (no poll(); a die() after the options does)");
	if (c.polls != 0)
		printf("# %d poll()s for room before the exit\n", c.polls);

	/* 6: the hook sees the wait where there is one: a die() after the options (no server) */
	c = run_child(STDERR_FILENO, FULL, main_of_no_server, quiet);
	ok(DIED(c.status) && c.polls > 0,
	   "a die() after the options (connection failed) waits for room on the full standard error, polling");

	/* 7: a server's notice while the flag is set (a worker's connection to the run's server) */
	{
		PGconn	   *probe = PQconnectdb("");

		if (PQstatus(probe) != CONNECTION_OK)
		{
			ok(0, "a server's notice to a worker written while a say_once() has made standard error non-blocking is not lost");
			printf("# no server (PGHOST etc.): %s", PQerrorMessage(probe));
		}
		else
		{
			notice_conn = connect_db(0);
			drain_while_held(notice_main, saved_err);
			ok(strstr(drained, "NOTICE:  sa_county_say: the server's notice\n") != NULL,
			   "a server's notice to a worker written while a say_once() has made standard error non-blocking is not lost");
			PQfinish(notice_conn);
		}
		PQfinish(probe);
	}

	/* 8-9: a second signal while the handler waits for a worker's say_once() */
	ok(second_signal_while_held(SIGINT),
	   "a SIGINT pending when the SIGTERM handler starts ends the program only once a worker's say_once() has given standard error its flags back");
	ok(second_signal_while_held(SIGTERM),
	   "a second SIGTERM pending when the handler starts ends the program only once a worker's say_once() has given standard error its flags back");
	run_child(STDERR_FILENO, DRAIN, say_after_end_child, NULL);
	ok(strstr(drained, "the closer's message") != NULL && strstr(drained, "another thread's message") == NULL,
	   "after say_end(), its thread's own message still reaches a shared standard error, another thread's is dropped");
	if (ndrained > 0)
		printf("# %s", drained);

	/*
	 * 11-12: an unknown option, the program named by an escape and a byte
	 * that is not UTF-8; its message goes through the program's write()s
	 * (hooked; fprintf()'s are not), each on a non-blocking description
	 * (the option-refusal writer's, which never waits)
	 */
	{
		c = run_child(STDERR_FILENO, DRAIN, main_of, bad_option_of_bad_name);
		ok(RETURNED(c.status, 2) && strchr(drained, '\033') == NULL && strchr(drained, '\377') == NULL &&
		   strstr(drained, "sa?[2Jcounty?: invalid option -- '?'\nusage: sa?[2Jcounty? [-t threads] ") != NULL &&
		   strstr(drained, "(sa?[2Jcounty? -h says what each option means)\n") != NULL,
		   "an unknown option: exit 2, getopt's words and the usage line made printable (an escape, a byte not UTF-8)");
		ok(c.nonblocking > 0 && c.blocking == 0, "the usage line is written as a refused -t 0 is, at once or dropped (a blocking write waited on a full pipe)");
		if (ndrained > 0 && strchr(drained, '\033') == NULL)
			printf("# %s", drained);
	}

	/* 13: a message longer than eprintf()'s 8 KB (a server's notice with a long context) */
	{
		static char longmsg[20001];
		int			p[2];
		pthread_t	d;

		memset(longmsg, 'x', sizeof(longmsg) - 2);
		longmsg[sizeof(longmsg) - 2] = '\n';
		if (pipe(p) != 0 || dup2(p[1], STDERR_FILENO) < 0)
			return 2;
		close(p[1]);
		ndrained = 0;
		pthread_create(&d, NULL, drain_main, &p[0]);
		eprintf("%s", longmsg);
		eprintf("the next message\n");
		dup2(saved_err, STDERR_FILENO);
		pthread_join(d, NULL);
		close(p[0]);
		ok(ndrained == sizeof(longmsg) - 1 + strlen("the next message\n") &&
		   strncmp(drained, longmsg, sizeof(longmsg) - 1) == 0,
		   "a message of 20,000 bytes is written whole, its line feed too, before the next");
		if (ndrained != sizeof(longmsg) - 1 + strlen("the next message\n"))
			printf("# %zu bytes written\n", ndrained);
	}

	/* 14: die() of a message of libpq's, which ends in a line feed (a connection that fails) */
	{
		c = run_child(STDERR_FILENO, DRAIN, main_of_no_server, quiet);
		ok(DIED(c.status) && strncmp(drained, "sa_county: connection failed: ", 30) == 0 &&
		   ndrained >= 2 && drained[ndrained - 1] == '\n' && drained[ndrained - 2] != '\n',
		   "die() of libpq's message: one line feed at its end, no empty line after it");
		if (ndrained >= 2 && drained[ndrained - 2] == '\n')
			printf("# an empty line after: %s", drained);
	}

	/*
	 * 15: eprintf() of a message longer than 8 KB, with no memory for it:
	 * "a" and then U+4E2D, three bytes each, so that the 8191 bytes at hand
	 * end with a whole character
	 */
	ok(no_memory_cut("a", saved_err),
	   "a message longer than 8 KB with no memory for it: cut at a whole character (UTF-8 to its end), then its line feed");

	/* 16: the help of a program named with an escape */
	{
		c = run_child(STDOUT_FILENO, DRAIN, main_of, help_of_bad_name);
		ok(RETURNED(c.status, 0) && strchr(drained, '\033') == NULL && strchr(drained, '\377') == NULL &&
		   strstr(drained, "sa?[2Jcounty? simulates") != NULL && strstr(drained, "usage: sa?[2Jcounty? [-t threads] ") != NULL,
		   "-h names a program named with an escape and a byte not UTF-8 made printable");
	}

	/* 17: a worker's die() after the handler's say_end() */
	c = run_child(STDERR_FILENO, DRAIN, die_after_end_child, NULL);
	ok(DIED(c.status) && c.polls == 0 && strstr(drained, "the worker's connection is lost") == NULL,
	   "a worker's die() after the handler's say_end() ends the program without polling for room (its message dropped at once)");
	if (c.polls != 0)
		printf("# %d poll()s for room before the exit\n", c.polls);

	/* 18: as 15, vsnprintf() having cut the last character */
	ok(no_memory_cut("ab", saved_err),
	   "a message over 8 KB with no memory for it, its 8191 bytes at hand cut inside a character: no '?' for its first bytes");

	/*
	 * 19: die() of a value of 8 KB (-t): eight U+202E (each written '?',
	 * two bytes less) and U+4E2D, an 'x' first where the 8191 bytes at hand
	 * would end with a whole character
	 */
	{
		static const char lead[] = "-t takes a whole number from 1 to 16, not \"";
		static char value[9001];
		char	   *args[] = {"sa_county", "-t", value, NULL};
		char		want[128];
		size_t		i,
					o = 0;

		for (i = 0; i < 8; i++, o += 3)
			memcpy(value + o, "\xe2\x80\xae", 3);
		if ((8191 - strlen(lead) - o) % 3 == 0)
			value[o++] = 'x';
		while (o + 3 < sizeof(value))
		{
			memcpy(value + o, "\xe4\xb8\xad", 3);
			o += 3;
		}
		value[o] = '\0';
		snprintf(want, sizeof(want), "sa_county: %s????????%s", lead, value[24] == 'x' ? "x" : "");
		c = run_child(STDERR_FILENO, DRAIN, main_of, args);
		ok(DIED(c.status) && lead_then_whole(want),
		   "die() of a message over 8 KB: cut at a whole character (no '?' for the first bytes of one vsnprintf() cut)");
	}

	/* 20: usage_error() of a program whose name (U+4E2D) is over 8 KB, and -Z */
	{
		static char name[9001];
		char	   *args[] = {name, "-Z", NULL};
		size_t		o;

		for (o = 0; o + 3 < sizeof(name); o += 3)
			memcpy(name + o, "\xe4\xb8\xad", 3);
		name[o] = '\0';
		c = run_child(STDERR_FILENO, DRAIN, main_of, args);
		ok(RETURNED(c.status, 2) && lead_then_whole("invalid option -- 'Z'\nusage: "),
		   "the usage line of a program named with 8 KB: cut at a whole character");
	}

	/*
	 * 21: int_field() of a value that is not a whole number, U+4E2D twenty
	 * times (60 bytes): its "%.40s" keeps thirteen, not a byte of the
	 * fourteenth
	 */
	{
		static Worker w;
		PGresAttDesc attr = {"v", 0, 0, 0, 25, -1, 0};
		PGresult   *res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
		char		v[61],
					want[128];
		long long	out = 0;
		int			p[2],
					got = -1;
		pthread_t	d;

		han(v, 20);
		if (res == NULL || !PQsetResultAttrs(res, 1, &attr) || !PQsetvalue(res, 0, 0, v, (int) strlen(v)) ||
			pipe(p) != 0 || dup2(p[1], STDERR_FILENO) < 0)
			return 2;
		close(p[1]);
		ndrained = 0;
		pthread_create(&d, NULL, drain_main, &p[0]);
		w.tid = 1;
		got = int_field(&w, 0, res, 0, 0, 1, 9, &out);
		dup2(saved_err, STDERR_FILENO);
		pthread_join(d, NULL);
		close(p[0]);
		PQclear(res);
		snprintf(want, sizeof(want), "of its result is \"%s\", not a whole number", han(v, 13));
		ok(got == 0 && strstr(drained, want) != NULL && strchr(drained, '?') == NULL,
		   "a value not a whole number, cut by its %.40s inside a character: cut before it (no '?')");
		if (strstr(drained, want) == NULL)
			printf("# %s", drained);
	}

	/* 22: copy_field() of a code too long, U+4E2D thirty times: its "%.80s" keeps twenty-six */
	{
		char		want[256],
					h[79];

		c = run_child(STDERR_FILENO, DRAIN, long_code_child, NULL);
		snprintf(want, sizeof(want), "sa_county: service code \"%s\" is longer than 7 bytes\n", han(h, 26));
		ok(DIED(c.status) && strcmp(drained, want) == 0,
		   "die() of a code too long, cut by its %.80s inside a character: cut before it (no '?')");
		if (!DIED(c.status) || strcmp(drained, want) != 0)
			printf("# status %d: %s", c.status, drained);
	}

	/* 23-24: a worker's die() while the handler cancels */
	{
		int			when;

		for (when = 0; when <= 1; when++)
		{
			c = run_child(STDERR_FILENO, when == 0 ? DRAIN : FULL, die_in_handler_child, &when);
			ok(WIFSIGNALED(c.status) && WTERMSIG(c.status) == SIGTERM &&
			   (when == 0 || (c.flags >= 0 && !(c.flags & O_NONBLOCK))),
			   when == 0 ? "a worker's die() entered after the handler's say_end() parks: the program ends by the signal, not status 1"
			   : "a worker's die() waiting for room when the handler closes standard error parks: the program ends by the signal, not status 1");
			if (!WIFSIGNALED(c.status) || WTERMSIG(c.status) != SIGTERM)
				printf("# the child ended by %s %d\n", WIFSIGNALED(c.status) ? "signal" : "exit status",
					   WIFSIGNALED(c.status) ? WTERMSIG(c.status) : WEXITSTATUS(c.status));
		}
	}
	return 0;
}
