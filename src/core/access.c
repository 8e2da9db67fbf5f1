/*
 * access.c — the access decision, pure C.  See access.h.
 */
#include "access.h"

#include <string.h>

bool
acc_group_role(const char *role, size_t len, char *buf, size_t bufsize)
{
	size_t		i;
	size_t		plen = sizeof(ACC_PREFIX) - 1;

	if (bufsize > 0)
		buf[0] = '\0';
	if (role == NULL || len == 0 || len > ACC_ROLE_MAX || bufsize < plen + len + 1)
		return false;
	for (i = 0; i < len; i++)
	{
		char		c = role[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	memcpy(buf, ACC_PREFIX, plen);
	memcpy(buf + plen, role, len);
	buf[plen + len] = '\0';
	return true;
}

bool
acc_is_group_role(const char *name)
{
	static const char *const groups[] = {"service_affair_admin", "service_affair_clerk", "service_affair_reviewer",
										 "service_affair_inspector", "service_affair_analyst", "service_affair_public"};
	size_t		i;

	if (name == NULL)
		return false;
	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (strcmp(name, groups[i]) == 0)
			return true;
	return false;
}

bool
acc_may_act(bool admin, bool member, const char *const *staff, size_t nstaff, const char *department)
{
	size_t		i;

	if (admin)
		return true;
	if (!member || department == NULL || staff == NULL)
		return false;
	for (i = 0; i < nstaff; i++)
		if (staff[i] != NULL && strcmp(staff[i], department) == 0)
			return true;
	return false;
}

bool
acc_may_act_at(bool admin, bool region_clerk, const char *const *posts, size_t nposts, const char *point)
{
	size_t		i;

	if (admin)
		return true;
	if (posts == NULL || nposts == 0)
		return region_clerk;
	/* posted: at its points only, so no case received at no point */
	if (point == NULL)
		return false;
	for (i = 0; i < nposts; i++)
		if (posts[i] != NULL && strcmp(posts[i], point) == 0)
			return true;
	return false;
}

const char *
acc_home_region(bool admin, const char *const *regions, size_t nregions, size_t nposts)
{
	const char *home = NULL;
	size_t		i;

	if (admin || nposts > 0 || regions == NULL)
		return NULL;
	for (i = 0; i < nregions; i++)
	{
		/* a department without a region: not all in one region */
		if (regions[i] == NULL)
			return NULL;
		if (home == NULL)
			home = regions[i];
		else if (strcmp(home, regions[i]) != 0)
			return NULL;		/* a clerk of several regions */
	}
	return home;
}

bool
acc_point_business(bool received_at_point, bool settled, bool delivered, const char *status, size_t len)
{
	static const char *const open_states[] = {"returned", "accepted", "concluded"};
	size_t		i;

	if (!received_at_point || settled || delivered || status == NULL)
		return false;
	for (i = 0; i < sizeof(open_states) / sizeof(open_states[0]); i++)
		if (strlen(open_states[i]) == len && memcmp(open_states[i], status, len) == 0)
			return true;
	return false;
}
