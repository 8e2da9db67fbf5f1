/*
 * licence.c — SQL glue of the electronic licences (doc/licences.md):
 *
 *   licence_hmac(key bytea, message text) → text   HMAC-SHA-256, lower-case hex
 *                                                  (lic_hmac_sha256_hex in src/core)
 *   licence_random_key() → bytea                   32 bytes from pg_strong_random
 *   licence_message(number, type, identifier, issued date, valid_until date) → text
 *                                                  the canonical message (lic_message)
 *   licence_number(format, type, region, year, seq) → text
 *                                                  the number a format gives (lic_format_number),
 *                                                  the one spelling of issue_licence() and the C path
 *
 * and the two calls routing makes at the end of a stage (licence.h).
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/skey.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/dependency.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"	/* get_extension_oid */
#include "commands/sequence.h"
#include "commands/trigger.h"
#include "common/int.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/parsenodes.h"
#include "fmgr.h"
#include "port.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "arguments.h"		/* sa_server_text_utf8 */
#include "lic.h"
#include "licence.h"
#include "spi_plans.h"

PG_FUNCTION_INFO_V1(sa_licence_hmac);
PG_FUNCTION_INFO_V1(sa_licence_random_key);
PG_FUNCTION_INFO_V1(sa_licence_message);
PG_FUNCTION_INFO_V1(sa_licence_row_ok_sql);
PG_FUNCTION_INFO_V1(sa_licence_number);

static lic_text
lic_text_arg(FunctionCallInfo fcinfo, int i)
{
	lic_text	r = {NULL, 0};

	if (!PG_ARGISNULL(i))
	{
		text	   *t = PG_GETARG_TEXT_PP(i);

		r.s = VARDATA_ANY(t);
		r.len = VARSIZE_ANY_EXHDR(t);
	}
	return r;
}

/*
 * licence_row_ok(number, status, origin, reference, hmac, has_item,
 * has_changed_at): the CHECK constraint licence_row (lic_row_ok in
 * src/core/lic.c).  A NULL flag leaves its condition out, as a NULL made
 * the expression it replaced NULL.
 */
Datum
sa_licence_row_ok_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(lic_row_ok(lic_text_arg(fcinfo, 0), lic_text_arg(fcinfo, 1), lic_text_arg(fcinfo, 2),
							  lic_text_arg(fcinfo, 3), lic_text_arg(fcinfo, 4),
							  PG_ARGISNULL(5) ? -1 : (int) PG_GETARG_BOOL(5),
							  PG_ARGISNULL(6) ? -1 : (int) PG_GETARG_BOOL(6)));
}

/*
 * The canonical message of a licence (lic_message): shared by
 * licence_message() and the issuance below.
 */
static text *
lic_message_text(const char *number, const char *type, const char *ident, DateADT issued,
				 bool has_until, DateADT until)
{
	int			iy = 0,
				im = 0,
				id = 0,
				uy = 0,
				um = 0,
				ud = 0,
				n;
	size_t		cap;
	char	   *buf;

	if (DATE_NOT_FINITE(issued) || (has_until && DATE_NOT_FINITE(until)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("licence days must be finite")));
	j2date(issued + POSTGRES_EPOCH_JDATE, &iy, &im, &id);
	if (has_until)
		j2date(until + POSTGRES_EPOCH_JDATE, &uy, &um, &ud);
	cap = strlen(number) + strlen(type) + strlen(ident) + 64;
	buf = palloc(cap);
	n = lic_message(buf, cap, number, type, ident, iy, im, id, has_until, uy, um, ud);
	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid licence message field"),
				 errdetail("A field holds a line feed, or a day lies outside the years 1 to 9999.")));
	return cstring_to_text_with_len(buf, n);
}

/* licence_message(number, type, identifier, issued, valid_until): NULL when a text argument or the day of issue is NULL. */
Datum
sa_licence_message(PG_FUNCTION_ARGS)
{
	bool		has_until = !PG_ARGISNULL(4);

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(lic_message_text(text_to_cstring(PG_GETARG_TEXT_PP(0)), text_to_cstring(PG_GETARG_TEXT_PP(1)),
									  text_to_cstring(PG_GETARG_TEXT_PP(2)), PG_GETARG_DATEADT(3),
									  has_until, has_until ? PG_GETARG_DATEADT(4) : 0));
}

/*
 * The keyed hash of a message (lic_hmac_sha256_hex): licence_hmac() and the
 * issuance below.  Over the message's UTF-8 bytes whatever the database's
 * encoding, as doc/licences.md gives the offline check (printf | openssl).
 */
static text *
lic_hmac_text(bytea *key, text *msg)
{
	char		out[LIC_HMAC_HEX_LEN + 1];
	size_t		ulen;
	const char *u = sa_server_text_utf8(VARDATA_ANY(msg), VARSIZE_ANY_EXHDR(msg), &ulen);

	switch (lic_hmac_sha256_hex((const unsigned char *) VARDATA_ANY(key), VARSIZE_ANY_EXHDR(key),
								u, ulen, out))
	{
		case LIC_OK:
			break;
		case LIC_BAD_KEY:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("licence key too short"),
					 errdetail("The key has %d bytes; a licence key has at least 16.",
							   (int) VARSIZE_ANY_EXHDR(key))));
			break;
		case LIC_CRYPTO:
			elog(ERROR, "HMAC-SHA-256 failed in libcrypto");
			break;
	}
	return cstring_to_text(out);
}

/* licence_hmac(key, message): 22023 for a key shorter than 16 bytes. */
Datum
sa_licence_hmac(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(lic_hmac_text(PG_GETARG_BYTEA_PP(0), PG_GETARG_TEXT_PP(1)));
}

/* licence_random_key(): a new 32-byte key. */
Datum
sa_licence_random_key(PG_FUNCTION_ARGS)
{
	bytea	   *k = palloc(VARHDRSZ + 32);

	SET_VARSIZE(k, VARHDRSZ + 32);
	if (!pg_strong_random(VARDATA(k), 32))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not generate a random licence key")));
	PG_RETURN_BYTEA_P(k);
}

static SPIPlanPtr plan_pending = NULL;
static SPIPlanPtr plan_issue = NULL;
static SPIPlanPtr plan_block = NULL;
static SPIPlanPtr plan_supersede = NULL;
static SPIPlanPtr plan_issued = NULL;

static inline SPIPlanPtr
lic_plan(SPIPlanPtr *slot, const char *sql, int nargs, Oid *types)
{
	/* generic plans: a custom plan of the issuing statement would be planned on every call */
	return sa_kept_plan(slot, sql, nargs, types, CURSOR_OPT_GENERIC_PLAN);
}

/*
 * What the issuance needs of the case, its applicant and the type, read by
 * the pending-licence query (which also locks the holder): the issuance
 * then reads nothing but the counter, the holder's current licences and
 * the key (doc/benchmarks.md, "Licence issuance").
 */
typedef struct LicPending
{
	char	   *item;
	char	   *type;
	char	   *dept;
	bool		fast;			/* holder kind fits, case accepted or concluded */
	int64		holder;
	char	   *region;			/* the case's region, else its department's, else 000000 */
	DateADT		day;			/* local day of issue on the case's calendar */
	char	   *ident;			/* resident id, else USCC */
	char	   *format;			/* evidence_type.number_format */
	bool		has_validity;
	int32		validity;		/* evidence_type.validity_days */
	char	   *calendar;		/* the case's calendar (licence.calendar: where valid_until ends) */
} LicPending;

/* The columns of licence and licence_counter the issuance writes, in order (else the step by step way). */
#define LIC_NATTS 17
static const char *const lic_att_names[LIC_NATTS] = {
	"id", "number", "evidence_type", "holder", "case_id", "issued_at", "valid_until", "status",
	"item", "department", "origin", "reference", "supersedes", "changed_at", "key_id", "hmac",
	"calendar"};
static const Oid lic_att_types[LIC_NATTS] = {
	INT8OID, TEXTOID, TEXTOID, INT8OID, INT8OID, TIMESTAMPTZOID, DATEOID, TEXTOID,
	TEXTOID, TEXTOID, TEXTOID, TEXTOID, INT8OID, TIMESTAMPTZOID, TEXTOID, TEXTOID,
	TEXTOID};
#define LIC_CNT_NATTS 4
static const char *const lic_cnt_names[LIC_CNT_NATTS] = {"evidence_type", "region", "year", "last"};
static const Oid lic_cnt_types[LIC_CNT_NATTS] = {TEXTOID, TEXTOID, INT4OID, INT8OID};

/* The active key (licence_key.active), read with the active snapshot; false when none. */
static bool
lic_active_key(Oid key_oid, char **key_id, bytea **key)
{
	Relation	rel = table_open(key_oid, AccessShareLock);
	TableScanDesc scan;
	TupleTableSlot *slot;
	bool		found = false;
	TupleDesc	d = RelationGetDescr(rel);

	/* key_id text, key bytea, active boolean first, as 44_licences.sql creates them */
	if (d->natts >= 3 && TupleDescAttr(d, 0)->atttypid == TEXTOID && TupleDescAttr(d, 1)->atttypid == BYTEAOID &&
		TupleDescAttr(d, 2)->atttypid == BOOLOID && !TupleDescAttr(d, 0)->attisdropped &&
		!TupleDescAttr(d, 1)->attisdropped && !TupleDescAttr(d, 2)->attisdropped && !rel->rd_rel->relrowsecurity &&
		strcmp(NameStr(TupleDescAttr(d, 2)->attname), "active") == 0)
	{
		slot = table_slot_create(rel, NULL);
		scan = table_beginscan(rel, GetActiveSnapshot(), 0, NULL);
		while (!found && table_scan_getnextslot(scan, ForwardScanDirection, slot))
		{
			bool		n1,
						n2,
						n3;
			Datum		a = slot_getattr(slot, 3, &n3);

			if (!n3 && DatumGetBool(a))
			{
				Datum		id = slot_getattr(slot, 1, &n1);
				Datum		k = slot_getattr(slot, 2, &n2);

				if (!n1 && !n2)
				{
					*key_id = TextDatumGetCString(id);
					*key = DatumGetByteaPCopy(k);
					found = true;
				}
			}
		}
		table_endscan(scan);
		ExecDropSingleTupleTableSlot(slot);
	}
	table_close(rel, AccessShareLock);
	return found;
}

static Oid	lic_seq_for = InvalidOid;	/* the licence table whose identity sequence lic_seq_oid is */
static Oid	lic_seq_oid = InvalidOid;

static bool
lic_shape_ok(Relation rel, int natts, const char *const *names, const Oid *types)
{
	TupleDesc	d = RelationGetDescr(rel);
	TriggerDesc *tg = rel->trigdesc;
	int			i;

	if (d->natts != natts || rel->rd_rel->relkind != RELKIND_RELATION || rel->rd_rel->relrowsecurity)
		return false;
	/* statement triggers and transition tables fire only around a statement: take the way that has one */
	if (tg != NULL && (tg->trig_insert_before_statement || tg->trig_insert_after_statement || tg->trig_insert_new_table ||
					   tg->trig_update_before_statement || tg->trig_update_after_statement ||
					   tg->trig_update_old_table || tg->trig_update_new_table))
		return false;
	for (i = 0; i < natts; i++)
	{
		Form_pg_attribute a = TupleDescAttr(d, i);

		if (a->attisdropped || a->attgenerated || a->atttypid != types[i] || strcmp(NameStr(a->attname), names[i]) != 0)
			return false;
	}
	return true;
}

/* licence_holder_idx is (holder, evidence_type) over every row: a probe of it sees the holder's licences of the type. */
static bool
lic_holder_idx_ok(Relation idx)
{
	Form_pg_index ix = idx->rd_index;

	return ix->indnkeyatts == 2 && ix->indkey.values[0] == 4 && ix->indkey.values[1] == 3 &&
		RelationGetIndexPredicate(idx) == NIL && RelationGetIndexExpressions(idx) == NIL;
}

/*
 * Whether the holder has a current (valid or expired) licence of the type,
 * seen by a snapshot taken now (after the holder lock: a concurrent
 * issuance for the holder has committed).  Licences only ever leave those
 * two states, and a new one is written only under the holder lock.
 * *later is set when any licence of the holder and type, whatever its
 * status, was issued after at, or one was superseded after at (a decision
 * recorded late): issue_licence() then writes the new one superseded at
 * the next licence's issue, moves back the end of the one before and sets
 * the next licence's supersedes to the new one, which the fast path leaves
 * to it (so no late licence is written here).  Until 2026-12-07 only a valid or expired
 * licence issued after at counted: a decision recorded late before a
 * licence since revoked was written valid here, in force over the licence
 * before it, superseded after at (licence_late_chain.sql).
 */
static bool
lic_has_current(Relation lic, Oid idx_oid, const LicPending *p, TimestampTz at, bool *shape, bool *later)
{
	Relation	idx = index_open(idx_oid, AccessShareLock);
	ScanKeyData sk[2];
	IndexScanDesc scan;
	TupleTableSlot *slot;
	bool		found = false;

	*later = false;
	*shape = lic_holder_idx_ok(idx);
	if (*shape)
	{
		ScanKeyInit(&sk[0], 1, BTEqualStrategyNumber, F_INT8EQ, Int64GetDatum(p->holder));
		ScanKeyEntryInitialize(&sk[1], 0, 2, BTEqualStrategyNumber, InvalidOid, idx->rd_indcollation[1],
							   F_TEXTEQ, CStringGetTextDatum(p->type));
		slot = table_slot_create(lic, NULL);
		scan = index_beginscan(lic, idx, GetActiveSnapshot(), 2, 0);
		index_rescan(scan, sk, 2, NULL, 0);
		while (!*later && index_getnext_slot(scan, ForwardScanDirection, slot))
		{
			bool		isnull;
			Datum		st = slot_getattr(slot, 8, &isnull);

			if (!isnull)
			{
				char	   *v = TextDatumGetCString(st);
				bool		inull,
							cnull;
				Datum		issued = slot_getattr(slot, 6, &inull);
				Datum		changed = slot_getattr(slot, 14, &cnull);

				if (strcmp(v, "valid") == 0 || strcmp(v, "expired") == 0)
					found = true;
				*later = (!inull && DatumGetTimestampTz(issued) > at) ||
					(strcmp(v, "superseded") == 0 && !cnull && DatumGetTimestampTz(changed) > at);
			}
		}
		index_endscan(scan);
		ExecDropSingleTupleTableSlot(slot);
	}
	index_close(idx, AccessShareLock);
	return found;
}

/*
 * The counter row of the type, region and year, seen by the active
 * snapshot, into slot; false when there is none.
 */
static bool
lic_counter_find(Relation cnt, Relation pk, const LicPending *p, int32 year, TupleTableSlot *slot)
{
	ScanKeyData sk[3];
	IndexScanDesc scan;
	bool		found;

	if (pk->rd_index->indnkeyatts != 3 || pk->rd_index->indkey.values[0] != 1 ||
		pk->rd_index->indkey.values[1] != 2 || pk->rd_index->indkey.values[2] != 3)
		return false;
	ScanKeyEntryInitialize(&sk[0], 0, 1, BTEqualStrategyNumber, InvalidOid, pk->rd_indcollation[0],
						   F_TEXTEQ, CStringGetTextDatum(p->type));
	ScanKeyEntryInitialize(&sk[1], 0, 2, BTEqualStrategyNumber, InvalidOid, pk->rd_indcollation[1],
						   F_TEXTEQ, CStringGetTextDatum(p->region));
	ScanKeyInit(&sk[2], 3, BTEqualStrategyNumber, F_INT4EQ, Int32GetDatum(year));
	scan = index_beginscan(cnt, pk, GetActiveSnapshot(), 3, 0);
	index_rescan(scan, sk, 3, NULL, 0);
	found = index_getnext_slot(scan, ForwardScanDirection, slot);
	if (found)
		ExecMaterializeSlot(slot);
	index_endscan(scan);
	return found;
}

/* The holder's current licence of the type is superseded (a renewal); returns the highest id superseded, 0 when none. */
static int64
lic_supersede(const LicPending *p, TimestampTz at)
{
	Oid			types[3] = {INT8OID, TEXTOID, TIMESTAMPTZOID};
	Datum		args[3];
	bool		isnull;
	Datum		d;

	args[0] = Int64GetDatum(p->holder);
	args[1] = CStringGetTextDatum(p->type);
	args[2] = TimestampTzGetDatum(at);
	lic_plan(&plan_supersede,
			 "WITH s AS ("
			 "  UPDATE service_affair.licence l SET status = 'superseded', changed_at = $3"
			 "   WHERE l.holder = $1 AND l.evidence_type = $2 AND l.status IN ('valid', 'expired')"
			 "     AND l.issued_at <= $3"
			 "  RETURNING l.id)"
			 " SELECT pg_catalog.max(s.id) FROM s",
			 3, types);
	if (SPI_execute_plan(plan_supersede, args, NULL, false, 0) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "superseding the licences of holder " INT64_FORMAT " failed", p->holder);
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	return isnull ? 0 : DatumGetInt64(d);
}

static Datum
lic_replace(Datum s, const char *from, const char *to)
{
	return DirectFunctionCall3Coll(replace_text, DEFAULT_COLLATION_OID, s,
								   CStringGetTextDatum(from), CStringGetTextDatum(to));
}

/*
 * The number a type's format gives: {type}, {region}, {year}, {seq} in
 * that order; {seq} with at least 6 digits.  The one spelling: the C path
 * below (lic_number) and issue_licence() through licence_number() (until
 * 2026-12-05 licence_next_number() wrote it again in PL/pgSQL).
 */
static Datum
lic_format_number(Datum format, const char *type, const char *region, int32 year, int64 seq)
{
	Datum		number;
	char		buf[32];

	number = lic_replace(format, "{type}", type);
	number = lic_replace(number, "{region}", region);
	snprintf(buf, sizeof buf, "%d", year);
	number = lic_replace(number, "{year}", buf);
	snprintf(buf, sizeof buf, "%06" INT64_MODIFIER "d", seq);
	return lic_replace(number, "{seq}", buf);
}

static Datum
lic_number(const LicPending *p, int32 year, int64 seq)
{
	return lic_format_number(CStringGetTextDatum(p->format), p->type, p->region, year, seq);
}

/*
 * licence_number(number_format text, evidence_type text, region text,
 * year integer, seq bigint) → text, STRICT: seq counts from 1 (a counter's
 * value), 22023 below it.
 */
Datum
sa_licence_number(PG_FUNCTION_ARGS)
{
	int64		seq = PG_GETARG_INT64(4);

	if (seq < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a licence number's sequence starts at 1"),
				 errdetail("seq is " INT64_FORMAT ".", seq)));
	PG_RETURN_DATUM(lic_format_number(PointerGetDatum(PG_GETARG_TEXT_PP(0)),
									  text_to_cstring(PG_GETARG_TEXT_PP(1)),
									  text_to_cstring(PG_GETARG_TEXT_PP(2)),
									  PG_GETARG_INT32(3), seq));
}

/* Whether a licence of that number is seen by the active snapshot (licence_number_key). */
static bool
lic_number_taken(Relation lic, Oid idx_oid, Datum number)
{
	Relation	idx = index_open(idx_oid, AccessShareLock);
	ScanKeyData sk;
	IndexScanDesc scan;
	TupleTableSlot *slot;
	bool		taken = true;	/* an index this code does not know: the SQL path decides */

	if (idx->rd_index->indnkeyatts == 1 && idx->rd_index->indkey.values[0] == 2 &&
		RelationGetIndexPredicate(idx) == NIL && RelationGetIndexExpressions(idx) == NIL)
	{
		ScanKeyEntryInitialize(&sk, 0, 1, BTEqualStrategyNumber, InvalidOid, idx->rd_indcollation[0],
							   F_TEXTEQ, number);
		slot = table_slot_create(lic, NULL);
		scan = index_beginscan(lic, idx, GetActiveSnapshot(), 1, 0);
		index_rescan(scan, &sk, 1, NULL, 0);
		taken = index_getnext_slot(scan, ForwardScanDirection, slot);
		index_endscan(scan);
		ExecDropSingleTupleTableSlot(slot);
	}
	index_close(idx, AccessShareLock);
	return taken;
}

/*
 * Issue one licence (the common case, inside SPI; the caller locked the
 * holder in an earlier statement, so the snapshot taken here sees, and
 * supersedes, a licence a concurrent issuance for the same holder
 * committed meanwhile), through the executor's single-row routines rather
 * than a planned statement (doc/benchmarks.md, "Licence issuance"): the
 * counter row of the type, region and year is found through its primary
 * key and locked as an UPDATE locks it, and updated; the holder's current
 * licence of the type, when there is one, is superseded by a statement;
 * the licence is inserted signed with the active key.  The row goes through
 * the same constraints (NOT NULL, licence_row, the five indexes with their
 * unique checks: a number collision is 23505) and the same triggers (the
 * foreign keys) as an INSERT; the identity takes the next value of
 * its sequence as an INSERT's default does.
 *
 * Returns false, having written nothing, when anything is unusual: the
 * counter row of the type, region and year does not exist yet or no key is
 * active (the first issuance), the day or the validity is out of range, the
 * caller lacks a privilege an INSERT would check, or the tables are not
 * the ones this code knows; issue_licences() then does it step by step.
 */
/*
 * The end of lic_issue_fast(), whether it wrote or left the work to the SQL
 * path: the queued after-row triggers (the foreign keys of a new row) run,
 * the executor state and its result relations close, the snapshot pops.
 */
static void
lic_fast_end(EState *estate, EPQState *epq, Relation lic, Relation cnt)
{
	AfterTriggerEndQuery(estate);
	EvalPlanQualEnd(epq);
	ExecResetTupleTable(estate->es_tupleTable, false);
	ExecCloseResultRelations(estate);	/* their indexes; the tables are closed below */
	FreeExecutorState(estate);
	PopActiveSnapshot();
	table_close(lic, NoLock);
	table_close(cnt, NoLock);
}

static bool
lic_issue_fast(int64 case_id, const LicPending *p, TimestampTz at)
{
	Oid			ns = get_namespace_oid("service_affair", false);
	Oid			lic_oid = get_relname_relid("licence", ns),
				cnt_oid = get_relname_relid("licence_counter", ns),
				cnt_pkey = get_relname_relid("licence_counter_pkey", ns),
				hold_idx = get_relname_relid("licence_holder_idx", ns),
				num_idx = get_relname_relid("licence_number_key", ns),
				key_oid = get_relname_relid("licence_key", ns),
				seq_oid;
	char	   *key_id = NULL;
	bytea	   *key = NULL;
	int			year,
				mon,
				mday;
	int32		until = 0;
	int64		seq,
				prev;
	Relation	lic,
				cnt;
	EState	   *estate;
	RangeTblEntry *rte_c,
			   *rte_l;
	ResultRelInfo *rri_c,
			   *rri_l;
	EPQState	epq;
	TupleTableSlot *found,
			   *newc,
			   *row;
	bool		current,
				later,
				shape,
				update_indexes = false;
	Relation	pk;
	List	   *recheck = NIL;
	int			i;
	Datum		number;
	text	   *msg;

	/*
	 * a format without {region} or {year} counts in a shared row
	 * (issue_licence()), which this path does not look for
	 */
	if (!OidIsValid(key_oid) || !OidIsValid(lic_oid) || !OidIsValid(cnt_oid) || !OidIsValid(cnt_pkey) ||
		!OidIsValid(hold_idx) || !OidIsValid(num_idx) || DATE_NOT_FINITE(p->day) ||
		strstr(p->format, "{region}") == NULL || strstr(p->format, "{year}") == NULL)
		return false;
	j2date(p->day + POSTGRES_EPOCH_JDATE, &year, &mon, &mday);
	if (year < 1 || year > 9999)
		return false;
	if (p->has_validity &&
		(pg_add_s32_overflow(p->day, p->validity, &until) || !IS_VALID_DATE(until)))
		return false;
	if (pg_class_aclmask(lic_oid, GetUserId(), ACL_SELECT | ACL_INSERT | ACL_UPDATE, ACLMASK_ALL) !=
		(ACL_SELECT | ACL_INSERT | ACL_UPDATE) ||
		pg_class_aclmask(key_oid, GetUserId(), ACL_SELECT, ACLMASK_ALL) != ACL_SELECT ||
		pg_class_aclmask(cnt_oid, GetUserId(), ACL_SELECT | ACL_UPDATE, ACLMASK_ALL) != (ACL_SELECT | ACL_UPDATE))
		return false;
	/* the identity's sequence, looked up once per licence table (a pg_depend scan) */
	if (lic_seq_for != lic_oid)
	{
		lic_seq_oid = getIdentitySequence(lic_oid, 1, true);
		lic_seq_for = lic_oid;
	}
	seq_oid = lic_seq_oid;
	if (!OidIsValid(seq_oid) || get_rel_relkind(seq_oid) != RELKIND_SEQUENCE)
	{
		lic_seq_for = InvalidOid;
		return false;
	}

	cnt = table_open(cnt_oid, RowExclusiveLock);
	lic = table_open(lic_oid, RowExclusiveLock);
	if (!lic_shape_ok(lic, LIC_NATTS, lic_att_names, lic_att_types) ||
		!lic_shape_ok(cnt, LIC_CNT_NATTS, lic_cnt_names, lic_cnt_types) ||
		RelationGetPrimaryKeyIndex(cnt) != cnt_pkey)
	{
		table_close(lic, NoLock);
		table_close(cnt, NoLock);
		return false;
	}

	/* a new snapshot, as a statement would take: it sees what committed before the holder lock was granted */
	CommandCounterIncrement();
	PushActiveSnapshot(GetTransactionSnapshot());
	if (!lic_active_key(key_oid, &key_id, &key))
	{
		/* none active: issue_licence() creates one */
		PopActiveSnapshot();
		table_close(lic, NoLock);
		table_close(cnt, NoLock);
		return false;
	}

	estate = CreateExecutorState();
	rte_c = makeNode(RangeTblEntry);
	rte_c->rtekind = RTE_RELATION;
	rte_c->relid = cnt_oid;
	rte_c->relkind = RELKIND_RELATION;
	rte_c->rellockmode = RowExclusiveLock;
	rte_l = copyObject(rte_c);
	rte_l->relid = lic_oid;
	ExecInitRangeTable(estate, list_make2(rte_c, rte_l));
	rri_c = makeNode(ResultRelInfo);
	InitResultRelInfo(rri_c, cnt, 1, NULL, 0);
	rri_l = makeNode(ResultRelInfo);
	InitResultRelInfo(rri_l, lic, 2, NULL, 0);
	/* where the AFTER triggers of the rows find their relations (else they open them again) */
	estate->es_opened_result_relations = list_make2(rri_c, rri_l);
	estate->es_snapshot = GetActiveSnapshot();
	estate->es_output_cid = GetCurrentCommandId(true);
	EvalPlanQualInit(&epq, estate, NULL, NIL, -1);
	AfterTriggerBeginQuery();
	ExecOpenIndices(rri_c, false);
	ExecOpenIndices(rri_l, false);

	/* the counter row of the type, region and year, through the primary key ExecOpenIndices() opened */
	pk = NULL;
	for (i = 0; i < rri_c->ri_NumIndices; i++)
		if (RelationGetRelid(rri_c->ri_IndexRelationDescs[i]) == cnt_pkey)
			pk = rri_c->ri_IndexRelationDescs[i];
	found = table_slot_create(cnt, &estate->es_tupleTable);
	if (pk == NULL || (rri_c->ri_TrigDesc && rri_c->ri_TrigDesc->trig_update_before_row) ||
		!lic_counter_find(cnt, pk, p, year, found))
	{
		/* the first of its type, region and year (or not the counter this code knows): nothing written */
		lic_fast_end(estate, &epq, lic, cnt);
		return false;
	}

	/*
	 * The counter row locked first, as the UPDATE below will lock it (a
	 * concurrent issuance of the type, region and year waited for, its
	 * version read: read committed), so that the number probed below is the
	 * one written: probed before the lock, a concurrent issuance could move
	 * the counter onto a number taken long ago, and the insert failed with
	 * 23505 where issue_licence() passes over it (a review of 7c3a81f).
	 * Anything else (repeatable read and a concurrent update) is left to
	 * issue_licence(), nothing written; the lock does not hinder it.
	 */
	{
		TM_FailureData lock_fd;

		if (table_tuple_lock(cnt, &found->tts_tid, estate->es_snapshot, found, estate->es_output_cid,
							 LockTupleNoKeyExclusive, LockWaitBlock,
							 IsolationUsesXactSnapshot() ? 0 : TUPLE_LOCK_FLAG_FIND_LAST_VERSION,
							 &lock_fd) != TM_Ok)
		{
			lic_fast_end(estate, &epq, lic, cnt);
			return false;
		}
	}

	/*
	 * renewal: the holder's current licence of the type is superseded; one
	 * issued after at, or an index this code does not know, is left to
	 * issue_licence() (nothing written yet)
	 */
	current = lic_has_current(lic, hold_idx, p, at, &shape, &later);
	slot_getallattrs(found);
	if (!shape || later ||
		DatumGetInt64(found->tts_values[3]) == PG_INT64_MAX ||
		lic_number_taken(lic, num_idx, lic_number(p, year, DatumGetInt64(found->tts_values[3]) + 1)))
	{
		/* the next number taken already (issue_licence() passes over it), or anything unusual */
		lic_fast_end(estate, &epq, lic, cnt);
		return false;
	}
	prev = current ? lic_supersede(p, at) : 0;

	/*
	 * The next number: the counter row updated as an UPDATE updates it (no
	 * BEFORE trigger, checked above; its constraints, its index when the
	 * new version is not heap-only, its AFTER triggers).  A concurrent
	 * issuance of the type, region and year that updated it first is waited
	 * for; then, as an UPDATE re-reads the row it could not update, the
	 * counter is read again under a new snapshot (read committed), or the
	 * transaction fails as an UPDATE would (repeatable read, serializable).
	 */
	newc = ExecInitExtraTupleSlot(estate, RelationGetDescr(cnt), &TTSOpsVirtual);
	estate->es_output_cid = GetCurrentCommandId(true);
	for (;;)
	{
		TM_Result	res;
		TM_FailureData tmfd;
		LockTupleMode lockmode;

		slot_getallattrs(found);
		if (pg_add_s64_overflow(DatumGetInt64(found->tts_values[3]), 1, &seq))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("bigint out of range")));
		ExecClearTuple(newc);
		memcpy(newc->tts_values, found->tts_values, sizeof(Datum) * LIC_CNT_NATTS);
		memcpy(newc->tts_isnull, found->tts_isnull, sizeof(bool) * LIC_CNT_NATTS);
		newc->tts_values[3] = Int64GetDatum(seq);
		ExecStoreVirtualTuple(newc);
		if (cnt->rd_att->constr)
			ExecConstraints(rri_c, newc, estate);
		res = table_tuple_update(cnt, &found->tts_tid, newc, estate->es_output_cid, estate->es_snapshot,
								 InvalidSnapshot, true, &tmfd, &lockmode, &update_indexes);
		if (res == TM_Ok)
			break;
		if (res != TM_Updated && res != TM_Deleted)
			elog(ERROR, "unexpected result %d updating the licence counter", (int) res);
		if (IsolationUsesXactSnapshot())
			ereport(ERROR,
					(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
					 errmsg("could not serialize access due to concurrent update")));
		PopActiveSnapshot();
		PushActiveSnapshot(GetTransactionSnapshot());
		estate->es_snapshot = GetActiveSnapshot();
		if (!lic_counter_find(cnt, pk, p, year, found))
			ereport(ERROR,
					(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
					 errmsg("licence counter of %s, %s, %d deleted concurrently", p->type, p->region, year)));
	}
	if (rri_c->ri_NumIndices > 0 && update_indexes)
		recheck = ExecInsertIndexTuples(rri_c, newc, estate, true, false, NULL, NIL);
	ExecARUpdateTriggers(estate, rri_c, NULL, NULL, &found->tts_tid, NULL, newc, recheck, NULL, false);

	/*
	 * Probed free above, under the counter's lock; only an issuance through
	 * another counter (two types of one format without {type}) can take it
	 * meanwhile (licence_number_key: 23505, and a retry passes over it).
	 */
	number = lic_number(p, year, seq);
	msg = lic_message_text(TextDatumGetCString(number), p->type, p->ident, p->day, p->has_validity, until);

	row = ExecInitExtraTupleSlot(estate, RelationGetDescr(lic), &TTSOpsVirtual);
	ExecClearTuple(row);
	memset(row->tts_isnull, false, sizeof(bool) * LIC_NATTS);
	row->tts_values[0] = Int64GetDatum(nextval_internal(seq_oid, false));	/* the identity's default */
	row->tts_values[1] = number;
	row->tts_values[2] = CStringGetTextDatum(p->type);
	row->tts_values[3] = Int64GetDatum(p->holder);
	row->tts_values[4] = Int64GetDatum(case_id);
	row->tts_values[5] = TimestampTzGetDatum(at);
	row->tts_values[6] = DateADTGetDatum(until);
	row->tts_isnull[6] = !p->has_validity;
	row->tts_values[7] = CStringGetTextDatum("valid");
	row->tts_values[8] = CStringGetTextDatum(p->item);
	row->tts_values[9] = CStringGetTextDatum(p->dept);
	row->tts_values[10] = CStringGetTextDatum("issued");
	row->tts_isnull[11] = true;	/* reference */
	row->tts_values[12] = Int64GetDatum(prev);
	row->tts_isnull[12] = prev == 0;
	row->tts_isnull[13] = true;	/* changed_at */
	row->tts_values[14] = CStringGetTextDatum(key_id);
	row->tts_values[15] = PointerGetDatum(lic_hmac_text(key, msg));
	row->tts_values[16] = CStringGetTextDatum(p->calendar);
	ExecStoreVirtualTuple(row);
	/*
	 * REPEATABLE READ or SERIALIZABLE: the holder's lock serialized this
	 * issuance after a concurrent one for the same holder and type (on
	 * another counter row), but the snapshot predates that licence, which
	 * was therefore not superseded: licence_one_valid refuses the row.  That
	 * is a serialization failure, said as issue_licence() says it, not the
	 * index's 23505.  Any other error goes on as it is.
	 */
	{
		MemoryContext cxt = CurrentMemoryContext;

		PG_TRY();
		{
			ExecSimpleRelationInsert(rri_l, estate, row);
		}
		PG_CATCH();
		{
			ErrorData  *ed;

			MemoryContextSwitchTo(cxt);
			ed = CopyErrorData();
			if (ed->sqlerrcode != ERRCODE_UNIQUE_VIOLATION || ed->constraint_name == NULL ||
				strcmp(ed->constraint_name, "licence_one_valid") != 0)
				PG_RE_THROW();
			FlushErrorState();
			ereport(ERROR,
					(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
					 errmsg("could not serialize the issuance of a licence of type %s", p->type),
					 errdetail("Applicant " INT64_FORMAT " got a licence of type %s in a transaction that committed after this transaction's snapshot was taken.",
							   p->holder, p->type),
					 errhint("Retry the transaction: it then supersedes that licence.")));
		}
		PG_END_TRY();
	}

	/* the foreign keys of the new row (and any other trigger) */
	lic_fast_end(estate, &epq, lic, cnt);
	return true;
}

/*
 * Whether the schema has the licences: this library also serves a database
 * still at 0.1.0 until ALTER EXTENSION ... UPDATE runs (its route_advance()
 * is this C function), where routing must go on without them.  Two syscache
 * lookups.
 */
static bool
lic_available(void)
{
	Oid			ns = get_namespace_oid("service_affair", true);

	return OidIsValid(ns) && OidIsValid(get_relname_relid("licence", ns));
}

/*
 * Whether the case has a licence issued by the item (licence_case_item),
 * seen by a snapshot taken now: an index probe, where the pending query
 * had an anti-join planned as a bitmap scan.  A licence of the case is
 * written only under the case's lock, which the caller holds.
 */
static bool
lic_issued(int64 case_id, const char *item)
{
	Oid			ns = get_namespace_oid("service_affair", false);
	Oid			lic_oid = get_relname_relid("licence", ns),
				idx_oid = get_relname_relid("licence_case_item", ns);
	Relation	lic,
				idx;
	bool		found = false;

	if (OidIsValid(lic_oid) && OidIsValid(idx_oid))
	{
		lic = table_open(lic_oid, AccessShareLock);
		idx = index_open(idx_oid, AccessShareLock);
		if (idx->rd_index->indrelid == lic_oid && idx->rd_index->indnkeyatts == 2 &&
			idx->rd_index->indkey.values[0] == 5 && idx->rd_index->indkey.values[1] == 9 &&
			RelationGetIndexPredicate(idx) == NIL && RelationGetIndexExpressions(idx) == NIL &&
			RelationGetDescr(lic)->natts >= 9 && TupleDescAttr(RelationGetDescr(lic), 4)->atttypid == INT8OID &&
			TupleDescAttr(RelationGetDescr(lic), 8)->atttypid == TEXTOID)
		{
			ScanKeyData sk[2];
			IndexScanDesc scan;
			TupleTableSlot *slot = table_slot_create(lic, NULL);

			CommandCounterIncrement();
			ScanKeyInit(&sk[0], 1, BTEqualStrategyNumber, F_INT8EQ, Int64GetDatum(case_id));
			ScanKeyEntryInitialize(&sk[1], 0, 2, BTEqualStrategyNumber, InvalidOid, idx->rd_indcollation[1],
								   F_TEXTEQ, CStringGetTextDatum(item));
			scan = index_beginscan(lic, idx, GetLatestSnapshot(), 2, 0);
			index_rescan(scan, sk, 2, NULL, 0);
			found = index_getnext_slot(scan, ForwardScanDirection, slot);
			index_endscan(scan);
			ExecDropSingleTupleTableSlot(slot);
			index_close(idx, AccessShareLock);
			table_close(lic, AccessShareLock);
			return found;
		}
		index_close(idx, AccessShareLock);
		table_close(lic, AccessShareLock);
	}
	/* not the index this code knows: ask */
	{
		Oid			types[2] = {INT8OID, TEXTOID};
		Datum		args[2];

		args[0] = Int64GetDatum(case_id);
		args[1] = CStringGetTextDatum(item);
		lic_plan(&plan_issued,
				 "SELECT FROM service_affair.licence l WHERE l.case_id = $1 AND l.item = $2", 2, types);
		if (SPI_execute_plan(plan_issued, args, NULL, true, 1) != SPI_OK_SELECT)
			elog(ERROR, "reading the licences of case " INT64_FORMAT " failed", case_id);
		return SPI_processed > 0;
	}
}

/* A text column of the pending query as a C string (NULL for NULL), without the output function lookup of SPI_getvalue(). */
static char *
lic_text_col(HeapTuple tup, TupleDesc desc, int col)
{
	bool		isnull;
	Datum		d;

	if (TupleDescAttr(desc, col - 1)->atttypid != TEXTOID)
		return SPI_getvalue(tup, desc, col);
	d = SPI_getbinval(tup, desc, col, &isnull);
	return isnull ? NULL : TextDatumGetCString(d);
}

/*
 * On a region shard, issue_licence() numbers with the region
 * service_affair_shard.licence_region() gives (doc/scale.md, "Licence
 * numbers"), asked only when the extension service_affair_shard owns the
 * schema of that name (a schema anyone with CREATE on the database can make
 * is never called, licence_shard_hook.sql).  The fast path numbers with the
 * same region: until 2026-12-07 it took the case's own, and the counter of a
 * region moved to another shard, kept here until drop_region(), gave a
 * 通办 case homed here the next number the new shard gives too (a review,
 * licence_shard_fast.sql).
 */
static bool
lic_shard_installed(void)
{
	Oid			ext = get_extension_oid("service_affair_shard", true);
	Oid			nsp = get_namespace_oid("service_affair_shard", true);
	Oid			types[2] = {OIDOID, OIDOID};
	Datum		args[2];

	/* a single node: no schema, no extension, no query */
	if (!OidIsValid(ext) || !OidIsValid(nsp))
		return false;
	args[0] = ObjectIdGetDatum(ext);
	args[1] = ObjectIdGetDatum(nsp);
	if (SPI_execute_with_args("SELECT FROM pg_catalog.pg_extension e WHERE e.oid = $1 AND e.extnamespace = $2",
							  2, types, args, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "reading pg_extension failed");
	return SPI_processed == 1;
}

static void
lic_shard_region(LicPending *p, char *department)
{
	Oid			types[2] = {TEXTOID, TEXTOID};
	Datum		args[2];
	char		nulls[2] = {' ', department ? ' ' : 'n'};
	bool		isnull;
	Datum		d;

	args[0] = CStringGetTextDatum(p->region);
	args[1] = department ? CStringGetTextDatum(department) : (Datum) 0;
	/* not a kept plan: the function is the extension's, which may be dropped */
	if (SPI_execute_with_args("SELECT service_affair_shard.licence_region($1, $2)",
							  2, types, args, nulls, true, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "service_affair_shard.licence_region() returned no row");
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (isnull)
		p->fast = false;		/* issue_licence() decides what a NULL region is */
	else
		p->region = TextDatumGetCString(d);
}

void
sa_licence_stage_end(int64 case_id, TimestampTz at)
{
	Oid			types[2] = {INT8OID, TIMESTAMPTZOID};
	Datum		args[2];
	int			n,
				i,
				nrows;
	SPITupleTable *rows;
	LicPending *pend;
	bool		slow = false,
				shard;

	if (!lic_available())
		return;
	args[0] = Int64GetDatum(case_id);
	args[1] = TimestampTzGetDatum(at);
	shard = lic_shard_installed();
	/*
	 * What to issue: usually nothing (no approved task of an issuing item),
	 * one indexed read.  Else this statement also locks the holder (FOR NO
	 * KEY UPDATE), so that the issuing statements that follow take their
	 * snapshots after any concurrent issuance for the same holder committed,
	 * and reads what the issuing statement needs of the case, the holder
	 * and the type (none of which an issuance changes).  The item of each
	 * task is read by its key (the lateral subquery): joined plainly, the
	 * generic plan merge-joined the tasks with a scan of the whole catalog.
	 */
	lic_plan(&plan_pending,
			 "SELECT t.item, i.output_evidence_type, t.department,"
			 "       et.holder_kind IN ('any', a.kind) AND c.status IN ('accepted', 'concluded') AS fast,"
			 "       a.id, COALESCE(c.region, (SELECT d.region FROM service_affair.department d WHERE d.code = c.department), '000000'),"
			 "       service_affair.local_day($2, c.calendar),"
			 "       COALESCE(a.resident_id::text, a.uscc::text), et.number_format, et.validity_days,"
			 "       c.department, c.calendar"
			 "  FROM service_affair.task t"
			 "  JOIN LATERAL (SELECT i.output_evidence_type FROM service_affair.item i"
			 "                 WHERE i.code = t.item OFFSET 0) i ON true"
			 "  JOIN service_affair.evidence_type et ON et.code = i.output_evidence_type"
			 "  JOIN service_affair.cases c ON c.id = t.case_id AND NOT c.settled"
			 "  JOIN service_affair.applicant a ON a.id = c.applicant"
			 " WHERE t.case_id = $1 AND NOT t.settled AND t.decision = 'approved'"
			 " ORDER BY t.stage, t.id"
			 "   FOR NO KEY UPDATE OF a",
			 2, types);
	if (SPI_execute_plan(plan_pending, args, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading the licences due for case " INT64_FORMAT " failed", case_id);
	if (SPI_processed == 0)
		return;
	rows = SPI_tuptable;		/* kept until SPI_finish(), whatever lic_issued() executes */
	nrows = (int) SPI_processed;
	pend = palloc0(sizeof(LicPending) * nrows);
	n = 0;
	for (i = 0; i < nrows; i++)
	{
		HeapTuple	tup = rows->vals[i];
		TupleDesc	desc = rows->tupdesc;
		LicPending *p = &pend[n];
		bool		isnull;
		Datum		d;

		p->item = lic_text_col(tup, desc, 1);
		/* a task issues at most one licence: one issued already (a stage planned again) is skipped */
		if (lic_issued(case_id, p->item))
			continue;
		n++;
		p->type = lic_text_col(tup, desc, 2);
		p->dept = lic_text_col(tup, desc, 3);
		p->fast = DatumGetBool(SPI_getbinval(tup, desc, 4, &isnull)) && !isnull;
		p->holder = DatumGetInt64(SPI_getbinval(tup, desc, 5, &isnull));
		p->region = lic_text_col(tup, desc, 6);
		d = SPI_getbinval(tup, desc, 7, &isnull);
		p->fast = p->fast && !isnull;
		p->day = isnull ? 0 : DatumGetDateADT(d);
		p->ident = lic_text_col(tup, desc, 8);
		p->fast = p->fast && p->ident != NULL;
		p->format = lic_text_col(tup, desc, 9);
		d = SPI_getbinval(tup, desc, 10, &isnull);
		p->has_validity = !isnull;
		p->validity = isnull ? 0 : DatumGetInt32(d);
		p->calendar = lic_text_col(tup, desc, 12);
		p->fast = p->fast && p->calendar != NULL;
		if (shard)
			lic_shard_region(p, lic_text_col(tup, desc, 11));
	}
	if (n == 0)
		return;
	/* one at a time; anything unusual (a withheld licence, a first number, no key) the slow way */
	for (i = 0; i < n && !slow; i++)
		slow = !pend[i].fast || !lic_issue_fast(case_id, &pend[i], at);
	if (slow)
	{
		lic_plan(&plan_issue, "SELECT service_affair.issue_licences($1, $2)", 2, types);
		if (SPI_execute_plan(plan_issue, args, NULL, false, 1) != SPI_OK_SELECT)
			elog(ERROR, "issuing the licences of case " INT64_FORMAT " failed", case_id);
	}
}

int32
sa_licence_block_stage(int64 case_id, int32 stage, TimestampTz at)
{
	Oid			types[3] = {INT8OID, INT4OID, TIMESTAMPTZOID};
	Datum		args[3];
	bool		isnull;
	Datum		d;

	if (!lic_available())
		return 0;
	args[0] = Int64GetDatum(case_id);
	args[1] = Int32GetDatum(stage);
	args[2] = TimestampTzGetDatum(at);
	lic_plan(&plan_block, "SELECT service_affair.block_unlicensed_stage($1, $2, $3)", 3, types);
	if (SPI_execute_plan(plan_block, args, NULL, false, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "checking the licences of stage %d of case " INT64_FORMAT " failed", stage, case_id);
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	return isnull ? 0 : DatumGetInt32(d);
}
