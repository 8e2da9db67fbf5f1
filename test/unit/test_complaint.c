/*
 * test_complaint.c — unit tests of src/core/complaint.c: the state machine
 * (every state x action x anonymity against a table written out by hand),
 * channel and category parsing, the category defaults, the due rule against
 * a day-by-day walk, and the earlier-of-two SLA due.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "complaint.h"

static void *
std_alloc(size_t size, void *arg)
{
	(void) arg;
	return malloc(size);
}

static int32_t
walk_add(const sa_workcal *cal, int32_t d, int n)
{
	if (n == 0)
	{
		while (!sa_wd_is_workday(cal, d))
			d++;
		return d;
	}
	while (n > 0)
	{
		d++;
		if (sa_wd_is_workday(cal, d))
			n--;
	}
	return d;
}

/*
 * The expected outcome, by hand: -1 wrong state, -2 anonymous refused,
 * -3 named refused, else the next state.  [state][action][anonymous]
 */
#define W -1
#define A -2
#define N -3
static const int expected[SA_CPL_NSTATES][SA_CPL_NACTIONS][2] = {
	/* assign, transfer, supervise, reply, cb_sat, cb_unsat, close */
	/* received */ {{SA_CPL_ASSIGNED, SA_CPL_ASSIGNED}, {W, W}, {SA_CPL_RECEIVED, SA_CPL_RECEIVED}, {W, W}, {W, W}, {W, W}, {W, W}},
	/* assigned */ {{W, W}, {SA_CPL_ASSIGNED, SA_CPL_ASSIGNED}, {SA_CPL_ASSIGNED, SA_CPL_ASSIGNED}, {SA_CPL_REPLIED, SA_CPL_REPLIED}, {W, W}, {W, W}, {W, W}},
	/* replied */  {{W, W}, {W, W}, {W, W}, {W, W}, {SA_CPL_CLOSED, A}, {SA_CPL_REOPENED, A}, {N, SA_CPL_CLOSED}},
	/* closed */   {{W, W}, {W, W}, {W, W}, {W, W}, {W, W}, {W, W}, {W, W}},
	/* reopened */ {{W, W}, {SA_CPL_REOPENED, SA_CPL_REOPENED}, {SA_CPL_REOPENED, SA_CPL_REOPENED}, {SA_CPL_REPLIED, SA_CPL_REPLIED}, {W, W}, {W, W}, {W, W}},
};

int
main(void)
{
	sa_workcal	cal;
	sa_wd_override ov[2];
	int			bad = 0;
	int32_t		due;

	/* state machine, exhaustively */
	for (int s = 0; s < SA_CPL_NSTATES; s++)
		for (int a = 0; a < SA_CPL_NACTIONS; a++)
			for (int anon = 0; anon < 2; anon++)
			{
				sa_cpl_state to = (sa_cpl_state) 99;
				sa_cpl_status st = sa_cpl_next((sa_cpl_state) s, (sa_cpl_action) a, anon, &to);
				int			want = expected[s][a][anon];
				int			got = st == SA_CPL_OK ? (int) to
					: st == SA_CPL_WRONG_STATE ? W : st == SA_CPL_ANONYMOUS ? A : st == SA_CPL_NOT_ANONYMOUS ? N : -9;

				if (got != want || (st != SA_CPL_OK && to != (sa_cpl_state) 99))
				{
					bad++;
					printf("# state %s action %s anonymous %d: got %d want %d\n",
						 sa_cpl_state_name(s), sa_cpl_action_name(a), anon, got, want);
				}
			}
	is_int(bad, 0, "5 states x 7 actions x anonymity follow the table");
	{
		sa_cpl_state to;

		ok(sa_cpl_next((sa_cpl_state) 7, SA_CPL_TRANSFER, false, &to) == SA_CPL_WRONG_STATE,
		   "an unknown state is a wrong state");
		ok(sa_cpl_next(SA_CPL_ASSIGNED, (sa_cpl_action) 42, false, &to) == SA_CPL_WRONG_STATE,
		   "an unknown action is refused");
	}

	/* names */
	ok(sa_cpl_state_parse("reopened", 8) == SA_CPL_REOPENED && sa_cpl_state_parse("Closed", 6) == -1,
	   "states parse exactly");
	ok(sa_cpl_action_parse("callback_unsatisfied", 20) == SA_CPL_CALLBACK_UNSATISFIED &&
	   sa_cpl_action_parse("clos", 4) == -1 && sa_cpl_action_parse(NULL, 0) == -1,
	   "actions parse exactly");
	for (int s = 0; s < SA_CPL_NSTATES; s++)
		if (sa_cpl_state_parse(sa_cpl_state_name(s), strlen(sa_cpl_state_name(s))) != s)
			bad++;
	is_int(bad, 0, "state names round-trip");

	/* channels and categories */
	ok(sa_cpl_channel_valid("12345", 5) && sa_cpl_channel_valid("window", 6) &&
	   sa_cpl_channel_valid("online", 6) && sa_cpl_channel_valid("letter", 6) &&
	   sa_cpl_channel_valid("cannot_do", 9), "the five channels are valid");
	ok(!sa_cpl_channel_valid("12345 ", 6) && !sa_cpl_channel_valid("1234", 4) &&
	   !sa_cpl_channel_valid("mobile", 6) && !sa_cpl_channel_valid("", 0) &&
	   !sa_cpl_channel_valid(NULL, 0) && !sa_cpl_channel_valid("online\0", 7),
	   "prefixes, extensions, other channels, empty, NULL and NUL are not");
	is_int(sa_cpl_category_parse("consultation", 12), 0, "consultation is category 0");
	is_int(sa_cpl_category_parse("cannot_do", 9), 4, "cannot_do is category 4");
	ok(!sa_cpl_category_valid("Complaint", 9) && !sa_cpl_category_valid("praise", 6),
	   "categories are case-sensitive and closed");
	ok(sa_cpl_category_default_days(0) == 1 && sa_cpl_category_default_days(1) == 5 &&
	   sa_cpl_category_default_days(2) == 10 && sa_cpl_category_default_days(3) == 10 &&
	   sa_cpl_category_default_days(4) == 3, "defaults: 1, 5, 10, 10, 3 working days");
	ok(sa_cpl_category_default_days(-1) == -1 && sa_cpl_category_default_days(5) == -1,
	   "no default for an unknown category");

	/* due: Monday..Friday, day 4 (a Wednesday) off, day 7 (a Saturday) working */
	ov[0].day = 4;
	ov[0].workday = false;
	ov[1].day = 7;
	ov[1].workday = true;
	if (sa_wd_build(&cal, "1111100", ov, 2, std_alloc, NULL) != SA_WD_OK)
	{
		ok(0, "calendar builds");
		return tap_done();
	}
	ok(sa_cpl_due(&cal, 3, 1, &due) == SA_CPL_OK && due == 5, "1 day from day 3 skips the holiday");
	ok(sa_cpl_due(&cal, 6, 1, &due) == SA_CPL_OK && due == 7, "the make-up Saturday counts");
	ok(sa_cpl_due(&cal, 8, 0, &due) == SA_CPL_OK && due == 9, "0 days from a Sunday is the Monday");
	bad = 0;
	for (int32_t d = -400; d < 400; d++)
		for (int n = 0; n <= 12; n += 3)
			if (sa_cpl_due(&cal, d, n, &due) != SA_CPL_OK || due != walk_add(&cal, d, n))
				bad++;
	is_int(bad, 0, "800 days x 5 limits agree with a walk");
	due = -7;
	ok(sa_cpl_due(&cal, 3, -1, &due) == SA_CPL_BAD_DAYS && due == -7, "a negative limit is refused, nothing written");
	ok(sa_cpl_due(&cal, 3, 366, &due) == SA_CPL_BAD_DAYS, "366 days are refused");
	ok(sa_cpl_due(&cal, SA_WD_MAX_DAY - 1, 10, &due) == SA_CPL_OUT_OF_RANGE, "past the date range is out of range");
	ok(sa_cpl_due(&cal, SA_WD_MIN_DAY - 1, 1, &due) == SA_CPL_OUT_OF_RANGE, "before the date range is out of range");


	free(cal.bits);
	free(cal.rank);
	free(cal.wday);
	return tap_done();
}
#undef W
#undef A
#undef N
