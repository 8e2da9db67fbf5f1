/*
 * Unit tests of the visit rule (src/core/network.c), the point decision
 * (acc_may_act_at, src/core/access.c), written out from issue 13 item 5,
 * and the caller's own office (acc_home_region).
 */
#include "access.h"
#include "network.h"
#include "tap.h"

#define L(s) nw_level_parse(s, strlen(s))
#define C(s) nw_channel_parse(s, strlen(s))

int
main(void)
{
	const char *posts[] = {"p1", "p2"};

	is_int(L("county"), NW_LEVEL_COUNTY, "parse county");
	is_int(L("mobile"), NW_LEVEL_MOBILE, "parse mobile");
	is_int(nw_level_parse(NULL, 0), NW_LEVEL_NONE, "no point");
	is_int(L("County"), NW_LEVEL_UNKNOWN, "levels are case-sensitive");
	is_int(L("count"), NW_LEVEL_UNKNOWN, "a prefix is no level");
	is_int(C("door"), NW_CH_DOOR, "parse door");
	is_int(C("windows"), NW_CH_UNKNOWN, "a longer word is no channel");
	is_int(nw_channel_parse(NULL, 0), NW_CH_UNKNOWN, "NULL is no channel");

	/* windows at staffed points */
	is_int(nw_visit_of(NW_CH_WINDOW, NW_LEVEL_COUNTY, NW_LEVEL_NONE, false), NW_VISIT_CENTRE, "county window: a visit");
	is_int(nw_visit_of(NW_CH_WINDOW, NW_LEVEL_TOWN, NW_LEVEL_COUNTY, false), NW_VISIT_NEARBY, "town window: 就近办");
	is_int(nw_visit_of(NW_CH_WINDOW, NW_LEVEL_VILLAGE, NW_LEVEL_TOWN, false), NW_VISIT_NEARBY, "village point: 就近办");
	is_int(nw_visit_of(NW_CH_WINDOW, NW_LEVEL_BANK, NW_LEVEL_NONE, false), NW_VISIT_NEARBY, "bank branch: 就近办");
	/* kiosks */
	is_int(nw_visit_of(NW_CH_KIOSK, NW_LEVEL_KIOSK, NW_LEVEL_COUNTY, false), NW_VISIT_CENTRE, "kiosk in the county centre: a visit");
	is_int(nw_visit_of(NW_CH_KIOSK, NW_LEVEL_KIOSK, NW_LEVEL_TOWN, false), NW_VISIT_NEARBY, "kiosk in a town centre: 就近办");
	is_int(nw_visit_of(NW_CH_KIOSK, NW_LEVEL_KIOSK, NW_LEVEL_NONE, false), NW_VISIT_NONE, "free-standing kiosk: 0");
	is_int(nw_visit_of(NW_CH_KIOSK, NW_LEVEL_KIOSK, NW_LEVEL_MOBILE, false), NW_VISIT_NONE, "kiosk on a mobile unit: 0");
	is_int(nw_visit_of(NW_CH_WINDOW, NW_LEVEL_KIOSK, NW_LEVEL_COUNTY, false), NW_VISIT_CENTRE, "a kiosk point is a kiosk whatever the channel says");
	is_int(nw_visit_of(NW_CH_KIOSK, NW_LEVEL_COUNTY, NW_LEVEL_NONE, false), NW_VISIT_CENTRE, "kiosk channel at a staffed point: inside it");
	is_int(nw_visit_of(NW_CH_KIOSK, NW_LEVEL_NONE, NW_LEVEL_NONE, false), NW_VISIT_NONE, "kiosk, no point: 0 (the 0.1 rule)");
	is_int(nw_visit_of(NW_CH_WINDOW, NW_LEVEL_NONE, NW_LEVEL_NONE, false), NW_VISIT_CENTRE, "window, no point: a visit");
	/* no trip */
	is_int(nw_visit_of(NW_CH_WINDOW, NW_LEVEL_MOBILE, NW_LEVEL_COUNTY, false), NW_VISIT_NONE, "mobile service point: 0");
	for (int c = NW_CH_ONLINE; c <= NW_CH_ELECTRONIC; c++)
		for (int l = NW_LEVEL_NONE; l <= NW_LEVEL_MOBILE; l++)
			is_int(nw_visit_of((nw_channel) c, (nw_level) l, NW_LEVEL_COUNTY, false), NW_VISIT_NONE,
				   "channel %d at level %d: 0", c, l);
	for (int l = NW_LEVEL_NONE; l <= NW_LEVEL_MOBILE; l++)
		is_int(nw_visit_of(NW_CH_WINDOW, (nw_level) l, NW_LEVEL_COUNTY, true), NW_VISIT_NONE,
			   "an agent's trip at level %d is no visit of the applicant", l);
	/* errors */
	is_int(nw_visit_of(NW_CH_UNKNOWN, NW_LEVEL_COUNTY, NW_LEVEL_NONE, false), NW_VISIT_ERROR, "unknown channel");
	is_int(nw_visit_of(NW_CH_WINDOW, NW_LEVEL_UNKNOWN, NW_LEVEL_NONE, false), NW_VISIT_ERROR, "unknown level");
	is_int(nw_visit_of(NW_CH_KIOSK, NW_LEVEL_KIOSK, NW_LEVEL_UNKNOWN, false), NW_VISIT_ERROR, "unknown parent level");
	is_str(nw_visit_name(NW_VISIT_NEARBY), "nearby", "name of nearby");
	ok(nw_visit_name(NW_VISIT_ERROR) == NULL, "no name for an error");

	/* the point decision */
	ok(acc_may_act_at(true, false, NULL, 0, "p9"), "an administrator acts at every point");
	ok(acc_may_act_at(false, true, NULL, 0, "p9"), "a clerk posted nowhere acts at the points of its regions");
	ok(!acc_may_act_at(false, false, NULL, 0, "p9"), "... not elsewhere");
	ok(acc_may_act_at(false, true, posts, 2, "p2"), "a posted clerk acts at its posts");
	ok(!acc_may_act_at(false, true, posts, 2, "p3"), "... only there, even in its region");
	ok(acc_may_act_at(false, true, NULL, 0, NULL), "no point: the region decides for a clerk posted nowhere");
	ok(!acc_may_act_at(false, true, posts, 2, NULL),
	   "a posted clerk receives at its points only, not at no point (until 2026-12-03 its region decided)");
	ok(!acc_may_act_at(false, false, posts, 2, NULL), "... nor without a region");

	/* the caller's own office: where a case naming neither point nor region is received */
	{
		const char *one[] = {"330226"};
		const char *two[] = {"330225", "330226"};
		const char *same[] = {"330226", "330226"};
		const char *noregion[] = {"330226", NULL};
		const char *noregion_first[] = {NULL, "330226"};
		const char *noregion_only[] = {NULL};

		is_str(acc_home_region(false, one, 1, 0), "330226",
			   "a clerk posted nowhere, of one region: its office's region (until 2026-12-05 the item's asked for)");
		ok(acc_home_region(true, one, 1, 0) == NULL, "an administrator: none (the item asked for decides)");
		ok(acc_home_region(false, two, 2, 0) == NULL, "a clerk of several regions: none");
		ok(acc_home_region(false, NULL, 0, 0) == NULL, "no staff row: none");
		ok(acc_home_region(false, one, 0, 0) == NULL, "... nor an empty list");
		ok(acc_home_region(false, one, 1, 2) == NULL, "a clerk posted to points: none (it names its point)");
		is_str(acc_home_region(false, same, 2, 0), "330226", "one region named twice (two departments): that region");
		ok(acc_home_region(false, noregion, 2, 0) == NULL,
		   "a clerk of one region's department and of a department without a region: none "
		   "(until 2026-12-05 the department without a region was left out: that region)");
		ok(acc_home_region(false, noregion_first, 2, 0) == NULL, "... whichever comes first");
		ok(acc_home_region(false, noregion_only, 1, 0) == NULL, "a clerk of a department without a region only: none");
	}

	/* the phase of the visits a case gains (case_visit_phase) */
	{
		nw_phase	p;

		p = nw_visit_phase(true, 0, 0, false, 1, 0, 0, false);
		ok(p.changed && p.vba == 1 && !p.promise, "insert, not accepted: the visit is before acceptance");
		p = nw_visit_phase(true, 0, 0, false, 1, 0, 0, true);
		ok(p.changed && p.vba == 0 && p.vcol == 0 && p.promise && p.before_promise == 0 && p.promise_visits == 1,
		   "insert, accepted: the promise counts it");
		ok(!nw_promise_exceeded(&p, 1), "... one visit keeps a promise of one");
		ok(nw_promise_exceeded(&p, 0), "... and exceeds a promise of zero (跑零次)");
		p = nw_visit_phase(true, 0, 0, false, 0, 0, 0, true);
		ok(!p.changed && !p.promise, "insert without visits: nothing");
		p = nw_visit_phase(false, 2, 1, true, 3, 1, 0, true);
		ok(p.changed && p.vcol == 1 && p.vba == 1 && p.promise_visits == 2 && p.before_promise == 1,
		   "update of a concluded case: a collection visit");
		ok(nw_promise_exceeded(&p, 1), "... it first exceeds a promise of one");
		p = nw_visit_phase(false, 3, 1, true, 4, 1, 1, true);
		ok(!nw_promise_exceeded(&p, 1), "... a later visit does not notify again");
		p = nw_visit_phase(false, 1, 1, false, 2, 1, 0, false);
		ok(p.changed && p.vba == 2 && !p.promise, "update before acceptance: before acceptance");
		p = nw_visit_phase(false, 2, 0, false, 2, 0, 0, true);
		ok(!p.changed, "no growth: nothing");
		p = nw_visit_phase(false, 3, 3, false, 3, 1, 0, true);
		ok(p.changed && p.vba == 1 && p.vcol == 0 && p.promise && p.before_promise == 0 && p.promise_visits == 2,
		   "visits moved out of the time before acceptance (a late acceptance): the promise gains them");
		ok(nw_promise_exceeded(&p, 1), "... and is first exceeded by them (until 2026-12-04 nothing was asked)");
		ok(!nw_promise_exceeded(&p, 2), "... not when they keep it");
		p = nw_visit_phase(false, 3, 1, false, 3, 3, 0, true);
		ok(!p.changed && !p.promise, "visits moved into the time before acceptance: nothing to notify");
		p = nw_visit_phase(false, 3, 3, false, 3, 1, 0, false);
		ok(!p.changed && !p.promise, "... nor a move on a case not accepted");
		p = nw_visit_phase(false, 0, 2147483647, false, 1, 2147483647, 0, false);
		ok(p.changed && p.overflow, "a count past the integer range is reported");
	}
	return tap_done();
}
