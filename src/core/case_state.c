/*
 * case_state.c — the case state machine; see case_state.h.
 */
#include "case_state.h"

#include <stdio.h>
#include <string.h>

static const char *const names[SA_CASE_NSTATUS] = {
	"returned", "accepted", "concluded", "withdrawn", "revoked"
};

/* allowed[from][to], the diagonal excluded (handled in the function) */
static const bool allowed[SA_CASE_NSTATUS][SA_CASE_NSTATUS] = {
	/* to:               returned accepted concluded withdrawn revoked */
	[SA_CASE_RETURNED] = {false, true, false, true, false},
	[SA_CASE_ACCEPTED] = {false, false, true, true, true},
	[SA_CASE_CONCLUDED] = {false, false, false, false, true},
	[SA_CASE_WITHDRAWN] = {false, false, false, false, false},
	[SA_CASE_REVOKED] = {false, false, false, false, false},
};

sa_case_status
sa_case_status_parse(const char *s, size_t len)
{
	for (int i = 0; i < SA_CASE_NSTATUS; i++)
		if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
			return (sa_case_status) i;
	return SA_CASE_UNKNOWN;
}

const char *
sa_case_status_name(sa_case_status s)
{
	return (s >= 0 && s < SA_CASE_NSTATUS) ? names[s] : NULL;
}

bool
sa_case_transition_allowed(sa_case_status from, sa_case_status to)
{
	if (from < 0 || from >= SA_CASE_NSTATUS || to < 0 || to >= SA_CASE_NSTATUS)
		return false;
	return from == to || allowed[from][to];
}

size_t
sa_case_next_states(sa_case_status from, char *buf, size_t buflen)
{
	size_t		n = 0;

	if (buflen == 0)
		return 0;
	buf[0] = '\0';
	for (int to = 0; from >= 0 && from < SA_CASE_NSTATUS && to < SA_CASE_NSTATUS; to++)
	{
		if (to == (int) from || !allowed[from][to])
			continue;
		n += snprintf(buf + n, n < buflen ? buflen - n : 0, "%s%s", n ? ", " : "", names[to]);
		if (n >= buflen)
			return buflen - 1;
	}
	if (n == 0)
		n = snprintf(buf, buflen, "none");
	return n < buflen ? n : buflen - 1;
}

/* ---- row invariants of cases and case_material ------------------------------ */

/* SQL's three-valued logic: a condition is false, true or unknown */
typedef enum
{
	TV_FALSE = 0,
	TV_TRUE = 1,
	TV_UNKNOWN = 2
} tv;

static tv
tv_of(bool b)
{
	return b ? TV_TRUE : TV_FALSE;
}

static tv
tv_and(tv a, tv b)
{
	if (a == TV_FALSE || b == TV_FALSE)
		return TV_FALSE;
	return (a == TV_UNKNOWN || b == TV_UNKNOWN) ? TV_UNKNOWN : TV_TRUE;
}

static tv
tv_or(tv a, tv b)
{
	if (a == TV_TRUE || b == TV_TRUE)
		return TV_TRUE;
	return (a == TV_UNKNOWN || b == TV_UNKNOWN) ? TV_UNKNOWN : TV_FALSE;
}

static bool
text_is(sa_text t, const char *lit)
{
	size_t		n = strlen(lit);

	return t.len >= 0 && (size_t) t.len == n && memcmp(t.s, lit, n) == 0;
}

/* col = lit */
static tv
tv_eq_lit(sa_text t, const char *lit)
{
	return t.len < 0 ? TV_UNKNOWN : tv_of(text_is(t, lit));
}

/* a = b */
static tv
tv_eq(sa_text a, sa_text b)
{
	if (a.len < 0 || b.len < 0)
		return TV_UNKNOWN;
	return tv_of(a.len == b.len && memcmp(a.s, b.s, (size_t) a.len) == 0);
}

/* col = ANY (list); list ends with NULL */
static tv
tv_in(sa_text t, const char *const *list)
{
	if (t.len < 0)
		return TV_UNKNOWN;
	for (; *list; list++)
		if (text_is(t, *list))
			return TV_TRUE;
	return TV_FALSE;
}

/* col ~ '^[0-9]{6}$' */
static tv
tv_region(sa_text t)
{
	if (t.len < 0)
		return TV_UNKNOWN;
	if (t.len != 6)
		return TV_FALSE;
	for (int i = 0; i < 6; i++)
		if (t.s[i] < '0' || t.s[i] > '9')
			return TV_FALSE;
	return TV_TRUE;
}

/* col >= 0 */
static tv
tv_nonneg(sa_opt_int v)
{
	return v.has ? tv_of(v.v >= 0) : TV_UNKNOWN;
}

static const char *const channels[] = {"window", "online", "mobile", "kiosk", "door", NULL};
static const char *const statuses[] = {"returned", "accepted", "concluded", "withdrawn", "revoked", NULL};
static const char *const decisions[] = {"approved", "denied", NULL};
static const char *const deliveries[] = {"window", "mail", "electronic", "door", NULL};
static const char *const sla_states[] = {"warning", "overdue", NULL};
static const char *const competences[] = {"receiving", "residence", "property", "company", NULL};
static const char *const clockless[] = {"returned", "withdrawn", NULL};
static const char *const material_statuses[] = {"present", "shared", "committed", "tolerated",
"missing", "optional", "produced", NULL};

bool
sa_cases_row_ok(const sa_cases_row *r)
{
	/* each former CHECK constraint, one per line: refused when one is false */
	tv			checks[] = {
		tv_region(r->region),
		tv_in(r->channel, channels),
		tv_in(r->status, statuses),
		tv_in(r->decision, decisions),
		tv_in(r->delivery_method, deliveries),
		tv_nonneg(r->visits),
		tv_nonneg(r->due_shift),
		tv_in(r->sla_state, sla_states),
		tv_or(tv_and(tv_and(tv_eq_lit(r->service_kind, "item"), tv_eq(r->item, r->service)),
					 tv_of(r->bundle.len < 0)),
			  tv_and(tv_and(tv_eq_lit(r->service_kind, "bundle"), tv_eq(r->bundle, r->service)),
					 tv_of(r->item.len < 0))),
		tv_or(tv_of(r->has_accepted_at), tv_in(r->status, clockless)),
		tv_region(r->competent_region),
		tv_in(r->competence_rule, competences),
		tv_nonneg(r->visits_before_acceptance),
		tv_nonneg(r->visits_collection),
		tv_nonneg(r->required_materials),
		tv_nonneg(r->reduced_materials),
		/* a time limit is never negative: until 2026-12-07 unchecked, and a
		 * direct write stopped every recompute of the due with 22023 */
		tv_nonneg(r->promised_limit),
	};

	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
		if (checks[i] == TV_FALSE)
			return false;
	return true;
}

bool
sa_case_material_row_ok(sa_text initial_status, sa_text status, sa_opt_int tolerance_days)
{
	return tv_in(initial_status, material_statuses) != TV_FALSE &&
		tv_in(status, material_statuses) != TV_FALSE &&
		tv_nonneg(tolerance_days) != TV_FALSE;
}
