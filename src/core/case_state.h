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

#endif
