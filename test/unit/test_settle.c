/*
 * test_settle.c — unit tests of src/core/settle.c: when a case is settled.
 */
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "settle.h"

#define DAY INT64_C(86400000000)

static sa_settle_case
quiet_case(sa_case_status s)
{
	sa_settle_case c = {0};

	c.status = s;
	c.delivered = (s == SA_CASE_CONCLUDED);
	c.last_event_us = 0;
	return c;
}

int
main(void)
{
	sa_settle_case c;
	int64_t		at = 90 * DAY;
	int			s;

	/* the statuses */
	for (s = 0; s < SA_CASE_NSTATUS; s++)
	{
		c = quiet_case((sa_case_status) s);
		if (s == SA_CASE_ACCEPTED)
			ok(sa_settle_decide(&c, at, 90) == SA_SETTLE_RUNNING, "an accepted case is never settled");
		else
		{
			char		name[96];

			snprintf(name, sizeof name, "a quiet %s case is settled after 90 days", sa_case_status_name((sa_case_status) s));
			ok(sa_settle_decide(&c, at, 90) == SA_SETTLE_YES, name);
		}
	}
	c = quiet_case(SA_CASE_ACCEPTED);
	c.last_event_us = -1000 * DAY;
	ok(sa_settle_decide(&c, at, 0) == SA_SETTLE_RUNNING, "however old its last event");
	c = quiet_case(SA_CASE_UNKNOWN);
	ok(sa_settle_decide(&c, at, 90) == SA_SETTLE_BAD, "an unknown status is not judged");
	c = quiet_case((sa_case_status) SA_CASE_NSTATUS);
	ok(sa_settle_decide(&c, at, 90) == SA_SETTLE_BAD, "nor one past the enum");
	ok(sa_settle_decide(NULL, at, 90) == SA_SETTLE_BAD, "nor no case");

	/* what a concluded case still owes */
	c = quiet_case(SA_CASE_CONCLUDED);
	c.delivered = false;
	ok(sa_settle_decide(&c, at, 90) == SA_SETTLE_UNDELIVERED, "concluded but not delivered: open");
	c = quiet_case(SA_CASE_CONCLUDED);
	c.tolerated_owed = true;
	ok(sa_settle_decide(&c, at, 90) == SA_SETTLE_TOLERATED, "concluded with a tolerated material owed: the sweep may still revoke it");
	c = quiet_case(SA_CASE_WITHDRAWN);
	c.delivered = false;
	c.tolerated_owed = true;
	ok(sa_settle_decide(&c, at, 90) == SA_SETTLE_YES, "a withdrawn case owes neither delivery nor materials");

	/* obligations of every status */
	for (s = 0; s < SA_CASE_NSTATUS; s++)
	{
		if (s == SA_CASE_ACCEPTED)
			continue;
		c = quiet_case((sa_case_status) s);
		c.leg_open = true;
		ok(sa_settle_decide(&c, at, 90) == SA_SETTLE_LEG_OPEN, "an open leg keeps the case open");
		c = quiet_case((sa_case_status) s);
		c.check_open = true;
		ok(sa_settle_decide(&c, at, 90) == SA_SETTLE_CHECK_OPEN, "an open commitment check keeps it open");
		c = quiet_case((sa_case_status) s);
		c.merit_counting = true;
		ok(sa_settle_decide(&c, at, 90) == SA_SETTLE_MERIT, "a kept check that still counts as a merit keeps it open");
		c = quiet_case((sa_case_status) s);
		c.rectification_open = true;
		ok(sa_settle_decide(&c, at, 90) == SA_SETTLE_RECTIFICATION_OPEN, "an open rectification keeps it open");
		c = quiet_case((sa_case_status) s);
		c.callback_owed = true;
		ok(sa_settle_decide(&c, at, 90) == SA_SETTLE_CALLBACK_OWED, "a call-back still owed keeps it open, the rectification closed");
		c.rectification_open = true;
		ok(sa_settle_decide(&c, at, 90) == SA_SETTLE_RECTIFICATION_OPEN, "an open rectification is named before its call-back");
	}
	c = quiet_case(SA_CASE_CONCLUDED);
	c.delivered = false;
	c.leg_open = c.check_open = c.rectification_open = true;
	c.last_event_us = at;
	ok(sa_settle_decide(&c, at, 90) == SA_SETTLE_UNDELIVERED, "the first reason in the enum's order is given");
	c.delivered = true;
	ok(sa_settle_decide(&c, at, 90) == SA_SETTLE_LEG_OPEN, "then the next");

	/* the quiet period */
	c = quiet_case(SA_CASE_REVOKED);
	c.last_event_us = at - 90 * DAY;
	ok(sa_settle_decide(&c, at, 90) == SA_SETTLE_YES, "exactly 90 days after its last event: settled");
	c.last_event_us = at - 90 * DAY + 1;
	ok(sa_settle_decide(&c, at, 90) == SA_SETTLE_QUIET, "one microsecond less: not yet");
	c.last_event_us = at + DAY;
	ok(sa_settle_decide(&c, at, 0) == SA_SETTLE_QUIET, "an event after the instant of settling: not yet, even with no period");
	c.last_event_us = at;
	ok(sa_settle_decide(&c, at, 0) == SA_SETTLE_YES, "a period of 0 settles at once");
	ok(sa_settle_decide(&c, at, -1) == SA_SETTLE_BAD, "a negative period is refused");
	ok(sa_settle_decide(&c, at, SA_SETTLE_QUIET_DAYS_MAX + 1) == SA_SETTLE_BAD, "a period beyond the maximum is refused");
	c.last_event_us = INT64_MIN + 1;
	ok(sa_settle_decide(&c, INT64_MAX - 1, SA_SETTLE_QUIET_DAYS_MAX) == SA_SETTLE_YES,
	   "the widest finite span does not overflow");
	c.last_event_us = INT64_MAX - 1;
	ok(sa_settle_decide(&c, INT64_MIN + 1, 0) == SA_SETTLE_QUIET, "nor the widest negative one");
	c.last_event_us = INT64_MIN;
	ok(sa_settle_decide(&c, at, 90) == SA_SETTLE_BAD, "a last event at -infinity is not judged");
	c.last_event_us = INT64_MAX;
	ok(sa_settle_decide(&c, at, 90) == SA_SETTLE_BAD, "nor one at infinity");
	c.last_event_us = 0;
	ok(sa_settle_decide(&c, INT64_MAX, 90) == SA_SETTLE_BAD, "nor settling at infinity");

	/* reasons: one of its own for every result, the fallback only for BAD */
	for (s = SA_SETTLE_YES; s < SA_SETTLE_BAD; s++)
	{
		int			t;
		bool		distinct = true;

		for (t = SA_SETTLE_YES; t <= SA_SETTLE_BAD; t++)
			if (t != s && strcmp(sa_settle_reason((sa_settle_result) s), sa_settle_reason((sa_settle_result) t)) == 0)
				distinct = false;
		ok(distinct, "every result has a reason of its own");
	}
	ok(strcmp(sa_settle_reason((sa_settle_result) 99), sa_settle_reason(SA_SETTLE_BAD)) == 0,
	   "one out of range gets the fallback");
	return tap_done();
}
