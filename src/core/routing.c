/*
 * routing.c — stage planning of a case's tasks; see routing.h.
 */
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
		 t->status == RT_SUSPENDED || t->status == RT_DONE);
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

rt_sla
rt_sla_state(int32_t due, int32_t today, int32_t warn_before,
			 bool finished, int32_t finish_day, bool suspended)
{
	if (finished)
		return finish_day <= due ? RT_SLA_MET : RT_SLA_MISSED;
	if (suspended)
		return RT_SLA_SUSPENDED;
	if (today > due)
		return RT_SLA_OVERDUE;
	if (due < warn_before)
		return RT_SLA_WARNING;
	return RT_SLA_RUNNING;
}

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
