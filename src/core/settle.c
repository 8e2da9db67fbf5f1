/*
 * settle.c — the rule of settling (see settle.h).
 */
#include "settle.h"

#include <stddef.h>

#define SA_USECS_PER_DAY	INT64_C(86400000000)

sa_settle_result
sa_settle_decide(const sa_settle_case *c, int64_t at_us, int32_t quiet_days)
{
	if (c == NULL || quiet_days < 0 || quiet_days > SA_SETTLE_QUIET_DAYS_MAX
		|| at_us == INT64_MIN || at_us == INT64_MAX)
		return SA_SETTLE_BAD;
	switch (c->status)
	{
		case SA_CASE_ACCEPTED:
			return SA_SETTLE_RUNNING;
		case SA_CASE_CONCLUDED:
			if (!c->delivered)
				return SA_SETTLE_UNDELIVERED;
			if (c->tolerated_owed)
				return SA_SETTLE_TOLERATED;
			break;
		case SA_CASE_RETURNED:
		case SA_CASE_WITHDRAWN:
		case SA_CASE_REVOKED:
			break;
		default:
			return SA_SETTLE_BAD;
	}
	if (c->leg_open)
		return SA_SETTLE_LEG_OPEN;
	if (c->check_open)
		return SA_SETTLE_CHECK_OPEN;
	if (c->merit_counting)
		return SA_SETTLE_MERIT;
	if (c->rectification_open)
		return SA_SETTLE_RECTIFICATION_OPEN;
	if (c->callback_owed)
		return SA_SETTLE_CALLBACK_OWED;
	/* every case has its submission event; an infinite one never settles */
	if (c->last_event_us == INT64_MIN || c->last_event_us == INT64_MAX)
		return SA_SETTLE_BAD;
	/* at - last >= quiet, without overflow: both are finite µs counts */
	if (c->last_event_us > at_us
		|| (uint64_t) at_us - (uint64_t) c->last_event_us < (uint64_t) quiet_days * (uint64_t) SA_USECS_PER_DAY)
		return SA_SETTLE_QUIET;
	return SA_SETTLE_YES;
}

const char *
sa_settle_reason(sa_settle_result r)
{
	switch (r)
	{
		case SA_SETTLE_YES:
			return "settled";
		case SA_SETTLE_RUNNING:
			return "accepted and running";
		case SA_SETTLE_UNDELIVERED:
			return "concluded, result not delivered";
		case SA_SETTLE_TOLERATED:
			return "a tolerated material still owed";
		case SA_SETTLE_LEG_OPEN:
			return "originals or result still on their way";
		case SA_SETTLE_CHECK_OPEN:
			return "a commitment check open";
		case SA_SETTLE_MERIT:
			return "a kept commitment check still counting as a credit merit";
		case SA_SETTLE_RECTIFICATION_OPEN:
			return "a rectification open";
		case SA_SETTLE_CALLBACK_OWED:
			return "a call-back still owed";
		case SA_SETTLE_QUIET:
			return "within the quiet period";
		case SA_SETTLE_BAD:
			break;
	}
	return "not a case that can be judged";
}
