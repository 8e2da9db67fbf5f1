/*
 * tpack.c — codec of the packed target directory (tpack.h).
 */
#include <string.h>

#include "tpack.h"

void
tpack_init(tpack *t)
{
	t->n = t->n_reg = t->n_ind = 0;
}

/* index (1-based) of a string in a dictionary, interning it; 0 for NULL */
static insp_status
intern(tpack_str *dict, int *n, const void *p, size_t len, uint8_t *out)
{
	int			i;

	if (p == NULL)
	{
		*out = 0;
		return INSP_OK;
	}
	if (len > TPACK_MAX_STR)
		return INSP_EPACK;
	for (i = 0; i < *n; i++)
		if (dict[i].len == len && (len == 0 || memcmp(dict[i].p, p, len) == 0))
		{
			*out = (uint8_t) (i + 1);
			return INSP_OK;
		}
	if (*n >= TPACK_IDS)
		return INSP_EPACK;		/* cannot happen: one new string per entry */
	dict[*n].p = p;
	dict[*n].len = (uint32_t) len;
	*out = (uint8_t) ++(*n);
	return INSP_OK;
}

insp_status
tpack_add(tpack *t, unsigned off, unsigned grade,
		  const void *region, size_t region_len,
		  const void *industry, size_t industry_len,
		  const unsigned char uscc[TPACK_USCC])
{
	tpack_entry *e;
	insp_status st;

	if (off >= TPACK_IDS || grade > 3 || t->n >= TPACK_IDS ||
		(t->n > 0 && off <= t->e[t->n - 1].off))
		return INSP_EPACK;
	e = &t->e[t->n];
	if ((st = intern(t->reg, &t->n_reg, region, region_len, &e->region)) != INSP_OK ||
		(st = intern(t->ind, &t->n_ind, industry, industry_len, &e->industry)) != INSP_OK)
		return st;
	e->off = (uint8_t) off;
	e->grade = (uint8_t) grade;
	e->uscc = uscc;
	t->n++;
	return INSP_OK;
}

static void
put_str(insp_buf *b, const tpack_str *s)
{
	unsigned char l[4];

	l[0] = (unsigned char) (s->len >> 24);
	l[1] = (unsigned char) (s->len >> 16);
	l[2] = (unsigned char) (s->len >> 8);
	l[3] = (unsigned char) s->len;
	insp_buf_put(b, l, 4);
	insp_buf_put(b, s->p, s->len);
}

insp_status
tpack_encode(const tpack *t, insp_buf *out)
{
	unsigned char h[4];
	int			i;

	if (t->n < 1 || t->n > TPACK_IDS)
		return INSP_EPACK;
	h[0] = TPACK_VERSION;
	h[1] = (unsigned char) t->n;
	h[2] = (unsigned char) t->n_reg;
	h[3] = (unsigned char) t->n_ind;
	insp_buf_put(out, h, 4);
	{
		uint64_t	db = 0;
		unsigned char l[4];

		for (i = 0; i < t->n_reg; i++)
			db += 4 + (uint64_t) t->reg[i].len;
		for (i = 0; i < t->n_ind; i++)
			db += 4 + (uint64_t) t->ind[i].len;
		if (db > UINT32_MAX)
			return INSP_EPACK;
		l[0] = (unsigned char) (db >> 24);
		l[1] = (unsigned char) (db >> 16);
		l[2] = (unsigned char) (db >> 8);
		l[3] = (unsigned char) db;
		insp_buf_put(out, l, 4);
	}
	for (i = 0; i < t->n_reg; i++)
		put_str(out, &t->reg[i]);
	for (i = 0; i < t->n_ind; i++)
		put_str(out, &t->ind[i]);
	for (i = 0; i < t->n; i++)
	{
		unsigned char x[4];

		x[0] = t->e[i].off;
		x[1] = t->e[i].grade;
		x[2] = t->e[i].region;
		x[3] = t->e[i].industry;
		insp_buf_put(out, x, 4);
		insp_buf_put(out, t->e[i].uscc, TPACK_USCC);
	}
	return out->failed ? INSP_ENOMEM : INSP_OK;
}

static int
get_strs(const unsigned char *d, size_t len, size_t *pos, tpack_str *dict, int n, int strict)
{
	int			i,
				j;

	for (i = 0; i < n; i++)
	{
		uint32_t	l;

		if (len - *pos < 4)
			return 0;
		l = ((uint32_t) d[*pos] << 24) | ((uint32_t) d[*pos + 1] << 16) |
			((uint32_t) d[*pos + 2] << 8) | (uint32_t) d[*pos + 3];
		*pos += 4;
		if (l > TPACK_MAX_STR || len - *pos < l)
			return 0;
		dict[i].p = d + *pos;
		dict[i].len = l;
		*pos += l;
		for (j = 0; strict && j < i; j++)	/* distinct */
			if (dict[j].len == l && (l == 0 || memcmp(dict[j].p, dict[i].p, l) == 0))
				return 0;
	}
	return 1;
}

/*
 * A dictionary index of entry i: 0, or one already used, or the next new
 * one (first-use order); *seen is the highest used so far.
 */
static int
index_ok(uint8_t idx, int n, int *seen)
{
	if (idx > n)
		return 0;
	if (idx == *seen + 1)
		(*seen)++;
	else if (idx > *seen)
		return 0;
	return 1;
}

insp_status
tpack_decode(const unsigned char *d, size_t len, tpack *t, int flags)
{
	size_t		pos = 8;
	uint32_t	db;
	int			i,
				seen_reg = 0,
				seen_ind = 0,
				strict = (flags & (TPACK_LENIENT | TPACK_NO_DICTS)) == 0;

	if (len < 8 || d[0] != TPACK_VERSION || d[1] < 1 || d[1] > TPACK_IDS ||
		d[2] > d[1] || d[3] > d[1])
		return INSP_EPACK;
	t->n = d[1];
	t->n_reg = d[2];
	t->n_ind = d[3];
	db = ((uint32_t) d[4] << 24) | ((uint32_t) d[5] << 16) | ((uint32_t) d[6] << 8) | (uint32_t) d[7];
	if (len - pos < db)
		return INSP_EPACK;
	if (flags & TPACK_NO_DICTS)
		pos += db;				/* the strings are not read: no filter */
	else
	{
		size_t		dict_end = pos + db;

		if (!get_strs(d, dict_end, &pos, t->reg, t->n_reg, strict) ||
			!get_strs(d, dict_end, &pos, t->ind, t->n_ind, strict) || pos != dict_end)
			return INSP_EPACK;
	}
	if ((len - pos) != (size_t) t->n * (4 + TPACK_USCC))
		return INSP_EPACK;
	for (i = 0; i < t->n; i++, pos += 4 + TPACK_USCC)
	{
		tpack_entry *e = &t->e[i];

		e->off = d[pos];
		e->grade = d[pos + 1];
		e->region = d[pos + 2];
		e->industry = d[pos + 3];
		e->uscc = d + pos + 4;
		if (e->off >= TPACK_IDS || e->grade > 3 || (i > 0 && e->off <= t->e[i - 1].off) ||
			e->region > t->n_reg || e->industry > t->n_ind)
			return INSP_EPACK;
		if (strict && (!index_ok(e->region, t->n_reg, &seen_reg) || !index_ok(e->industry, t->n_ind, &seen_ind)))
			return INSP_EPACK;
	}
	if (strict && (seen_reg != t->n_reg || seen_ind != t->n_ind))
		return INSP_EPACK;		/* a string no entry uses */
	return INSP_OK;
}
