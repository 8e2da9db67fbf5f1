/*
 * stale.c — writes a transaction of one snapshot cannot see.
 *
 * In REPEATABLE READ and SERIALIZABLE, PostgreSQL raises 40001 to a
 * transaction that locks or updates a row another transaction updated
 * after its snapshot was taken.  The writers of the extension serialize on
 * a row (a case) or a lock (a credit fact's follow-ups), but not every
 * write updates that row: a supplement that leaves materials missing, or a
 * task finished while another of its stage is open, writes other rows and
 * only locks the case; a review of a credit fact appends a follow-up.  A
 * second writer under REPEATABLE READ then got its lock without an error
 * and decided on its old snapshot (reviews of 2026-12-03: a complete case
 * left returned for ever, a bundle never concluded, a fact both repaired
 * and confirmed afterwards).  Each such family of writes appends rows that
 * name what they write (a case's history, a fact's follow-ups): a count
 * under the latest snapshot other than under the transaction's is a write
 * this transaction cannot see (more rows; fewer would be a removal, which
 * the append-only tables refuse, and is refused alike).  Nothing is asked in READ COMMITTED, whose
 * statements see every commit that came before their lock.
 *
 *   refuse_stale_case(case_id bigint) → void: 40001
 *   credit_fact_stale(event_id bigint) → boolean (credit_fact() raises
 *       credit_fact_raced()'s 40001)
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/snapmgr.h"

#include "spi_plans.h"

PG_FUNCTION_INFO_V1(sa_refuse_stale_case);
PG_FUNCTION_INFO_V1(sa_credit_fact_stale);

static SPIPlanPtr plan_case_events = NULL;
static SPIPlanPtr plan_fact_follow_ups = NULL;

/* The count the statement (one parameter) gives under snap. */
static int64
count_under(SPIPlanPtr plan, Datum key, Snapshot snap)
{
	bool		isnull;
	Datum		n;

	if (SPI_execute_snapshot(plan, &key, NULL, snap, InvalidSnapshot, true, false, 1) != SPI_OK_SELECT ||
		SPI_processed != 1)
		elog(ERROR, "could not count the rows of a key");
	n = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	return isnull ? 0 : DatumGetInt64(n);
}

/*
 * Whether the count of sql (its parameter: key, of type keytype) differs
 * between the latest snapshot and the transaction's active one, which sees
 * this transaction's own writes as well; false in READ COMMITTED.
 */
static bool
written_since_snapshot(SPIPlanPtr *slot, const char *sql, Oid keytype, Datum key)
{
	Oid			types[1] = {keytype};
	SPIPlanPtr	plan;
	int64		mine,
				latest;

	if (!IsolationUsesXactSnapshot())
		return false;
	SPI_connect();
	plan = sa_kept_plan(slot, sql, 1, types, 0);
	mine = count_under(plan, key, GetActiveSnapshot());
	latest = count_under(plan, key, GetLatestSnapshot());
	SPI_finish();
	return latest != mine;
}

/* refuse_stale_case(case_id): asked by lock_open_case() and lock_task() once they hold the case */
Datum
sa_refuse_stale_case(PG_FUNCTION_ARGS)
{
	Datum		case_id = PG_GETARG_DATUM(0);

	if (written_since_snapshot(&plan_case_events,
							   "SELECT pg_catalog.count(*) FROM service_affair.case_event e WHERE e.case_id = $1 AND NOT e.settled",
							   INT8OID, case_id))
		ereport(ERROR,
				(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
				 errmsg("could not serialize access due to concurrent update"),
				 errdetail("Case " INT64_FORMAT " was written by another transaction after this transaction's snapshot was taken (%s).",
						   DatumGetInt64(case_id), IsolationIsSerializable() ? "serializable" : "repeatable read"),
				 errhint("Retry the transaction.")));
	PG_RETURN_VOID();
}

/* credit_fact_stale(event_id): asked by credit_fact() under its lock */
Datum
sa_credit_fact_stale(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(written_since_snapshot(&plan_fact_follow_ups,
										  "SELECT pg_catalog.count(*) FROM service_affair.credit_event x WHERE x.refers_to = $1",
										  INT8OID, PG_GETARG_DATUM(0)));
}

