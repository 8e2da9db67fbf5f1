/*
 * test_access.c — unit tests of the access decision (src/core/access.c).
 */
#include <string.h>

#include "access.h"
#include "tap.h"

int
main(void)
{
	char		buf[ACC_GROUP_NAME_SIZE];
	const char *staff[] = {"XS_MKT", "XS_HLT"};
	const char *holes[] = {NULL, "XS_HLT"};
	char		longest[ACC_ROLE_MAX + 1];
	int			a, m;

	/* group role names */
	ok(acc_group_role("clerk", 5, buf, sizeof(buf)), "clerk names a group role");
	is_str(buf, "service_affair_clerk", "... service_affair_clerk");
	ok(acc_group_role("admin_x", 5, buf, sizeof(buf)), "the length counts, not the NUL");
	is_str(buf, "service_affair_admin", "... service_affair_admin");
	ok(!acc_group_role("", 0, buf, sizeof(buf)) && buf[0] == '\0', "an empty suffix names none, buf empty");
	ok(!acc_group_role(NULL, 3, buf, sizeof(buf)), "NULL names none");
	ok(!acc_group_role("Admin", 5, buf, sizeof(buf)), "upper case names none");
	ok(!acc_group_role("clerk\"; DROP", 12, buf, sizeof(buf)), "punctuation names none");
	ok(!acc_group_role("cl\0rk", 5, buf, sizeof(buf)), "an embedded NUL names none");
	memset(longest, 'x', ACC_ROLE_MAX);
	longest[ACC_ROLE_MAX] = '\0';
	ok(acc_group_role(longest, ACC_ROLE_MAX, buf, sizeof(buf)) && strlen(buf) == ACC_GROUP_NAME_SIZE - 1,
	   "a suffix of ACC_ROLE_MAX characters fits the buffer exactly");
	ok(!acc_group_role(longest, ACC_ROLE_MAX + 1, buf, sizeof(buf)), "one more names none");
	ok(!acc_group_role("clerk", 5, buf, 10), "a short buffer is refused, not overrun");

	/* the six group roles, and nothing else */
	{
		const char *six[] = {"admin", "clerk", "reviewer", "inspector", "analyst", "public"};
		int			i;

		for (i = 0; i < 6; i++)
		{
			acc_group_role(six[i], strlen(six[i]), buf, sizeof(buf));
			ok(acc_is_group_role(buf), "%s is a group role", buf);
		}
	}
	ok(!acc_is_group_role(NULL), "NULL is no group role");
	ok(!acc_is_group_role("service_affair_"), "the prefix alone is none");
	ok(!acc_is_group_role("service_affair_clerk2"), "a longer name is none");
	ok(!acc_is_group_role("service_affair_Clerk"), "case counts");
	ok(!acc_is_group_role("service_affair_province_link"), "the companions' link role is none");
	ok(!acc_is_group_role("clerk_anna"), "a person's role is none");

	/* the decision: every combination of the facts */
	for (a = 0; a <= 1; a++)
		for (m = 0; m <= 1; m++)
		{
			ok(acc_may_act(a, m, staff, 2, "XS_HLT") == (a || m), "admin=%d member=%d, own department: %s", a, m, (a || m) ? "yes" : "no");
			ok(acc_may_act(a, m, staff, 2, "XS_EDU") == a, "admin=%d member=%d, another department: %s", a, m, a ? "yes" : "no");
			ok(acc_may_act(a, m, staff, 0, "XS_HLT") == a, "admin=%d member=%d, no staff rows: %s", a, m, a ? "yes" : "no");
			ok(acc_may_act(a, m, staff, 2, NULL) == a, "admin=%d member=%d, NULL department: %s", a, m, a ? "yes" : "no");
			ok(acc_may_act(a, m, NULL, 2, "XS_HLT") == a, "admin=%d member=%d, NULL staff list: %s", a, m, a ? "yes" : "no");
		}
	ok(acc_may_act(false, true, holes, 2, "XS_HLT"), "a NULL entry in the staff list is skipped");
	ok(!acc_may_act(false, true, staff, 2, "XS_HLT "), "departments match exactly (no trimming)");
	ok(!acc_may_act(false, true, staff, 2, "xs_hlt"), "... and case-sensitively");
	ok(!acc_may_act(false, true, staff, 2, ""), "an empty department matches nothing");

	/* the receiving point's business with a case (通办): written out from
	 * doc/access.md, "The receiving point's clerk" */
#define PB(at, st, dl, s) acc_point_business(at, st, dl, s, (s) ? strlen(s) : 0)
	ok(PB(true, false, false, "returned"), "received at a point, returned: the point takes the supplement");
	ok(PB(true, false, false, "accepted"), "... accepted: a supplement, a withdrawal, a visit");
	ok(PB(true, false, false, "concluded"), "... concluded, not delivered: the point hands the result over");
	ok(!PB(true, false, true, "concluded"), "delivered: the point's business has ended");
	ok(!PB(true, false, false, "withdrawn"), "withdrawn: ended");
	ok(!PB(true, false, false, "revoked"), "revoked: ended");
	ok(!PB(true, true, false, "concluded"), "settled: ended");
	ok(!PB(false, false, false, "accepted"), "received at no point: no point has business with it");
	ok(!acc_point_business(true, false, false, NULL, 0), "no status: none");
	ok(!PB(true, false, false, ""), "an empty status: none");
	ok(!PB(true, false, false, "Accepted"), "statuses match exactly (case-sensitively)");
	ok(!PB(true, false, false, "accepted "), "... and untrimmed");
	ok(!acc_point_business(true, false, false, "accepted", 7), "a prefix of a status is none");
	ok(!acc_point_business(true, false, false, "returnedx", 9), "a longer word is none");
#undef PB
	return tap_done();
}
