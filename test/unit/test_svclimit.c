/*
 * test_svclimit.c — unit tests of src/core/svclimit.c: the working days an
 * item promises (0 when immediate, else promised_limit, else legal_limit,
 * else 20), every branch, and the kinds and limits it refuses.
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
	return tap_done();
}
