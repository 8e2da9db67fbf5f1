/*
 * visit_phase.c — the trigger case_visit_phase() of service_affair.cases
 * (43_visit_phases.sql) in C: it fires on every submission that counts a
 * visit, and as PL/pgSQL (with its SET clause and its guards) it cost about
 * as much as the insert of the case row itself (doc/benchmarks-intake.md).
 * The phase rule is nw_visit_phase() in src/core/network.c; this file reads
 * the row, looks up the service's max_visits when the promise counts the
 * visits (an item case from its item, which is what service_promise gives
 * for an item; a bundle case through service_promise), sends the NOTIFY and
 * writes the counts.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "network.h"
#include "spi_plans.h"
#include "trigger_guard.h"

PG_FUNCTION_INFO_V1(sa_case_visit_phase);

static SPIPlanPtr plan_item_max = NULL;
static SPIPlanPtr plan_promise_max = NULL;
static SPIPlanPtr plan_notify = NULL;

static inline SPIPlanPtr
vp_plan(SPIPlanPtr *slot, const char *sql, int nargs, Oid *types)
{
	return sa_kept_plan(slot, sql, nargs, types, 0);
}

static void
vp_refuse(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("case_visit_phase() is not a trigger of this table"),
			 errdetail("It counts the visit phases of service_affair.cases only.")));
}

/* An int4 column of the row; false when NULL. */
static bool
vp_int(HeapTuple tup, TupleDesc desc, int attno, int32 *out)
{
	bool		isnull;
	Datum		d = heap_getattr(tup, attno, desc, &isnull);

	if (!isnull)
		*out = DatumGetInt32(d);
	return !isnull;
}

static int
vp_attno(TupleDesc desc, const char *name)
{
	int			n = SPI_fnumber(desc, name);

	if (n <= 0)
		elog(ERROR, "column %s of service_affair.cases not found", name);
	return n;
}

Datum
sa_case_visit_phase(PG_FUNCTION_ARGS)
{
	TriggerData *td;
	TupleDesc	desc;
	HeapTuple	newtup,
				oldtup = NULL;
	bool		insert;
	int			a_visits,
				a_vba,
				a_vcol;
	int32		new_visits,
				new_vba,
				new_vcol,
				old_visits = 0,
				old_vba = 0;
	bool		isnull,
				old_concluded = false,
				accepted;
	nw_phase	ph;
	int			cols[2];
	Datum		vals[2];
	bool		nulls[2] = {false, false};

	if (!CALLED_AS_TRIGGER(fcinfo))
		vp_refuse();
	td = (TriggerData *) fcinfo->context;
	if (!sa_trigger_on(td, "cases")
		|| !TRIGGER_FIRED_BEFORE(td->tg_event) || !TRIGGER_FIRED_FOR_ROW(td->tg_event)
		|| !(TRIGGER_FIRED_BY_INSERT(td->tg_event) || TRIGGER_FIRED_BY_UPDATE(td->tg_event)))
		vp_refuse();
	insert = TRIGGER_FIRED_BY_INSERT(td->tg_event);
	desc = RelationGetDescr(td->tg_relation);
	if (insert)
		newtup = td->tg_trigtuple;
	else
	{
		newtup = td->tg_newtuple;
		oldtup = td->tg_trigtuple;
	}
	a_visits = vp_attno(desc, "visits");
	a_vba = vp_attno(desc, "visits_before_acceptance");
	a_vcol = vp_attno(desc, "visits_collection");
	/* a NULL count: nothing to attribute (the NOT NULL constraints report it) */
	if (!vp_int(newtup, desc, a_visits, &new_visits) || !vp_int(newtup, desc, a_vba, &new_vba)
		|| !vp_int(newtup, desc, a_vcol, &new_vcol))
		return PointerGetDatum(newtup);
	if (!insert)
	{
		Datum		st;

		if (!vp_int(oldtup, desc, a_visits, &old_visits) || !vp_int(oldtup, desc, a_vba, &old_vba))
			return PointerGetDatum(newtup);
		st = heap_getattr(oldtup, vp_attno(desc, "status"), desc, &isnull);
		old_concluded = !isnull && strcmp(TextDatumGetCString(st), "concluded") == 0;
	}
	(void) heap_getattr(newtup, vp_attno(desc, "accepted_at"), desc, &isnull);
	accepted = !isnull;

	ph = nw_visit_phase(insert, old_visits, old_vba, old_concluded, new_visits, new_vba, new_vcol, accepted);
	if (!ph.changed)
		return PointerGetDatum(newtup);
	if (ph.overflow)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("integer out of range")));
	if (ph.promise)
	{
		Oid			t1[1] = {TEXTOID};
		Datum		a1[1];
		Datum		item = heap_getattr(newtup, vp_attno(desc, "item"), desc, &isnull);
		bool		is_item = !isnull;
		bool		service_null;
		Datum		service = heap_getattr(newtup, vp_attno(desc, "service"), desc, &service_null);
		bool		have_max = false;
		int32		max_v = 0;

		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		if (is_item)
		{
			a1[0] = item;
			vp_plan(&plan_item_max, "SELECT i.max_visits FROM service_affair.item i WHERE i.code OPERATOR(pg_catalog.=) $1", 1, t1);
			if (SPI_execute_plan(plan_item_max, a1, NULL, false, 1) != SPI_OK_SELECT)
				elog(ERROR, "reading max_visits failed");
		}
		else if (!service_null)
		{
			a1[0] = service;
			vp_plan(&plan_promise_max, "SELECT p.max_visits FROM service_affair.service_promise p WHERE p.service OPERATOR(pg_catalog.=) $1", 1, t1);
			if (SPI_execute_plan(plan_promise_max, a1, NULL, false, 1) != SPI_OK_SELECT)
				elog(ERROR, "reading max_visits failed");
		}
		else
			SPI_processed = 0;
		if (SPI_processed > 0)
		{
			Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

			have_max = !isnull;
			max_v = have_max ? DatumGetInt32(d) : 0;
		}
		if (have_max && nw_promise_exceeded(&ph, max_v))
		{
			Oid			t6[6] = {INT8OID, TEXTOID, TEXTOID, INT4OID, INT4OID, INT4OID};
			Datum		a6[6];
			char		n6[6];
			int			k;

			for (k = 0; k < 6; k++)
				n6[k] = ' ';
			a6[0] = heap_getattr(newtup, vp_attno(desc, "id"), desc, &isnull);
			n6[0] = isnull ? 'n' : ' ';
			a6[1] = service;
			n6[1] = service_null ? 'n' : ' ';
			a6[2] = heap_getattr(newtup, vp_attno(desc, "department"), desc, &isnull);
			n6[2] = isnull ? 'n' : ' ';
			a6[3] = Int32GetDatum(new_visits);
			a6[4] = Int32GetDatum((int32) ph.promise_visits);
			a6[5] = Int32GetDatum(max_v);
			vp_plan(&plan_notify,
					"SELECT pg_catalog.pg_notify('service_affair_visits',"
					" pg_catalog.jsonb_build_object('case_id', $1, 'service', $2, 'department', $3,"
					"                               'visits', $4, 'promise_visits', $5, 'max_visits', $6)::pg_catalog.text)",
					6, t6);
			if (SPI_execute_plan(plan_notify, a6, n6, false, 1) != SPI_OK_SELECT)
				elog(ERROR, "notifying service_affair_visits failed");
		}
		SPI_finish();
	}
	cols[0] = a_vba;
	vals[0] = Int32GetDatum(ph.vba);
	cols[1] = a_vcol;
	vals[1] = Int32GetDatum(ph.vcol);
	return PointerGetDatum(heap_modify_tuple_by_cols(newtup, desc, 2, cols, vals, nulls));
}
