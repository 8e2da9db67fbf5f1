/*
 * test_routing.c — unit tests of src/core/routing.c: stage planning, case
 * shift; plus a randomized comparison with a naive model.
 */
#include <stdio.h>
#include <stdlib.h>

#include "routing.h"
#include "tap.h"

#define T(st, s, ap, ca, sh) ((rt_task) {(st), (s), (ap), (ca), (sh)})

static const char *
next_name(rt_next n)
{
	switch (n)
	{
		case RT_NEXT_RUNNING: return "running";
		case RT_NEXT_OPEN_STAGE: return "open_stage";
		case RT_NEXT_CONCLUDE: return "conclude";
		case RT_NEXT_EMPTY: return "empty";
		case RT_NEXT_BAD_TASK: return "bad_task";
	}
	return "?";
}

static void
check(const rt_task *t, int n, rt_next want, int32_t want_stage, bool want_approved, const char *what)
{
	int32_t		stage;
	bool		approved;
	rt_next		got = rt_plan_next(t, n, &stage, &approved);

	is_str(next_name(got), next_name(want), "%s: next", what);
	if (want == RT_NEXT_OPEN_STAGE)
		is_int(stage, want_stage, "%s: stage", what);
	if (want == RT_NEXT_CONCLUDE)
		ok(approved == want_approved, "%s: approved = %d", what, (int) want_approved);
}

/* naive model: distinct stages sorted, checked one by one */
static int32_t
naive_shift(const rt_task *t, int n)
{
	int32_t		s,
				total = 0;

	for (s = 1; s <= 5; s++)
	{
		int32_t		best = 0;
		int			i;

		for (i = 0; i < n; i++)
			if (!t[i].cancelled && t[i].stage == s && t[i].shift > best)
				best = t[i].shift;
		total += best;
	}
	return total;
}

static void *
ut_alloc(size_t size, void *arg)
{
	(void) arg;
	return malloc(size);
}

/* a task row that satisfies every invariant: open, with its clock */
static rt_task_row
good_row(void)
{
	rt_task_row r = {0};

	r.stage = 1;
	r.limit_days = 10;
	r.status = "open";
	r.status_len = 4;
	r.decision_len = -1;
	r.suspend_reason_len = -1;
	r.sla_state_len = -1;
	r.has_opened_at = true;
	r.has_due = true;
	return r;
}

int
main(void)
{
	rt_task		a[8];
	int			round;

	/* first stage */
	a[0] = T(3, RT_WAITING, false, false, 0);
	a[1] = T(2, RT_WAITING, false, false, 0);
	a[2] = T(5, RT_WAITING, false, false, 0);
	is_int(rt_first_stage(a, 3), 2, "first stage: the lowest number, not the first row");
	is_int(rt_first_stage(a, 0), 0, "first stage of nothing: 0");

	/* planning */
	check(a, 0, RT_NEXT_EMPTY, 0, false, "no task");
	a[0] = T(1, RT_DONE, true, false, 0);
	check(a, 1, RT_NEXT_CONCLUDE, 0, true, "single item approved");
	a[0] = T(1, RT_DONE, false, false, 0);
	check(a, 1, RT_NEXT_CONCLUDE, 0, false, "single item denied");
	a[0] = T(1, RT_OPEN, false, false, 0);
	check(a, 1, RT_NEXT_RUNNING, 0, false, "single item open");
	a[0] = T(1, RT_SUSPENDED, false, false, 0);
	check(a, 1, RT_NEXT_RUNNING, 0, false, "single item suspended");

	a[0] = T(1, RT_DONE, true, false, 0);
	a[1] = T(1, RT_OPEN, false, false, 0);
	a[2] = T(2, RT_WAITING, false, false, 0);
	check(a, 3, RT_NEXT_RUNNING, 0, false, "parallel stage not finished");
	a[1] = T(1, RT_DONE, true, false, 0);
	check(a, 3, RT_NEXT_OPEN_STAGE, 2, false, "stage 1 finished: stage 2 opens");
	a[2] = T(4, RT_WAITING, false, false, 0);
	a[3] = T(3, RT_WAITING, false, false, 0);
	check(a, 4, RT_NEXT_OPEN_STAGE, 3, false, "gaps in stage numbers: the next lowest opens");
	a[2] = T(4, RT_DONE, true, false, 0);
	a[3] = T(3, RT_DONE, false, false, 0);
	check(a, 4, RT_NEXT_CONCLUDE, 0, false, "one denial: denied");
	a[3] = T(3, RT_DONE, true, false, 0);
	check(a, 4, RT_NEXT_CONCLUDE, 0, true, "all approved: approved");
	a[3] = T(3, RT_DONE, false, true, 0);
	check(a, 4, RT_NEXT_CONCLUDE, 0, true, "a cancelled task decides nothing");
	/* blocked (its licence from an earlier stage is not valid): finished, not approved */
	a[3] = T(3, RT_BLOCKED, false, false, 0);
	check(a, 4, RT_NEXT_CONCLUDE, 0, false, "a blocked task: the case concludes denied");
	a[2] = T(4, RT_WAITING, false, false, 0);
	check(a, 4, RT_NEXT_OPEN_STAGE, 4, false, "a blocked stage is finished: the next one opens");
	a[2] = T(4, RT_DONE, true, false, 0);
	a[3] = T(3, RT_DONE, true, false, 0);
	a[3] = T(0, RT_DONE, true, false, 0);
	check(a, 4, RT_NEXT_BAD_TASK, 0, false, "stage 0 is refused");
	a[3] = T(1, RT_DONE, true, false, -1);
	check(a, 4, RT_NEXT_BAD_TASK, 0, false, "negative shift is refused");
	a[3] = T(1, (rt_status) 9, true, false, 0);
	check(a, 4, RT_NEXT_BAD_TASK, 0, false, "unknown status is refused");

	/* case shift */
	a[0] = T(1, RT_DONE, true, false, 2);
	a[1] = T(1, RT_DONE, true, false, 1);
	a[2] = T(2, RT_OPEN, false, false, 7);
	is_int(rt_case_shift(a, 3), 9, "shift: max of stage 1 (2) + stage 2 (7)");
	a[2] = T(2, RT_OPEN, false, true, 7);
	is_int(rt_case_shift(a, 3), 2, "shift: cancelled tasks ignored");
	a[0] = T(2, RT_DONE, true, false, 4);
	a[1] = T(1, RT_DONE, true, false, 1);
	a[2] = T(2, RT_OPEN, false, false, 3);
	is_int(rt_case_shift(a, 3), 5, "shift: stages in any row order (1 + max(4, 3))");
	is_int(rt_case_shift(a, 0), 0, "shift of nothing: 0");
	a[0] = T(1, RT_DONE, true, false, INT32_MAX);
	a[1] = T(2, RT_DONE, true, false, INT32_MAX);
	is_int(rt_case_shift(a, 2), INT32_MAX, "shift saturates");

	/* randomized: shift against the naive model, plan invariants */
	srand(20261122);
	for (round = 0; round < 2000; round++)
	{
		int			n = rand() % 8,
					i,
					bad = 0;
		int32_t		stage;
		bool		approved;
		rt_next		nx;

		for (i = 0; i < n; i++)
			a[i] = T(1 + rand() % 5, (rt_status) (rand() % 4), rand() % 2, rand() % 5 == 0, rand() % 20);
		for (i = 0; i < n; i++)
			if (a[i].cancelled && a[i].status != RT_DONE)
				a[i].cancelled = false;
		if (rt_case_shift(a, n) != naive_shift(a, n))
			bad++;
		nx = rt_plan_next(a, n, &stage, &approved);
		if (nx == RT_NEXT_OPEN_STAGE)
		{
			for (i = 0; i < n; i++)
				if (a[i].status == RT_OPEN || a[i].status == RT_SUSPENDED ||
					(a[i].status == RT_WAITING && a[i].stage < stage))
					bad++;
		}
		if (nx == RT_NEXT_CONCLUDE)
			for (i = 0; i < n; i++)
				if (a[i].status != RT_DONE || (approved && !a[i].approved && !a[i].cancelled))
					bad++;
		if (bad)
		{
			ok(0, "random round %d", round);
			break;
		}
	}
	ok(round == 2000, "2000 random rounds agree with the naive model");

	/* the SLA state: finished first, then suspended, overdue, warning */
	is_str(rt_sla_name(rt_sla_state(100, 90, 92, true, 100, false, INT32_MIN)), "met", "finished on the due day: met");
	is_str(rt_sla_name(rt_sla_state(100, 90, 92, true, 101, true, INT32_MIN)), "missed", "finished after due: missed, even suspended");
	is_str(rt_sla_name(rt_sla_state(100, 200, 202, true, INT32_MIN, false, INT32_MIN)), "met", "finished at -infinity: met");
	is_str(rt_sla_name(rt_sla_state(100, 0, 2, true, INT32_MAX, false, INT32_MIN)), "missed", "finished at infinity: missed");
	is_str(rt_sla_name(rt_sla_state(100, 101, 103, false, 0, true, INT32_MIN)), "suspended", "suspended, its day unknown (a 0.1.0 caller): suspended, in time");
	is_str(rt_sla_name(rt_sla_state(100, 101, 103, false, 0, true, 100)), "suspended",
		   "suspended on its due day: suspended, though today is after due");
	is_str(rt_sla_name(rt_sla_state(100, 105, 107, false, 0, true, 101)), "overdue",
		   "suspended after its due (行政许可法 Art 45 stops a clock that has not run out): overdue");
	is_str(rt_sla_name(rt_sla_state(100, 90, 92, false, 0, true, 101)), "running",
		   "suspended after its due, seen as of a day before it: the rule of today");
	is_str(rt_sla_name(rt_sla_state(100, 105, 107, true, 101, true, 101)), "missed",
		   "finished after due, suspended after due: missed");
	is_str(rt_sla_name(rt_sla_state(100, 101, 103, false, 0, false, INT32_MIN)), "overdue", "today after due: overdue");
	is_str(rt_sla_name(rt_sla_state(100, 100, 102, false, 0, false, INT32_MIN)), "warning", "due today: warning");
	is_str(rt_sla_name(rt_sla_state(101, 100, 102, false, 0, false, INT32_MIN)), "warning", "one working day left: warning");
	is_str(rt_sla_name(rt_sla_state(102, 100, 102, false, 0, false, INT32_MIN)), "running", "two working days left: running");
	is_str(rt_sla_name((rt_sla) 99), "running", "an unknown state prints as running");

	/*
	 * the instant a suspended case's clock stopped (rt_clock_stop_step):
	 * the latest suspension start of a suspended task or finish of a done
	 * one; cancelled, waiting, open and blocked tasks count nothing; against
	 * the rule as case_sla and sla_sweep spelled it until 2026-12-05,
	 * max(COALESCE(suspended_at, finished_at)) over the tasks not cancelled
	 * in status suspended or done, over random task sets
	 */
	{
		bool		have = false;
		int64_t		stop = 0;
		int			round;

		rt_clock_stop_step(&have, &stop, RT_OPEN, false, false, 0, false, 0);
		rt_clock_stop_step(&have, &stop, RT_WAITING, false, false, 0, false, 0);
		ok(!have, "no suspended or done task: no instant");
		rt_clock_stop_step(&have, &stop, RT_SUSPENDED, false, true, 500, false, 0);
		ok(have && stop == 500, "a suspended task: the start of its suspension");
		rt_clock_stop_step(&have, &stop, RT_DONE, false, false, 0, true, 700);
		ok(have && stop == 700, "a task done later: its finish (the clock stopped when the last running task finished)");
		rt_clock_stop_step(&have, &stop, RT_DONE, true, false, 0, true, 900);
		ok(stop == 700, "a cancelled task counts nothing");
		rt_clock_stop_step(&have, &stop, RT_BLOCKED, false, false, 0, true, 950);
		ok(stop == 700, "a blocked task counts nothing");
		rt_clock_stop_step(&have, &stop, RT_SUSPENDED, false, true, 600, false, 0);
		ok(stop == 700, "an earlier suspension does not move it back (the latest, not the first)");
		rt_clock_stop_step(&have, &stop, RT_SUSPENDED, false, true, INT64_MAX, false, 0);
		ok(stop == INT64_MAX, "infinity is the latest");
		have = false;
		rt_clock_stop_step(&have, &stop, RT_DONE, false, true, 10, true, 20);
		ok(have && stop == 10, "suspended_at first when a row has both (COALESCE)");

		for (round = 0; round < 2000; round++)
		{
			int			n = rand() % 6,
						i;
			bool		h = false,
						oh = false;
			int64_t		s = 0,
						os = 0;

			for (i = 0; i < n; i++)
			{
				rt_status	st = (rt_status) (rand() % 5);
				bool		canc = rand() % 4 == 0,
							hs = rand() % 2,
							hf = rand() % 2;
				int64_t		sa = rand() % 1000 - 500,
							fa = rand() % 1000 - 500,
							c;

				rt_clock_stop_step(&h, &s, st, canc, hs, sa, hf, fa);
				/* the oracle, as spelled in SQL */
				if (!canc && (st == RT_SUSPENDED || st == RT_DONE) && (hs || hf))
				{
					c = hs ? sa : fa;
					if (!oh || c > os)
						os = c;
					oh = true;
				}
			}
			if (h != oh || (h && s != os))
				break;
		}
		ok(round == 2000, "2000 random task sets: the rule as spelled before");
	}

	/* the due rule: add(add(day, limit), shift) over a weekmask calendar */
	{
		sa_workcal	wc;
		int32_t		due, from, n, days;
		/* day 2 is Monday 2000-01-03; day 9 the next Monday */
		sa_wd_override ov[1] = {{4, false}};	/* Wednesday 2000-01-05 off */

		ok(sa_wd_build(&wc, "1111100", ov, 1, ut_alloc, NULL) == SA_WD_OK, "calendar built");
		ok(rt_shifted_due(&wc, 2, 0, 0, &due, &from, &n) == SA_WD_OK && due == 2,
		   "limit 0 on a working day: that day");
		ok(rt_shifted_due(&wc, 0, 0, 0, &due, &from, &n) == SA_WD_OK && due == 2,
		   "limit 0 on a Saturday: the next working day");
		ok(rt_shifted_due(&wc, 2, 2, 0, &due, &from, &n) == SA_WD_OK && due == 5,
		   "2 working days after Monday skip the Wednesday off: Thursday");
		ok(rt_shifted_due(&wc, 2, 2, 2, &due, &from, &n) == SA_WD_OK && due == 9,
		   "shifted by 2 more: the next Monday");
		{
			int32_t		mid, want;

			sa_wd_add(&wc, 3, 7, &mid);
			sa_wd_add(&wc, mid, 3, &want);
			ok(rt_shifted_due(&wc, 3, 7, 3, &due, &from, &n) == SA_WD_OK && due == want,
			   "the same as the two additions one after the other");
		}
		ok(rt_shifted_due(&wc, SA_WD_MAX_DAY - 3, 1, 10, &due, &from, &n) != SA_WD_OK &&
		   n == 10, "leaving the date range in the shift names the shift step");
		ok(rt_shifted_due(&wc, SA_WD_MAX_DAY + 1, 1, 0, &due, &from, &n) != SA_WD_OK &&
		   n == 1 && from == SA_WD_MAX_DAY + 1, "a day outside the range names the first step");
		ok(rt_suspension_workdays(&wc, 9, 2, 2, &days) == SA_WD_OK && days == 0,
		   "a suspension within one day does not count");
		ok(rt_suspension_workdays(&wc, 9, 2, 9, &days) == SA_WD_OK && days == 4,
		   "Monday to Monday with a day off: 4 working days");
		/* a suspension after the due (行政许可法 Art 45 stops a limit that has not run out) */
		ok(rt_suspension_workdays(&wc, 6, 7, 9, &days) == SA_WD_OK && days == 0,
		   "due Friday, suspended Saturday, resumed Monday: 0, the due stays");
		ok(rt_suspension_workdays(&wc, 3, 5, 9, &days) == SA_WD_OK && days == 0,
		   "suspended the working day after its due: 0");
		ok(rt_suspension_workdays(&wc, 6, 6, 9, &days) == SA_WD_OK && days == 1,
		   "suspended on its due day: counts (Monday)");
		ok(rt_suspension_workdays(&wc, 6, 5, 9, &days) == SA_WD_OK && days == 2,
		   "suspended the day before its due: counts (Friday, Monday)");
		/*
		 * a clock restarted on a day off restarts on the next working day
		 * (the rule of a limit of 0 begun on a day off): suspended on its
		 * due day, nothing of the limit was left, and a resumption (or the
		 * due in force measured) on the weekend after must not put the due
		 * before it (until 2026-12-05: 0, the due stayed Friday, overdue on
		 * Saturday and Sunday and running again on Monday)
		 */
		ok(rt_suspension_workdays(&wc, 6, 6, 7, &days) == SA_WD_OK && days == 1,
		   "due Friday, suspended Friday, resumed (or measured) Saturday: due Monday, 1");
		ok(rt_suspension_workdays(&wc, 6, 6, 8, &days) == SA_WD_OK && days == 1,
		   "... Sunday: due Monday, 1");
		ok(rt_suspension_workdays(&wc, 6, 6, 6, &days) == SA_WD_OK && days == 0,
		   "... the same Friday: 0, due Friday");
		ok(rt_suspension_workdays(&wc, 3, 3, 4, &days) == SA_WD_OK && days == 1,
		   "due Tuesday, suspended Tuesday, resumed Wednesday (off): due Thursday, 1");
		ok(rt_suspension_workdays(&wc, 6, 5, 7, &days) == SA_WD_OK && days == 1,
		   "suspended Thursday (Friday left), resumed Saturday: Friday only, due Monday");
		ok(rt_suspension_workdays(&wc, 6, 7, 8, &days) == SA_WD_OK && days == 0,
		   "begun Saturday after the Friday due: still 0, the breach stays");
		/* bad arguments (until 2026-12-06: a due counted back, a count of -1) */
		ok(rt_suspension_workdays(&wc, 9, 3, 2, &days) == SA_WD_BAD_COUNT,
		   "resumed Monday before it began Tuesday: refused (was -1)");
		ok(rt_suspension_workdays(&wc, 3, 7, 2, &days) == SA_WD_BAD_COUNT,
		   "resumed before it began, even begun after its due: refused (was 0)");
		ok(rt_shifted_due(&wc, 9, -3, 0, &due, &from, &n) == SA_WD_BAD_COUNT,
		   "a negative limit: refused (was a due 3 working days before)");
		ok(rt_shifted_due(&wc, 2, 2, -1, &due, &from, &n) == SA_WD_BAD_COUNT,
		   "a negative shift: refused (was a due moved back)");
		days = 0;
		ok(rt_restart_workdays(&wc, 6, 8, &days) == SA_WD_OK && days == 1,
		   "restart: due Friday, restarted Sunday: 1 more");
		days = 2;
		ok(rt_restart_workdays(&wc, 6, 8, &days) == SA_WD_OK && days == 2,
		   "restart: a due already moved past the restart day: unchanged");
		/*
		 * an extension granted while it ran: judged out of whether it stops,
		 * counted in the days left at the restart (until 2026-12-05 the
		 * restart was judged against the due without it: one day more)
		 */
		ok(rt_suspension_workdays_restart(&wc, 6, 9, 6, 7, &days) == SA_WD_OK && days == 0,
		   "due Friday, extended by 1 to Monday while suspended Friday, resumed Saturday: 0, due Monday");
		ok(rt_suspension_workdays_restart(&wc, 6, 9, 6, 9, &days) == SA_WD_OK && days == 1,
		   "... resumed Monday: 1, due Tuesday");
		ok(rt_suspension_workdays_restart(&wc, 5, 9, 6, 7, &days) == SA_WD_OK && days == 0,
		   "begun after the due without the extension: 0, whatever the due at the restart");
		{
			int32_t		sx[1] = {6}, rx[1] = {7};
			int			failedx;

			/* opened Monday (2), limit 3: due Friday (6) */
			ok(rt_suspensions_workdays_each(&wc, 2, 3, 1, 1, true, sx, rx, 1, &days, &failedx, NULL, NULL) == SA_WD_OK &&
			   days == 0, "the task's count, the extension of 1 granted while it ran (ext_during): 0");
			ok(rt_suspensions_workdays_each(&wc, 2, 3, 1, 1, false, sx, rx, 1, &days, &failedx, NULL, NULL) == SA_WD_OK &&
			   days == 1, "... granted after its resumption: 1, restarted Monday with nothing left");
		}
		{
			/* opened Monday (2), limit 2: due Thursday (5) */
			int32_t		s3[3] = {3, 7, 12}, r3[3] = {6, 10, 13};
			int32_t		s1[1] = {7}, r1[1] = {10};
			int			failed;

			ok(rt_suspensions_workdays(&wc, 2, 2, 0, s3, r3, 0, &days, &failed) == SA_WD_OK && days == 0 &&
			   failed == -1, "no suspension: 0");
			ok(rt_suspensions_workdays(&wc, 2, 2, 0, s1, r1, 1, &days, &failed) == SA_WD_OK && days == 0,
			   "one suspension begun Saturday after the Thursday due: 0");
			ok(rt_suspensions_workdays(&wc, 2, 2, 2, s1, r1, 1, &days, &failed) == SA_WD_OK && days == 2,
			   "the same with an extension of 2 (due Monday): Monday, Tuesday count");
			ok(rt_suspensions_workdays(&wc, 2, 2, 0, s3, r3, 3, &days, &failed) == SA_WD_OK && days == 4,
			   "Tue-Fri counts 2 (due Thu -> Mon), Sat-Tue then counts 2 (due -> Wed), Thu-Fri after it 0");
			ok(rt_suspensions_workdays(&wc, 2, 2, 0, s3, r3, 2, &days, &failed) == SA_WD_OK && days == 4,
			   "each judged against the due the earlier ones moved");
			ok(rt_suspensions_workdays(&wc, SA_WD_MAX_DAY - 3, 1, 10, s1, r1, 1, &days, &failed) != SA_WD_OK &&
			   failed == 0 && days == 0, "a due out of range names the suspension and the days counted before");
			ok(rt_suspensions_workdays_each(&wc, 2, 2, 2, 0, false, s1, r1, 1, &days, &failed, NULL, NULL) == SA_WD_OK && days == 2,
			   "an extension of 2 granted before the Saturday suspension (due Monday): it counts");
			ok(rt_suspensions_workdays_each(&wc, 2, 2, 2, 1, false, s1, r1, 1, &days, &failed, NULL, NULL) == SA_WD_OK && days == 0,
			   "the same extension granted after it began: judged against Thursday, 0");
			ok(rt_suspensions_workdays_each(&wc, 2, 2, 2, 1, false, s3, r3, 3, &days, &failed, NULL, NULL) == SA_WD_OK && days == 5,
			   "granted after the first: Tue-Fri judged without it (due Thu: 2), Sat-Tue with it (due Thu after: 2), Thu-Fri (due Fri: 1)");
		}
		{
			/*
			 * the case's judgment (rt_case_suspended_shift): accepted Monday
			 * (2), promised 3: due Friday (6: 3, 5, 6, Wednesday 4 off);
			 * Saturday is 7
			 */
			int32_t		s3[3] = {3, 7, 12}, r3[3] = {6, 10, 13};
			int32_t		each[3] = {-1, -1, -1};
			int32_t		sfrom[2] = {7, 6}, sdays[2] = {1, 2};
			int			of[2] = {1, 0};
			int			failed;
			int32_t		shift;
			rt_task		t[2] = {{1, RT_DONE, true, false, 0}, {2, RT_OPEN, false, false, 0}};

			ok(rt_suspensions_workdays_each(&wc, 2, 2, 0, 0, false, s3, r3, 3, &days, &failed, each, NULL) == SA_WD_OK &&
			   days == 4 && each[0] == 2 && each[1] == 2 && each[2] == 0,
			   "each suspension's days for its task: 2, 2, 0");
			ok(rt_shifted_due(&wc, 2, 3, 0, &due, &from, &n) == SA_WD_OK && due == 6, "case due Friday");
			ok(rt_case_suspended_shift(&wc, 2, 3, t, 2, of, sfrom, NULL, sdays, NULL, 1, &shift) == SA_WD_OK &&
			   shift == 0 && t[1].shift == 0,
			   "stage 2 suspended Saturday, after the case's Friday due: 0 for the case");
			t[1].shift = 0;
			ok(rt_case_suspended_shift(&wc, 2, 3, t, 2, &of[1], &sfrom[1], NULL, &sdays[1], NULL, 1, &shift) == SA_WD_OK &&
			   shift == 2 && t[0].shift == 2,
			   "stage 1 suspended on the case's due day: its 2 days count");
			t[0].shift = 0;
			{
				int			of2[2] = {0, 1};
				int32_t		sf2[2] = {6, 7}, sd2[2] = {2, 1};

				ok(rt_case_suspended_shift(&wc, 2, 3, t, 2, of2, sf2, NULL, sd2, NULL, 2, &shift) == SA_WD_OK &&
				   shift == 3 && t[0].shift == 2 && t[1].shift == 1,
				   "the later one judged against the due the earlier moved (Friday -> Tuesday): both count");
			}
			t[0].shift = 3;		/* an extension of 3 */
			t[1].shift = 0;
			ok(rt_case_suspended_shift(&wc, 2, 3, t, 2, of, sfrom, NULL, sdays, NULL, 1, &shift) == SA_WD_OK &&
			   shift == 4, "an extension moves the case's due too: the Saturday suspension then counts");
			t[0].shift = 0;
			t[1].shift = 0;
			ok(rt_case_suspended_shift(&wc, SA_WD_MAX_DAY - 3, 10, t, 2, of, sfrom, NULL, sdays, NULL, 1, &shift) != SA_WD_OK,
			   "a case due out of range fails");
			{
				/*
				 * the case's clock restarts on the day resumed too: stage 1
				 * (due after its case) suspended on the case's Friday due,
				 * resumed (or measured) Saturday counts 0 days for itself,
				 * and the case's due moves to Monday (until 2026-12-05 it
				 * stayed Friday, before the day its clock restarted)
				 */
				int			of1[1] = {0};
				int32_t		sf1[1] = {6}, sr1[1] = {7}, sd1[1] = {0}, sr2[1] = {9}, sd2b[1] = {1};

				t[0].shift = 0;
				t[1].shift = 0;
				ok(rt_case_suspended_shift(&wc, 2, 3, t, 2, of1, sf1, sr1, sd1, NULL, 1, &shift) == SA_WD_OK &&
				   shift == 1 && t[0].shift == 1,
				   "a case due Friday, its task suspended Friday, resumed Saturday: the case due Monday");
				t[0].shift = 0;
				ok(rt_case_suspended_shift(&wc, 2, 3, t, 2, of1, sf1, sr2, sd2b, NULL, 1, &shift) == SA_WD_OK &&
				   shift == 1 && t[0].shift == 1,
				   "resumed Monday, 1 day for the task: Monday, nothing more");
				t[0].shift = 0;
				ok(rt_case_suspended_shift(&wc, 2, 3, t, 2, of1, sf1, NULL, sd1, NULL, 1, &shift) == SA_WD_OK &&
				   shift == 0, "no day resumed given: the task's days alone");
				t[0].shift = 0;
				{
					int32_t		ext_r[1] = {INT32_MIN}, ext_s[1] = {INT32_MIN}, ext_d[1] = {2};

					ok(rt_case_suspended_shift(&wc, 2, 3, t, 2, of1, ext_s, ext_r, ext_d, NULL, 1, &shift) == SA_WD_OK &&
					   shift == 2, "an extension (INT32_MIN) is not restarted");
				}
				t[0].shift = 0;
				{
					/* two tasks of one stage: the other's shift 5 already larger */
					rt_task		p[2] = {{1, RT_SUSPENDED, false, false, 0}, {1, RT_OPEN, false, false, 5}};
					int32_t		sf8[1] = {13}, sr8[1] = {14};

					/* case due Friday 6 + 5 = Friday 13; suspended 13, measured Saturday 14 */
					ok(rt_case_suspended_shift(&wc, 2, 3, p, 2, of1, sf8, sr8, sd1, NULL, 1, &shift) == SA_WD_OK &&
					   shift == 6 && p[0].shift == 6,
					   "a stage whose other task moved it 5 days (due Friday 13): the stage's largest shift raised to Monday (6)");
				}
				t[0].shift = 0;
				{
					/*
					 * the case's clock restarts against the due its task's
					 * extension, granted while the suspension ran, moved:
					 * suspended Friday (the case's due), extended by 1,
					 * resumed Saturday: due Monday (shift 1), not Tuesday
					 */
					int			ofx[2] = {0, 0};
					int32_t		sfx[2] = {6, INT32_MIN}, srx[2] = {7, INT32_MIN}, sdx[2] = {0, 1},
								exx[2] = {1, 0};

					ok(rt_case_suspended_shift(&wc, 2, 3, t, 2, ofx, sfx, srx, sdx, exx, 2, &shift) == SA_WD_OK &&
					   shift == 1 && t[0].shift == 1,
					   "a case due Friday, its task suspended Friday, extended by 1 meanwhile, resumed Saturday: Monday");
					t[0].shift = 0;
					ok(rt_case_suspended_shift(&wc, 2, 3, t, 2, ofx, sfx, srx, sdx, NULL, 2, &shift) == SA_WD_OK &&
					   shift == 2, "extended after the resumption (no ext_during): restarted Monday, then Tuesday");
					t[0].shift = 0;
				}
			}
		}
		{
			/*
			 * rt_case_last_suspension_shift: a case's count whose last event
			 * is the running suspension of one task, from what the earlier
			 * events left, is rt_case_suspended_shift's over all of them:
			 * random cases of up to 6 tasks in up to 3 stages (some
			 * cancelled), up to 6 earlier events (suspensions, some
			 * restarting the case's clock, and extensions), then the
			 * suspension of a task, measured on a random later day
			 */
			int			agree = 0,
						moved = 0,
						round2;

			srand(4242);
			for (round2 = 0; round2 < 4000; round2++)
			{
				rt_task		full[6],
							before[6];
				int			n = 1 + rand() % 6,
							ne = rand() % 7,
							j,
							of[8];
				int32_t		from[8],
							to[8],
							dd[8],
							limit = rand() % 6,
							day = 2 + rand() % 5,
							shift_full,
							shift_row,
							task_due = 2 + rand() % 20,
							stage_shift = 0,
							shift_before,
							d_last;
				sa_wd_status st1,
							st2;

				for (int i = 0; i < n; i++)
					full[i] = T(1 + rand() % 3, RT_OPEN, false, rand() % 6 == 0, 0);
				j = rand() % n;
				full[j].cancelled = false;
				full[j].status = RT_SUSPENDED;
				for (int k = 0; k < ne; k++)
				{
					of[k] = rand() % n;
					from[k] = rand() % 3 == 0 ? INT32_MIN : day + rand() % 12;
					to[k] = from[k] == INT32_MIN || rand() % 3 == 0 ? INT32_MIN : from[k] + rand() % 5;
					dd[k] = rand() % 5;
				}
				for (int i = 0; i < n; i++)
					before[i] = full[i];
				/* the earlier events alone: what refresh_case_clock() stores */
				if (rt_case_suspended_shift(&wc, day, limit, before, n, of, from, to, dd, NULL, ne, &shift_before) != SA_WD_OK)
					continue;
				for (int i = 0; i < n; i++)
					if (i != j && !before[i].cancelled && before[i].stage == before[j].stage && before[i].shift > stage_shift)
						stage_shift = before[i].shift;
				/* the last: suspended on a day from 2 to 25, measured up to 8 days on */
				of[ne] = j;
				from[ne] = 2 + rand() % 24;
				to[ne] = from[ne] + rand() % 9;
				if (rt_suspension_workdays(&wc, task_due, from[ne], to[ne], &d_last) != SA_WD_OK)
					continue;
				dd[ne] = d_last;
				if (!rt_suspension_stops(task_due, from[ne]))
					to[ne] = INT32_MIN;
				st1 = rt_case_suspended_shift(&wc, day, limit, full, n, of, from, to, dd, NULL, ne + 1, &shift_full);
				st2 = rt_case_last_suspension_shift(&wc, day, limit, shift_before, before[j].shift, stage_shift,
													task_due, from[ne], to[ne] == INT32_MIN ? from[ne] + (int32_t) (rand() % 9) : to[ne],
													&shift_row);
				/* (a suspension that stopped nothing of its task: any day read gives the same) */
				if (st1 == SA_WD_OK && st2 == SA_WD_OK && shift_full == shift_row)
					agree++;
				else
					printf("# round %d: full %d (%d), from the row %d (%d)\n", round2, shift_full, (int) st1, shift_row, (int) st2);
				if (shift_full != shift_before)
					moved++;
			}
			ok(agree == 4000, "4000 random cases: the last suspension from the row's figures counts as the case's whole count (%d agree)",
			   agree);
			ok(moved > 500, "and in %d of them it moved the case", moved);
			{
				int32_t		sh;

				ok(rt_case_last_suspension_shift(&wc, 2, 3, 2, 3, 0, 6, 3, 5, &sh) == SA_WD_BAD_DAY,
				   "a task shift above the case's: refused");
				ok(rt_case_last_suspension_shift(&wc, 2, 3, 5, 0, 5, 6, 3, 5, &sh) == SA_WD_OK && sh == 5,
				   "a stage of 5 and its suspended task at 0: 1 day for the task does not move the case");
			}
		}
		free(wc.bits);
		free(wc.rank);
		free(wc.wday);
	}

	/* the extension cap */
	ok(rt_extension(1, 5, false) == RT_EXT_OK, "extension of 1 day within a cap of 5");
	ok(rt_extension(5, 5, false) == RT_EXT_OK, "extension up to the cap");
	ok(rt_extension(6, 5, false) == RT_EXT_RANGE, "extension over the cap");
	ok(rt_extension(0, 5, false) == RT_EXT_RANGE, "extension of 0 days");
	ok(rt_extension(1, 0, false) == RT_EXT_RANGE, "no extension for a cap of 0");
	ok(rt_extension(1, 5, true) == RT_EXT_ALREADY, "a task is extended once");

	/* the row invariants of task (CHECK task_row) */
	{
		rt_task_row r = good_row();

		ok(rt_task_row_ok(&r), "an open task with its clock");
		r.stage = 0;
		ok(!rt_task_row_ok(&r), "stage 0 refused");
		r = good_row();
		r.extension_days = -1;
		ok(!rt_task_row_ok(&r), "negative extension refused");
		r = good_row();
		r.status = "opened";
		r.status_len = 6;
		ok(!rt_task_row_ok(&r), "unknown status refused");
		r = good_row();
		r.status = "ope";
		r.status_len = 3;
		ok(!rt_task_row_ok(&r), "a prefix of a status refused");
		r = good_row();
		r.has_due = false;
		ok(!rt_task_row_ok(&r), "open without due refused");
		r = good_row();
		r.status = "waiting";
		r.status_len = 7;
		ok(!rt_task_row_ok(&r), "waiting with a clock refused");
		r.has_opened_at = r.has_due = false;
		ok(rt_task_row_ok(&r), "waiting without a clock");
		r = good_row();
		r.status = "done";
		r.status_len = 4;
		ok(!rt_task_row_ok(&r), "done without finish refused");
		r.has_finished_at = true;
		ok(!rt_task_row_ok(&r), "done, not cancelled, without decision refused");
		r.decision = "approved";
		r.decision_len = 8;
		ok(rt_task_row_ok(&r), "done and approved");
		r.decision = "maybe";
		r.decision_len = 5;
		ok(!rt_task_row_ok(&r), "unknown decision refused");
		r.decision_len = -1;
		r.cancelled = true;
		ok(rt_task_row_ok(&r), "cancelled without decision");
		r.decision = "denied";
		r.decision_len = 6;
		ok(!rt_task_row_ok(&r), "cancelled with a decision refused");
		r = good_row();
		r.cancelled = true;
		ok(!rt_task_row_ok(&r), "an open task cannot be cancelled");
		r = good_row();
		r.decision = "approved";
		r.decision_len = 8;
		ok(!rt_task_row_ok(&r), "an open task has no decision");
		r = good_row();
		r.status = "suspended";
		r.status_len = 9;
		ok(!rt_task_row_ok(&r), "suspended without when and why refused");
		r.has_suspended_at = true;
		r.suspend_reason = "testing";
		r.suspend_reason_len = 7;
		ok(rt_task_row_ok(&r), "suspended for testing");
		r.suspend_reason = "lunch";
		r.suspend_reason_len = 5;
		ok(!rt_task_row_ok(&r), "unknown reason refused");
		r = good_row();
		r.has_suspended_at = true;
		r.suspend_reason = "hearing";
		r.suspend_reason_len = 7;
		ok(!rt_task_row_ok(&r), "an open task with a suspension refused");
		r = good_row();
		r.sla_state = "overdue";
		r.sla_state_len = 7;
		ok(rt_task_row_ok(&r), "sla_state overdue");
		r.sla_state = "running";
		ok(!rt_task_row_ok(&r), "sla_state running is never stored");
		r = good_row();
		r.status = "blocked";
		r.status_len = 7;
		ok(!rt_task_row_ok(&r), "blocked without finished_at refused");
		r.has_finished_at = true;
		ok(rt_task_row_ok(&r), "blocked with finished_at, no decision");
		r.decision = "approved";
		r.decision_len = 8;
		ok(!rt_task_row_ok(&r), "a blocked task has no decision");
		r.decision_len = -1;
		r.cancelled = true;
		ok(!rt_task_row_ok(&r), "a blocked task is not cancelled");
		ok(rt_suspend_reason_ok("expert_review", 13) && !rt_suspend_reason_ok("expert", 6),
		   "the eight reasons, whole words only");
	}
	return tap_done();
}
