/*
 * trigger_guard.c — which table a C trigger of the extension fired on
 * (trigger_guard.h): the visit-phase, routing and calendar triggers each had
 * their own copy of the lookup.
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "trigger_guard.h"

bool
sa_trigger_on(TriggerData *td, const char *relname)
{
	Oid			nsp = get_namespace_oid("service_affair", true);

	return OidIsValid(nsp) && RelationGetRelid(td->tg_relation) == get_relname_relid(relname, nsp);
}
