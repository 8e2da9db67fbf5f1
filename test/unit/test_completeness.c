/*
 * test_completeness.c — unit and property tests of src/core/completeness.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "completeness.h"
#include "tap.h"

#define R SA_MF_REQUIRED
#define T SA_MF_TOLERABLE
#define C SA_MF_COMMIT_OK
#define S SA_MF_SHARED
#define P SA_MF_PRODUCED
#define A SA_MF_APPLIES

static sa_mat_result rows[256];
static const char *unknown[256];

static sa_completeness_out
run(sa_material *m, size_t n, const char **sub, size_t ns, const char **com, size_t nc, int credit, size_t *nunk)
{
	sa_completeness_out o = {rows, 0, unknown, 0, 0, 0};

	*nunk = sa_completeness(m, n, sub, ns, com, nc, credit, &o);
	return o;
}

static const char *
status_of(sa_completeness_out *o, const char *code)
{
	size_t		i;

	for (i = 0; i < o->nrows; i++)
		if (strcmp(o->rows[i].code, code) == 0)
			return sa_mat_status_name(o->rows[i].status);
	return "(none)";
}

static void
test_basic(void)
{
	sa_material m[] = {
		{"id_card", "ID card", R | A | S, 5, 0, NULL, 0},
		{"form", "Application form", R | A, 5, 0, NULL, 0},
		{"lease", "Lease", R | T | A, 5, 0, NULL, 0},
		{"photo", "Photo", A, 5, 0, NULL, 0},
		{"pledge", "Safety pledge", R | C | A, 5, 0, NULL, 0},
		{"charter", "Charter", R, 5, 0, NULL, 0},		/* org only: does not apply */
	};
	const char *sub[] = {"form"};
	const char *com[] = {"pledge"};
	size_t		nu;
	sa_completeness_out o = run(m, 6, sub, 1, com, 1, 1, &nu);

	is_int(nu, 0, "basic: no unknown code");
	is_int(o.nrows, 5, "basic: five materials apply");
	is_str(status_of(&o, "form"), "present", "submitted material is present");
	is_str(status_of(&o, "id_card"), "shared", "evidence on file: shared");
	is_str(status_of(&o, "pledge"), "committed", "commitment allowed and credit ok: committed");
	is_str(status_of(&o, "lease"), "tolerated", "tolerable and credit ok: tolerated");
	is_str(status_of(&o, "photo"), "optional", "not required, not supplied: optional");
	is_str(status_of(&o, "charter"), "(none)", "material for another applicant kind is not listed");
	is_int(o.nmissing, 0, "basic: nothing missing");
	is_int(o.ntolerated, 1, "basic: one tolerated");
	is_str(o.rows[0].code, "form", "rows sorted by code");
}

/* issued by an earlier stage of the bundle (a licence): produced */
static void
test_produced(void)
{
	sa_material m[] = {
		{"licence", "Business licence", R | A | P, 5, 0, NULL, 0},		/* stage 2 item */
		{"licence", "Business licence", R | A | P, 5, 0, NULL, 0},		/* another stage 2 item */
		{"permit", "Permit", R | A | P, 5, 0, NULL, 0},
		{"permit", "Permit", R | A, 5, 0, NULL, 0},		/* a stage 1 item asks for it too */
		{"cert", "Certificate", R | A | P | S, 5, 0, NULL, 0},
		{"plan", "Plan", R | A | P, 5, 0, NULL, 0},
	};
	const char *sub[] = {"plan"};
	size_t		nu;
	sa_completeness_out o = run(m, 6, sub, 1, NULL, 0, 1, &nu);

	is_str(status_of(&o, "licence"), "produced", "issued by an earlier stage: produced");
	is_str(status_of(&o, "permit"), "missing", "produced for one item, needed by an earlier one: missing");
	is_str(status_of(&o, "cert"), "shared", "valid evidence on file wins over produced");
	is_str(status_of(&o, "plan"), "present", "submitted wins over produced");
	is_int(o.nmissing, 1, "produced is not missing");
	is_str(sa_mat_status_name(SA_MAT_PRODUCED), "produced", "status name");
}

static void
test_bad_credit(void)
{
	sa_material m[] = {
		{"lease", "Lease", R | T | A, 5, 0, NULL, 0},
		{"pledge", "Safety pledge", R | C | A, 5, 0, NULL, 0},
		{"proof", "Proof", R | A, 5, 0, NULL, 0},
	};
	const char *com[] = {"pledge", "proof"};
	size_t		nu;
	sa_completeness_out o = run(m, 3, NULL, 0, com, 2, 0, &nu);

	is_str(status_of(&o, "lease"), "missing", "bad credit: tolerable material is missing");
	is_str(status_of(&o, "pledge"), "missing", "bad credit: commitment not accepted");
	is_str(status_of(&o, "proof"), "missing", "commitment where not allowed: missing");
	is_int(o.nmissing, 3, "bad credit: three missing");
}

static void
test_unknown(void)
{
	sa_material m[] = {
		{"b", "B", R | A, 5, 0, NULL, 0},
		{"org_only", "O", R, 5, 0, NULL, 0},
	};
	const char *sub[] = {"zz", "b", "aa", "zz", "org_only"};
	const char *com[] = {"aa", "qq"};
	size_t		nu;
	sa_completeness_out o = run(m, 2, sub, 5, com, 2, 1, &nu);

	is_int(nu, 3, "unknown codes counted once each, from both lists");
	is_str(o.unknown[0], "aa", "unknown sorted 1");
	is_str(o.unknown[1], "qq", "unknown sorted 2");
	is_str(o.unknown[2], "zz", "unknown sorted 3");
}

static void
test_bundle_union(void)
{
	/* same code in two items: one material; strictest deciding entry wins */
	sa_material m[] = {
		{"id", "ID (item 1)", R | T | A, 7, 0, NULL, 0},
		{"id", "ID (item 2)", R | T | A, 3, 0, NULL, 0},
		{"plan", "Plan (optional in 1)", A | T, 5, 0, NULL, 0},
		{"plan", "Plan (required in 2)", R | A, 5, 0, NULL, 0},
		{"cert", "Cert", R | C | A, 5, 0, NULL, 0},
		{"cert", "Cert", R | A, 5, 0, NULL, 0},
		{"opt", "Opt", A, 5, 0, NULL, 0},
		{"opt", "Opt", A | T, 5, 0, NULL, 0},
	};
	const char *com[] = {"cert"};
	size_t		nu,
				i;
	sa_completeness_out o = run(m, 8, NULL, 0, com, 1, 1, &nu);

	is_int(o.nrows, 4, "bundle: each code once");
	is_str(status_of(&o, "id"), "tolerated", "bundle: tolerable in every item: tolerated");
	for (i = 0; i < o.nrows; i++)
		if (strcmp(o.rows[i].code, "id") == 0)
		{
			is_int(o.rows[i].tolerance_days, 3, "bundle: smallest tolerance_days");
			is_str(o.rows[i].name, "ID (item 1)", "bundle: name of the first entry");
		}
	is_str(status_of(&o, "plan"), "missing", "bundle: required by one item, not tolerable there: missing");
	is_str(status_of(&o, "cert"), "missing", "bundle: commitment allowed by one item only: missing");
	is_str(status_of(&o, "opt"), "optional", "bundle: optional everywhere: optional");
	for (i = 0; i < o.nrows; i++)
		if (strcmp(o.rows[i].code, "plan") == 0 || strcmp(o.rows[i].code, "opt") == 0)
			is_int(o.rows[i].required, strcmp(o.rows[i].code, "plan") == 0,
				   "bundle: %s required flag", o.rows[i].code);
}

/* the types of a material joined by commas, "-" when none */
static const char *
types_of(sa_material *m, size_t n, const char *code, size_t cap)
{
	static char buf[256];
	const char *t[8];
	size_t		k,
				nt = sa_material_types(m, n, code, t, cap);

	buf[0] = '\0';
	for (k = 0; k < nt && k < cap; k++)
	{
		if (k)
			strcat(buf, ",");
		strcat(buf, t[k]);
	}
	if (nt > cap)
		strcat(buf, ",+");
	return nt ? buf : "-";
}

/*
 * The evidence types recorded with a material at submission: the distinct
 * types its deciding entries name, in the caller's order (the status shared
 * needed every one of them on file).
 */
static void
test_evidence_types(void)
{
	sa_material m[] = {
		{"id", "ID", R | A, 5, 0, NULL, 0},					/* item 1: no type */
		{"id", "ID", R | A | S, 5, 0, "resident_id", 0},		/* item 2 */
		{"id", "ID", R | A, 5, 0, "passport", 0},				/* item 3 */
		{"id", "ID", R | A, 5, 0, "resident_id", 0},			/* item 4: the same again */
		{"plan", "Plan", A, 5, 0, "site_plan", 0},				/* optional here: not deciding */
		{"plan", "Plan", R | A, 5, 0, NULL, 0},				/* required here: decides */
		{"bl", "Licence", R, 5, 0, "biz_licence", 0},			/* does not apply */
		{"bl", "Licence", A, 5, 0, "biz_licence_v2", 0},
		{"form", "Form", R | A, 5, 0, NULL, 0},
	};
	const char *sub[] = {"form", "plan", "id"};
	size_t		nu;
	sa_completeness_out o = run(m, 9, sub, 3, NULL, 0, 1, &nu);

	is_int(o.nrows, 4, "types: four materials");
	is_str(types_of(m, 9, "id", 8), "resident_id,passport", "types: every deciding entry's, distinct, in the caller's order");
	is_str(types_of(m, 9, "id", 1), "resident_id,+", "types: the count beyond cap is returned");
	is_str(types_of(m, 9, "plan", 8), "-", "types: an entry that does not decide gives no type");
	is_str(types_of(m, 9, "bl", 8), "biz_licence_v2", "types: an entry that does not apply gives no type");
	is_str(types_of(m, 9, "form", 8), "-", "types: none named");
	is_str(types_of(m, 9, "zz", 8), "-", "types: a code that is no material");
	is_str(types_of(m, 9, "aa", 8), "-", "types: a code before every material");
}

static void
test_empty(void)
{
	size_t		nu;
	sa_completeness_out o = run(NULL, 0, NULL, 0, NULL, 0, 1, &nu);

	is_int(nu, 0, "empty service: no unknown");
	is_int(o.nrows, 0, "empty service: no rows");
}

/* ---- property: no second surprise ------------------------------------- */

static unsigned long long rng = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned) (rng % n);
}

static char codes[64][8];

static void
test_no_second_surprise(void)
{
	int			iter,
				bad = 0,
				returned = 0;
	int			c;

	for (c = 0; c < 64; c++)
		snprintf(codes[c], sizeof(codes[c]), "m%02d", c);

	for (iter = 0; iter < 20000; iter++)
	{
		sa_material m[120];
		sa_material m2[120];
		const char *sub[64],
				   *sub2[192],
				   *com[64],
				   *com2[64];
		int			nitems = 1 + rnd(5);
		size_t		n = 0,
					ns = 0,
					nc = 0,
					ns2,
					i,
					nu;
		int			credit = rnd(4) != 0;
		int			ncodes = 1 + rnd(40);
		sa_completeness_out o;
		const char *notice[64];
		size_t		nn = 0;
		int			it;

		for (it = 0; it < nitems; it++)
		{
			int			k = rnd(12);

			while (k-- > 0 && n < 120)
			{
				m[n].code = codes[rnd(ncodes)];
				m[n].name = m[n].code;
				m[n].flags = rnd(32);
				m[n].tolerance_days = 1 + rnd(10);
				m[n].evidence_type = NULL;
				m[n].deciding = 0;
				n++;
			}
		}
		for (i = 0; i < n; i++)
			if (rnd(3) == 0)
				sub[ns++] = m[i].code;
		for (i = 0; i < n && nc < 64; i++)
			if (rnd(4) == 0)
				com[nc++] = m[i].code;
		memcpy(m2, m, sizeof(m[0]) * n);
		memcpy(sub2, sub, sizeof(sub[0]) * ns);
		memcpy(com2, com, sizeof(com[0]) * nc);

		o = run(m, n, sub, ns, com, nc, credit, &nu);
		if (nu != 0)
		{
			bad++;
			continue;
		}
		if (o.nmissing == 0)
			continue;
		returned++;
		for (i = 0; i < o.nrows; i++)
			if (o.rows[i].status == SA_MAT_MISSING || o.rows[i].status == SA_MAT_TOLERATED)
				notice[nn++] = o.rows[i].code;
		/* second visit: the original submission plus exactly the notice */
		ns2 = ns;
		for (i = 0; i < nn; i++)
			sub2[ns2++] = notice[i];
		o = run(m2, n, sub2, ns2, com2, nc, credit, &nu);
		if (nu != 0 || o.nmissing != 0 || o.ntolerated != 0)
			bad++;
	}
	ok(returned > 1000, "property: many random submissions were returned (%d)", returned);
	is_int(bad, 0, "property: supplying exactly the notice always completes the case (20000 random catalogs)");
}

int
main(void)
{
	test_basic();
	test_produced();
	test_bad_credit();
	test_unknown();
	test_bundle_union();
	test_evidence_types();
	test_empty();
	test_no_second_surprise();
	return tap_done();
}
