/*
 * settle.h — when a case is settled (issue 17, part 1.1, slice 2): nothing
 * can be written to it any more, and it moves with everything of it from the
 * open partitions (<t>_active) into the history (<t>_settled, by month).
 *
 * Pure C (no server headers).  src/settle.c reads what the rule needs of a
 * case (inside the settling transaction, the case row locked) and asks
 * sa_settle_decide(); it moves the rows only on SA_SETTLE_YES.
 *
 * The rule: a case is settled once it can change no more under the API and
 * has been quiet for the settling period (setting settle.quiet_days):
 *   - accepted: never (its tasks and clocks run);
 *   - concluded: once its result is delivered and no tolerated material is
 *     still owed (the sweep would revoke the acceptance);
 *   - withdrawn, revoked: final;
 *   - returned: the applicant never completed it; after the quiet period a
 *     supplement is refused (55000) and a new submission is needed;
 * and in every status: no 代收代办 leg under way, no commitment check open,
 * no kept commitment check still counting toward its holder's clean credit
 * record (credit.clean_years: the merits are read from the open checks,
 * 71_credit_targets.sql), no rectification of a bad rating open and no
 * call-back of one still to be made (a close may come before the call-back,
 * record_callback() is refused once the case is settled: until 2026-12-07 a
 * rectification closed without its call-back let the case settle and
 * stranded the call-back; those of an appealed rating do not count: nothing
 * is owed to it; a call-back more than quiet_days past its due day is
 * missed, no longer owed: until 2026-12-07 one never made kept its case
 * open for ever, the rule service_affair.callback_state() in SQL, asked by
 * the candidates and the re-check alike; a rectification not closed more
 * than quiet_days past its fix due day is lapsed, no longer open: until
 * 2026-12-07 one never closed kept its case open for ever, the rule
 * service_affair.fix_state()), and its
 * last event at least
 * quiet_days (24-hour days) before the instant of settling.  A rating, a
 * visit or any other event within the period restarts it; a rating after
 * settling is refused (55000), which is why the period is a setting.
 */
#ifndef SA_SETTLE_H
#define SA_SETTLE_H

#include <stdbool.h>
#include <stdint.h>

#include "case_state.h"

#define SA_SETTLE_QUIET_DAYS_DEFAULT	90
#define SA_SETTLE_QUIET_DAYS_MAX		36500	/* a hundred years: beyond it, a DBA means "never" */

typedef enum sa_settle_result
{
	SA_SETTLE_YES = 0,
	SA_SETTLE_RUNNING,			/* accepted: its tasks and clocks run */
	SA_SETTLE_UNDELIVERED,		/* concluded, its result not delivered */
	SA_SETTLE_TOLERATED,		/* a tolerated material is still owed */
	SA_SETTLE_LEG_OPEN,			/* originals or result still on their way */
	SA_SETTLE_CHECK_OPEN,		/* a commitment check is open */
	SA_SETTLE_MERIT,			/* a kept check still counts as a credit merit */
	SA_SETTLE_RECTIFICATION_OPEN,	/* a bad rating's rectification is open */
	SA_SETTLE_CALLBACK_OWED,	/* a bad rating's call-back is still to be made */
	SA_SETTLE_QUIET,			/* its last event is within the quiet period */
	SA_SETTLE_BAD				/* unknown status, a bad period or instant */
} sa_settle_result;

typedef struct sa_settle_case
{
	sa_case_status status;
	bool		delivered;		/* delivered_at is set */
	bool		tolerated_owed; /* a material accepted as tolerated is neither supplied nor waived */
	bool		leg_open;		/* a case_leg without done_at */
	bool		check_open;		/* a commitment_check with status open */
	bool		merit_counting; /* a kept check within credit.clean_years */
	bool		rectification_open; /* a rectification without closed_at, not yet lapsed
									 * (fix_state() 'open'), of a rating not appealed */
	bool		callback_owed;	/* a rectification without called_back_at, not yet missed
								 * (callback_state() 'owed'), of a rating not appealed */
	int64_t		last_event_us;	/* the latest case_event.at (µs, PostgreSQL's epoch) */
} sa_settle_case;

/*
 * Whether the case may be settled at instant at_us (µs, the same epoch) with
 * the quiet period quiet_days (0 .. SA_SETTLE_QUIET_DAYS_MAX): SA_SETTLE_YES,
 * or the first reason it may not, in the order of the enum.
 */
extern sa_settle_result sa_settle_decide(const sa_settle_case *c, int64_t at_us, int32_t quiet_days);

/* A short English reason ("running", "not delivered", ...); never NULL. */
extern const char *sa_settle_reason(sa_settle_result r);

#endif
