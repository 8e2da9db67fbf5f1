/*
 * identifiers.c — SQL types uscc (统一社会信用代码) and resident_id
 * (居民身份证号码): I/O, binary I/O, comparison, hashing, accessors.
 *
 * The parsing and check-character logic is in src/core/ident.c; this file
 * maps its statuses to ereport.
 *
 * Storage:
 *   uscc        fixed length 18 bytes, the canonical upper-case characters,
 *               alignment char, pass by reference.  The alphabet's value
 *               order is its ASCII order, so memcmp gives the text order.
 *   resident_id int8, pass by value: the first 17 digits read as a decimal
 *               number (the check character is recomputed on output).
 *               Numeric order of the body is the text order.
 *
 * Binary format (send/recv), both types: one format-version byte (1), then
 * the 18 canonical ASCII characters.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/sortsupport.h"

#include "calendar.h"			/* sa_echo */
#include "ident.h"
#include "text.h"				/* sa_text_echo_char */

#define IDENT_BINARY_VERSION 1

StaticAssertDecl(SIZEOF_DATUM == 8, "resident_id is pass-by-value int8 and needs 64-bit Datum");

typedef struct Uscc
{
	char		data[IDENT_LEN];
} Uscc;

#define DatumGetUscc(d)		((const Uscc *) DatumGetPointer(d))
#define PG_GETARG_USCC(n)	DatumGetUscc(PG_GETARG_DATUM(n))
#define PG_GETARG_RID(n)	PG_GETARG_INT64(n)

/* ------------------------------------------------------------------------
 * Error reporting
 * ------------------------------------------------------------------------ */

/* Describe the character at byte offset off of s in detail text. */
static char *
describe_char(const char *s, size_t off, int *charpos)
{
	unsigned char c = (unsigned char) s[off];

	*charpos = pg_mbstrlen_with_len(s, (int) off) + 1;
	if (c < 0x20 || c == 0x7f)
		return psprintf("U+%04X", c);
	/*
	 * a character an error's echo replaces (C1, U+2028/9, a bidirectional
	 * control: src/core/text.h) by its code point; until 2026-12-07 it was
	 * quoted as typed
	 */
	if (GetDatabaseEncoding() == PG_UTF8 && sa_text_echo_char(utf8_to_unicode((const unsigned char *) s + off)))
		return psprintf("U+%04X", (unsigned) utf8_to_unicode((const unsigned char *) s + off));
	return psprintf("\"%s\"", sa_echo_n(s + off, pg_mblen(s + off), 1));
}

/*
 * errmsg of a rejected value: text input, or the (printable ASCII) payload of
 * binary input; at most the first SA_ECHO_CHARS characters of it.
 */
#define IDENT_ERRMSG(binary, typname, s) \
	((binary) ? errmsg("invalid binary data for type %s: \"%s\"", typname, sa_echo(s, -1)) \
			  : errmsg("invalid input syntax for type %s: \"%s\"", typname, sa_echo(s, -1)))

/*
 * ereport the failure r of parsing the string s of type typname; binary when
 * s is the payload of binary input.
 */
static void
report_error(const char *typname, const char *s, const ident_result *r, bool binary)
{
	bool		is_uscc = (strcmp(typname, "uscc") == 0);
	int			pos;
	char	   *what;

	switch (r->status)
	{
		case IDENT_BAD_CHAR:
			what = describe_char(s, r->offset, &pos);
			if (is_uscc)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 IDENT_ERRMSG(binary, typname, s),
						 errdetail("Character %s at position %d is not in the uscc alphabet %s.",
								   what, pos, IDENT_USCC_ALPHABET),
						 (s[r->offset] != '\0' && strchr("IOSVZiosvz", s[r->offset])) ?
						 errhint("A uscc never uses the letters I, O, S, V and Z; look for 1, 0, 5, U or 2.") : 0));
			else
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 IDENT_ERRMSG(binary, typname, s),
						 errdetail("Character %s at position %d is not allowed: a resident_id has digits in positions 1 to 17 and a digit or X in position 18.",
								   what, pos)));
			break;
		case IDENT_BAD_LENGTH:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 IDENT_ERRMSG(binary, typname, s),
					 errdetail_plural("The value has %zu character not counting white space; a %s has 18.",
									  "The value has %zu characters not counting white space; a %s has 18.",
									  r->length, r->length, typname),
					 (!is_uscc && r->length == 15) ?
					 errhint("A 15-digit first-generation number must be converted to the 18-character form.") : 0));
			break;
		case IDENT_BAD_CHECK:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 IDENT_ERRMSG(binary, typname, s),
					 errdetail("Check character is \"%c\", should be \"%c\".",
							   r->found, r->expected)));
			break;
		case IDENT_DATE_RANGE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 IDENT_ERRMSG(binary, typname, s),
					 errdetail("Birth year %04d is outside the accepted range %d to %d.",
							   r->year, IDENT_BIRTH_YEAR_MIN, IDENT_BIRTH_YEAR_MAX)));
			break;
		case IDENT_BAD_DATE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 IDENT_ERRMSG(binary, typname, s),
					 errdetail("Birth date %04d-%02d-%02d (positions 7 to 14) is not a valid date.",
							   r->year, r->month, r->day)));
			break;
		case IDENT_OK:
			break;
	}
	/* not reached for a failed parse: every failure status raises above */
	elog(ERROR, "unexpected identifier parse status %d", (int) r->status);
}

/*
 * Read the binary form: version byte, then 18 canonical characters.  The
 * payload is validated by the text parser and must be canonical.  Returns a
 * pointer to the 18 characters inside buf.
 */
static const char *
recv_payload(StringInfo buf, const char *typname)
{
	int			remaining = buf->len - buf->cursor;
	int			version;
	const char *payload;

	if (remaining < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid binary data for type %s", typname),
				 errdetail("The value is empty; it should start with a format version byte.")));
	version = pq_getmsgbyte(buf);
	if (version != IDENT_BINARY_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unsupported binary format version %d for type %s", version, typname),
				 errdetail("Only version %d is supported.", IDENT_BINARY_VERSION)));
	remaining = buf->len - buf->cursor;
	if (remaining != IDENT_LEN)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid binary data for type %s", typname),
				 errdetail("The payload has %d bytes; version %d carries %d.",
						   remaining, IDENT_BINARY_VERSION, IDENT_LEN)));
	payload = pq_getmsgbytes(buf, IDENT_LEN);
	return payload;
}

/*
 * Check that the 18 payload bytes are printable ASCII without white space
 * (so that they can be quoted in messages) and return them NUL-terminated.
 */
static char *
payload_string(const char *payload, const char *typname)
{
	for (int i = 0; i < IDENT_LEN; i++)
	{
		unsigned char c = (unsigned char) payload[i];

		if (c <= 0x20 || c >= 0x7f)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid binary data for type %s", typname),
					 errdetail("Byte 0x%02x at position %d is not a visible ASCII character.",
							   c, i + 1)));
	}
	return pnstrdup(payload, IDENT_LEN);
}

/* ereport a valid payload that is not in canonical (upper case) form. */
static void
report_not_canonical(const char *typname, const char *s, const char *canon)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid binary data for type %s: \"%s\"", typname, s),
			 errdetail("Binary data must be in canonical form \"%.*s\".", IDENT_LEN, canon)));
}

/* ------------------------------------------------------------------------
 * uscc
 * ------------------------------------------------------------------------ */

PG_FUNCTION_INFO_V1(uscc_in);
PG_FUNCTION_INFO_V1(uscc_out);
PG_FUNCTION_INFO_V1(uscc_recv);
PG_FUNCTION_INFO_V1(uscc_send);
PG_FUNCTION_INFO_V1(uscc_cmp);
PG_FUNCTION_INFO_V1(uscc_eq);
PG_FUNCTION_INFO_V1(uscc_ne);
PG_FUNCTION_INFO_V1(uscc_lt);
PG_FUNCTION_INFO_V1(uscc_le);
PG_FUNCTION_INFO_V1(uscc_gt);
PG_FUNCTION_INFO_V1(uscc_ge);
PG_FUNCTION_INFO_V1(uscc_hash);
PG_FUNCTION_INFO_V1(uscc_hash_extended);
PG_FUNCTION_INFO_V1(uscc_sortsupport);
PG_FUNCTION_INFO_V1(uscc_region);
PG_FUNCTION_INFO_V1(is_valid_uscc);

/* uscc_in(cstring) — parse and validate; lower case and white space allowed. */
Datum
uscc_in(PG_FUNCTION_ARGS)
{
	const char *s = PG_GETARG_CSTRING(0);
	Uscc	   *result = palloc(sizeof(Uscc));
	ident_result r;

	if (ident_uscc_parse(s, strlen(s), result->data, &r) != IDENT_OK)
		report_error("uscc", s, &r, false);
	PG_RETURN_POINTER(result);
}

/* uscc_out(uscc) — the canonical 18 characters. */
Datum
uscc_out(PG_FUNCTION_ARGS)
{
	const Uscc *u = PG_GETARG_USCC(0);

	PG_RETURN_CSTRING(pnstrdup(u->data, IDENT_LEN));
}

/* uscc_recv(internal) — version byte 1 + 18 canonical characters. */
Datum
uscc_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	char	   *s = payload_string(recv_payload(buf, "uscc"), "uscc");
	Uscc	   *result = palloc(sizeof(Uscc));
	ident_result r;

	if (ident_uscc_parse(s, IDENT_LEN, result->data, &r) != IDENT_OK)
		report_error("uscc", s, &r, true);
	if (memcmp(result->data, s, IDENT_LEN) != 0)
		report_not_canonical("uscc", s, result->data);
	PG_RETURN_POINTER(result);
}

/* uscc_send(uscc) — version byte 1 + 18 canonical characters. */
Datum
uscc_send(PG_FUNCTION_ARGS)
{
	const Uscc *u = PG_GETARG_USCC(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, IDENT_BINARY_VERSION);
	pq_sendbytes(&buf, u->data, IDENT_LEN);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* The one comparator behind every uscc operator. */
static inline int
uscc_compare(const Uscc *a, const Uscc *b)
{
	return memcmp(a->data, b->data, IDENT_LEN);
}

/* uscc_cmp(a, b) — btree support: -1, 0 or 1. */
Datum
uscc_cmp(PG_FUNCTION_ARGS)
{
	int			c = uscc_compare(PG_GETARG_USCC(0), PG_GETARG_USCC(1));

	PG_RETURN_INT32(c < 0 ? -1 : (c > 0 ? 1 : 0));
}

/* uscc_eq(a, b) — operator =. */
Datum
uscc_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(uscc_compare(PG_GETARG_USCC(0), PG_GETARG_USCC(1)) == 0);
}

/* uscc_ne(a, b) — operator <>. */
Datum
uscc_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(uscc_compare(PG_GETARG_USCC(0), PG_GETARG_USCC(1)) != 0);
}

/* uscc_lt(a, b) — operator <. */
Datum
uscc_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(uscc_compare(PG_GETARG_USCC(0), PG_GETARG_USCC(1)) < 0);
}

/* uscc_le(a, b) — operator <=. */
Datum
uscc_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(uscc_compare(PG_GETARG_USCC(0), PG_GETARG_USCC(1)) <= 0);
}

/* uscc_gt(a, b) — operator >. */
Datum
uscc_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(uscc_compare(PG_GETARG_USCC(0), PG_GETARG_USCC(1)) > 0);
}

/* uscc_ge(a, b) — operator >=. */
Datum
uscc_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(uscc_compare(PG_GETARG_USCC(0), PG_GETARG_USCC(1)) >= 0);
}

/* uscc_hash(uscc) — hash opclass support 1; equal values hash equal. */
Datum
uscc_hash(PG_FUNCTION_ARGS)
{
	const Uscc *u = PG_GETARG_USCC(0);

	return hash_any((const unsigned char *) u->data, IDENT_LEN);
}

/* uscc_hash_extended(uscc, seed) — hash opclass support 2. */
Datum
uscc_hash_extended(PG_FUNCTION_ARGS)
{
	const Uscc *u = PG_GETARG_USCC(0);

	return hash_any_extended((const unsigned char *) u->data, IDENT_LEN,
							 PG_GETARG_INT64(1));
}

/* Sort comparator on datums (same order as uscc_compare). */
static int
uscc_fastcmp(Datum a, Datum b, SortSupport ssup)
{
	return uscc_compare(DatumGetUscc(a), DatumGetUscc(b));
}

/*
 * Abbreviated key: the values (5 bits each) of the first 12 characters in
 * 60 bits.  Value order is character order, so unsigned comparison of keys
 * agrees with uscc_compare whenever the keys differ.  Twelve characters reach
 * past the shared prefix of real codes (authority, kind, region: 8) into the
 * organisation code, where text's 8-byte abbreviation would stop.
 */
static Datum
uscc_abbrev_convert(Datum original, SortSupport ssup)
{
	const Uscc *u = DatumGetUscc(original);
	uint64		key = 0;

	for (int i = 0; i < 12; i++)
		key = (key << 5) | (uint64) ident_uscc_value((unsigned char) u->data[i]);
	return UInt64GetDatum(key);
}

/* Abbreviation is a dozen table look-ups: never worth abandoning. */
static bool
uscc_abbrev_abort(int memtupcount, SortSupport ssup)
{
	return false;
}

/* uscc_sortsupport(internal) — btree support 2, with abbreviated keys. */
Datum
uscc_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = uscc_fastcmp;
	if (ssup->abbreviate)
	{
		ssup->abbrev_converter = uscc_abbrev_convert;
		ssup->abbrev_abort = uscc_abbrev_abort;
		ssup->abbrev_full_comparator = uscc_fastcmp;
		ssup->comparator = ssup_datum_unsigned_cmp;
	}
	PG_RETURN_VOID();
}

/* uscc_region(uscc) — characters 3-8, the registering authority's region code. */
Datum
uscc_region(PG_FUNCTION_ARGS)
{
	const Uscc *u = PG_GETARG_USCC(0);

	PG_RETURN_TEXT_P(cstring_to_text_with_len(u->data + 2, 6));
}

/* is_valid_uscc(text) — whether uscc input would accept it; never raises. */
Datum
is_valid_uscc(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	char		out[IDENT_LEN];

	PG_RETURN_BOOL(ident_uscc_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), out, NULL) == IDENT_OK);
}

/* ------------------------------------------------------------------------
 * resident_id
 * ------------------------------------------------------------------------ */

PG_FUNCTION_INFO_V1(resident_id_in);
PG_FUNCTION_INFO_V1(resident_id_out);
PG_FUNCTION_INFO_V1(resident_id_recv);
PG_FUNCTION_INFO_V1(resident_id_send);
PG_FUNCTION_INFO_V1(resident_id_cmp);
PG_FUNCTION_INFO_V1(resident_id_eq);
PG_FUNCTION_INFO_V1(resident_id_ne);
PG_FUNCTION_INFO_V1(resident_id_lt);
PG_FUNCTION_INFO_V1(resident_id_le);
PG_FUNCTION_INFO_V1(resident_id_gt);
PG_FUNCTION_INFO_V1(resident_id_ge);
PG_FUNCTION_INFO_V1(resident_id_hash);
PG_FUNCTION_INFO_V1(resident_id_hash_extended);
PG_FUNCTION_INFO_V1(resident_id_sortsupport);
PG_FUNCTION_INFO_V1(resident_id_birth_date);
PG_FUNCTION_INFO_V1(resident_id_sex);
PG_FUNCTION_INFO_V1(resident_id_region);
PG_FUNCTION_INFO_V1(resident_id_mask);
PG_FUNCTION_INFO_V1(is_valid_resident_id);

/* resident_id_in(cstring) — parse and validate; x and white space allowed. */
Datum
resident_id_in(PG_FUNCTION_ARGS)
{
	const char *s = PG_GETARG_CSTRING(0);
	int64_t		body;
	ident_result r;

	if (ident_resident_id_parse(s, strlen(s), &body, &r) != IDENT_OK)
		report_error("resident_id", s, &r, false);
	PG_RETURN_INT64(body);
}

/* resident_id_out(resident_id) — the canonical 18 characters. */
Datum
resident_id_out(PG_FUNCTION_ARGS)
{
	char	   *out = palloc(IDENT_LEN + 1);

	ident_resident_id_format(PG_GETARG_RID(0), out);
	PG_RETURN_CSTRING(out);
}

/* resident_id_recv(internal) — version byte 1 + 18 canonical characters. */
Datum
resident_id_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	char	   *s = payload_string(recv_payload(buf, "resident_id"), "resident_id");
	int64_t		body;
	ident_result r;
	char		canon[IDENT_LEN + 1];

	if (ident_resident_id_parse(s, IDENT_LEN, &body, &r) != IDENT_OK)
		report_error("resident_id", s, &r, true);
	ident_resident_id_format(body, canon);
	if (memcmp(canon, s, IDENT_LEN) != 0)
		report_not_canonical("resident_id", s, canon);
	PG_RETURN_INT64(body);
}

/* resident_id_send(resident_id) — version byte 1 + 18 canonical characters. */
Datum
resident_id_send(PG_FUNCTION_ARGS)
{
	char		canon[IDENT_LEN + 1];
	StringInfoData buf;

	ident_resident_id_format(PG_GETARG_RID(0), canon);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, IDENT_BINARY_VERSION);
	pq_sendbytes(&buf, canon, IDENT_LEN);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* The one comparator behind every resident_id operator. */
static inline int
rid_compare(int64 a, int64 b)
{
	return (a > b) - (a < b);
}

/* resident_id_cmp(a, b) — btree support: -1, 0 or 1. */
Datum
resident_id_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(rid_compare(PG_GETARG_RID(0), PG_GETARG_RID(1)));
}

/* resident_id_eq(a, b) — operator =. */
Datum
resident_id_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(rid_compare(PG_GETARG_RID(0), PG_GETARG_RID(1)) == 0);
}

/* resident_id_ne(a, b) — operator <>. */
Datum
resident_id_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(rid_compare(PG_GETARG_RID(0), PG_GETARG_RID(1)) != 0);
}

/* resident_id_lt(a, b) — operator <. */
Datum
resident_id_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(rid_compare(PG_GETARG_RID(0), PG_GETARG_RID(1)) < 0);
}

/* resident_id_le(a, b) — operator <=. */
Datum
resident_id_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(rid_compare(PG_GETARG_RID(0), PG_GETARG_RID(1)) <= 0);
}

/* resident_id_gt(a, b) — operator >. */
Datum
resident_id_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(rid_compare(PG_GETARG_RID(0), PG_GETARG_RID(1)) > 0);
}

/* resident_id_ge(a, b) — operator >=. */
Datum
resident_id_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(rid_compare(PG_GETARG_RID(0), PG_GETARG_RID(1)) >= 0);
}

/* resident_id_hash(resident_id) — hash opclass support 1 (as for int8). */
Datum
resident_id_hash(PG_FUNCTION_ARGS)
{
	return DirectFunctionCall1(hashint8, PG_GETARG_DATUM(0));
}

/* resident_id_hash_extended(resident_id, seed) — hash opclass support 2. */
Datum
resident_id_hash_extended(PG_FUNCTION_ARGS)
{
	return DirectFunctionCall2(hashint8extended, PG_GETARG_DATUM(0), PG_GETARG_DATUM(1));
}

/*
 * resident_id_sortsupport(internal) — btree support 2: the datum is the int8
 * body, so the server's signed-datum comparator (which tuplesort
 * specialises) gives rid_compare's order.
 */
Datum
resident_id_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = ssup_datum_signed_cmp;
	PG_RETURN_VOID();
}

/* resident_id_birth_date(resident_id) — characters 7-14 as a date. */
Datum
resident_id_birth_date(PG_FUNCTION_ARGS)
{
	int			y,
				m,
				d;

	ident_resident_id_birth(PG_GETARG_RID(0), &y, &m, &d);
	PG_RETURN_DATEADT(date2j(y, m, d) - POSTGRES_EPOCH_JDATE);
}

/* resident_id_sex(resident_id) — 'M' when the 17th digit is odd, else 'F'. */
Datum
resident_id_sex(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(PG_GETARG_RID(0) % 2 ? "M" : "F"));
}

/* resident_id_region(resident_id) — characters 1-6, the GB/T 2260 region code. */
Datum
resident_id_region(PG_FUNCTION_ARGS)
{
	char		canon[IDENT_LEN + 1];

	ident_resident_id_format(PG_GETARG_RID(0), canon);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(canon, 6));
}

/* mask(resident_id) — characters 7-14 (the birth date) replaced by '*'. */
Datum
resident_id_mask(PG_FUNCTION_ARGS)
{
	char		canon[IDENT_LEN + 1];

	ident_resident_id_format(PG_GETARG_RID(0), canon);
	memset(canon + 6, '*', 8);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(canon, IDENT_LEN));
}

/* is_valid_resident_id(text) — whether resident_id input would accept it; never raises. */
Datum
is_valid_resident_id(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int64_t		body;

	PG_RETURN_BOOL(ident_resident_id_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &body, NULL) == IDENT_OK);
}
