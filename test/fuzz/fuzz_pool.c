/*
 * fuzz_pool.c — libFuzzer harness for the draw pool record decoder
 * (insp_pool_decode), the only bytes the draw code parses.
 *
 * Invariants (abort on violation):
 *   - an accepted record re-encodes to exactly the input (one encoding per pool);
 *   - every grade read back is 0..4; inspectors are strictly increasing
 *     bytewise with departments below n_depts; exclusions strictly increasing
 *     and naming known inspectors;
 *   - team assignment over a small accepted pool either fails with
 *     INSP_ETEAM or gives teams of distinct, non-excluded inspectors.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "insp.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	insp_pool	p;
	insp_buf	b = {0};
	size_t		i;
	uint64_t	off;

	if (insp_pool_decode(data, size, &p) != INSP_OK)
		return 0;
	CHECK(insp_pool_encode(&p, &b) == INSP_OK);
	CHECK(b.len == size && memcmp(b.data, data, size) == 0);
	insp_buf_free(&b);
	for (off = 0; off < p.span && off < 4096; off++)
		CHECK(insp_pool_grade(&p, p.min_id + (int64_t) off) <= 4);
	for (i = 0; i < p.n_insp; i++)
	{
		CHECK(p.insp[i].dept < p.n_depts);
		CHECK(p.insp[i].idlen > 0);
	}
	for (i = 0; i < p.n_excl; i++)
		CHECK(p.excl[i].insp < p.n_insp);

	if (p.n_insp > 0 && p.n_insp <= 64)
	{
		enum
		{
			NT = 4, TS = 2
		};
		int64_t		ids[NT];
		const char *u[NT] = {"91350100M000100Y43", "91110000600037341L", "91350100M000100Y43", "91110000600037341L"};
		uint32_t	team[NT * TS];
		size_t		fail = 0;
		insp_status st;

		for (i = 0; i < NT; i++)
			ids[i] = p.n_excl ? p.excl[i % p.n_excl].target : (int64_t) i;
		st = insp_assign_teams((const unsigned char *) data, size < 64 ? size : 64, NT, ids, u, &p, TS, team, &fail);
		CHECK(st == INSP_OK || st == INSP_ETEAM);
		if (st == INSP_OK)
			for (i = 0; i < NT; i++)
			{
				size_t		e;

				CHECK(team[i * TS] != team[i * TS + 1]);
				CHECK(team[i * TS] < p.n_insp && team[i * TS + 1] < p.n_insp);
				for (e = 0; e < p.n_excl; e++)
					if (p.excl[e].target == ids[i])
						CHECK(p.excl[e].insp != team[i * TS] && p.excl[e].insp != team[i * TS + 1]);
			}
		else
			CHECK(fail < NT);
	}
	insp_pool_free(&p);
	return 0;
}
