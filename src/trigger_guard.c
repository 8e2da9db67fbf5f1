/*
 * trigger_guard.c — which table a C trigger of the extension fired on
 * (trigger_guard.h): the visit-phase, routing and calendar triggers each had
 * their own copy of the lookup.
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/partition.h"
#include "nodes/pg_list.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "trigger_guard.h"

bool
sa_trigger_on(TriggerData *td, const char *relname)
{
	Oid			nsp = get_namespace_oid("service_affair", true);
	Oid			relid = RelationGetRelid(td->tg_relation);

	if (!OidIsValid(nsp))
		return false;

	/*
	 * A row trigger of a partitioned table fires on the partition that holds
	 * the row (cases_active, 40_cases.sql): judge by the root.  Only the
	 * owner of both tables can attach a partition, so no caller can make a
	 * table of its own pass.
	 */
	if (td->tg_relation->rd_rel->relispartition)
	{
		List	   *ancestors = get_partition_ancestors(relid);

		relid = llast_oid(ancestors);
		list_free(ancestors);
	}
	return relid == get_relname_relid(relname, nsp);
}
