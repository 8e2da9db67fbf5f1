/*
 * completeness.c — classify the materials of a service (see completeness.h).
 *
 * Rules (DOMAIN.md "Acceptance"):
 *   - a bundle's materials are the union of its items' materials, each code
 *     once; entries that do not apply to the applicant's kind are ignored
 *     (their code stays known);
 *   - when several applicable entries share a code, the ones that require it
 *     decide: the material is required if any entry requires it, and it is
 *     tolerable, open to commitment, or satisfied by shared evidence only if
 *     every deciding entry says so (no item's rule is weakened by another's);
 *   - status, first match wins: submitted → present; evidence → shared;
 *     issued by an earlier stage of the bundle (every deciding entry is of
 *     a later stage than an item whose output is its evidence type) →
 *     produced; committed, allowed and credit_ok → committed; not required →
 *     optional;
 *     tolerable and credit_ok → tolerated; else missing.
 */
#include "completeness.h"

#include <stdlib.h>
#include <string.h>

static int
cmp_mat(const void *a, const void *b)
{
	const sa_material *x = a;
	const sa_material *y = b;
	int			c = strcmp(x->code, y->code);

	if (c != 0)
		return c;
	return (x->ord > y->ord) - (x->ord < y->ord);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* sort and drop duplicates; returns the new length */
static size_t
sort_unique(const char **v, size_t n)
{
	size_t		i,
				k = 0;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_str);
	for (i = 1; i < n; i++)
		if (strcmp(v[i], v[k]) != 0)
			v[++k] = v[i];
	return k + 1;
}

/* binary search of code among the distinct codes */
static int
has_code(const char *const *v, size_t n, const char *code)
{
	size_t		lo = 0,
				hi = n;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;
		int			c = strcmp(v[mid], code);

		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* binary search of code among the sorted materials */
static int
mat_known(const sa_material *m, size_t n, const char *code)
{
	size_t		lo = 0,
				hi = n;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;
		int			c = strcmp(m[mid].code, code);

		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

const char *
sa_mat_status_name(sa_mat_status s)
{
	switch (s)
	{
		case SA_MAT_PRESENT:
			return "present";
		case SA_MAT_SHARED:
			return "shared";
		case SA_MAT_COMMITTED:
			return "committed";
		case SA_MAT_TOLERATED:
			return "tolerated";
		case SA_MAT_MISSING:
			return "missing";
		case SA_MAT_OPTIONAL:
			return "optional";
		case SA_MAT_PRODUCED:
			return "produced";
	}
	return "?";
}

size_t
sa_completeness(sa_material *mats, size_t nmat,
				const char **submitted, size_t nsub,
				const char **committed, size_t ncom,
				int credit_ok, sa_completeness_out *out)
{
	size_t		i,
				j;

	out->nrows = out->nunknown = out->nmissing = out->ntolerated = 0;

	for (i = 0; i < nmat; i++)
	{
		mats[i].ord = (int) i;
		mats[i].deciding = 0;
	}
	if (nmat > 1)
		qsort(mats, nmat, sizeof(*mats), cmp_mat);
	nsub = sort_unique(submitted, nsub);
	ncom = sort_unique(committed, ncom);

	/* every unknown code, from both lists, sorted and distinct */
	{
		size_t		a = 0,
					b = 0;

		while (a < nsub || b < ncom)
		{
			const char *c;

			if (b >= ncom || (a < nsub && strcmp(submitted[a], committed[b]) <= 0))
			{
				c = submitted[a++];
				if (b < ncom && strcmp(c, committed[b]) == 0)
					b++;
			}
			else
				c = committed[b++];
			if (!mat_known(mats, nmat, c))
				out->unknown[out->nunknown++] = c;
		}
	}
	if (out->nunknown > 0)
		return out->nunknown;

	for (i = 0; i < nmat; i = j)
	{
		unsigned	any_req = 0,
					napply = 0;
		unsigned	all = SA_MF_TOLERABLE | SA_MF_COMMIT_OK | SA_MF_SHARED | SA_MF_PRODUCED;
		int			tol = -1;
		const char *name = NULL;
		size_t		k;
		sa_mat_result *r;

		for (j = i; j < nmat && strcmp(mats[j].code, mats[i].code) == 0; j++)
			if (mats[j].flags & SA_MF_APPLIES)
			{
				napply++;
				any_req |= mats[j].flags & SA_MF_REQUIRED;
			}
		if (napply == 0)
			continue;

		/* the deciding entries: those requiring it, or all when none does */
		for (k = i; k < j; k++)
		{
			unsigned	f = mats[k].flags;

			if (!(f & SA_MF_APPLIES) || (any_req && !(f & SA_MF_REQUIRED)))
				continue;
			mats[k].deciding = 1;
			if (name == NULL)
				name = mats[k].name;
			all &= f;
			if (tol < 0 || mats[k].tolerance_days < tol)
				tol = mats[k].tolerance_days;
		}

		r = &out->rows[out->nrows++];
		r->code = mats[i].code;
		r->name = name;
		r->tolerance_days = 0;
		r->required = any_req != 0;
		if (has_code(submitted, nsub, r->code))
			r->status = SA_MAT_PRESENT;
		else if (all & SA_MF_SHARED)
			r->status = SA_MAT_SHARED;
		else if (all & SA_MF_PRODUCED)
			r->status = SA_MAT_PRODUCED;
		else if ((all & SA_MF_COMMIT_OK) && credit_ok && has_code(committed, ncom, r->code))
			r->status = SA_MAT_COMMITTED;
		else if (!any_req)
			r->status = SA_MAT_OPTIONAL;
		else if ((all & SA_MF_TOLERABLE) && credit_ok)
		{
			r->status = SA_MAT_TOLERATED;
			r->tolerance_days = tol;
			out->ntolerated++;
		}
		else
		{
			r->status = SA_MAT_MISSING;
			out->nmissing++;
		}
	}
	return 0;
}

size_t
sa_material_types(const sa_material *mats, size_t nmat, const char *code,
				  const char **out, size_t cap)
{
	size_t		lo = 0,
				hi = nmat,
				n = 0,
				k;

	/* the first entry of the code (sorted by code, then caller's order) */
	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (strcmp(mats[mid].code, code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (k = lo; k < nmat && strcmp(mats[k].code, code) == 0; k++)
	{
		const char *t = mats[k].evidence_type;
		size_t		j;
		int			seen = 0;

		if (!mats[k].deciding || t == NULL)
			continue;
		/* distinct: a material has few entries (one per item of a bundle) */
		for (j = lo; j < k && !seen; j++)
			seen = mats[j].deciding && mats[j].evidence_type != NULL && strcmp(mats[j].evidence_type, t) == 0;
		if (seen)
			continue;
		if (n < cap)
			out[n] = t;
		n++;
	}
	return n;
}
