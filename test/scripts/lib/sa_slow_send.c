/*
 * Preloaded (LD_PRELOAD) into tools/sa_county by sa_county_hostile.sh, to
 * make its races certain without sleeps.  Built by `make -C tools
 * test-libs` (build/tools/sa_slow_send.so) with the compiler and warning
 * flags of tools/sa_county (until 2026-12-07 the script built it with a
 * plain `cc` and no warnings).
 *
 * Once the file SA_SLOW_FLAG exists each query's send() waits 2 s and each
 * connect() (the handler's cancel connections) SA_SLOW_CONNECT_MS (800 ms
 * unless given); with SA_CANCEL_LOG set, the process id of every cancel
 * request sent (PQcancel(): 16 bytes, code 80877102) is appended to that
 * file.  SA_HOLD_FLAG, SA_HOLD_LOG, SA_CANCEL_GATE, SA_CANCEL_FREE,
 * SA_FINISH_HOLD, SA_FINISH_FREE, SA_NO_PROC_FD, SA_FILL_AFTER_POLL and
 * SA_SIGNAL_IN_WRITE: below, where they are used.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
static ssize_t (*real_send) (int, const void *, size_t, int);
static int	(*real_connect) (int, const struct sockaddr *, socklen_t);
static const char *flag;
static const char *cancel_log;
static long connect_ms = 800;
static const char *hold, *hold_log, *gate;
static int	gate_free;
static int	ncancels;		/* sent by this process (by the handler, in the main thread) */
static const char *finish_hold;
static int	finish_free, nfinish;
static int	(*real_open) (const char *, int,...);
static int	(*real_poll) (struct pollfd *, nfds_t, int);
static int	no_proc_fd, fill_after_poll;
static ssize_t (*real_write) (int, const void *, size_t);
static int	signal_in_write;
__attribute__((constructor)) static void
init(void)
{
	const char *ms = getenv("SA_SLOW_CONNECT_MS");

	real_send = (ssize_t (*) (int, const void *, size_t, int)) dlsym(RTLD_NEXT, "send");
	real_connect = (int (*) (int, const struct sockaddr *, socklen_t)) dlsym(RTLD_NEXT, "connect");
	flag = getenv("SA_SLOW_FLAG");
	cancel_log = getenv("SA_CANCEL_LOG");
	if (ms)
		connect_ms = atol(ms);
	hold = getenv("SA_HOLD_FLAG");
	hold_log = getenv("SA_HOLD_LOG");
	gate = getenv("SA_CANCEL_GATE");
	gate_free = getenv("SA_CANCEL_FREE") ? atoi(getenv("SA_CANCEL_FREE")) : 0;
	finish_hold = getenv("SA_FINISH_HOLD");
	finish_free = getenv("SA_FINISH_FREE") ? atoi(getenv("SA_FINISH_FREE")) : 0;
	real_open = (int (*) (const char *, int,...)) dlsym(RTLD_NEXT, "open");
	real_poll = (int (*) (struct pollfd *, nfds_t, int)) dlsym(RTLD_NEXT, "poll");
	no_proc_fd = getenv("SA_NO_PROC_FD") != NULL;
	fill_after_poll = getenv("SA_FILL_AFTER_POLL") != NULL;
	real_write = (ssize_t (*) (int, const void *, size_t)) dlsym(RTLD_NEXT, "write");
	signal_in_write = getenv("SA_SIGNAL_IN_WRITE") ? atoi(getenv("SA_SIGNAL_IN_WRITE")) : 0;
}
static void
log_line(const char *path, unsigned v)
{
	char		line[24];
	int			n = snprintf(line, sizeof(line), "%u\n", v);
	int			fd2 = open(path, O_WRONLY | O_APPEND | O_CREAT, 0600);

	if (fd2 >= 0)
	{
		ssize_t		rc = write(fd2, line, (size_t) n);

		(void) rc;				/* a line lost: the test that reads the file says so */
		close(fd2);
	}
}
static void
nap(long ms)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&t, &t) != 0)
		;
}
ssize_t
send(int fd, const void *buf, size_t len, int flags)
{
	const char *b = buf;
	uint32_t	w[4];

	if (len == 16)
	{
		memcpy(w, buf, 16);
		if (ntohl(w[0]) == 16 && ntohl(w[1]) == 80877102)
		{
			/* past the first SA_CANCEL_FREE, a cancel waits while the file SA_CANCEL_GATE exists */
			if (gate && ++ncancels > gate_free)
				while (access(gate, F_OK) == 0)
					nap(10);
			if (cancel_log)
				log_line(cancel_log, (unsigned) ntohl(w[2]));
		}
	}
	/*
	 * a statement (but START TRANSACTION and COMMIT: a transaction held
	 * open would hold its locks) waits while the file SA_HOLD_FLAG exists;
	 * one line in SA_HOLD_LOG when it starts waiting
	 */
	if (hold && len > 5 && (b[0] == 'Q' || b[0] == 'P') && access(hold, F_OK) == 0 &&
		!(b[0] == 'Q' && (strncmp(b + 5, "COMMIT", 6) == 0 || strncmp(b + 5, "START", 5) == 0)))
	{
		if (hold_log)
			log_line(hold_log, (unsigned) getpid());
		while (access(hold, F_OK) == 0)
			nap(10);
	}
	/*
	 * past the first SA_FINISH_FREE, a connection's Terminate message
	 * (PQfinish(): 'X', 5 bytes) waits while the file SA_FINISH_HOLD
	 * exists; one line in SA_HOLD_LOG when it starts waiting
	 */
	if (finish_hold && len == 5 && b[0] == 'X' && __atomic_add_fetch(&nfinish, 1, __ATOMIC_SEQ_CST) > finish_free)
	{
		if (hold_log)
			log_line(hold_log, (unsigned) getpid());
		while (access(finish_hold, F_OK) == 0)
			nap(10);
	}
	if (flag && len > 0 && (b[0] == 'Q' || b[0] == 'P') && access(flag, F_OK) == 0)
		nap(2000);
	return real_send(fd, buf, len, flags);
}
int
connect(int fd, const struct sockaddr *addr, socklen_t addrlen)
{
	if (flag && access(flag, F_OK) == 0)
		nap(connect_ms);
	return real_connect(fd, addr, addrlen);
}

/*
 * With SA_NO_PROC_FD set, /proc/self/fd/2 cannot be opened (ENOENT), as
 * where /proc is not mounted: the program writes to standard error itself.
 */
int
open(const char *path, int flags,...)
{
	mode_t		mode = 0;

	if (flags & (O_CREAT | O_TMPFILE))
	{
		va_list		ap;

		va_start(ap, flags);
		mode = (mode_t) va_arg(ap, int);
		va_end(ap);
	}
	if (no_proc_fd && strcmp(path, "/proc/self/fd/2") == 0)
	{
		errno = ENOENT;
		return -1;
	}
	return real_open(path, flags, mode);
}

/*
 * With SA_FILL_AFTER_POLL set, a poll() that finds room to write on
 * standard error (a pipe) is followed, before it returns, by another
 * writer that fills the pipe (through a description of its own,
 * non-blocking): the room poll() found is gone when the program writes.
 */
int
poll(struct pollfd *fds, nfds_t n, int timeout)
{
	int			rc = real_poll(fds, n, timeout);

	if (fill_after_poll && rc == 1 && n == 1 && fds[0].fd == STDERR_FILENO && (fds[0].revents & POLLOUT))
	{
		int			fd = real_open("/proc/self/fd/2", O_WRONLY | O_NONBLOCK | O_CLOEXEC);
		static const char x[4096];
		size_t		chunk;

		if (fd >= 0)
		{
			for (chunk = sizeof(x); chunk >= 1; chunk = chunk == 1 ? 0 : 1)
				while (write(fd, x, chunk) > 0)
					;
			close(fd);
		}
	}
	return rc;
}

/*
 * With SA_SIGNAL_IN_WRITE set to a signal number, the first write() to
 * standard error made while its description is non-blocking raises that
 * signal first: a signal that comes while the program has made a shared
 * standard error non-blocking for one write().
 */
ssize_t
write(int fd, const void *buf, size_t len)
{
	static int	raised;

	if (signal_in_write > 0 && fd == STDERR_FILENO && !__atomic_exchange_n(&raised, 1, __ATOMIC_SEQ_CST))
	{
		int			fl = fcntl(fd, F_GETFL);

		if (fl >= 0 && (fl & O_NONBLOCK))
			raise(signal_in_write);
		else
			__atomic_store_n(&raised, 0, __ATOMIC_SEQ_CST);
	}
	return real_write(fd, buf, len);
}
