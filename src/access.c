/*
 * access.c — who is calling.
 *
 * The API functions that write are SECURITY DEFINER, so inside them
 * current_user is the extension owner.  Auditing and department scoping need
 * the role that called them, which is the "outer" user id: the session user
 * or whatever SET ROLE chose, untouched by SECURITY DEFINER.
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(sa_actor);

/* actor() — name of the calling role, seen through SECURITY DEFINER. */
Datum
sa_actor(PG_FUNCTION_ARGS)
{
	const char *name = GetUserNameFromId(GetOuterUserId(), false);

	PG_RETURN_DATUM(DirectFunctionCall1(namein, CStringGetDatum(name)));
}
