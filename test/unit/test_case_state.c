/*
 * Unit tests of the case state machine (src/core/case_state.c) against the
 * transitions listed in shared/API.md and DOMAIN.md, written out here
 * independently of the table in the module.
 */
#include "case_state.h"
#include "tap.h"

static const char *const st[] = {"returned", "accepted", "concluded", "withdrawn", "revoked"};

/* the rule as the documents state it */
static int
expected(int from, int to)
{
	if (from == to)
		return 1;
	if (from == 0)
		return to == 1 || to == 3;		/* returned -> accepted, withdrawn */
	if (from == 1)
		return to == 2 || to == 3 || to == 4;	/* accepted -> concluded, withdrawn, revoked */
	if (from == 2)
		return to == 4;			/* concluded -> revoked */
	return 0;					/* withdrawn, revoked: final */
}

int
main(void)
{
	char		buf[64];

	for (int i = 0; i < 5; i++)
	{
		is_int(sa_case_status_parse(st[i], strlen(st[i])), i, "parse %s", st[i]);
		is_str(sa_case_status_name((sa_case_status) i), st[i], "name of %d", i);
	}
	is_int(sa_case_status_parse("Accepted", 8), SA_CASE_UNKNOWN, "names are case-sensitive");
	is_int(sa_case_status_parse("accepte", 7), SA_CASE_UNKNOWN, "a prefix is no status");
	is_int(sa_case_status_parse("acceptedx", 9), SA_CASE_UNKNOWN, "nor a longer word");
	is_int(sa_case_status_parse("", 0), SA_CASE_UNKNOWN, "nor the empty string");
	ok(sa_case_status_name(SA_CASE_UNKNOWN) == NULL && sa_case_status_name(SA_CASE_NSTATUS) == NULL,
	   "no name outside the enum");

	for (int f = 0; f < 5; f++)
		for (int t = 0; t < 5; t++)
			is_int(sa_case_transition_allowed((sa_case_status) f, (sa_case_status) t), expected(f, t),
				   "%s -> %s", st[f], st[t]);
	ok(!sa_case_transition_allowed(SA_CASE_UNKNOWN, SA_CASE_ACCEPTED)
	   && !sa_case_transition_allowed(SA_CASE_ACCEPTED, SA_CASE_UNKNOWN)
	   && !sa_case_transition_allowed(SA_CASE_UNKNOWN, SA_CASE_UNKNOWN),
	   "nothing leads from or to an unknown status, not even itself");

	sa_case_next_states(SA_CASE_RETURNED, buf, sizeof(buf));
	is_str(buf, "accepted, withdrawn", "next states of returned");
	sa_case_next_states(SA_CASE_ACCEPTED, buf, sizeof(buf));
	is_str(buf, "concluded, withdrawn, revoked", "next states of accepted");
	sa_case_next_states(SA_CASE_CONCLUDED, buf, sizeof(buf));
	is_str(buf, "revoked", "next states of concluded");
	sa_case_next_states(SA_CASE_WITHDRAWN, buf, sizeof(buf));
	is_str(buf, "none", "withdrawn is final");
	sa_case_next_states(SA_CASE_UNKNOWN, buf, sizeof(buf));
	is_str(buf, "none", "an unknown status has none");
	{
		char		small[10];
		size_t		n = sa_case_next_states(SA_CASE_ACCEPTED, small, sizeof(small));

		ok(n == strlen(small) && n < sizeof(small), "a short buffer is cut and stays terminated (\"%s\")", small);
	}
	return tap_done();
}
