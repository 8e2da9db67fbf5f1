/*
 * test_credit.c — unit tests of src/core/credit.c: check outcomes and the
 * findings rule, the grade table (exhaustive over small counts against the
 * rule written out again), credit_ok, and the effective target grade.
 */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "credit.h"

static char
ref_grade(int g, int s, int m, int p, int r)
{
	if (g >= 1 || s >= 2)
		return 'D';
	if (s == 1 || m >= 2)
		return 'C';
	if (m == 1 || p >= 1 || r >= 1)
		return 'B';
	return 'A';
}

int
main(void)
{
	int			bad = 0;
	sa_credit_counts c;

	/* outcomes */
	is_int(sa_check_outcome_parse("kept", 4), SA_CHECK_KEPT, "kept parses");
	is_int(sa_check_outcome_parse("broken", 6), SA_CHECK_BROKEN, "broken parses");
	is_int(sa_check_outcome_parse("waived", 6), SA_CHECK_WAIVED, "waived parses");
	is_int(sa_check_outcome_parse("open", 4), SA_CHECK_UNKNOWN, "open is not an outcome");
	is_int(sa_check_outcome_parse("kep", 3), SA_CHECK_UNKNOWN, "a prefix is not an outcome");
	is_int(sa_check_outcome_parse("keptx", 4), SA_CHECK_KEPT, "length is honoured");
	is_int(sa_check_outcome_parse(NULL, 0), SA_CHECK_UNKNOWN, "NULL is not an outcome");
	is_int(sa_check_outcome_ok("kept", 4, NULL, 0), SA_CHECK_OK, "kept needs no findings");
	is_int(sa_check_outcome_ok("broken", 6, NULL, 0), SA_CHECK_NEEDS_FINDINGS, "broken without findings");
	is_int(sa_check_outcome_ok("waived", 6, " \t\n", 3), SA_CHECK_NEEDS_FINDINGS, "waived with blank findings");
	is_int(sa_check_outcome_ok("broken", 6, "x", 1), SA_CHECK_OK, "broken with findings");
	is_int(sa_check_outcome_ok("Kept", 4, "x", 1), SA_CHECK_BAD_OUTCOME, "outcomes are lower case");

	/* grades: every combination of small counts */
	for (int g = -1; g <= 2; g++)
		for (int s = -1; s <= 3; s++)
			for (int m = -1; m <= 3; m++)
				for (int p = -1; p <= 2; p++)
					for (int r = -1; r <= 2; r++)
					{
						char		want = ref_grade(g, s, m, p, r);

						c = (sa_credit_counts) {g, s, m, p, r};
						if (sa_credit_grade(&c) != want)
							bad++;
						if (sa_credit_ok(&c) != (g <= 0 && s <= 0))
							bad++;
					}
	is_int(bad, 0, "grade and credit_ok agree with the rule for every small combination");
	c = (sa_credit_counts) {0, 0, 0, 0, 0};
	is_int(sa_credit_grade(&c), 'A', "a clean history is A");
	c = (sa_credit_counts) {0, 0, 0, 1, 0};
	is_int(sa_credit_grade(&c), 'B', "an event awaiting review is B, not a sanction");
	ok(sa_credit_ok(&c), "an event awaiting review leaves credit_ok");
	c = (sa_credit_counts) {0, 1, 0, 0, 1};
	is_int(sa_credit_grade(&c), 'C', "one serious event is C");
	ok(!sa_credit_ok(&c), "one serious event blocks credit_ok");
	c = (sa_credit_counts) {1, 0, 0, 0, 1};
	is_int(sa_credit_grade(&c), 'D', "one grave event is D");

	/* effective grade */
	is_int(sa_credit_effective(0, 'C', true), 'C', "no manual grade: the credit grade");
	is_int(sa_credit_effective('B', 'D', true), 'D', "credit worse than manual: credit");
	is_int(sa_credit_effective('C', 'B', true), 'C', "manual worse than credit: manual");
	is_int(sa_credit_effective('C', 'A', true), 'B', "clean history improves the manual grade by one");
	is_int(sa_credit_effective('A', 'A', true), 'A', "never better than A");
	is_int(sa_credit_effective('C', 'A', false), 'C', "no bonus when switched off");
	is_int(sa_credit_effective('E', 'A', true), 0, "bad manual grade");
	is_int(sa_credit_effective('A', 'Z', true), 0, "bad credit grade");
	return tap_done();
}
