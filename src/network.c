/*
 * network.c — SQL glue of the service network (src/core/network.c and the
 * point decision of src/core/access.c):
 *
 *   visit_kind(channel text, level text, parent_level text, agent boolean) → text
 *   point_decision(admin boolean, region_clerk boolean, posts text[], point text) → boolean
 *   home_region_decision(admin boolean, regions text[], posts text[]) → text
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "access.h"
#include "arguments.h"			/* sa_echo */
#include "network.h"

PG_FUNCTION_INFO_V1(sa_visit_kind);
PG_FUNCTION_INFO_V1(sa_point_decision);
PG_FUNCTION_INFO_V1(sa_home_region_decision);
PG_FUNCTION_INFO_V1(sa_point_business);

/*
 * a text argument as an error echoes it: quoted, at most 64 characters,
 * made printable (sa_echo(); until 2026-12-07 cut at 64 bytes only, its
 * control characters as typed)
 */
static const char *
echo(text *t)
{
	if (t == NULL)
		return "NULL";
	return quote_literal_cstr(sa_echo(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)));
}

/* visit_kind(): none, centre or nearby; 22023 for an unknown channel or level. */
Datum
sa_visit_kind(PG_FUNCTION_ARGS)
{
	text	   *ch = PG_ARGISNULL(0) ? NULL : PG_GETARG_TEXT_PP(0);
	text	   *lv = PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1);
	text	   *pl = PG_ARGISNULL(2) ? NULL : PG_GETARG_TEXT_PP(2);
	bool		agent = !PG_ARGISNULL(3) && PG_GETARG_BOOL(3);
	nw_channel	c = ch ? nw_channel_parse(VARDATA_ANY(ch), VARSIZE_ANY_EXHDR(ch)) : NW_CH_UNKNOWN;
	nw_level	l = lv ? nw_level_parse(VARDATA_ANY(lv), VARSIZE_ANY_EXHDR(lv)) : NW_LEVEL_NONE;
	nw_level	p = pl ? nw_level_parse(VARDATA_ANY(pl), VARSIZE_ANY_EXHDR(pl)) : NW_LEVEL_NONE;
	nw_visit	v = nw_visit_of(c, l, p, agent);

	if (v == NW_VISIT_ERROR)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid channel or point level"),
				 errdetail("Channel %s with point level %s (parent %s) is not a known contact.",
						   echo(ch), echo(lv), echo(pl))));
	PG_RETURN_TEXT_P(cstring_to_text(nw_visit_name(v)));
}

/* a text[] argument as C strings (NULL elements kept as NULL); *n its length */
static const char **
text_list(ArrayType *a, const char *what, int *n)
{
	Datum	   *elems;
	bool	   *nulls;
	const char **list;

	if (ARR_NDIM(a) > 1)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("%s must be a one-dimensional array", what)));
	deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, n);
	list = palloc(sizeof(const char *) * (*n + 1));
	for (int i = 0; i < *n; i++)
		list[i] = nulls[i] ? NULL : TextDatumGetCString(elems[i]);
	return list;
}

/* point_decision(): acc_may_act_at() over the facts gathered in SQL. */
Datum
sa_point_decision(PG_FUNCTION_ARGS)
{
	bool		admin = !PG_ARGISNULL(0) && PG_GETARG_BOOL(0);
	bool		region_clerk = !PG_ARGISNULL(1) && PG_GETARG_BOOL(1);
	char	   *point = PG_ARGISNULL(3) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(3));
	const char **posts = NULL;
	int			n = 0;

	if (!PG_ARGISNULL(2))
		posts = text_list(PG_GETARG_ARRAYTYPE_P(2), "posts", &n);
	PG_RETURN_BOOL(acc_may_act_at(admin, region_clerk, posts, (size_t) n, point));
}

/*
 * point_business(): acc_point_business() over the case's facts; a NULL fact
 * counts as the one that admits nothing (a NULL settled or delivered as
 * settled or delivered, a NULL status as none).
 */
Datum
sa_point_business(PG_FUNCTION_ARGS)
{
	bool		at_point = !PG_ARGISNULL(0) && PG_GETARG_BOOL(0);
	bool		settled = PG_ARGISNULL(1) || PG_GETARG_BOOL(1);
	bool		delivered = PG_ARGISNULL(2) || PG_GETARG_BOOL(2);
	text	   *status = PG_ARGISNULL(3) ? NULL : PG_GETARG_TEXT_PP(3);

	PG_RETURN_BOOL(acc_point_business(at_point, settled, delivered,
									  status ? VARDATA_ANY(status) : NULL,
									  status ? (size_t) VARSIZE_ANY_EXHDR(status) : 0));
}

/* home_region_decision(): acc_home_region() over the facts gathered in SQL; NULL when none. */
Datum
sa_home_region_decision(PG_FUNCTION_ARGS)
{
	bool		admin = !PG_ARGISNULL(0) && PG_GETARG_BOOL(0);
	const char **regions = NULL;
	int			nregions = 0;
	int			nposts = 0;
	const char *home;

	if (!PG_ARGISNULL(1))
		regions = text_list(PG_GETARG_ARRAYTYPE_P(1), "regions", &nregions);
	if (!PG_ARGISNULL(2))
		(void) text_list(PG_GETARG_ARRAYTYPE_P(2), "posts", &nposts);
	home = acc_home_region(admin, regions, (size_t) nregions, (size_t) nposts);
	if (home == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(home));
}
