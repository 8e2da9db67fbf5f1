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
	is_str(rt_sla_name(rt_sla_state(100, 90, 92, true, 100, false)), "met", "finished on the due day: met");
	is_str(rt_sla_name(rt_sla_state(100, 90, 92, true, 101, true)), "missed", "finished after due: missed, even suspended");
	is_str(rt_sla_name(rt_sla_state(100, 200, 202, true, INT32_MIN, false)), "met", "finished at -infinity: met");
	is_str(rt_sla_name(rt_sla_state(100, 0, 2, true, INT32_MAX, false)), "missed", "finished at infinity: missed");
	is_str(rt_sla_name(rt_sla_state(100, 101, 103, false, 0, true)), "suspended", "suspended wins over overdue");
	is_str(rt_sla_name(rt_sla_state(100, 101, 103, false, 0, false)), "overdue", "today after due: overdue");
	is_str(rt_sla_name(rt_sla_state(100, 100, 102, false, 0, false)), "warning", "due today: warning");
	is_str(rt_sla_name(rt_sla_state(101, 100, 102, false, 0, false)), "warning", "one working day left: warning");
	is_str(rt_sla_name(rt_sla_state(102, 100, 102, false, 0, false)), "running", "two working days left: running");
	is_str(rt_sla_name((rt_sla) 99), "running", "an unknown state prints as running");
	return tap_done();
}
