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
 * SA_FINISH_HOLD and SA_FINISH_FREE: below, where they are used.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <fcntl.h>
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
