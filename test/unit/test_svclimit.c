/*
 * test_svclimit.c — unit tests of src/core/svclimit.c: the legal working
 * days of an item (legal_limit, else 20; a negative limit refused), the
 * working days an item promises (0 when immediate, else promised_limit,
 * else its legal days), every branch, and the kinds and limits it refuses; the days of a
 * bundle (sa_bundle_days(): the sum of its stages, at most 45 when joint;
 * its promise at most that), with SQL's NULLs.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "svclimit.h"

/* the days promised, or -100 - status when refused */
static int32_t
days_of(sa_item_kind kind, const int32_t *promised, const int32_t *legal)
{
	int32_t		d = -1;
	sa_svclimit_status st = sa_item_promised_days(kind, promised, legal, &d);

	return st == SA_SVCLIMIT_OK ? d : -100 - (int32_t) st;
}

/* sa_bundle_days() as "promised/legal", a NULL result as "-" */
static const char *
bundle_of(const int32_t *p, const int32_t *sp, const int32_t *sl, const int64_t *st, const int64_t *dp)
{
	static char buf[64];
	bool		ps = false,
				ls = false;
	int32_t		pd = -7,
				ld = -7;
	char		a[16],
				b[16];

	sa_bundle_days(p, sp, sl, st, dp, &ps, &pd, &ls, &ld);
	snprintf(a, sizeof a, "%d", (int) pd);
	snprintf(b, sizeof b, "%d", (int) ld);
	snprintf(buf, sizeof buf, "%s/%s", ps ? a : "-", ls ? b : "-");
	return buf;
}

int
main(void)
{
	int32_t		zero = 0,
				five = 5,
				eight = 8,
				fifteen = 15,
				neg = -1,
				big = 365;
	int32_t		d = 77;

	/* the kind */
	is_int(sa_item_kind_parse("immediate", 9), SA_ITEM_IMMEDIATE, "immediate is immediate");
	is_int(sa_item_kind_parse("promised", 8), SA_ITEM_PROMISED, "promised is promised");
	is_int(sa_item_kind_parse(NULL, 0), SA_ITEM_PROMISED, "no kind named (NULL) is promised");
	is_int(sa_item_kind_parse("Immediate", 9), SA_ITEM_KIND_UNKNOWN, "the case matters");
	is_int(sa_item_kind_parse("immediate ", 10), SA_ITEM_KIND_UNKNOWN, "a trailing space is another kind");
	is_int(sa_item_kind_parse("immediatex", 9), SA_ITEM_IMMEDIATE, "only len bytes are read");
	is_int(sa_item_kind_parse("immediat", 8), SA_ITEM_KIND_UNKNOWN, "a prefix is another kind");
	is_int(sa_item_kind_parse("", 0), SA_ITEM_KIND_UNKNOWN, "the empty kind is unknown");
	is_int(sa_item_kind_parse("promised\0", 9), SA_ITEM_KIND_UNKNOWN, "an embedded NUL is another kind");

	/* immediate: 0, whatever the limits */
	is_int(days_of(SA_ITEM_IMMEDIATE, NULL, NULL), 0, "immediate, no limits: 0");
	is_int(days_of(SA_ITEM_IMMEDIATE, &zero, &fifteen), 0, "immediate, promised 0, legal 15: 0");
	is_int(days_of(SA_ITEM_IMMEDIATE, NULL, &fifteen), 0, "immediate, legal 15 only: 0 (not the legal limit)");
	is_int(days_of(SA_ITEM_IMMEDIATE, &five, NULL), 0, "immediate with a promise (the catalog refuses it): still 0");

	/* promised: promised_limit, else legal_limit, else 20 */
	is_int(days_of(SA_ITEM_PROMISED, &eight, &fifteen), 8, "promised 8, legal 15: 8");
	is_int(days_of(SA_ITEM_PROMISED, &eight, NULL), 8, "promised 8, no legal limit: 8");
	is_int(days_of(SA_ITEM_PROMISED, &zero, &fifteen), 0, "promised 0 is a promise of 0 (not unset)");
	is_int(days_of(SA_ITEM_PROMISED, &big, &big), 365, "the largest the catalog allows");
	is_int(days_of(SA_ITEM_PROMISED, NULL, &fifteen), 15, "no promise: the legal limit");
	is_int(days_of(SA_ITEM_PROMISED, NULL, &zero), 0, "no promise, legal 0: 0 (not the default)");
	is_int(days_of(SA_ITEM_PROMISED, NULL, NULL), SA_LEGAL_DEFAULT_DAYS, "neither: the legal default");
	is_int(SA_LEGAL_DEFAULT_DAYS, 20, "the legal default is 20 working days");

	/* refused */
	is_int(days_of(SA_ITEM_KIND_UNKNOWN, &eight, &fifteen), -100 - SA_SVCLIMIT_BAD_KIND, "an unknown kind is refused");
	is_int(days_of((sa_item_kind) 7, NULL, NULL), -100 - SA_SVCLIMIT_BAD_KIND, "a kind out of the enum is refused");
	is_int(days_of(SA_ITEM_PROMISED, &neg, &fifteen), -100 - SA_SVCLIMIT_NEGATIVE, "a negative promise is refused");
	is_int(days_of(SA_ITEM_PROMISED, NULL, &neg), -100 - SA_SVCLIMIT_NEGATIVE, "a negative legal limit is refused");
	is_int(days_of(SA_ITEM_PROMISED, &eight, &neg), -100 - SA_SVCLIMIT_NEGATIVE,
		   "a negative legal limit is refused when a promise is set too");
	is_int(days_of(SA_ITEM_IMMEDIATE, &neg, NULL), -100 - SA_SVCLIMIT_NEGATIVE, "immediate with a negative limit is refused");
	is_int(sa_item_promised_days(SA_ITEM_KIND_UNKNOWN, NULL, NULL, &d), SA_SVCLIMIT_BAD_KIND, "refused: the status");
	is_int(d, 77, "refused: *days untouched");
	is_int(sa_item_promised_days(SA_ITEM_PROMISED, &neg, NULL, &d), SA_SVCLIMIT_NEGATIVE, "refused (negative): the status");
	is_int(d, 77, "refused (negative): *days untouched");

	/* the legal days: legal_limit, else 20; the promise falls back on them */
	{
		int32_t		limits[] = {0, 1, 10, 19, 20, 21, 45, 365};
		int32_t		ld = 77,
					pd = 78;
		size_t		i;

		is_int(sa_item_legal_days(NULL, &ld), SA_SVCLIMIT_OK, "legal days, no limit set: ok");
		is_int(ld, SA_LEGAL_DEFAULT_DAYS, "legal days, no limit set: the legal default");
		is_int(sa_item_legal_days(&zero, &ld), SA_SVCLIMIT_OK, "legal days, limit 0: ok");
		is_int(ld, 0, "legal days, limit 0: 0 (not the default)");
		is_int(sa_item_legal_days(&fifteen, &ld), SA_SVCLIMIT_OK, "legal days, limit 15: ok");
		is_int(ld, 15, "legal days, limit 15: 15");
		ld = 77;
		is_int(sa_item_legal_days(&neg, &ld), SA_SVCLIMIT_NEGATIVE, "legal days, a negative limit: refused");
		is_int(ld, 77, "legal days refused: *days untouched");
		for (i = 0; i < sizeof limits / sizeof limits[0]; i++)
		{
			sa_item_legal_days(&limits[i], &ld);
			sa_item_promised_days(SA_ITEM_PROMISED, NULL, &limits[i], &pd);
			is_int(pd, ld, "no promise, legal limit %d: the promise is the legal days", (int) limits[i]);
		}
		sa_item_legal_days(NULL, &ld);
		sa_item_promised_days(SA_ITEM_PROMISED, NULL, NULL, &pd);
		is_int(pd, ld, "no promise, no legal limit: the promise is the legal days");
	}

	/* a bundle: legal days the sum of its stages, at most 45 when joint */
	{
		int32_t		p5 = 5,
					p0 = 0,
					p50 = 50,
					sp12 = 12,
					sp60 = 60,
					sl40 = 40,
					sl45 = 45,
					sl46 = 46,
					sl60 = 60;
		int64_t		st0 = 0,
					st3 = 3,
					d1 = 1,
					d2 = 2,
					d4 = 4;

		is_int(SA_JOINT_LEGAL_DAYS, 45, "joint handling: 45 working days (Art 42 para 2)");
		is_int(SA_JOINT_EXTENSION_DAYS, 15, "joint handling: extended by at most 15");
		is_str(bundle_of(NULL, &sp12, &sl60, &st3, &d1), "12/60", "one department: the sum of its stages, not capped");
		is_str(bundle_of(NULL, &sp12, &sl60, &st3, &d2), "12/45", "two departments: capped at 45");
		is_str(bundle_of(NULL, &sp12, &sl60, &st3, &d4), "12/45", "four departments: capped at 45");
		is_str(bundle_of(NULL, &sp12, &sl45, &st3, &d2), "12/45", "joint, exactly 45: 45");
		is_str(bundle_of(NULL, &sp12, &sl46, &st3, &d2), "12/45", "joint, 46: 45");
		is_str(bundle_of(NULL, &sp12, &sl40, &st3, &d2), "12/40", "joint, under 45: the sum");
		is_str(bundle_of(NULL, &sp60, &sl60, &st3, &d2), "45/45", "joint: the stages' promise at most the legal days");
		is_str(bundle_of(&p50, &sp12, &sl60, &st3, &d2), "45/45", "joint: its own limit at most the legal days");
		is_str(bundle_of(&p50, &sp12, &sl60, &st3, &d1), "50/60", "one department: its own limit under the sum");
		is_str(bundle_of(&p5, &sp60, &sl60, &st3, &d2), "5/45", "its own limit first, when shorter");
		is_str(bundle_of(&p0, &sp12, &sl60, &st3, &d2), "0/45", "its own limit of 0 is a limit");
		/* no stage yet: its own limit, else 0 */
		is_str(bundle_of(&p50, NULL, NULL, &st0, &d1), "50/-", "no stage: its own limit, whole; no legal days");
		is_str(bundle_of(NULL, NULL, NULL, &st0, &d1), "0/-", "no stage, no limit: 0");
		/* SQL's NULLs (LEAST ignores a NULL, a NULL count is no count) */
		is_str(bundle_of(NULL, &sp12, NULL, &st3, &d2), "12/45", "joint, legal NULL: 45 (LEAST(NULL, 45))");
		is_str(bundle_of(NULL, &sp12, NULL, &st3, &d1), "12/-", "one department, legal NULL: NULL, the promise kept");
		is_str(bundle_of(NULL, NULL, NULL, &st3, &d1), "-/-", "nothing known: NULL, NULL");
		is_str(bundle_of(NULL, NULL, &sl60, &st3, &d1), "60/60", "no promise anywhere: the legal days");
		is_str(bundle_of(NULL, &sp12, &sl60, NULL, NULL), "12/60", "stages and departments NULL: not joint, stages taken as some");
		is_str(bundle_of(&p50, NULL, NULL, NULL, &d2), "45/45", "stages NULL, joint, legal NULL: 45");
	}

	/* a bundle's case: extended in all by the sum of its stages, at most 15 when joint */
	is_int(sa_bundle_extension_days(30, 1), 30, "one department: extensions summed over stages, not capped");
	is_int(sa_bundle_extension_days(30, 0), 30, "no department counted: not joint");
	is_int(sa_bundle_extension_days(30, 2), 15, "two departments: at most 15");
	is_int(sa_bundle_extension_days(30, 4), 15, "four departments: at most 15");
	is_int(sa_bundle_extension_days(15, 2), 15, "joint, exactly 15: 15");
	is_int(sa_bundle_extension_days(16, 2), 15, "joint, 16: 15");
	is_int(sa_bundle_extension_days(10, 2), 10, "joint, under 15: the sum");
	is_int(sa_bundle_extension_days(0, 2), 0, "no extension: 0");
	is_int(sa_bundle_extension_days(-1, 2), -1, "a negative sum is returned as it is");
	return tap_done();
}
