/*
 * ab_cpu(): the CPU time of the calling backend so far, in nanoseconds
 * (clock_gettime(CLOCK_PROCESS_CPUTIME_ID)), for bench/scale/ab_partition.sh.
 * /proc/self/schedstat, read by the backend itself, advances only when the
 * kernel updates the task's runtime (a tick or a switch: steps of 0.6-4 ms on
 * the test machine); this clock brings it up to date when it is read.
 * Built by the bench into the private installation only, never installed.
 */
#include "postgres.h"

#include <time.h>

#include "fmgr.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(ab_cpu);

Datum
ab_cpu(PG_FUNCTION_ARGS)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
		elog(ERROR, "clock_gettime failed: %m");
	PG_RETURN_INT64((int64) ts.tv_sec * 1000000000 + ts.tv_nsec);
}
