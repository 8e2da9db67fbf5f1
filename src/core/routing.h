/*
 * routing.h — stage planning of a case's tasks (pure C, no server headers).
 *
 * A case has one task per item; each task belongs to a stage (1, 2, ...; the
 * numbers need not be contiguous).  The tasks of the lowest stage open at
 * acceptance; when no task is open or suspended any more, the next waiting
 * stage (the lowest stage number among waiting tasks) opens; when nothing is
 * waiting either, the case concludes, approved only if every decided task was
 * approved.  Cancelled tasks (a withdrawn or revoked case) count as finished
 * and decide nothing.  Blocked tasks (a later stage whose licence from an
 * earlier stage is missing or not valid when the stage opens, doc/licences.md)
 * count as finished and not approved: the case concludes denied.
 *
 * A case's due date moves by the sum over stages of the largest shift
 * (extension + suspended working days) of a task of the stage: the tasks of
 * a stage run side by side, the stages one after the other.
 */
#ifndef SA_ROUTING_H
#define SA_ROUTING_H

#include <stdbool.h>
#include <stdint.h>

#include "workday.h"

typedef enum rt_status
{
	RT_WAITING = 0,
	RT_OPEN,
	RT_SUSPENDED,
	RT_DONE,
	RT_BLOCKED					/* finished without a decision: a licence it needs is not valid */
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
 *   suspended on or before its due (suspend_day <= due): suspended;
 *   today > due: overdue — a task suspended after its due included (行政许可法
 *   Art 45 stops the clock of a limit that has not run out; a breach that
 *   happened stays one while the suspension lasts);
 *   due < warn_before (at most 1 working day left, warn_before being the 2nd
 *   working day after today): warning;
 *   otherwise running.
 * An infinite finish is passed as INT32_MAX (missed) or INT32_MIN (met); an
 * unknown suspension day as INT32_MIN (suspended in time).
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

static inline rt_sla
rt_sla_state(int32_t due, int32_t today, int32_t warn_before,
			 bool finished, int32_t finish_day, bool suspended, int32_t suspend_day)
{
	if (finished)
		return finish_day <= due ? RT_SLA_MET : RT_SLA_MISSED;
	if (suspended && suspend_day <= due)
		return RT_SLA_SUSPENDED;
	/*
	 * overdue when today > due, else warning when due < warn_before, else
	 * running — computed without a branch: open rows alternate between these
	 * at random, and a mispredicted branch costs more than the arithmetic
	 */
	return (rt_sla) ((today > due) * RT_SLA_OVERDUE +
					 (today <= due && due < warn_before) * RT_SLA_WARNING +
					 (today <= due && due >= warn_before) * RT_SLA_RUNNING);
}

/* "running", "warning", "overdue", "suspended", "met", "missed". */
extern const char *rt_sla_name(rt_sla s);

/*
 * rt_clock_stop_step: the instant a suspended case's clock stopped, the one
 * rule behind case_sla and sla_sweep (through the aggregate
 * clock_stopped_at(), src/routing.c): the latest, over the case's tasks, of
 * the start of a suspended task's suspension and the finish of a done one
 * (a task's suspended_at when it has one, else its finished_at; cancelled
 * tasks and those waiting, open or blocked count nothing).  When every
 * unfinished task is suspended (cases.suspended), the case's clock stopped
 * then: rt_sla_state judges the suspension by the local day of that instant
 * (suspended on or before the case's due, else overdue: 行政许可法 Art 45).
 * One step of the fold over the tasks: *have and *stop hold the latest so
 * far (*have false: none yet); timestamps are compared as they are stored
 * (microseconds, infinities as the extremes).
 */
static inline void
rt_clock_stop_step(bool *have, int64_t *stop, rt_status status, bool cancelled,
				   bool has_suspended_at, int64_t suspended_at, bool has_finished_at, int64_t finished_at)
{
	int64_t		at;

	if (cancelled || (status != RT_SUSPENDED && status != RT_DONE))
		return;
	if (has_suspended_at)
		at = suspended_at;
	else if (has_finished_at)
		at = finished_at;
	else
		return;
	if (!*have || at > *stop)
	{
		*stop = at;
		*have = true;
	}
}

/*
 * The clock rules (one home each; the fmgr glue in src/routing.c only turns
 * local days into day numbers and statuses into errors):
 *
 * rt_shifted_due: the due date of a clock started on local day "day" with a
 * limit of "limit" working days (0: that day, or the next working day when
 * it is a day off), moved by "shift" working days (extensions and suspended
 * working days):  due = add_workdays(add_workdays(day, limit), shift).
 * Tasks, cases (shift = due_shift) and tolerated materials (limit =
 * tolerance_days, shift 0) all use it.  A negative limit or shift is
 * refused (SA_WD_BAD_COUNT; a limit of 0 is one, 即办件 and a point that
 * forwards the same day).  On failure *step_from and *step_n name the
 * addition that left the date range (for SA_WD_BAD_COUNT: day and limit).
 */
extern sa_wd_status rt_shifted_due(const sa_workcal *cal, int32_t day, int32_t limit, int32_t shift,
								   int32_t *due, int32_t *step_from, int32_t *step_n);

/*
 * rt_suspension_workdays: the working days a suspension does not count (it
 * moves the due by them), judged against "due", the local due day in force
 * when it began: those d with day_suspended < d <= day_resumed (0 within a
 * day) when day_suspended <= due; 0 when it began after due — 行政许可法 Art
 * 45 stops a limit that has not run out; one that has stays run out (the
 * breach stays, recorded once, as rt_sla_state shows it while suspended).
 * The clock restarts on the day resumed: when the due so moved falls before
 * it (no working day of the limit was left when it began — it began on its
 * due day — and it resumed on a day off), one more, so that the due is the
 * first working day on or after the day resumed (rt_restart_workdays; the
 * rule of a limit of 0 begun on a day off, rt_shifted_due).  A running
 * suspension measured at "at" (day_resumed its local day: the due in force,
 * extend(), case_due_at()) so never shows a limit run out on a day off that
 * a working day later shows running again.  The one decision behind
 * resume(), extend() of a suspended task and recompute_dues() (the latter
 * through rt_suspensions_workdays).  A day resumed before the day
 * suspended is refused (SA_WD_BAD_COUNT: until 2026-12-06 it answered a
 * negative count, which moved a due back); within one day the order of the
 * instants does not change the count (0).
 */
extern sa_wd_status rt_suspension_workdays(const sa_workcal *cal, int32_t due, int32_t day_suspended,
										   int32_t day_resumed, int32_t *days);

/*
 * rt_suspension_workdays_restart: the same, the restart on a day off judged
 * against restart_due, the due in force when the clock restarts, where it
 * differs from due, the due in force when it began: an extension granted
 * while the suspension ran (after it began, before it resumed) is judged
 * out of whether it stops (it was not in force then) but in the days left
 * at the restart (a suspension begun on its due day, extended by E and
 * resumed on a day off has E working days left: due the E-th working day
 * after the day resumed, not one more).  Until 2026-12-05 (a review of the
 * day-off restart) the restart was judged against due, and such a task
 * gained one working day more resumed on Saturday than on the Friday
 * before.  rt_suspension_workdays is this with restart_due = due.
 */
extern sa_wd_status rt_suspension_workdays_restart(const sa_workcal *cal, int32_t due, int32_t restart_due,
												   int32_t day_suspended, int32_t day_resumed, int32_t *days);

/*
 * rt_restart_workdays: *days (the working days a suspension that stopped a
 * clock due on "due" moves it) raised, when add_workdays(due, *days) falls
 * before day_resumed, to the count that moves it to the first working day on
 * or after day_resumed: a clock restarted on a day off restarts on the next
 * working day.  Unchanged otherwise (always when day_resumed is a working
 * day and due one).  Behind rt_suspension_workdays (a task's clock) and
 * rt_case_suspended_shift (a case's).
 */
extern sa_wd_status rt_restart_workdays(const sa_workcal *cal, int32_t due, int32_t day_resumed, int32_t *days);

/* Whether a suspension begun on local day day_suspended stops a limit due on due. */
static inline bool
rt_suspension_stops(int32_t due, int32_t day_suspended)
{
	return day_suspended <= due;
}

/*
 * rt_suspensions_workdays: the working days that count of the n finished
 * suspensions of one task (day_suspended[i], day_resumed[i]), in the order
 * of its task_suspension rows (by start): each judged by
 * rt_suspension_workdays against the due as the earlier ones moved it,
 * rt_shifted_due(day, limit, shift + the days counted so far), "shift" being
 * the task's other shift (extension_days).  The sum is task.suspended_workdays.
 * On failure *days holds the days counted before suspension *failed, whose
 * due or working-day count left the date range, or which resumed on a day
 * before it began (SA_WD_BAD_COUNT); *failed is -1 for a negative limit or
 * shift (SA_WD_BAD_COUNT, as rt_shifted_due, even with no suspension).
 */
extern sa_wd_status rt_suspensions_workdays(const sa_workcal *cal, int32_t day, int32_t limit, int32_t shift,
											const int32_t *day_suspended, const int32_t *day_resumed, int n,
											int32_t *days, int *failed);

/*
 * rt_suspensions_workdays_each: the same, "shift" (the extension) in force
 * only for the suspensions i >= ext_from (those begun once it was granted;
 * 0: all), and each[i] (n elements, or NULL) the working days suspension i
 * counts for its task, stopped[i] (or NULL) whether it stopped its task's
 * clock at all (begun on or before the due in force then,
 * rt_suspension_stops): one begun after counts nothing, and the case's
 * clock does not restart at its end (rt_case_suspended_shift).  A suspension begun before the extension is judged
 * against the due without it: begun after that due, the limit had run out
 * and an extension granted later does not make it count (it could not be
 * granted then either, unless a calendar edit moved that due earlier since).
 * ext_during: the extension was granted while suspension ext_from - 1 ran
 * (before it resumed): that one's restart on a day off is judged against
 * the due with it (rt_suspension_workdays_restart).
 */
extern sa_wd_status rt_suspensions_workdays_each(const sa_workcal *cal, int32_t day, int32_t limit, int32_t shift,
												 int ext_from, bool ext_during,
												 const int32_t *day_suspended, const int32_t *day_resumed, int n,
												 int32_t *days, int *failed, int32_t *each, bool *stopped);

/*
 * rt_case_suspended_shift: a case's shift (rt_case_shift) when a suspension
 * of one of its tasks moves the case's due only when it began on or before
 * the case's due in force then (the same rule as for a task,
 * rt_suspension_stops): a stage's task suspended in time for its own due but
 * after the case's moves its own due, not the case's — the case's limit had
 * already run out (行政许可法 Art 45).  "cal", "day" and "limit" are the
 * case's calendar, local acceptance day and promised limit; tasks[].shift
 * holds 0 on entry and, on return, the days that count for the case.  The ns
 * events (finished suspensions and extensions) are given in order of time:
 * task_of[k] (an index into tasks), day[k] (the local day a suspension began,
 * in the case's calendar; INT32_MIN for an extension, which moves the case
 * from its time on whenever it was granted, as it moves its task) and
 * days[k] (the working days it moves its task: a suspension's from
 * rt_suspensions_workdays_each, an extension's extension_days); each
 * suspension is judged against the case's due the earlier events moved.
 * day_resumed[k] (or day_resumed NULL: none) is the local day, in the
 * case's calendar, a suspension ended (for one still running, the day it
 * is measured at; INT32_MIN for an extension, and for a suspension that
 * did not stop its task's clock — begun after the task's due — whose task
 * ran on, so the case's clock never stopped): the case's clock restarts
 * then, and when the case's due so moved falls before it (the case had no
 * working day left, and it resumed on a day off) the stage's largest shift
 * is raised to reach the first working day on or after it
 * (rt_restart_workdays, as for a task; the task's own due may lie later,
 * so its count can be short of this).  ext_during[k] (or ext_during NULL:
 * none) is the extension of suspension k's task granted while it ran (0
 * when none): its event comes later in the list, but the case's clock
 * restarts against the due it moves (rt_suspension_workdays_restart).  On
 * failure (a due out of range) *shift holds the shift reached.
 */
extern sa_wd_status rt_case_suspended_shift(const sa_workcal *cal, int32_t day, int32_t limit,
											rt_task *tasks, int n, const int *task_of,
											const int32_t *day_suspended, const int32_t *day_resumed,
											const int32_t *days, const int32_t *ext_during, int ns,
											int32_t *shift);

/*
 * rt_case_last_suspension_shift: rt_case_suspended_shift's shift of a case
 * whose last event, in its order of time, is the running suspension of one
 * task (the only one running, the task in the case's calendar), measured as
 * if resumed on day_resumed, from what the earlier events left: case_shift
 * (their shift of the case, rt_case_shift), task_shift (the suspended task's
 * shift for the case), stage_shift (the largest such shift of the other
 * tasks, not cancelled, of its stage: 0 when none) and task_due (the task's
 * own due in force when it began, the due rt_suspensions_workdays_each
 * judges it against).  No rule of its own: the suspension's days for its
 * task by rt_suspension_workdays (rt_suspensions_workdays_each's step, none
 * when it began after task_due), then rt_case_suspended_shift over that one
 * event and three tasks standing for the case, the suspended one, the rest
 * of its stage (stage_shift) and the other stages (case_shift less its
 * stage's largest).  The other events came before it, so they counted as
 * they did when the earlier ones were stored, and only this last step
 * depends on day_resumed: case_sla counts a case's due in force from its
 * row by it (item_case_due_at()).  SA_WD_BAD_DAY when the shifts are
 * inconsistent (negative, or case_shift below the stage's largest).
 */
extern sa_wd_status rt_case_last_suspension_shift(const sa_workcal *cal, int32_t day, int32_t limit,
												  int32_t case_shift, int32_t task_shift, int32_t stage_shift,
												  int32_t task_due, int32_t day_suspended, int32_t day_resumed,
												  int32_t *shift);

/*
 * rt_extension: may a task be extended (延期) by "workdays" working days?
 * Once per task, 1 to extension_limit working days.
 */
typedef enum rt_ext
{
	RT_EXT_OK = 0,
	RT_EXT_ALREADY,				/* the task was extended before */
	RT_EXT_RANGE				/* workdays outside 1..extension_limit */
} rt_ext;

extern rt_ext rt_extension(int32_t workdays, int32_t extension_limit, bool already_extended);

/*
 * The row invariants of service_affair.task (its one CHECK constraint,
 * task_row, calls task_row_ok() with the columns): one C call instead of
 * thirteen CHECK expressions, which PostgreSQL 15 parses again for every
 * statement that writes the table.  A text column is given as bytes and
 * length, length -1 for NULL; the has_* flags tell which timestamps are set.
 *   stage >= 1; limit_days, extension_limit, extension_days,
 *   suspended_workdays >= 0;
 *   status one of waiting, open, suspended, done, blocked;
 *   decision NULL or approved/denied; suspend_reason NULL or one of the eight
 *   reasons; sla_state NULL or warning/overdue;
 *   clock: waiting without opened_at and due, open/suspended with both, done
 *   and blocked with finished_at;
 *   a decision exactly on done, not cancelled tasks;
 *   suspended exactly when suspended_at and suspend_reason are set;
 *   only done tasks are cancelled.
 */
typedef struct rt_task_row
{
	int32_t		stage;
	int32_t		limit_days;
	int32_t		extension_limit;
	int32_t		extension_days;
	int32_t		suspended_workdays;
	const char *status;
	int			status_len;
	const char *decision;
	int			decision_len;
	const char *suspend_reason;
	int			suspend_reason_len;
	const char *sla_state;
	int			sla_state_len;
	bool		cancelled;
	bool		has_opened_at;
	bool		has_due;
	bool		has_finished_at;
	bool		has_suspended_at;
} rt_task_row;

extern bool rt_task_row_ok(const rt_task_row *r);

/* Is the len bytes at s one of the suspension reasons (特别程序)? */
extern bool rt_suspend_reason_ok(const char *s, int len);

#endif							/* SA_ROUTING_H */
