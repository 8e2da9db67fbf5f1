/*
 * arguments.c — fmgr glue of the argument rules every writer shares.
 *
 * is_blank(text) is what every writer of a required reason, note, finding,
 * assignee or name asks, in SQL and in C (check_outcome_check), so that a
 * full-width space (U+3000), a no-break space or a lone tab is refused
 * everywhere alike.  The core reads UTF-8; another database encoding is
 * converted first (a text that does not convert raises the server's
 * conversion error).
 *
 * sa_echo(), sa_echo_n() and printable(text): text as an error echoes it
 * (src/core/text.h's rule), the one spelling in C and in SQL.  Until
 * 2026-12-07 sa_echo() only cut the text (then in calendar.c), and the C
 * errors repeated an unknown calendar, time zone, channel, status, action,
 * grade, kind, algorithm, service and the input of a uscc or resident_id
 * with their control characters (a line feed ended the server log's line
 * and wrote one of the caller's own after it), while printable() was a
 * regular expression of its own.
 *
 * time_recordable(timestamptz) and refuse_unrecordable_time(timestamptz,
 * text): the writers' times lie in the years 1 to 8999
 * (src/core/timebound.h says why); the SQL writers ask time_recordable() on
 * their fast path and check_case_args() raises, through
 * refuse_unrecordable_time(), the one error.
 *
 * refuse_future_outcome(timestamptz, text) and sa_refuse_future_time(): what
 * is recorded as done (an outcome, a sweep, a settling, and since 2026-12-04
 * every step of a case, task, rating or complaint: a decision, a rating, a
 * call-back or close dated ahead counted as done on time) has happened, so in
 * a session whose user is not a superuser its time is at most an hour after
 * the start of the statement; a superuser's session (a simulation, data
 * from paper, the tests) dates freely.  The session's user, not the current
 * one: the writers are SECURITY DEFINER.
 *
 * xact_snapshot_kept() and refuse_snapshot_isolation(text, text, text), over
 * sa_refuse_snapshot_isolation(): whether the transaction reads one
 * snapshot for its whole length is PostgreSQL's IsolationUsesXactSnapshot()
 * (REPEATABLE READ and SERIALIZABLE; READ UNCOMMITTED reads as READ
 * COMMITTED does, a snapshot per statement).  Until 2026-12-05 the SQL
 * spelled it three ways, current_setting('transaction_isolation') IN
 * ('repeatable read', 'serializable'), <> 'read committed' and = 'read
 * committed', which disagreed on READ UNCOMMITTED: archive_history_month()
 * refused it where the sweeps and settle_cases() ran, settle_wait() raised
 * the 40001 of a case moved into the history where READ COMMITTED returned.
 */
#include "postgres.h"

#include "access/xact.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/guc_tables.h"
#include "utils/timestamp.h"

#include "text.h"
#include "timebound.h"
#include "arguments.h"

PG_FUNCTION_INFO_V1(sa_is_blank_sql);
PG_FUNCTION_INFO_V1(sa_printable_sql);
PG_FUNCTION_INFO_V1(sa_visible_text_sql);
PG_FUNCTION_INFO_V1(sa_time_recordable_sql);
PG_FUNCTION_INFO_V1(sa_refuse_unrecordable_time_sql);
PG_FUNCTION_INFO_V1(sa_refuse_future_outcome_sql);
PG_FUNCTION_INFO_V1(sa_refuse_future_time_sql);
PG_FUNCTION_INFO_V1(sa_xact_snapshot_kept_sql);
PG_FUNCTION_INFO_V1(sa_refuse_snapshot_isolation_sql);
PG_FUNCTION_INFO_V1(sa_xact_setting_sql);

const char *
sa_server_text_utf8(const char *s, size_t len, size_t *utf8_len)
{
	int			enc = GetDatabaseEncoding();
	char	   *u;

	*utf8_len = len;
	if (len == 0 || enc == PG_UTF8 || enc == PG_SQL_ASCII)
		return s;
	u = pg_server_to_any(s, (int) len, PG_UTF8);
	if (u != s)
		*utf8_len = strlen(u);
	return u;
}

bool
sa_server_text_blank(const char *s, size_t len)
{
	size_t		ulen;
	const char *u = sa_server_text_utf8(s, len, &ulen);

	return sa_text_blank(u, ulen);
}

/* is_blank(text) → boolean, STRICT */
Datum
sa_is_blank_sql(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_BOOL(sa_server_text_blank(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)));
}

/*
 * The core reads UTF-8: a UTF8 or SQL_ASCII database's text is given as it
 * is (the core cuts it to nchars characters); another encoding's is cut to
 * nchars characters first (pg_mbcharcliplen, the database encoding's), then
 * converted, made printable and converted back ('?' is ASCII, every other
 * character came from the database encoding).  When cut, "…" follows (...
 * in a database that is not UTF8).
 */
char *
sa_echo_n(const char *s, int len, int nchars)
{
	int			enc = GetDatabaseEncoding();
	bool		direct = enc == PG_UTF8 || enc == PG_SQL_ASCII;
	const char *u;
	size_t		ulen,
				n;
	bool		cut = false;
	char	   *r;

	if (len < 0)
		len = strlen(s);
	if (nchars < 0)
		nchars = 0;
	if (!direct)
	{
		int			clip = pg_mbcharcliplen(s, len, nchars);

		cut = clip < len;
		len = clip;
	}
	u = sa_server_text_utf8(s, (size_t) len, &ulen);
	r = palloc(ulen + sizeof("…"));
	if (direct)
		n = sa_text_echo(u, ulen, (size_t) nchars, r, &cut);
	else
	{
		n = sa_text_echo(u, ulen, SIZE_MAX, r, NULL);
		if (n > 0)
			r = pg_any_to_server(r, (int) n, PG_UTF8);
		return cut ? psprintf("%s...", r) : r;
	}
	if (cut)
		strcpy(r + n, enc == PG_UTF8 ? "…" : "...");
	return r;
}

char *
sa_echo(const char *s, int len)
{
	return sa_echo_n(s, len, SA_ECHO_CHARS);
}

/* printable(text) → text, STRICT: the whole text, made printable */
Datum
sa_printable_sql(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_TEXT_P(cstring_to_text(sa_echo_n(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), SA_ECHO_ALL)));
}

/*
 * visible_text(text) → text, STRICT: the text without the characters of the
 * blank rule (sa_text_visible()); in a database that is not UTF8 the text
 * is converted to UTF-8 and back (every character kept came from the
 * database encoding).
 */
Datum
sa_visible_text_sql(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int			enc = GetDatabaseEncoding();
	size_t		ulen;
	const char *u = sa_server_text_utf8(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &ulen);
	char	   *r = palloc(ulen + 1);
	size_t		n = sa_text_visible(u, ulen, r);

	if (n > 0 && enc != PG_UTF8 && enc != PG_SQL_ASCII)
		r = pg_any_to_server(r, (int) n, PG_UTF8);
	PG_RETURN_TEXT_P(cstring_to_text(r));
}

void
sa_refuse_unrecordable_time(TimestampTz at, const char *what)
{
	switch (sa_time_classify(at))
	{
		case SA_TIME_TOO_LATE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s is too late", what),
					 errdetail("The time %s is not before 9000-01-01 00:00 UTC: recorded times end with the year 8999, "
							   "so that the days derived from them (dues, validity periods) end with the year 9999, "
							   "the last that ISO 8601 and the client libraries reading them (Python's datetime and .NET's DateTime among them) take.",
							   timestamptz_to_str(at))));
			break;
		case SA_TIME_TOO_EARLY:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s is too early", what),
					 errdetail("The time %s is before 0001-01-02 00:00 UTC: recorded times begin with the year 1, "
							   "the first that ISO 8601 and the client libraries reading them (Python's datetime and .NET's DateTime among them) take.",
							   timestamptz_to_str(at))));
			break;
		default:
			break;
	}
}

/* time_recordable(at timestamptz) → boolean: given, finite, within the years 1 to 8999 */
Datum
sa_time_recordable_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!PG_ARGISNULL(0) && sa_time_recordable(PG_GETARG_TIMESTAMPTZ(0)));
}

/* refuse_unrecordable_time(at timestamptz, what text) → void, STRICT */
Datum
sa_refuse_unrecordable_time_sql(PG_FUNCTION_ARGS)
{
	sa_refuse_unrecordable_time(PG_GETARG_TIMESTAMPTZ(0), text_to_cstring(PG_GETARG_TEXT_PP(1)));
	PG_RETURN_VOID();
}

bool
sa_session_superuser(void)
{
	return superuser_arg(GetSessionUserId());
}

void
sa_refuse_future_time(TimestampTz at, const char *what, const char *why, const char *hint)
{
	TimestampTz now = GetCurrentStatementStartTimestamp();

	if (at > now + USECS_PER_HOUR && !sa_session_superuser())
	{
		/*
		 * timestamptz_to_str() returns a static buffer: the first string is
		 * copied, or both would print the second (until 2026-12-04 the
		 * detail showed the same time twice; a review).
		 */
		char	   *at_str = pstrdup(timestamptz_to_str(at));

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s is in the future", what),
				 errdetail("%s %s is more than an hour after now (%s): %s",
						   what, at_str, timestamptz_to_str(now), why),
				 errhint("%s", hint)));
	}
}

/*
 * refuse_future_time(at timestamptz, what text, why text, hint text) → void,
 * STRICT: the same rule for a writer whose time is not an outcome (the
 * catalog's publishing job), with its own reason and hint.
 */
Datum
sa_refuse_future_time_sql(PG_FUNCTION_ARGS)
{
	sa_refuse_future_time(PG_GETARG_TIMESTAMPTZ(0), text_to_cstring(PG_GETARG_TEXT_PP(1)),
						  text_to_cstring(PG_GETARG_TEXT_PP(2)), text_to_cstring(PG_GETARG_TEXT_PP(3)));
	PG_RETURN_VOID();
}

/* refuse_future_outcome(at timestamptz, what text) → void, STRICT */
Datum
sa_refuse_future_outcome_sql(PG_FUNCTION_ARGS)
{
	sa_refuse_future_time(PG_GETARG_TIMESTAMPTZ(0), text_to_cstring(PG_GETARG_TEXT_PP(1)),
						  "what is recorded has happened: a time ahead would count as done, and as done on time, what is not done yet.",
						  "Give the time it happened (the argument at, default now()).");
	PG_RETURN_VOID();
}

void
sa_refuse_snapshot_isolation(const char *fn, const char *why, const char *hint)
{
	if (!IsolationUsesXactSnapshot())
		return;
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("%s runs in READ COMMITTED", fn),
			 errdetail("This transaction is %s: %s",
					   IsolationIsSerializable() ? "SERIALIZABLE" : "REPEATABLE READ", why),
			 errhint("%s", hint ? hint :
					 "Run it in a transaction of the default isolation level (READ COMMITTED), as pg_cron does.")));
}

/* xact_snapshot_kept() → boolean: one snapshot for the whole transaction */
Datum
sa_xact_snapshot_kept_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(IsolationUsesXactSnapshot());
}

/*
 * refuse_snapshot_isolation(fn text, why text, hint text) → void, not
 * STRICT: a NULL hint is the default one; fn and why are the caller's
 * constants.
 */
Datum
sa_refuse_snapshot_isolation_sql(PG_FUNCTION_ARGS)
{
	if (!IsolationUsesXactSnapshot())
		PG_RETURN_VOID();
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("refuse_snapshot_isolation() needs a function name and a reason")));
	sa_refuse_snapshot_isolation(text_to_cstring(PG_GETARG_TEXT_PP(0)),
								 text_to_cstring(PG_GETARG_TEXT_PP(1)),
								 PG_ARGISNULL(2) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(2)));
	PG_RETURN_VOID();
}

/*
 * xact_setting(name text) → text: the value of a setting when it was set for
 * the current transaction only (SET LOCAL, set_config(name, value, true), a
 * function's SET clause), else NULL: a value set for the session (SET,
 * set_config(..., false), connection options, the configuration) is no
 * value here.  PostgreSQL keeps a stack entry per nesting level of a
 * setting changed in the transaction; the top one says how its current
 * value was set (GUC_LOCAL, GUC_SET_LOCAL: SET LOCAL; GUC_SAVE: a
 * function's SET clause; GUC_SET: a plain SET, which outlives the
 * transaction).  A setting never set in the transaction has no entry.
 * The reader of service_affair.credit_flag_note (credit_flag_logged(),
 * 56_credit.sql): until 2026-12-07 a session-level SET of it, on a pooled
 * connection, became the note of a later, unrelated write of the flag (a
 * review; test/pgtap/credit_flag_note_local.sql).
 */
Datum
sa_xact_setting_sql(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	struct config_generic **vars = get_guc_variables();
	int			n = GetNumConfigOptions();
	const char *value;

	for (int i = 0; i < n; i++)
	{
		struct config_generic *g = vars[i];

		if (pg_strcasecmp(g->name, name) != 0)
			continue;
		if (g->stack == NULL ||
			(g->stack->state != GUC_LOCAL && g->stack->state != GUC_SET_LOCAL &&
			 g->stack->state != GUC_SAVE))
			PG_RETURN_NULL();
		/*
		 * as current_setting() reads it: a superuser-only setting (GUC_SUPERUSER_ONLY,
		 * dynamic_library_path say) is 42501 to a role without
		 * pg_read_all_settings, should one be granted EXECUTE (until
		 * 2026-12-07 its value was returned to any caller; a review)
		 */
		value = GetConfigOption(g->name, true, true);
		if (value == NULL)
			PG_RETURN_NULL();
		PG_RETURN_TEXT_P(cstring_to_text(value));
	}
	PG_RETURN_NULL();
}
