/*
 * complaint.h — the rules of complaints (12345, 办不成事): the state machine
 * and the due rule.
 *
 * Pure C (no server headers).  A complaint is received, assigned to a
 * department (分配), possibly transferred between departments (the due is
 * kept) and supervised by the supervising office (督办: a second, usually
 * earlier, due), replied to, and called back (回访): a satisfied call-back
 * closes it, an unsatisfied one reopens it for a new reply by the same
 * department.  An anonymous complaint has no call-back: the administrator
 * closes it once replied.
 *
 *   received  --assign-->      assigned
 *   assigned  --transfer-->    assigned     reopened --transfer--> reopened
 *   received, assigned, reopened --supervise--> (unchanged)
 *   assigned, reopened --reply--> replied
 *   replied   --callback(satisfied)-->   closed     (named complaints only)
 *   replied   --callback(unsatisfied)--> reopened   (named complaints only)
 *   replied   --close-->       closed       (anonymous complaints only)
 *
 * Due: the reply is due limit working days after the calendar-local day of
 * receipt, or, once an unsatisfied call-back reopened the complaint, of that
 * reopening (a fresh limit for the new round, 重办) (add_workdays semantics),
 * limit per category (settings
 * complaint.<category>_days, integers 0..365; defaults below).  Supervision
 * sets supervise_due; the SLA uses the earlier of the two (the generated
 * column complaint.effective_due, 62_complaints.sql: its one home).
 */
#ifndef SA_COMPLAINT_H
#define SA_COMPLAINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "workday.h"

#define SA_CPL_DAYS_MAX		365

/* Lists in the order error messages give them (also the CHECKs of the table). */
#define SA_CPL_CHANNEL_LIST		"12345, window, online, letter, cannot_do"
#define SA_CPL_CATEGORY_LIST	"consultation, complaint, report, suggestion, cannot_do"

typedef enum sa_cpl_state
{
	SA_CPL_RECEIVED = 0,
	SA_CPL_ASSIGNED,
	SA_CPL_REPLIED,
	SA_CPL_CLOSED,
	SA_CPL_REOPENED,
	SA_CPL_NSTATES
} sa_cpl_state;

typedef enum sa_cpl_action
{
	SA_CPL_ASSIGN = 0,
	SA_CPL_TRANSFER,
	SA_CPL_SUPERVISE,
	SA_CPL_REPLY,
	SA_CPL_CALLBACK_SATISFIED,
	SA_CPL_CALLBACK_UNSATISFIED,
	SA_CPL_CLOSE,
	SA_CPL_NACTIONS
} sa_cpl_action;

typedef enum sa_cpl_status
{
	SA_CPL_OK = 0,
	SA_CPL_WRONG_STATE,			/* the action is not allowed in this state */
	SA_CPL_ANONYMOUS,			/* a call-back of an anonymous complaint */
	SA_CPL_NOT_ANONYMOUS,		/* close of a named complaint (its call-back closes it) */
	SA_CPL_BAD_DAYS,			/* a day limit outside 0..SA_CPL_DAYS_MAX */
	SA_CPL_OUT_OF_RANGE			/* a due date outside the date range */
} sa_cpl_status;

/* Category default reply limits, working days. */
#define SA_CPL_DAYS_CONSULTATION	1
#define SA_CPL_DAYS_COMPLAINT		5
#define SA_CPL_DAYS_REPORT			10
#define SA_CPL_DAYS_SUGGESTION		10
#define SA_CPL_DAYS_CANNOT_DO		3

/* Parse (exact, case-sensitive); -1 when unknown. */
extern int	sa_cpl_state_parse(const char *s, size_t len);
extern int	sa_cpl_action_parse(const char *s, size_t len);
extern const char *sa_cpl_state_name(sa_cpl_state s);
extern const char *sa_cpl_action_name(sa_cpl_action a);

extern bool sa_cpl_channel_valid(const char *s, size_t len);
/* Index of the category (0..4) or -1. */
extern int	sa_cpl_category_parse(const char *s, size_t len);
extern bool sa_cpl_category_valid(const char *s, size_t len);
/* The default reply limit of a category index, or -1. */
extern int	sa_cpl_category_default_days(int category);

/*
 * The state after action from state from, for a complaint that is anonymous
 * or not; *to is set only on SA_CPL_OK.
 */
extern sa_cpl_status sa_cpl_next(sa_cpl_state from, sa_cpl_action action, bool anonymous,
								 sa_cpl_state *to);

/* The reply due: days working days after local day received_day. */
extern sa_cpl_status sa_cpl_due(const sa_workcal *cal, int32_t received_day, int64_t days,
								int32_t *due);

#endif							/* SA_COMPLAINT_H */
