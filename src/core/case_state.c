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
