/*
 * test_draw.c — keyed ranking, bounded top-k, the pool codec, team
 * assignment, and deterministic statistical checks (fixed seeds, fixed
 * thresholds): selection is uniform within a grade, quotas hold, and team
 * membership is uniform over the eligible inspectors.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "insp.h"
#include "tap.h"

static void
mk_uscc(char out[19], int i)
{
	snprintf(out, 19, "91410100%09dX", i);
}

/* k smallest ranks of keys 0..n-1 for a seed, via the core top-k */
static void
select_k(const char *seed, int n, int k, int *order, int64_t *chosen)
{
	insp_ranker r;
	insp_topk	h;
	insp_item  *st = malloc(sizeof(insp_item) * (k + 1));
	int			j;

	insp_ranker_init(&r, INSP_DOMAIN_TARGET, (const unsigned char *) seed, strlen(seed));
	insp_topk_init(&h, st, k);
	for (j = 0; j < n; j++)
	{
		int			i = order ? order[j] : j;
		char		u[19];
		unsigned char rk[INSP_HASH_LEN];

		mk_uscc(u, i);
		insp_ranker_rank(&r, u, 18, rk);
		insp_topk_offer(&h, rk, i, u, 'D');
	}
	insp_items_sort(h.a, h.n);
	for (j = 0; j < (int) h.n; j++)
		chosen[j] = h.a[j].id;
	insp_ranker_free(&r);
	free(st);
}

static double
chi2(const long *count, int n, double expect)
{
	double		x = 0;
	int			i;

	for (i = 0; i < n; i++)
		x += (count[i] - expect) * (count[i] - expect) / expect;
	return x;
}

/*
 * Per-department load spread of a version-2 team assignment: departments
 * of the given sizes (inspector ids "dX-NN", sorted), nt targets, teams of
 * ts, no exclusions.  Returns the largest (max - min) load within one
 * department; *bad counts teams lacking a department they could have had
 * or holding one inspector twice; *v1spread gets the same for version 1.
 */
static int
dept_spread(int version, const int *sizes, int nd, int nt, int ts, const char *seed, int *bad)
{
	insp_pool_inspector ins[256];
	char		names[256][8];
	int64_t		ids[512];
	char		us[512][19];
	const char *up[512];
	uint32_t   *team = malloc(sizeof(uint32_t) * nt * ts);
	int			load[256] = {0};
	int			n = 0,
				d,
				i,
				j,
				worst = 0;
	insp_pool	p;
	size_t		fail = 0;

	for (d = 0; d < nd; d++)
		for (i = 0; i < sizes[d]; i++)
		{
			snprintf(names[n], sizeof(names[n]), "%c-%02d", 'a' + d, i);
			ins[n].id = names[n];
			ins[n].idlen = strlen(names[n]);
			ins[n].dept = (uint32_t) d;
			n++;
		}
	for (i = 0; i < nt; i++)
	{
		mk_uscc(us[i], 1000 + i);
		up[i] = us[i];
		ids[i] = i + 1;
	}
	memset(&p, 0, sizeof(p));
	p.version = (uint32_t) version;
	p.n_depts = (uint32_t) nd;
	p.n_insp = (size_t) n;
	p.insp = ins;
	*bad = 0;
	if (insp_assign_teams((const unsigned char *) seed, strlen(seed), nt, ids, up, &p, ts, team, &fail) != INSP_OK)
	{
		free(team);
		*bad = -1;
		return -1;
	}
	for (i = 0; i < nt; i++)
	{
		int			seen[16] = {0},
					distinct = 0;

		for (j = 0; j < ts; j++)
		{
			int			x = (int) team[i * ts + j];
			int			k;

			load[x]++;
			if (seen[ins[x].dept]++ == 0)
				distinct++;
			for (k = 0; k < j; k++)
				if ((int) team[i * ts + k] == x)
					(*bad)++;
		}
		if (distinct < (ts < nd ? ts : nd))
			(*bad)++;
	}
	for (d = 0; d < nd; d++)
	{
		int			mn = 1 << 30,
					mx = 0;

		for (i = 0; i < n; i++)
			if ((int) ins[i].dept == d)
			{
				if (load[i] < mn)
					mn = load[i];
				if (load[i] > mx)
					mx = load[i];
			}
		if (mx - mn > worst)
			worst = mx - mn;
	}
	free(team);
	return worst;
}

int
main(void)
{
	unsigned char h1[INSP_HASH_LEN],
				h2[INSP_HASH_LEN],
				k[INSP_HASH_LEN];
	insp_ranker r;
	int			i,
				j;

	/* ---- ranking = sha256(sha256(domain || 0 || seed) || key) ---------- */
	{
		unsigned char buf[64];
		size_t		dl = strlen(INSP_DOMAIN_TARGET) + 1;

		memcpy(buf, INSP_DOMAIN_TARGET, dl);
		memcpy(buf + dl, "seed", 4);
		insp_digest(INSP_SHA256, buf, dl + 4, k);
		memcpy(buf, k, 32);
		memcpy(buf + 32, "91350100M000100Y43", 18);
		insp_digest(INSP_SHA256, buf, 50, h1);
		ok(insp_ranker_init(&r, INSP_DOMAIN_TARGET, (const unsigned char *) "seed", 4) == INSP_OK, "ranker init");
		ok(insp_ranker_rank(&r, "91350100M000100Y43", 18, h2) == INSP_OK, "rank");
		ok(memcmp(h1, h2, 32) == 0, "rank = sha256(sha256(domain NUL seed) || uscc)");
		{
			uint64_t	key64 = 0,
						want = 0;
			unsigned char h3[32];
			int			below = -1,
						i;

			for (i = 0; i < 8; i++)
				want = (want << 8) | h1[i];
			memset(h3, 0, 32);
			ok(insp_ranker_below(&r, (const unsigned char *) "91350100M000100Y43", want, &key64, h3, &below) == INSP_OK &&
			   key64 == want && below == 0, "below(): the 8-byte key of the rank, not below itself");
			ok(memcmp(h3, "\0\0\0\0\0\0\0\0", 8) == 0, "below(): the rank is not written when not below");
			ok(insp_ranker_below(&r, (const unsigned char *) "91350100M000100Y43", want + 1, &key64, h3, &below) == INSP_OK &&
			   below == 1 && memcmp(h3, h1, 32) == 0, "below(): the whole rank when below the threshold");
		}
		/* keys of other lengths take the general path: same definition */
		memcpy(buf + 32, "91350100M000100Y43X", 19);
		insp_digest(INSP_SHA256, buf, 51, h1);
		insp_ranker_rank(&r, "91350100M000100Y43X", 19, h2);
		ok(memcmp(h1, h2, 32) == 0, "19-byte key: rank = sha256(K || key) (general path)");
		insp_digest(INSP_SHA256, buf, 49, h1);
		insp_ranker_rank(&r, "91350100M000100Y43", 17, h2);
		ok(memcmp(h1, h2, 32) == 0, "17-byte key: rank = sha256(K || key) (general path)");
		insp_ranker_free(&r);
		insp_ranker_init(&r, INSP_DOMAIN_TEAM, (const unsigned char *) "seed", 4);
		insp_ranker_rank(&r, "91350100M000100Y43", 18, h2);
		ok(memcmp(h1, h2, 32) != 0, "another domain gives another rank");
		insp_ranker_free(&r);
	}

	/* ---- top-k equals a full sort, whatever the input order ------------- */
	{
		int			n = 1000,
					kk = 37;
		int		   *ord = malloc(sizeof(int) * n);
		int64_t		a[37],
					b[37];
		unsigned int s = 12345;

		for (i = 0; i < n; i++)
			ord[i] = n - 1 - i;
		select_k("order", n, kk, NULL, a);
		select_k("order", n, kk, ord, b);
		ok(memcmp(a, b, sizeof(a)) == 0, "reverse input order: same selection, same order");
		for (i = n - 1; i > 0; i--)
		{
			int			t;

			s = s * 1103515245u + 12345u;
			j = (int) (s % (unsigned) (i + 1));
			t = ord[i]; ord[i] = ord[j]; ord[j] = t;
		}
		select_k("order", n, kk, ord, b);
		ok(memcmp(a, b, sizeof(a)) == 0, "shuffled input order: same selection, same order");
		/* against a full sort of all ranks */
		{
			insp_item  *all = malloc(sizeof(insp_item) * n);

			insp_ranker_init(&r, INSP_DOMAIN_TARGET, (const unsigned char *) "order", 5);
			for (i = 0; i < n; i++)
			{
				char		u[19];

				mk_uscc(u, i);
				insp_ranker_rank(&r, u, 18, all[i].rank);
				all[i].key = 0;	/* the key caches the first 8 rank bytes */
				for (j = 0; j < 8; j++)
					all[i].key = (all[i].key << 8) | all[i].rank[j];
				all[i].id = i;
			}
			insp_ranker_free(&r);
			insp_items_sort(all, n);
			for (i = 0; i < kk && all[i].id == a[i]; i++)
				;
			is_int(i, kk, "top-k = the first k of a full sort");
			free(all);
		}
		select_k("order", n, 0, NULL, a);
		ok(1, "k = 0 selects nothing without touching memory");
		free(ord);
	}

	/* ---- statistics: uniform within a grade ------------------------------ */
	{
		int			n = 200,
					kk = 20,
					seeds = 2000;
		long	   *cnt = calloc(n, sizeof(long));
		long		firsts[10] = {0};
		int64_t		ch[20];
		double		x;

		for (i = 0; i < seeds; i++)
		{
			char		seed[32];

			snprintf(seed, sizeof(seed), "stat-%d", i);
			select_k(seed, n, kk, NULL, ch);
			for (j = 0; j < kk; j++)
				cnt[ch[j]]++;
			firsts[ch[0] % 10]++;
		}
		x = chi2(cnt, n, (double) seeds * kk / n);
		printf("# chi-square of selection counts over %d targets, %d seeds: %.1f (df %d)\n", n, seeds, x, n - 1);
		/* df 199: the 0.1 % critical value is 267.0 */
		ok(x < 267.0, "selection is uniform within a grade (chi-square %.1f < 267.0, df 199, p > 0.001)", x);
		ok(x > 140.0, "and not suspiciously regular (chi-square %.1f > 140.0, the lower 0.1 %% tail)", x);
		x = chi2(firsts, 10, seeds / 10.0);
		/* df 9: the 0.1 % critical value is 27.88 */
		ok(x < 27.88, "the first-ranked target is uniform over residue classes (chi-square %.1f < 27.88, df 9)", x);
		free(cnt);
	}

	/* ---- pool codec --------------------------------------------------------- */
	{
		unsigned char nib[3] = {0x41, 0x03, 0x02};	/* ids 10..14: A D C - B */
		insp_pool_inspector ins[3] = {{"a-1", 3, 0}, {"a-2", 3, 0}, {"b-1", 3, 1}};
		insp_excl	ex[2] = {{11, 0}, {11, 2}};
		insp_pool	p = {10, 5, nib, 2, 3, ins, 2, ex, INSP_POOL_V1},
					q;
		insp_buf	b = {0};

		ok(insp_pool_encode(&p, &b) == INSP_OK, "pool encodes");
		ok(insp_pool_decode(b.data, b.len, &q) == INSP_OK, "pool decodes");
		ok(q.min_id == 10 && q.span == 5 && q.n_depts == 2 && q.n_insp == 3 && q.n_excl == 2, "pool header round trip");
		ok(insp_pool_grade(&q, 10) == 1 && insp_pool_grade(&q, 11) == 4 && insp_pool_grade(&q, 12) == 3 &&
		   insp_pool_grade(&q, 13) == 0 && insp_pool_grade(&q, 14) == 2 && insp_pool_grade(&q, 15) == 0 &&
		   insp_pool_grade(&q, 9) == 0, "grades round trip");
		ok(q.insp[2].idlen == 3 && memcmp(q.insp[2].id, "b-1", 3) == 0 && q.insp[2].dept == 1 &&
		   q.excl[1].target == 11 && q.excl[1].insp == 2, "inspectors and exclusions round trip");
		insp_pool_free(&q);
		{
			int			bad = 0;
			size_t		cut;

			for (cut = 0; cut < b.len; cut++)
				if (insp_pool_decode(b.data, cut, &q) == INSP_OK)
					bad++;
			is_int(bad, 0, "every truncation is refused");
		}
		{
			unsigned char *m = malloc(b.len + 1);
			size_t		pos;
			int			accepted_changed = 0;

			memcpy(m, b.data, b.len);
			m[b.len] = 0;
			ok(insp_pool_decode(m, b.len + 1, &q) == INSP_EPOOL, "trailing byte refused");
			m[0] = 'X';
			ok(insp_pool_decode(m, b.len, &q) == INSP_EPOOL, "bad magic refused");
			memcpy(m, b.data, b.len);
			m[6] = 0x05;		/* first nibble byte: grade 5 */
			ok(insp_pool_decode(m, b.len, &q) == INSP_EPOOL, "grade nibble 5 refused");
			memcpy(m, b.data, b.len);
			m[8] = 0x12;		/* pad nibble of an odd span set */
			ok(insp_pool_decode(m, b.len, &q) == INSP_EPOOL, "non-zero pad nibble refused");
			/* a decoded mutation re-encodes to itself (canonical form) */
			for (pos = 0; pos < b.len; pos++)
			{
				int			bit;

				for (bit = 0; bit < 8; bit++)
				{
					insp_buf	c = {0};

					memcpy(m, b.data, b.len);
					m[pos] ^= (unsigned char) (1 << bit);
					if (insp_pool_decode(m, b.len, &q) != INSP_OK)
						continue;
					insp_pool_encode(&q, &c);
					if (c.len != b.len || memcmp(c.data, m, b.len) != 0)
						accepted_changed++;
					insp_buf_free(&c);
					insp_pool_free(&q);
				}
			}
			is_int(accepted_changed, 0, "every accepted bit flip is itself a canonical encoding");
			free(m);
		}
		{
			insp_pool_inspector un[2] = {{"b", 1, 0}, {"a", 1, 0}};
			insp_pool	p2 = {0, 0, nib, 1, 2, un, 0, NULL, INSP_POOL_V1};
			insp_buf	c = {0};

			insp_pool_encode(&p2, &c);
			ok(insp_pool_decode(c.data, c.len, &q) == INSP_EPOOL, "inspectors out of order refused");
			insp_buf_free(&c);
		}
		{
			/* ids below zero: the zigzag varint (-3 -> 5, -2 -> 3) both ways */
			unsigned char nib1[1] = {0x41};	/* ids -3..-2: A D */
			insp_excl	exn[2] = {{-3, 0}, {-2, 2}};
			insp_pool	p3 = {-3, 2, nib1, 2, 3, ins, 2, exn, INSP_POOL_V1};
			insp_buf	c = {0};

			ok(insp_pool_encode(&p3, &c) == INSP_OK && c.len > 5 && c.data[4] == 5,
			   "a negative first id is written as its zigzag value (-3 -> 5)");
			if (insp_pool_decode(c.data, c.len, &q) == INSP_OK)
			{
				ok(q.min_id == -3 && q.n_excl == 2 && q.excl[0].target == -3 && q.excl[1].target == -2 &&
				   insp_pool_grade(&q, -3) == 1 && insp_pool_grade(&q, -2) == 4, "negative ids round trip");
				insp_pool_free(&q);
			}
			else
				ok(0, "negative ids round trip (decode refused)");
			insp_buf_free(&c);
		}
		insp_buf_free(&b);
	}

	/* ---- teams ---------------------------------------------------------------- */
	{
		enum
		{
			NT = 50, NI = 12, TS = 3
		};
		insp_pool_inspector ins[NI];
		char		names[NI][8];
		char		us[NT][19];
		const char *up[NT];
		int64_t		ids[NT];
		uint32_t	team[NT * TS];
		insp_excl	ex[NT];
		insp_pool	p;
		size_t		fail;
		int			viol_size = 0,
					viol_dept = 0,
					viol_excl = 0,
					load[NI] = {0},
					mx = 0;

		for (i = 0; i < NI; i++)
		{
			snprintf(names[i], sizeof(names[i]), "%c-%02d", 'a' + i % 3, i);
			ins[i].id = names[i];
			ins[i].idlen = strlen(names[i]);
			ins[i].dept = (uint32_t) (i % 3);
		}
		/* ids must be sorted bytewise: "a-00" "a-03" ... "b-01" ...; sort */
		for (i = 0; i < NI; i++)
			for (j = i + 1; j < NI; j++)
				if (strcmp(ins[j].id, ins[i].id) < 0)
				{
					insp_pool_inspector t = ins[i];

					ins[i] = ins[j];
					ins[j] = t;
				}
		for (i = 0; i < NT; i++)
		{
			mk_uscc(us[i], i);
			up[i] = us[i];
			ids[i] = i + 1;
			ex[i].target = i + 1;
			ex[i].insp = (uint32_t) (i % NI);	/* one exclusion per target */
		}
		memset(&p, 0, sizeof(p));
		p.n_depts = 3;
		p.n_insp = NI;
		p.insp = ins;
		p.n_excl = NT;
		p.excl = ex;
		ok(insp_assign_teams((const unsigned char *) "t", 1, NT, ids, up, &p, TS, team, &fail) == INSP_OK, "teams assigned");
		for (i = 0; i < NT; i++)
		{
			int			seen[3] = {0};

			for (j = 0; j < TS; j++)
			{
				int			x = (int) team[i * TS + j];

				seen[ins[x].dept]++;
				load[x]++;
				if (x == (int) ex[i].insp)
					viol_excl++;
				if (j > 0 && team[i * TS + j] == team[i * TS + j - 1])
					viol_size++;
			}
			if (!(seen[0] == 1 && seen[1] == 1 && seen[2] == 1))
				viol_dept++;
		}
		for (i = 0; i < NI; i++)
			if (load[i] > mx)
				mx = load[i];
		is_int(viol_excl, 0, "excluded inspectors are never chosen");
		is_int(viol_dept, 0, "team of 3 from 3 departments: one from each");
		is_int(viol_size, 0, "no inspector twice in a team");
		/* a tight case (capacity 156 for 150 places, one exclusion per
		 * target): the soft cap yields by at most one assignment */
		ok(mx <= (NT * TS + NI - 1) / NI + 1, "load at most the cap ceil(%d x %d / %d) = %d plus one (max %d)", NT, TS, NI,
		   (NT * TS + NI - 1) / NI, mx);
		{
			uint32_t	team2[NT * TS];

			insp_assign_teams((const unsigned char *) "t", 1, NT, ids, up, &p, TS, team2, &fail);
			ok(memcmp(team, team2, sizeof(team)) == 0, "teams are a pure function of seed and pool");
		}
		p.n_insp = 2;
		ok(insp_assign_teams((const unsigned char *) "t", 1, NT, ids, up, &p, TS, team, &fail) == INSP_ETEAM && fail == 0,
		   "two inspectors cannot make a team of three");
		/* uniformity of membership: one target, 12 inspectors of one department, teams of 2, 3000 seeds */
		{
			long		cnt[NI] = {0};
			uint32_t	t2[2];
			double		x;
			int64_t		one = 1;
			const char *u1 = us[0];

			for (i = 0; i < NI; i++)
				ins[i].dept = 0;
			p.n_insp = NI;
			p.n_depts = 1;
			p.n_excl = 0;
			for (i = 0; i < 3000; i++)
			{
				char		seed[32];

				snprintf(seed, sizeof(seed), "team-%d", i);
				insp_assign_teams((const unsigned char *) seed, strlen(seed), 1, &one, &u1, &p, 2, t2, &fail);
				cnt[t2[0]]++;
				cnt[t2[1]]++;
			}
			x = chi2(cnt, NI, 6000.0 / NI);
			/* df 11: the 0.1 % critical value is 31.26 */
			ok(x < 31.26, "team membership is uniform over inspectors (chi-square %.1f < 31.26, df 11)", x);
		}
	}
	/* ---- version 2: loads balanced within each department (defect 14) ---- */
	{
		/* the reported case: one inspector per department per team,
		 * departments of 2 and 7, 40 targets: 20 each, and 5 or 6 */
		int			sizes[3] = {2, 7, 0};
		int			bad,
					w,
					worst = 0,
					bads = 0,
					v1worst = 0;
		unsigned char *enc;

		w = dept_spread(INSP_POOL_V2, sizes, 2, 40, 2, "skew", &bad);
		is_int(w, 1, "v2, departments of 2 and 7, teams of 2, 40 targets: loads within a department differ by at most one");
		is_int(bad, 0, "v2: every team has one inspector of each department, none twice");
		w = dept_spread(INSP_POOL_V1, sizes, 2, 40, 2, "skew", &bad);
		ok(w >= 0, "v1 (0.1.0 draws) still assigns the same case (spread %d, kept for verify_draw)", w);
		/* many seeds and shapes, teams of 2 and 3, fewer or more
		 * departments than the team size */
		for (i = 0; i < 60; i++)
		{
			char		seed[16];
			int			sh[3][3] = {{2, 7, 0}, {1, 4, 13}, {3, 3, 20}};
			int			nd = (i % 3 == 0) ? 2 : 3;
			int			ts = 2 + i % 2;
			int			v1;

			snprintf(seed, sizeof(seed), "s%d", i);
			w = dept_spread(INSP_POOL_V2, sh[i % 3], nd, 30 + i * 7 % 200, ts, seed, &bad);
			if (w > worst)
				worst = w;
			bads += bad;
			v1 = dept_spread(INSP_POOL_V1, sh[i % 3], nd, 30 + i * 7 % 200, ts, seed, &bad);
			if (v1 > v1worst)
				v1worst = v1;
		}
		is_int(worst, 1, "v2 over 60 seeds and skewed shapes: spread within a department at most one (v1: up to %d)", v1worst);
		is_int(bads, 0, "v2 over 60 seeds: teams span min(team size, departments) departments, nobody twice");
		ok(v1worst > 1, "the 0.1.0 pooled cap does spread a department's load by more than one (%d) on the same cases", v1worst);

		/* exclusions are honoured and the spread stays small */
		{
			insp_pool_inspector ins[9];
			char		names[9][8];
			insp_excl	ex[60];
			int64_t		ids[60];
			char		us[60][19];
			const char *up[60];
			uint32_t	team[120],
						team2[120];
			int			load[9] = {0},
						viol = 0,
						mn = 1 << 30,
						mx = 0;
			insp_pool	p;
			size_t		fail = 0;

			for (i = 0; i < 9; i++)
			{
				snprintf(names[i], sizeof(names[i]), "%c-%02d", i < 2 ? 'a' : 'b', i);
				ins[i].id = names[i];
				ins[i].idlen = strlen(names[i]);
				ins[i].dept = i < 2 ? 0 : 1;
			}
			for (i = 0; i < 60; i++)
			{
				mk_uscc(us[i], 500 + i);
				up[i] = us[i];
				ids[i] = i + 1;
				ex[i].target = i + 1;
				ex[i].insp = (uint32_t) (2 + i % 7);
			}
			memset(&p, 0, sizeof(p));
			p.version = INSP_POOL_V2;
			p.n_depts = 2;
			p.n_insp = 9;
			p.insp = ins;
			p.n_excl = 60;
			p.excl = ex;
			ok(insp_assign_teams((const unsigned char *) "e", 1, 60, ids, up, &p, 2, team, &fail) == INSP_OK,
			   "v2 with one exclusion per target: teams assigned");
			for (i = 0; i < 60; i++)
				for (j = 0; j < 2; j++)
				{
					load[team[i * 2 + j]]++;
					if (team[i * 2 + j] == ex[i].insp)
						viol++;
				}
			for (i = 2; i < 9; i++)
			{
				if (load[i] < mn)
					mn = load[i];
				if (load[i] > mx)
					mx = load[i];
			}
			is_int(viol, 0, "v2: excluded inspectors are never chosen");
			ok(mx - mn <= 2, "v2 with exclusions: department of 7 loads %d to %d", mn, mx);
			insp_assign_teams((const unsigned char *) "e", 1, 60, ids, up, &p, 2, team2, &fail);
			ok(memcmp(team, team2, sizeof(team)) == 0, "v2 teams are a pure function of seed and pool");
		}

		/* the pool record names its version */
		{
			insp_pool	p,
						q;
			insp_buf	b = {0};
			unsigned char nib[1] = {0x04};
			insp_pool_inspector one = {"x", 1, 0};

			memset(&p, 0, sizeof(p));
			p.version = INSP_POOL_V2;
			p.min_id = 5;
			p.span = 1;
			p.nibbles = nib;
			p.n_depts = 1;
			p.n_insp = 1;
			p.insp = &one;
			ok(insp_pool_encode(&p, &b) == INSP_OK && memcmp(b.data, "SAP2", 4) == 0, "a version-2 pool record starts with SAP2");
			ok(insp_pool_decode(b.data, b.len, &q) == INSP_OK && q.version == INSP_POOL_V2, "SAP2 decodes as version 2");
			insp_pool_free(&q);
			enc = b.data;
			enc[3] = '1';
			ok(insp_pool_decode(b.data, b.len, &q) == INSP_OK && q.version == INSP_POOL_V1, "SAP1 decodes as version 1");
			insp_pool_free(&q);
			enc[3] = '3';
			ok(insp_pool_decode(b.data, b.len, &q) == INSP_EPOOL, "an unknown version SAP3 is refused");
			insp_buf_free(&b);
			p.version = 3;
			ok(insp_pool_encode(&p, &b) == INSP_EPOOL, "encoding an unknown version is refused");
			insp_buf_free(&b);
		}

		/*
		 * the pool's ids end at the largest bigint: a draw of a directory
		 * whose last id is 9223372036854775807 recorded it, and
		 * verify_draw() refused its own record (the bound was one short)
		 */
		{
			insp_pool	p,
						q;
			insp_buf	b = {0};
			unsigned char nib[3] = {0x41, 0x03, 0x02};
			insp_pool_inspector one = {"x", 1, 0};

			memset(&p, 0, sizeof(p));
			p.version = INSP_POOL_V2;
			p.min_id = INT64_MAX - 4;
			p.span = 5;
			p.nibbles = nib;
			p.n_depts = 1;
			p.n_insp = 1;
			p.insp = &one;
			ok(insp_pool_encode(&p, &b) == INSP_OK && insp_pool_decode(b.data, b.len, &q) == INSP_OK
			   && q.min_id == INT64_MAX - 4 && q.span == 5, "a pool whose last id is INT64_MAX decodes");
			if (q.insp != NULL)
				insp_pool_free(&q);
			insp_buf_free(&b);
			p.min_id = INT64_MAX - 3;
			memset(&q, 0, sizeof(q));
			ok(insp_pool_encode(&p, &b) == INSP_OK && insp_pool_decode(b.data, b.len, &q) == INSP_EPOOL,
			   "one whose last id would be INT64_MAX + 1 is refused");
			insp_buf_free(&b);
			p.min_id = INT64_MIN;
			p.span = 5;
			memset(&q, 0, sizeof(q));
			ok(insp_pool_encode(&p, &b) == INSP_OK && insp_pool_decode(b.data, b.len, &q) == INSP_OK && q.min_id == INT64_MIN,
			   "a pool from INT64_MIN decodes");
			if (q.insp != NULL)
				insp_pool_free(&q);
			insp_buf_free(&b);
		}
	}
	return tap_done();
}
