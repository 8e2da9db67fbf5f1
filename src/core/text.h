/*
 * text.h — the one rule for "blank" text: a reason, note, finding, assignee
 * or name that is required must say something a reader can see.
 *
 * Pure C (no server headers).  Input is UTF-8 (the glue converts from the
 * database encoding first).
 *
 * Blank: empty, or every character is white space or invisible: Unicode's
 * White_Space property (TAB, LF, VT, FF, CR, SPACE, U+0085, U+00A0 NO-BREAK
 * SPACE, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000 the
 * ideographic space a Chinese input method types), its
 * Default_Ignorable_Code_Point property (characters that render as
 * nothing: U+00AD soft hyphen, U+200B..U+200F zero-width spaces, joiners
 * and direction marks, U+202A..U+202E and U+2066..U+2069 bidirectional
 * controls, U+2060..U+2064, U+3164 and U+FFA0 Hangul fillers, variation
 * selectors, U+FEFF, the tags U+E0000..U+E0FFF, ...), the control
 * characters (General_Category Cc: U+0000..U+001F, U+007F..U+009F, which
 * print as nothing or as a box) and U+2800 BRAILLE PATTERN BLANK (Unicode
 * 15).  A malformed byte sequence is not blank: it
 * is text, if bad text, and the server has refused it before it gets here.
 */
#ifndef SA_TEXT_H
#define SA_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* true when the code point is white space or invisible (above) */
extern bool sa_text_blank_char(uint32_t cp);

/* true when s[0..len) is empty or only blank characters; s may be NULL when len is 0 */
extern bool sa_text_blank(const char *s, size_t len);

/*
 * The visible characters of s[0..len) (UTF-8; s may be NULL when len is 0):
 * every character of the blank rule (sa_text_blank_char()) left out, the
 * others (and each byte that begins no well-formed character) kept in
 * order, written to out, which holds at least len + 1 bytes,
 * NUL-terminated.  Returns the length in bytes.  The deny-list of vague
 * material names compares names by it: a phrase split by U+200B or a soft
 * hyphen displays as the phrase.
 */
extern size_t sa_text_visible(const char *s, size_t len, char *out);

/*
 * Text as an error echoes it.  An error that repeats a caller's text (an
 * unknown calendar, code, channel, time zone...) repeats it through this
 * one rule, in C (sa_echo(), src/arguments.c) and in SQL
 * (service_affair.printable(), which calls it): the first max_chars
 * characters, none split, each control character replaced by '?': C0
 * (U+0000..U+001F), DEL and C1 (U+007F..U+009F), U+2028 and U+2029 that end
 * a line, and the bidirectional controls that reorder what follows (U+061C,
 * U+200E, U+200F, U+202A..U+202E, U+2066..U+2069); so that an echoed
 * argument cannot end a line of the server log or of a client's screen and
 * write one of its own, nor turn the detail around it.  Since 2026-12-08
 * also the characters that show as nothing, so that a text that holds one
 * never reads as one that does not (an assignee, a name): U+00AD soft
 * hyphen, U+034F combining grapheme joiner, U+115F/U+1160, U+3164 and
 * U+FFA0 Hangul fillers, U+17B4/U+17B5, U+180E Mongolian vowel separator,
 * U+200B..U+200D zero-width space and joiners, U+2060..U+2064 word joiner
 * and invisible operators, U+2065 and U+206A..U+206F, U+FEFF byte order
 * mark, U+FFF0..U+FFF8 (unassigned), U+FFF9..U+FFFB interlinear
 * annotation, U+1BCA0..U+1BCA3, U+1D173..U+1D17A, U+E0000..U+E0FFF tags;
 * and the variation selectors (U+180B..U+180D, U+180F, U+FE00..U+FE0F,
 * U+E0100..U+E01EF) except right after a character they select a glyph of
 * (sa_text_echo_kept_after()): a CJK ideograph (a standardized or
 * ideographic variation sequence: a rare character of a person's name is
 * written so) or a Mongolian letter (the free variation selectors).  A
 * byte that is not part of a well-formed UTF-8 character (a SQL_ASCII
 * database) is one character, replaced by '?' too.
 */

/*
 * true when the code point is one an echo replaces by '?' (above): always,
 * or for a variation selector, unless sa_text_echo_kept_after()
 */
extern bool sa_text_echo_char(uint32_t cp);

/*
 * true when the variation selector cp follows a character it selects a
 * glyph of (prev: the character before it as echoed, '?' when that was
 * replaced): a CJK ideograph for U+FE00..U+FE0F and U+E0100..U+E01EF, a
 * Mongolian letter (U+1820..U+18AA) for U+180B..U+180D and U+180F; false
 * for every other cp
 */
extern bool sa_text_echo_kept_after(uint32_t prev, uint32_t cp);

/*
 * The echo of s[0..len) (UTF-8; s may be NULL when len is 0): at most
 * max_chars characters, written to out, which holds at least len + 1 bytes
 * (the echo is never longer than its text), NUL-terminated.  Returns the
 * echo's length in bytes; *cut (when not NULL) tells whether characters
 * were left off.
 */
extern size_t sa_text_echo(const char *s, size_t len, size_t max_chars, char *out, bool *cut);

#endif							/* SA_TEXT_H */
