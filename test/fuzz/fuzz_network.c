/*
 * fuzz_network.c — libFuzzer harness for src/core/network.c and
 * acc_may_act_at() (src/core/access.c).
 *
 * Input: byte 0 = agent flag, byte 1 = split of the rest into a channel, a
 * level and a parent level text.  Checks: a parse is the plain list lookup;
 * nw_visit_of() errors exactly for an unknown channel or level, is none for
 * an agent and for every channel but window and kiosk, and nearby only at a
 * town, village or bank (or a kiosk whose parent is one).  acc_may_act_at()
 * with the texts as points: an administrator always, else a posted caller
 * at its posts only.  Any mismatch aborts.
 */
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "network.h"

static const char *const levels[] = {"county", "town", "village", "bank", "kiosk", "mobile"};
static const char *const channels[] = {"window", "kiosk", "online", "mobile", "door", "mail", "electronic"};

static int
lookup(const char *const *names, int n, const char *s, size_t len)
{
	for (int i = 0; i < n; i++)
		if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
			return i;
	return -1;
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char		buf[3][64];
	size_t		len[3] = {0, 0, 0};
	int			agent, part = 0;
	nw_channel	ch;
	nw_level	lv, pl;
	nw_visit	v;

	if (size < 2)
		return 0;
	agent = data[0] & 1;
	for (size_t i = 2; i < size; i++)
	{
		if (data[i] == 0 && part < 2)
		{
			part++;
			continue;
		}
		if (len[part] < sizeof(buf[part]) - 1)
			buf[part][len[part]++] = (char) data[i];
	}
	for (int k = 0; k < 3; k++)
		buf[k][len[k]] = '\0';

	ch = nw_channel_parse(buf[0], len[0]);
	lv = nw_level_parse(buf[1], len[1]);
	pl = nw_level_parse(buf[2], len[2]);
	if ((int) ch != lookup(channels, 7, buf[0], len[0]))
		abort();
	if (len[1] > 0 && (int) lv != (lookup(levels, 6, buf[1], len[1]) < 0 ? -1 : lookup(levels, 6, buf[1], len[1]) + 1))
		abort();
	if (len[1] == 0 && lv != NW_LEVEL_NONE)
		abort();

	v = nw_visit_of(ch, lv, pl, agent);
	if ((v == NW_VISIT_ERROR) != (ch == NW_CH_UNKNOWN || lv == NW_LEVEL_UNKNOWN || pl == NW_LEVEL_UNKNOWN))
		abort();
	if (v != NW_VISIT_ERROR)
	{
		nw_level	where = lv == NW_LEVEL_KIOSK ? pl : lv;

		if ((agent || (ch != NW_CH_WINDOW && ch != NW_CH_KIOSK)) && v != NW_VISIT_NONE)
			abort();
		if (v == NW_VISIT_NEARBY && !(where == NW_LEVEL_TOWN || where == NW_LEVEL_VILLAGE || where == NW_LEVEL_BANK))
			abort();
		if (nw_visit_name(v) == NULL)
			abort();
	}

	{
		const char *posts[2] = {buf[1], buf[2]};

		if (!acc_may_act_at(true, false, posts, 2, buf[0]))
			abort();
		if (acc_may_act_at(false, (data[1] & 1) != 0, posts, 2, buf[0])
			!= (strcmp(buf[0], buf[1]) == 0 || strcmp(buf[0], buf[2]) == 0))
			abort();
	}
	return 0;
}
