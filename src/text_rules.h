/*
 * text_rules.h — the blank-text rule (src/core/text.[ch]) for the other C
 * modules: a text in the database encoding, converted to UTF-8 first.
 */
#ifndef SA_TEXT_RULES_H
#define SA_TEXT_RULES_H

#include "postgres.h"

/* Is the text (database encoding) empty or blank by src/core/text.h's rule? */
extern bool sa_server_text_blank(const char *s, size_t len);

#endif							/* SA_TEXT_RULES_H */
