/*
 * arguments.h — the argument rules shared by every writer, for the other C
 * modules: the blank-text rule (src/core/text.[ch]) on a text in the
 * database encoding, and the last recordable time (src/core/timebound.h).
 */
#ifndef SA_ARGUMENTS_H
#define SA_ARGUMENTS_H

#include "postgres.h"

#include "datatype/timestamp.h"

/* Is the text (database encoding) empty or blank by src/core/text.h's rule? */
extern bool sa_server_text_blank(const char *s, size_t len);

/* 22023 "<what> is too late" for a finite time at or after 9999-12-31 00:00 UTC */
extern void sa_refuse_late_time(TimestampTz at, const char *what);

#endif							/* SA_ARGUMENTS_H */
