/*
 * text_rules.c — fmgr glue of the blank-text rule (src/core/text.[ch]).
 *
 * is_blank(text) is what every writer of a required reason, note, finding,
 * assignee or name asks, in SQL and in C (check_outcome_check), so that a
 * full-width space (U+3000), a no-break space or a lone tab is refused
 * everywhere alike.  The core reads UTF-8; another database encoding is
 * converted first (a text that does not convert raises the server's
 * conversion error).
 */
#include "postgres.h"

#include "fmgr.h"
#include "mb/pg_wchar.h"

#include "text.h"
#include "text_rules.h"

PG_FUNCTION_INFO_V1(sa_is_blank_sql);

bool
sa_server_text_blank(const char *s, size_t len)
{
	int			enc = GetDatabaseEncoding();
	char	   *u;
	bool		blank;

	if (len == 0)
		return true;
	if (enc == PG_UTF8 || enc == PG_SQL_ASCII)
		return sa_text_blank(s, len);
	u = pg_server_to_any(s, (int) len, PG_UTF8);
	blank = sa_text_blank(u, u == s ? len : strlen(u));
	if (u != s)
		pfree(u);
	return blank;
}

/* is_blank(text) → boolean, STRICT */
Datum
sa_is_blank_sql(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_BOOL(sa_server_text_blank(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)));
}
