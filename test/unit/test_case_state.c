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

/* ---- row invariants of cases (sa_cases_row_ok) ---- */
static sa_text
T(const char *s)
{
	sa_text		t = {s, s ? (int) strlen(s) : -1};

	return t;
}

static sa_opt_int
I(int v)
{
	sa_opt_int	r = {true, v};

	return r;
}

/* an accepted item case, valid */
static sa_cases_row
good_case(void)
{
	sa_cases_row r;

	memset(&r, 0, sizeof(r));
	r.service = T("it1");
	r.service_kind = T("item");
	r.item = T("it1");
	r.bundle = T(NULL);
	r.region = T("330225");
	r.channel = T("window");
	r.status = T("accepted");
	r.has_accepted_at = true;
	r.decision = T(NULL);
	r.delivery_method = T(NULL);
	r.visits = I(1);
	r.due_shift = I(0);
	r.sla_state = T(NULL);
	r.competent_region = T("330225");
	r.competence_rule = T(NULL);
	r.visits_before_acceptance = I(0);
	r.visits_collection = I(0);
	r.required_materials = I(6);
	r.reduced_materials = I(0);
	r.promised_limit = I(5);
	return r;
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
	{
		sa_cases_row r = good_case();
		sa_opt_int	null_int = {false, 0};

		ok(sa_cases_row_ok(&r), "cases: an accepted item case passes");
		r.region = T("33022");
		ok(!sa_cases_row_ok(&r), "cases: a 5-digit region is refused");
		r.region = T("33022x");
		ok(!sa_cases_row_ok(&r), "cases: a region with a letter is refused");
		r.region = T(NULL);
		ok(sa_cases_row_ok(&r), "cases: a NULL region passes");
		r = good_case();
		r.competent_region = T("3302250");
		ok(!sa_cases_row_ok(&r), "cases: a 7-digit competent region is refused");
		r = good_case();
		r.channel = T("fax");
		ok(!sa_cases_row_ok(&r), "cases: an unknown channel is refused");
		r.channel = T("door");
		ok(sa_cases_row_ok(&r), "cases: door is a channel");
		r = good_case();
		r.status = T("Accepted");
		ok(!sa_cases_row_ok(&r), "cases: statuses are case-sensitive");
		r = good_case();
		r.decision = T("maybe");
		ok(!sa_cases_row_ok(&r), "cases: an unknown decision is refused");
		r.decision = T("denied");
		ok(sa_cases_row_ok(&r), "cases: denied is a decision");
		r = good_case();
		r.delivery_method = T("pigeon");
		ok(!sa_cases_row_ok(&r), "cases: an unknown delivery method is refused");
		r.delivery_method = T("door");
		ok(sa_cases_row_ok(&r), "cases: door is a delivery method");
		r = good_case();
		r.sla_state = T("running");
		ok(!sa_cases_row_ok(&r), "cases: sla_state running is refused (NULL means running)");
		r = good_case();
		r.competence_rule = T("nearest");
		ok(!sa_cases_row_ok(&r), "cases: an unknown competence rule is refused");
		r.competence_rule = T("company");
		ok(sa_cases_row_ok(&r), "cases: company is a competence rule");
		r = good_case();
		r.visits = I(-1);
		ok(!sa_cases_row_ok(&r), "cases: negative visits are refused");
		r = good_case();
		r.due_shift = I(-1);
		ok(!sa_cases_row_ok(&r), "cases: a negative due shift is refused");
		r = good_case();
		r.visits_before_acceptance = I(-1);
		ok(!sa_cases_row_ok(&r), "cases: negative visits before acceptance are refused");
		r = good_case();
		r.visits_collection = I(-1);
		ok(!sa_cases_row_ok(&r), "cases: negative collection visits are refused");
		r = good_case();
		r.required_materials = I(-1);
		ok(!sa_cases_row_ok(&r), "cases: a negative required count is refused");
		r = good_case();
		r.reduced_materials = I(-2);
		ok(!sa_cases_row_ok(&r), "cases: a negative reduced count is refused");
		r.reduced_materials = null_int;
		ok(sa_cases_row_ok(&r), "cases: a NULL count passes (its NOT NULL reports it)");
		r = good_case();
		r.promised_limit = I(-1);
		ok(!sa_cases_row_ok(&r), "cases: a negative promised limit is refused");
		r.promised_limit = I(0);
		ok(sa_cases_row_ok(&r), "cases: a promised limit of 0 (an immediate item) passes");
		r = good_case();
		r.item = T("it2");
		ok(!sa_cases_row_ok(&r), "cases: an item other than the service is refused");
		r = good_case();
		r.bundle = T("b1");
		ok(!sa_cases_row_ok(&r), "cases: an item case with a bundle is refused");
		r = good_case();
		r.service_kind = T("bundle");
		ok(!sa_cases_row_ok(&r), "cases: a bundle case naming an item is refused");
		r.item = T(NULL);
		r.bundle = T("it1");
		ok(sa_cases_row_ok(&r), "cases: a bundle case with bundle = service passes");
		r.service_kind = T("other");
		ok(!sa_cases_row_ok(&r), "cases: an unknown service kind is refused");
		r = good_case();
		r.item = T(NULL);
		ok(sa_cases_row_ok(&r), "cases: an item case with a NULL item is unknown, so passes (as the CHECK did)");
		r = good_case();
		r.has_accepted_at = false;
		ok(!sa_cases_row_ok(&r), "cases: an accepted case without acceptance time is refused");
		r.status = T("returned");
		ok(sa_cases_row_ok(&r), "cases: a returned case needs no acceptance time");
		r.status = T("withdrawn");
		ok(sa_cases_row_ok(&r), "cases: nor a withdrawn one");
		r.status = T("revoked");
		ok(!sa_cases_row_ok(&r), "cases: a revoked case without acceptance time is refused");

		ok(sa_case_material_row_ok(T("produced"), T("present"), null_int), "case_material: produced, then present passes");
		ok(!sa_case_material_row_ok(T("lost"), T("present"), null_int), "case_material: an unknown initial status is refused");
		ok(!sa_case_material_row_ok(T("missing"), T(""), null_int), "case_material: an empty status is refused");
		ok(sa_case_material_row_ok(T(NULL), T(NULL), null_int), "case_material: NULLs pass (NOT NULL reports them)");
		ok(sa_case_material_row_ok(T("tolerated"), T("tolerated"), I(0)), "case_material: 0 tolerance days pass");
		ok(!sa_case_material_row_ok(T("tolerated"), T("tolerated"), I(-1)), "case_material: negative tolerance days are refused");
	}
	return tap_done();
}
