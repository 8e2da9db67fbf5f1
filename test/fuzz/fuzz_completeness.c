/*
 * fuzz_completeness.c — libFuzzer harness over src/core/completeness.c.
 *
 * The input bytes describe a catalog (entries with codes from a small pool,
 * flags, tolerance days), a submission and commitments.  Checks, on every
 * input: no crash or sanitizer report; rows sorted and distinct; counts agree
 * with the statuses; unknown codes are exactly those not in the catalog; and
 * "no second surprise": the submission plus every missing and tolerated code
 * classifies with nothing missing or tolerated.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "completeness.h"

static const char *const pool[] = {
	"", "a", "b", "c", "d", "e", "f", "g", "ab", "ba", "id", "id2", "form", "lease", "x-1", "x.2"
};
#define NPOOL 16
#define MAXN 64

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sa_material m[MAXN],
				m2[MAXN];
	const char *sub[MAXN],
			   *com[MAXN],
			   *sub2[2 * MAXN],
			   *com2[MAXN];
	sa_mat_result rows[MAXN];
	const char *unknown[2 * MAXN];
	sa_completeness_out out = {rows, 0, unknown, 0, 0, 0};
	size_t		n = 0,
				ns = 0,
				nc = 0,
				i,
				j,
				ns2,
				nunk;
	int			credit;

	if (size < 1)
		return 0;
	credit = data[0] & 1;
	for (i = 1; i + 1 < size; i += 2)
	{
		uint8_t		a = data[i],
					b = data[i + 1];

		switch (a >> 6)
		{
			case 0:
			case 1:
				if (n < MAXN)
				{
					m[n].code = pool[a & 15];
					m[n].name = pool[(a >> 2) & 15];
					m[n].flags = (b & 31) | ((a & 0x40) ? SA_MF_PRODUCED : 0);
					m[n].tolerance_days = b >> 5;
					m[n].evidence_type = (a & 0x20) ? pool[(a >> 1) & 15] : NULL;
					n++;
				}
				break;
			case 2:
				if (ns < MAXN)
					sub[ns++] = pool[b & 15];
				break;
			default:
				if (nc < MAXN)
					com[nc++] = pool[b & 15];
				break;
		}
	}
	memcpy(m2, m, sizeof(m[0]) * n);
	memcpy(sub2, sub, sizeof(sub[0]) * ns);
	memcpy(com2, com, sizeof(com[0]) * nc);

	nunk = sa_completeness(m, n, sub, ns, com, nc, credit, &out);
	/* unknown codes: sorted, distinct, none in the catalog */
	for (i = 0; i < nunk; i++)
	{
		for (j = 0; j < n; j++)
			if (strcmp(unknown[i], m[j].code) == 0)
				abort();
		if (i > 0 && strcmp(unknown[i - 1], unknown[i]) >= 0)
			abort();
	}
	if (nunk > 0)
		return 0;
	/* every submitted code is in the catalog */
	for (i = 0; i < ns; i++)
	{
		int			found = 0;

		for (j = 0; j < n && !found; j++)
			found = strcmp(sub[i], m[j].code) == 0;
		if (!found)
			abort();
	}
	{
		size_t		miss = 0,
					tol = 0;

		for (i = 0; i < out.nrows; i++)
		{
			if (i > 0 && strcmp(rows[i - 1].code, rows[i].code) >= 0)
				abort();
			miss += rows[i].status == SA_MAT_MISSING;
			tol += rows[i].status == SA_MAT_TOLERATED;
			if ((rows[i].status == SA_MAT_TOLERATED || rows[i].status == SA_MAT_COMMITTED) && !credit)
				abort();
			/* produced only when no deciding entry lacks the flag: never a submitted code */
			if (rows[i].status == SA_MAT_PRODUCED)
				for (j = 0; j < ns; j++)
					if (strcmp(sub[j], rows[i].code) == 0)
						abort();
		}
		if (miss != out.nmissing || tol != out.ntolerated)
			abort();
	}
	/*
	 * the evidence types of each row: the distinct types of its deciding
	 * entries in the caller's order (m2 keeps that order), recomputed here
	 */
	for (i = 0; i < out.nrows; i++)
	{
		unsigned	any_req = 0;
		const char *want[MAXN];
		const char *got[MAXN];
		size_t		nwant = 0,
					ngot,
					k;

		for (j = 0; j < n; j++)
			if (strcmp(m2[j].code, rows[i].code) == 0 && (m2[j].flags & SA_MF_APPLIES))
				any_req |= m2[j].flags & SA_MF_REQUIRED;
		for (j = 0; j < n; j++)
			if (strcmp(m2[j].code, rows[i].code) == 0 && (m2[j].flags & SA_MF_APPLIES)
				&& (!any_req || (m2[j].flags & SA_MF_REQUIRED)) && m2[j].evidence_type != NULL)
			{
				int			seen = 0;

				for (k = 0; k < nwant; k++)
					seen |= strcmp(want[k], m2[j].evidence_type) == 0;
				if (!seen)
					want[nwant++] = m2[j].evidence_type;
			}
		ngot = sa_material_types(m, n, rows[i].code, got, MAXN);
		if (ngot != nwant)
			abort();
		for (k = 0; k < ngot; k++)
			if (strcmp(got[k], want[k]) != 0)
				abort();
	}
	/* no second surprise */
	ns2 = ns;
	for (i = 0; i < out.nrows; i++)
		if (rows[i].status == SA_MAT_MISSING || rows[i].status == SA_MAT_TOLERATED)
			sub2[ns2++] = rows[i].code;
	if (sa_completeness(m2, n, sub2, ns2, com2, nc, credit, &out) != 0)
		abort();
	if (out.nmissing != 0 || out.ntolerated != 0)
		abort();
	return 0;
}
