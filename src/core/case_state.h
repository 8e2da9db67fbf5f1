/*
 * case_state.h — the case state machine (办件状态), the one home of which
 * status may follow which.
 *
 * Pure C (no server headers).  A case is recorded whatever the outcome of
 * its submission:
 *
 *   returned  --complete supplement-->  accepted
 *   returned  --withdraw-->             withdrawn
 *   accepted  --last task finished-->   concluded
 *   accepted  --withdraw-->             withdrawn
 *   accepted  --tolerated materials not supplied in time--> revoked
 *   concluded --tolerated materials not supplied in time--> revoked
 *
 * withdrawn and revoked are final.  A status "changing" to itself is always
 * allowed (an UPDATE that leaves the status as it is).  The trigger of
 * service_affair.cases and every API verb ask these functions, so the table
 * is written once.
 */
#ifndef SA_CASE_STATE_H
#define SA_CASE_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum sa_case_status
{
	SA_CASE_RETURNED = 0,
	SA_CASE_ACCEPTED,
	SA_CASE_CONCLUDED,
	SA_CASE_WITHDRAWN,
	SA_CASE_REVOKED,
	SA_CASE_NSTATUS,
	SA_CASE_UNKNOWN = -1
} sa_case_status;

/* Status of a name of len bytes (not NUL-terminated), or SA_CASE_UNKNOWN. */
extern sa_case_status sa_case_status_parse(const char *s, size_t len);

/* The name of a status ("returned", ...); NULL for an unknown one. */
extern const char *sa_case_status_name(sa_case_status s);

/* May a case go from `from` to `to`?  False for an unknown status. */
extern bool sa_case_transition_allowed(sa_case_status from, sa_case_status to);

/*
 * The statuses that may follow `from` (itself excluded), comma-separated in
 * the order of the enum ("accepted, withdrawn"), or "none"; written into buf
 * of size buflen (always NUL-terminated; 64 bytes are always enough).
 * Returns the length written.
 */
extern size_t sa_case_next_states(sa_case_status from, char *buf, size_t buflen);

/*
 * The row invariants of cases and case_material (their one CHECK constraint
 * each, cases_row and case_material_row): the same conditions as the
 * separate CHECKs they replace, with SQL's three-valued logic — a row is
 * refused only when a condition is false, never when it is unknown (a NULL
 * column), exactly as a set of CHECK constraints behaves.  Text columns are
 * given as pointer and length, length -1 for NULL; integer columns with a
 * has_ flag (false: NULL).
 */
typedef struct sa_text
{
	const char *s;
	int			len;			/* -1: NULL */
} sa_text;

typedef struct sa_opt_int
{
	bool		has;
	int32_t		v;
} sa_opt_int;

typedef struct sa_cases_row
{
	sa_text		service,
				service_kind,
				item,
				bundle,
				region,
				channel,
				status;
	bool		has_accepted_at;
	sa_text		decision,
				delivery_method;
	sa_opt_int	visits,
				due_shift;
	sa_text		sla_state,
				competent_region,
				competence_rule;
	sa_opt_int	visits_before_acceptance,
				visits_collection,
				required_materials,
				reduced_materials,
				promised_limit;
} sa_cases_row;

/*
 * cases: region and competent_region 6 ASCII digits; channel window, online,
 * mobile, kiosk or door; status one of the five; decision approved or denied;
 * delivery_method window, mail, electronic or door; sla_state warning or
 * overdue; competence_rule receiving, residence, property or company; the six
 * counts and the promised limit >= 0; service_kind item with item = service and no bundle, or bundle
 * with bundle = service and no item; acceptance time set unless returned or
 * withdrawn.  False only when one of these is false.
 */
extern bool sa_cases_row_ok(const sa_cases_row *r);

/* case_material: initial_status and status each present, shared, committed,
 * tolerated, missing, optional or produced; tolerance_days >= 0 (NULL
 * passes). */
extern bool sa_case_material_row_ok(sa_text initial_status, sa_text status, sa_opt_int tolerance_days);

#endif
