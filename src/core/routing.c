/*
 * routing.c — stage planning of a case's tasks; see routing.h.
 */
#include <string.h>

#include "routing.h"

int32_t
rt_first_stage(const rt_task *tasks, int n)
{
	int32_t		first = 0;
	int			i;

	for (i = 0; i < n; i++)
		if (first == 0 || tasks[i].stage < first)
			first = tasks[i].stage;
	return first;
}

static bool
rt_task_ok(const rt_task *t)
{
	return t->stage >= 1 && t->shift >= 0 &&
		(t->status == RT_WAITING || t->status == RT_OPEN ||
		 t->status == RT_SUSPENDED || t->status == RT_DONE || t->status == RT_BLOCKED);
}

rt_next
rt_plan_next(const rt_task *tasks, int n, int32_t *stage, bool *approved)
{
	int32_t		next = 0;
	bool		all_approved = true;
	bool		running = false;
	int			i;

	*stage = 0;
	*approved = false;
	if (n <= 0)
		return RT_NEXT_EMPTY;
	for (i = 0; i < n; i++)
	{
		const rt_task *t = &tasks[i];

		if (!rt_task_ok(t))
			return RT_NEXT_BAD_TASK;
		switch (t->status)
		{
			case RT_OPEN:
			case RT_SUSPENDED:
				running = true;
				break;
			case RT_WAITING:
				if (next == 0 || t->stage < next)
					next = t->stage;
				break;
			case RT_DONE:
				if (!t->cancelled && !t->approved)
					all_approved = false;
				break;
			case RT_BLOCKED:
				all_approved = false;
				break;
		}
	}
	if (running)
		return RT_NEXT_RUNNING;
	if (next != 0)
	{
		*stage = next;
		return RT_NEXT_OPEN_STAGE;
	}
	*approved = all_approved;
	return RT_NEXT_CONCLUDE;
}

int32_t
rt_case_shift(const rt_task *tasks, int n)
{
	int64_t		total = 0;
	int			i,
				j;

	/* O(n^2) over a case's handful of tasks: no allocation, any stage order */
	for (i = 0; i < n; i++)
	{
		int32_t		best = -1;
		bool		first_of_stage = true;

		if (tasks[i].cancelled)
			continue;
		for (j = 0; j < i; j++)
			if (!tasks[j].cancelled && tasks[j].stage == tasks[i].stage)
			{
				first_of_stage = false;
				break;
			}
		if (!first_of_stage)
			continue;
		for (j = i; j < n; j++)
			if (!tasks[j].cancelled && tasks[j].stage == tasks[i].stage && tasks[j].shift > best)
				best = tasks[j].shift;
		if (best > 0)
			total += best;
		if (total > INT32_MAX)
			return INT32_MAX;
	}
	return (int32_t) total;
}

/* rt_sla_state(): inline in routing.h (three calls per row of case_sla). */

const char *
rt_sla_name(rt_sla s)
{
	switch (s)
	{
		case RT_SLA_RUNNING:
			return "running";
		case RT_SLA_WARNING:
			return "warning";
		case RT_SLA_OVERDUE:
			return "overdue";
		case RT_SLA_SUSPENDED:
			return "suspended";
		case RT_SLA_MET:
			return "met";
		case RT_SLA_MISSED:
			return "missed";
	}
	return "running";
}

/* s (len bytes, -1: NULL) equals the NUL-terminated word w */
static bool
rt_is(const char *s, int len, const char *w)
{
	return len >= 0 && (size_t) len == strlen(w) && memcmp(s, w, len) == 0;
}

bool
rt_suspend_reason_ok(const char *s, int len)
{
	static const char *const reasons[] = {"hearing", "tender", "auction", "inspection",
	"testing", "quarantine", "appraisal", "expert_review"};
	size_t		i;

	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (rt_is(s, len, reasons[i]))
			return true;
	return false;
}

bool
rt_task_row_ok(const rt_task_row *r)
{
	bool		waiting = rt_is(r->status, r->status_len, "waiting"),
				open = rt_is(r->status, r->status_len, "open"),
				suspended = rt_is(r->status, r->status_len, "suspended"),
				done = rt_is(r->status, r->status_len, "done"),
				blocked = rt_is(r->status, r->status_len, "blocked");

	if (r->stage < 1 || r->limit_days < 0 || r->extension_limit < 0 ||
		r->extension_days < 0 || r->suspended_workdays < 0)
		return false;
	if (!(waiting || open || suspended || done || blocked))
		return false;
	if (r->decision_len >= 0 && !rt_is(r->decision, r->decision_len, "approved") &&
		!rt_is(r->decision, r->decision_len, "denied"))
		return false;
	if (r->suspend_reason_len >= 0 && !rt_suspend_reason_ok(r->suspend_reason, r->suspend_reason_len))
		return false;
	if (r->sla_state_len >= 0 && !rt_is(r->sla_state, r->sla_state_len, "warning") &&
		!rt_is(r->sla_state, r->sla_state_len, "overdue"))
		return false;
	/* the clock */
	if (!((waiting && !r->has_opened_at && !r->has_due) ||
		  ((open || suspended) && r->has_opened_at && r->has_due) ||
		  ((done || blocked) && r->has_finished_at)))
		return false;
	/* exactly the decided tasks carry a decision */
	if ((done && !r->cancelled) != (r->decision_len >= 0))
		return false;
	/* a suspended task names when and why */
	if (suspended != (r->has_suspended_at && r->suspend_reason_len >= 0))
		return false;
	/* only done tasks are cancelled */
	if (r->cancelled && !done)
		return false;
	return true;
}

sa_wd_status
rt_shifted_due(const sa_workcal *cal, int32_t day, int32_t limit, int32_t shift,
			   int32_t *due, int32_t *step_from, int32_t *step_n)
{
	int32_t		mid;
	sa_wd_status st;

	*step_from = day;
	*step_n = limit;
	/* a clock counts forward: no negative limit, no negative shift */
	if (limit < 0 || shift < 0)
		return SA_WD_BAD_COUNT;
	st = sa_wd_add(cal, day, limit, &mid);
	if (st != SA_WD_OK)
		return st;
	*step_from = mid;
	*step_n = shift;
	return sa_wd_add(cal, mid, shift, due);
}

sa_wd_status
rt_restart_workdays(const sa_workcal *cal, int32_t due, int32_t day_resumed, int32_t *days)
{
	int32_t		moved,
				restart,
				extra;
	sa_wd_status st;

	st = sa_wd_add(cal, due, *days, &moved);
	if (st != SA_WD_OK || moved >= day_resumed)
		return st;
	/* the first working day on or after the restart (add 0: the limit-0 rule) */
	st = sa_wd_add(cal, day_resumed, 0, &restart);
	if (st == SA_WD_OK)
		st = sa_wd_between(cal, moved, restart, &extra);
	if (st != SA_WD_OK)
		return st;
	if ((int64_t) *days + extra > INT32_MAX)
		return SA_WD_OUT_OF_RANGE;
	*days += extra;
	return SA_WD_OK;
}

sa_wd_status
rt_suspension_workdays(const sa_workcal *cal, int32_t due, int32_t day_suspended, int32_t day_resumed, int32_t *days)
{
	return rt_suspension_workdays_restart(cal, due, due, day_suspended, day_resumed, days);
}

sa_wd_status
rt_suspension_workdays_restart(const sa_workcal *cal, int32_t due, int32_t restart_due, int32_t day_suspended,
							   int32_t day_resumed, int32_t *days)
{
	sa_wd_status st;

	/* a suspension ends on or after the day it began */
	if (day_resumed < day_suspended)
		return SA_WD_BAD_COUNT;
	if (!rt_suspension_stops(due, day_suspended))
	{
		*days = 0;				/* begun after the limit ran out: stops nothing */
		return SA_WD_OK;
	}
	st = sa_wd_between(cal, day_suspended, day_resumed, days);
	/*
	 * restarted on a day off with nothing left: the next working day; left
	 * is what the due in force at the restart leaves (an extension granted
	 * while it ran gives days back: restart_due)
	 */
	if (st == SA_WD_OK && day_resumed >= day_suspended)
		st = rt_restart_workdays(cal, restart_due, day_resumed, days);
	return st;
}

sa_wd_status
rt_suspensions_workdays(const sa_workcal *cal, int32_t day, int32_t limit, int32_t shift,
						const int32_t *day_suspended, const int32_t *day_resumed, int n,
						int32_t *days, int *failed)
{
	return rt_suspensions_workdays_each(cal, day, limit, shift, 0, false, day_suspended, day_resumed, n,
										days, failed, NULL, NULL);
}

sa_wd_status
rt_suspensions_workdays_each(const sa_workcal *cal, int32_t day, int32_t limit, int32_t shift,
							 int ext_from, bool ext_during,
							 const int32_t *day_suspended, const int32_t *day_resumed, int n,
							 int32_t *days, int *failed, int32_t *each, bool *stopped)
{
	int32_t		total = 0;

	/* rt_shifted_due's refusal, also when there is no suspension to judge */
	*days = 0;
	*failed = -1;
	if (limit < 0 || shift < 0)
		return SA_WD_BAD_COUNT;
	for (int i = 0; i < n; i++)
	{
		int32_t		due,
					restart_due,
					from,
					step,
					d;
		sa_wd_status st;

		*days = total;
		*failed = i;
		st = rt_shifted_due(cal, day, limit, (i >= ext_from ? shift : 0) + total, &due, &from, &step);
		restart_due = due;
		/* the extension granted while this one ran: judged without it, restarted with it */
		if (st == SA_WD_OK && ext_during && i == ext_from - 1)
			st = rt_shifted_due(cal, day, limit, shift + total, &restart_due, &from, &step);
		if (st == SA_WD_OK)
			st = rt_suspension_workdays_restart(cal, due, restart_due, day_suspended[i], day_resumed[i], &d);
		if (st != SA_WD_OK)
			return st;
		if (each)
			each[i] = d;
		if (stopped)
			stopped[i] = rt_suspension_stops(due, day_suspended[i]);
		total += d;
	}
	*days = total;
	*failed = -1;
	return SA_WD_OK;
}

sa_wd_status
rt_case_suspended_shift(const sa_workcal *cal, int32_t day, int32_t limit,
						rt_task *tasks, int n, const int *task_of,
						const int32_t *day_suspended, const int32_t *day_resumed, const int32_t *days,
						const int32_t *ext_during, int ns, int32_t *shift)
{
	for (int k = 0; k < ns; k++)
	{
		int32_t		due,
					from,
					step;
		rt_task    *t = &tasks[task_of[k]];
		sa_wd_status st;

		*shift = rt_case_shift(tasks, n);
		st = rt_shifted_due(cal, day, limit, *shift, &due, &from, &step);
		if (st != SA_WD_OK)
			return st;
		/* begun after the case's due: the case's limit had run out */
		if (!rt_suspension_stops(due, day_suspended[k]))
			continue;
		t->shift = (int64_t) t->shift + days[k] > INT32_MAX ? INT32_MAX : t->shift + days[k];
		/*
		 * a suspension (not an extension, INT32_MIN) of a task that counts:
		 * the case's clock restarts on its day resumed, and on a day off
		 * with no working day of the case's limit left, on the next working
		 * day (rt_restart_workdays): the stage's largest shift is raised by
		 * the days that takes
		 */
		if (day_resumed == NULL || day_resumed[k] == INT32_MIN || day_resumed[k] < day_suspended[k] ||
			t->cancelled)
			continue;
		{
			int32_t		moved,
						stage_max = 0,
						before = t->shift,
						ext = ext_during != NULL && ext_during[k] > 0 ? ext_during[k] : 0;

			/*
			 * its task's extension granted while it ran (ext, counted by its
			 * own event later in the list) moves the due the clock restarts
			 * against: counted for the restart, then taken out again
			 */
			t->shift = (int64_t) before + ext > INT32_MAX ? INT32_MAX : before + ext;
			*shift = rt_case_shift(tasks, n);
			st = rt_shifted_due(cal, day, limit, *shift, &due, &from, &step);
			if (st == SA_WD_OK)
			{
				moved = 0;
				st = rt_restart_workdays(cal, due, day_resumed[k], &moved);
			}
			if (st != SA_WD_OK)
			{
				t->shift = before;
				return st;
			}
			if (moved == 0)
			{
				t->shift = before;
				continue;
			}
			for (int i = 0; i < n; i++)
				if (!tasks[i].cancelled && tasks[i].stage == t->stage && tasks[i].shift > stage_max)
					stage_max = tasks[i].shift;
			t->shift = (int64_t) stage_max + moved - ext > INT32_MAX ? INT32_MAX : stage_max + moved - ext;
		}
	}
	*shift = rt_case_shift(tasks, n);
	return SA_WD_OK;
}

sa_wd_status
rt_case_last_suspension_shift(const sa_workcal *cal, int32_t day, int32_t limit,
							  int32_t case_shift, int32_t task_shift, int32_t stage_shift,
							  int32_t task_due, int32_t day_suspended, int32_t day_resumed, int32_t *shift)
{
	int32_t		stage_max = task_shift > stage_shift ? task_shift : stage_shift;
	rt_task		tasks[3] = {
		{.stage = 1, .status = RT_SUSPENDED, .shift = task_shift},
		{.stage = 1, .status = RT_OPEN, .shift = stage_shift},
		{.stage = 2, .status = RT_OPEN, .shift = case_shift - stage_max}
	};
	int			task_of[1] = {0};
	int32_t		from[1] = {day_suspended},
				to[1],
				days[1];
	sa_wd_status st;

	*shift = case_shift;
	if (task_shift < 0 || stage_shift < 0 || case_shift < stage_max)
		return SA_WD_BAD_DAY;
	/* its days for its task (rt_suspensions_workdays_each's step) */
	st = rt_suspension_workdays(cal, task_due, day_suspended, day_resumed, &days[0]);
	if (st != SA_WD_OK)
		return st;
	/* one that stopped nothing of its task: the case ran on too */
	to[0] = rt_suspension_stops(task_due, day_suspended) ? day_resumed : INT32_MIN;
	return rt_case_suspended_shift(cal, day, limit, tasks, 3, task_of, from, to, days, NULL, 1, shift);
}

rt_ext
rt_extension(int32_t workdays, int32_t extension_limit, bool already_extended)
{
	if (already_extended)
		return RT_EXT_ALREADY;
	if (workdays < 1 || workdays > extension_limit)
		return RT_EXT_RANGE;
	return RT_EXT_OK;
}
