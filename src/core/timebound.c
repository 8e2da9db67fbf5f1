/*
 * timebound.c — the range of instants a writer records; see timebound.h.
 */
#include "timebound.h"

sa_time_range
sa_time_classify(int64_t t)
{
	if (t == INT64_MIN || t == INT64_MAX)
		return SA_TIME_INFINITE;
	if (t < SA_TIME_FLOOR)
		return SA_TIME_TOO_EARLY;
	if (t >= SA_TIME_CEILING)
		return SA_TIME_TOO_LATE;
	return SA_TIME_IN_RANGE;
}

bool
sa_time_recordable(int64_t t)
{
	return sa_time_classify(t) == SA_TIME_IN_RANGE;
}
