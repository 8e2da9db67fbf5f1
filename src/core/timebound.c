/*
 * timebound.c — the last instant a writer records; see timebound.h.
 */
#include "timebound.h"

bool
sa_time_recordable(int64_t t)
{
	return t != INT64_MIN && t < SA_TIME_CEILING;
}

bool
sa_time_too_late(int64_t t)
{
	return t != INT64_MAX && t >= SA_TIME_CEILING;
}
