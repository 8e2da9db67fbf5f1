/*
 * fuzz_access.c — libFuzzer harness for the access decision of
 * src/core/access.c.
 *
 * The input is split at its first NUL: the part before is a role suffix
 * (acts_as(), may_act() pass any text); it must name a group role exactly
 * when it is 1..ACC_ROLE_MAX characters of [a-z0-9_], and then the name is
 * "service_affair_" followed by it, within the buffer.  The part after is a
 * list of departments separated by '\n', the last one being the department
 * asked for: acc_may_act() must agree with a plain search for every
 * combination of the admin and member facts.  Any mismatch aborts.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"

static bool
want_group(const uint8_t *s, size_t len)
{
	size_t		i;

	if (len == 0 || len > ACC_ROLE_MAX)
		return false;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		buf[ACC_GROUP_NAME_SIZE + 8];
	const uint8_t *nul = memchr(data, '\0', size);
	size_t		rlen = nul ? (size_t) (nul - data) : size;
	bool		got;
	char	   *rest;
	const char *deps[64];
	size_t		ndeps = 0;
	char	   *p;
	const char *asked;
	int			a, m;

	/* the group role name, with guard bytes after the buffer it is given */
	memset(buf, 0x5A, sizeof(buf));
	got = acc_group_role((const char *) data, rlen, buf, ACC_GROUP_NAME_SIZE);
	if (got != want_group(data, rlen))
		abort();
	if (got && (strlen(buf) != sizeof(ACC_PREFIX) - 1 + rlen
				|| memcmp(buf, ACC_PREFIX, sizeof(ACC_PREFIX) - 1) != 0
				|| memcmp(buf + sizeof(ACC_PREFIX) - 1, data, rlen) != 0))
		abort();
	if (!got && buf[0] != '\0')
		abort();
	for (a = ACC_GROUP_NAME_SIZE; a < (int) sizeof(buf); a++)
		if ((unsigned char) buf[a] != 0x5A)
			abort();

	/* the decision over the departments that follow */
	if (!nul)
		return 0;
	rest = malloc(size - rlen);
	memcpy(rest, nul + 1, size - rlen - 1);
	rest[size - rlen - 1] = '\0';
	p = rest;
	for (;;)
	{
		char	   *nl = strchr(p, '\n');

		if (ndeps < 64)
			deps[ndeps++] = p;
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	asked = deps[ndeps - 1];
	ndeps--;
	for (a = 0; a <= 1; a++)
		for (m = 0; m <= 1; m++)
		{
			bool		want = a;
			size_t		i;

			for (i = 0; !want && m && i < ndeps; i++)
				want = strcmp(deps[i], asked) == 0;
			if (acc_may_act(a, m, deps, ndeps, asked) != want)
				abort();
			if (acc_may_act(a, m, deps, ndeps, NULL) != (bool) a)
				abort();
		}
	free(rest);
	return 0;
}
