/*
 * network.c — the service network's visit rule, pure C.  See network.h.
 */
#include "network.h"

#include <string.h>

static const char *const level_names[] = {"", "county", "town", "village", "bank", "kiosk", "mobile"};
static const char *const channel_names[] = {"window", "kiosk", "online", "mobile", "door", "mail", "electronic"};

static int
find(const char *const *names, int n, const char *s, size_t len)
{
	for (int i = 0; i < n; i++)
		if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
			return i;
	return -1;
}

nw_level
nw_level_parse(const char *s, size_t len)
{
	int			i;

	if (s == NULL || len == 0)
		return NW_LEVEL_NONE;
	i = find(level_names + 1, 6, s, len);
	return i < 0 ? NW_LEVEL_UNKNOWN : (nw_level) (i + 1);
}

nw_channel
nw_channel_parse(const char *s, size_t len)
{
	int			i;

	if (s == NULL)
		return NW_CH_UNKNOWN;
	i = find(channel_names, 7, s, len);
	return i < 0 ? NW_CH_UNKNOWN : (nw_channel) i;
}

bool
nw_level_staffed(nw_level l)
{
	return l == NW_LEVEL_COUNTY || l == NW_LEVEL_TOWN || l == NW_LEVEL_VILLAGE || l == NW_LEVEL_BANK;
}

/* a visit at a staffed point of this level */
static nw_visit
staffed_visit(nw_level l)
{
	return l == NW_LEVEL_COUNTY ? NW_VISIT_CENTRE : NW_VISIT_NEARBY;
}

nw_visit
nw_visit_of(nw_channel ch, nw_level level, nw_level parent, bool agent)
{
	if (ch == NW_CH_UNKNOWN || level == NW_LEVEL_UNKNOWN || parent == NW_LEVEL_UNKNOWN)
		return NW_VISIT_ERROR;
	if (ch != NW_CH_WINDOW && ch != NW_CH_KIOSK)
		return NW_VISIT_NONE;	/* online, mobile, door, mail, electronic */
	if (agent)
		return NW_VISIT_NONE;	/* the agent's trip, not the applicant's */
	if (level == NW_LEVEL_NONE)
		return ch == NW_CH_WINDOW ? NW_VISIT_CENTRE : NW_VISIT_NONE;
	if (level == NW_LEVEL_MOBILE)
		return NW_VISIT_NONE;
	if (level == NW_LEVEL_KIOSK)
		return nw_level_staffed(parent) ? staffed_visit(parent) : NW_VISIT_NONE;
	/* a staffed point: its window, or a kiosk standing in it */
	return staffed_visit(level);
}

const char *
nw_visit_name(nw_visit v)
{
	switch (v)
	{
		case NW_VISIT_NONE:
			return "none";
		case NW_VISIT_CENTRE:
			return "centre";
		case NW_VISIT_NEARBY:
			return "nearby";
		default:
			return NULL;
	}
}

nw_phase
nw_visit_phase(bool insert, int32_t old_visits, int32_t old_vba, bool old_concluded,
			   int32_t new_visits, int32_t new_vba, int32_t new_vcol, bool accepted)
{
	nw_phase	r;
	int64_t		delta = insert ? (int64_t) new_visits : (int64_t) new_visits - old_visits;
	int64_t		v;

	memset(&r, 0, sizeof r);
	r.vba = new_vba;
	r.vcol = new_vcol;
	if (delta == 0 && !insert && accepted && new_vba < old_vba)
	{
		/*
		 * No visit gained, but visits moved out of the time before acceptance:
		 * an acceptance recorded after visits made later than it (a late
		 * supplement).  The promise gains them and may be exceeded by them.
		 */
		r.changed = true;
		r.promise = true;
		r.before_promise = (int64_t) old_visits - old_vba;
		r.promise_visits = (int64_t) new_visits - new_vba;
		return r;
	}
	if (delta <= 0)
		return r;
	r.changed = true;
	if (!accepted)
	{
		v = (int64_t) new_vba + delta;
		if (v > INT32_MAX)
			r.overflow = true;
		else
			r.vba = (int32_t) v;
		return r;
	}
	if (!insert && old_concluded)
	{
		v = (int64_t) new_vcol + delta;
		if (v > INT32_MAX)
			r.overflow = true;
		else
			r.vcol = (int32_t) v;
	}
	r.promise = true;
	r.before_promise = insert ? 0 : (int64_t) old_visits - old_vba;
	r.promise_visits = (int64_t) new_visits - r.vba;
	return r;
}

bool
nw_promise_exceeded(const nw_phase *p, int32_t max_visits)
{
	return p->promise && p->before_promise <= max_visits && p->promise_visits > max_visits;
}
