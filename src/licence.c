/*
 * licence.c — SQL glue of the electronic licences (doc/licences.md):
 *
 *   licence_hmac(key bytea, message text) → text   HMAC-SHA-256, lower-case hex
 *                                                  (lic_hmac_sha256_hex in src/core)
 *   licence_random_key() → bytea                   32 bytes from pg_strong_random
 *
 * and the two calls routing makes at the end of a stage (licence.h).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "port.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "lic.h"
#include "licence.h"

PG_FUNCTION_INFO_V1(sa_licence_hmac);
PG_FUNCTION_INFO_V1(sa_licence_random_key);

/* licence_hmac(key, message): 22023 for a key shorter than 16 bytes. */
Datum
sa_licence_hmac(PG_FUNCTION_ARGS)
{
	bytea	   *key = PG_GETARG_BYTEA_PP(0);
	text	   *msg = PG_GETARG_TEXT_PP(1);
	char		out[LIC_HMAC_HEX_LEN + 1];

	switch (lic_hmac_sha256_hex((const unsigned char *) VARDATA_ANY(key), VARSIZE_ANY_EXHDR(key),
								VARDATA_ANY(msg), VARSIZE_ANY_EXHDR(msg), out))
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
	PG_RETURN_TEXT_P(cstring_to_text(out));
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

static SPIPlanPtr
lic_plan(SPIPlanPtr *slot, const char *sql, int nargs, Oid *types)
{
	if (*slot == NULL)
	{
		SPIPlanPtr	p = SPI_prepare(sql, nargs, types);

		if (p == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		SPI_keepplan(p);
		*slot = p;
	}
	return *slot;
}

void
sa_licence_stage_end(int64 case_id, TimestampTz at)
{
	Oid			types[2] = {INT8OID, TIMESTAMPTZOID};
	Datum		args[2];

	args[0] = Int64GetDatum(case_id);
	args[1] = TimestampTzGetDatum(at);
	/* the common case (no approved task of an issuing item): one indexed read */
	lic_plan(&plan_pending,
			 "SELECT FROM service_affair.task t JOIN service_affair.item i ON i.code = t.item"
			 " WHERE t.case_id = $1 AND t.decision = 'approved' AND i.output_evidence_type IS NOT NULL"
			 "   AND NOT EXISTS (SELECT FROM service_affair.licence l WHERE l.case_id = t.case_id AND l.item = t.item)"
			 " LIMIT 1",
			 1, types);
	if (SPI_execute_plan(plan_pending, args, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "reading the licences due for case " INT64_FORMAT " failed", case_id);
	if (SPI_processed == 0)
		return;
	lic_plan(&plan_issue, "SELECT service_affair.issue_licences($1, $2)", 2, types);
	if (SPI_execute_plan(plan_issue, args, NULL, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "issuing the licences of case " INT64_FORMAT " failed", case_id);
}

int32
sa_licence_block_stage(int64 case_id, int32 stage, TimestampTz at)
{
	Oid			types[3] = {INT8OID, INT4OID, TIMESTAMPTZOID};
	Datum		args[3];
	bool		isnull;
	Datum		d;

	args[0] = Int64GetDatum(case_id);
	args[1] = Int32GetDatum(stage);
	args[2] = TimestampTzGetDatum(at);
	lic_plan(&plan_block, "SELECT service_affair.block_unlicensed_stage($1, $2, $3)", 3, types);
	if (SPI_execute_plan(plan_block, args, NULL, false, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "checking the licences of stage %d of case " INT64_FORMAT " failed", stage, case_id);
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	return isnull ? 0 : DatumGetInt32(d);
}
