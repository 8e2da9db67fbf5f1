/*
 * routing.h — stage planning of a case's tasks (pure C, no server headers).
 *
 * A case has one task per item; each task belongs to a stage (1, 2, ...; the
 * numbers need not be contiguous).  The tasks of the lowest stage open at
 * acceptance; when no task is open or suspended any more, the next waiting
 * stage (the lowest stage number among waiting tasks) opens; when nothing is
 * waiting either, the case concludes, approved only if every decided task was
 * approved.  Cancelled tasks (a withdrawn or revoked case) count as finished
 * and decide nothing.
 *
 * A case's due date moves by the sum over stages of the largest shift
 * (extension + suspended working days) of a task of the stage: the tasks of
 * a stage run side by side, the stages one after the other.
 */
#ifndef SA_ROUTING_H
#define SA_ROUTING_H

#include <stdbool.h>
#include <stdint.h>

typedef enum rt_status
{
	RT_WAITING = 0,
	RT_OPEN,
	RT_SUSPENDED,
	RT_DONE
} rt_status;

typedef struct rt_task
{
	int32_t		stage;			/* >= 1 */
	rt_status	status;
	bool		approved;		/* done: the decision was approved */
	bool		cancelled;		/* done without a decision */
	int32_t		shift;			/* extension + suspended working days, >= 0 */
} rt_task;

typedef enum rt_next
{
	RT_NEXT_RUNNING = 0,		/* a task is still open or suspended */
	RT_NEXT_OPEN_STAGE,			/* open the waiting tasks of *stage */
	RT_NEXT_CONCLUDE,			/* conclude the case (*approved) */
	RT_NEXT_EMPTY,				/* no task at all */
	RT_NEXT_BAD_TASK			/* a task with stage < 1, shift < 0 or an unknown status */
} rt_next;

/* The lowest stage number of the tasks (0 when n = 0). */
extern int32_t rt_first_stage(const rt_task *tasks, int n);

/* What follows the current state of a case's tasks (see the header comment). */
extern rt_next rt_plan_next(const rt_task *tasks, int n, int32_t *stage, bool *approved);

/*
 * Working days a case's due moves: the sum over stages of the largest shift
 * of a task of the stage (cancelled tasks ignored).  Saturates at INT32_MAX.
 */
extern int32_t rt_case_shift(const rt_task *tasks, int n);

/*
 * Time-limit (SLA) state of a task or case: the one rule behind task_sla,
 * case_sla and sla_sweep.  Days are day numbers of one calendar:
 *   finished:  met when finish_day <= due, else missed;
 *   suspended: suspended;
 *   today > due: overdue;
 *   due < warn_before (at most 1 working day left, warn_before being the 2nd
 *   working day after today): warning;
 *   otherwise running.
 * An infinite finish is passed as INT32_MAX (missed) or INT32_MIN (met).
 */
typedef enum rt_sla
{
	RT_SLA_RUNNING = 0,
	RT_SLA_WARNING,
	RT_SLA_OVERDUE,
	RT_SLA_SUSPENDED,
	RT_SLA_MET,
	RT_SLA_MISSED
} rt_sla;

extern rt_sla rt_sla_state(int32_t due, int32_t today, int32_t warn_before,
						   bool finished, int32_t finish_day, bool suspended);

/* "running", "warning", "overdue", "suspended", "met", "missed". */
extern const char *rt_sla_name(rt_sla s);

#endif							/* SA_ROUTING_H */
