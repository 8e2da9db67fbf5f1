/*
 * test_progress.c — unit tests of src/core/progress.c: the constant-time
 * comparison and the failure budget of case_progress().
 */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "progress.h"

int
main(void)
{
	const char *id = "11010519491231002X";

	ok(sa_progress_ct_equal(id, 18, "11010519491231002X", 18), "equal identifiers are equal");
	ok(!sa_progress_ct_equal(id, 18, "11010519491231002Y", 18), "the last character differs");
	ok(!sa_progress_ct_equal(id, 18, "21010519491231002X", 18), "the first character differs");
	ok(!sa_progress_ct_equal(id, 18, id, 17), "a prefix is not equal");
	ok(!sa_progress_ct_equal(id, 17, id, 18), "nor the other way round");
	ok(sa_progress_ct_equal("", 0, "", 0), "two empty strings are equal");
	ok(!sa_progress_ct_equal(NULL, 0, "", 0), "NULL is never equal");
	ok(!sa_progress_ct_equal("", 0, NULL, 0), "NULL is never equal (second)");
	ok(sa_progress_allowed(0), "a fresh session may look up");
	ok(sa_progress_allowed(SA_PROGRESS_MAX_FAILURES - 1), "the last failure of the budget still leaves one lookup");
	ok(!sa_progress_allowed(SA_PROGRESS_MAX_FAILURES), "the budget spent: refused");
	ok(!sa_progress_allowed(-1), "a corrupt count is refused");
	return tap_done();
}
