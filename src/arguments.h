/*
 * arguments.h — the argument rules shared by every writer, for the other C
 * modules: the blank-text rule (src/core/text.[ch]) on a text in the
 * database encoding, the range of recordable times (src/core/timebound.h) and
 * the rule that what is recorded as done has happened.
 */
#ifndef SA_ARGUMENTS_H
#define SA_ARGUMENTS_H

#include "postgres.h"

#include "datatype/timestamp.h"

/* The text (database encoding) in UTF-8, as the core reads it: s itself in a UTF8
 * or SQL_ASCII database, else a palloc'd conversion (the server's error when it
 * does not convert) */
extern const char *sa_server_text_utf8(const char *s, size_t len, size_t *utf8_len);

/* Is the text (database encoding) empty or blank by src/core/text.h's rule? */
extern bool sa_server_text_blank(const char *s, size_t len);

/*
 * Text as an error echoes it (src/core/text.h's rule): the first nchars
 * characters of the len bytes at s (len -1: up to its NUL; database
 * encoding), none split, each control character (C0, DEL, C1, U+2028/9,
 * the bidirectional controls) replaced by ?, followed by "…" when cut
 * (palloc'd, NUL-terminated).  Every error that repeats a caller's text
 * quotes it through sa_echo() (SA_ECHO_CHARS characters) or sa_echo_n(), so
 * that a 10 MB argument does not give a 10 MB message, nor a line feed a
 * line of the caller's own in the server log.  printable(text) is
 * sa_echo_n(t, len, SA_ECHO_ALL).
 */
#define SA_ECHO_CHARS 64
#define SA_ECHO_ALL PG_INT32_MAX	/* nchars: no cut, only made printable */
extern char *sa_echo(const char *s, int len);
extern char *sa_echo_n(const char *s, int len, int nchars);

/* 22023 "<what> is too early" / "<what> is too late" for a finite time outside the recordable range */
extern void sa_refuse_unrecordable_time(TimestampTz at, const char *what);

/* Is the session's user (not the current one) a superuser? */
extern bool sa_session_superuser(void);

/* 22023 "<what> is in the future" for a time more than an hour after the start of the
 * statement, in a session whose user is not a superuser; why ends the detail */
extern void sa_refuse_future_time(TimestampTz at, const char *what, const char *why, const char *hint);

/* 55000 "<fn> runs in READ COMMITTED" in a transaction of one snapshot
 * (IsolationUsesXactSnapshot(): REPEATABLE READ, SERIALIZABLE); why ends
 * the detail; hint NULL: the default (run it as pg_cron does) */
extern void sa_refuse_snapshot_isolation(const char *fn, const char *why, const char *hint);

#endif							/* SA_ARGUMENTS_H */
