/*
 * test_echo.c — unit tests of sa_text_echo() (src/core/text.c), text as an
 * error echoes it: every code point of Unicode, encoded in UTF-8, against
 * the class of printable() written out again (C0, DEL and C1, U+2028/9,
 * the bidirectional controls); then cutting to a number of characters
 * without splitting one, malformed bytes, and the length and NUL.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "utf8_encode.h"
#include "text.h"

/* the class of printable(), written out again */
static const uint32_t replaced[][2] = {
	{0x00, 0x1F}, {0x7F, 0x9F}, {0x061C, 0x061C}, {0x200E, 0x200F}, {0x2028, 0x202E}, {0x2066, 0x2069}
};

static int
listed(uint32_t cp)
{
	for (size_t i = 0; i < sizeof(replaced) / sizeof(replaced[0]); i++)
		if (cp >= replaced[i][0] && cp <= replaced[i][1])
			return 1;
	return 0;
}

static const char *
echo(const char *s, size_t len, size_t max_chars, bool *cut)
{
	static char out[256];

	sa_text_echo(s, len, max_chars, out, cut);
	return out;
}

int
main(void)
{
	char		buf[16],
				out[16];
	long		wrong_char = 0,
				wrong_echo = 0,
				count = 0;
	bool		cut;

	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++)
	{
		int			surrogate = cp >= 0xD800 && cp <= 0xDFFF;
		size_t		n,
					m;

		if (sa_text_echo_char(cp) != listed(cp))
			wrong_char++;
		count += listed(cp);
		n = utf8(cp, buf);
		buf[n] = 'x';
		m = sa_text_echo(buf, n + 1, 5, out, &cut);
		if (listed(cp))
		{
			if (m != 2 || memcmp(out, "?x", 3) != 0 || cut)
				wrong_echo++;
		}
		else if (surrogate)
		{
			/* malformed: each of its three bytes a character, each ? */
			if (m != 4 || memcmp(out, "???x", 5) != 0 || cut)
				wrong_echo++;
		}
		else if (m != n + 1 || memcmp(out, buf, n + 1) != 0 || out[m] != '\0' || cut)
			wrong_echo++;
	}
	is_int(count, 32 + 33 + 1 + 2 + 7 + 4, "79 code points replaced: C0, DEL and C1, U+061C, U+200E/F, U+2028-U+202E, U+2066-U+2069");
	is_int(wrong_char, 0, "sa_text_echo_char agrees with the list for every code point");
	is_int(wrong_echo, 0, "every code point before a letter: ? when listed, else kept as typed");

	is_str(echo("a\nb", 3, 64, &cut), "a?b", "a line feed is ?");
	ok(!cut, "a short text is not cut");
	is_str(echo("a\r\n\tb\x7f", 6, 64, NULL), "a???b?", "carriage return, line feed, tab and DEL, each one ?");
	is_str(echo("x\xE2\x80\xAEy", 5, 64, NULL), "x?y", "a right-to-left override (U+202E) is ?");
	is_str(echo("\xE2\x80\xA8\xE2\x80\xA9", 6, 64, NULL), "??", "the line and paragraph separators are ?");
	is_str(echo("\xD8\x9C\xE2\x80\x8E\xE2\x81\xA6\xE2\x81\xA9", 11, 64, NULL), "????",
		   "U+061C, U+200E, U+2066 and U+2069 are ?");
	is_str(echo("\xC2\x85", 2, 64, NULL), "?", "NEL (U+0085, C1) is ?");
	is_str(echo("\xE2\x80\x8B\xE3\x80\x80", 6, 64, NULL), "\xE2\x80\x8B\xE3\x80\x80",
		   "a zero-width space and an ideographic space are kept (they end no line and turn nothing)");
	is_str(echo("\xE5\x9B\xA0\xE5\x9B\xA0\xE5\x9B\xA0", 9, 2, &cut), "\xE5\x9B\xA0\xE5\x9B\xA0",
		   "cut to 2 characters: two Chinese characters, none split");
	ok(cut, "and told as cut");
	is_str(echo("ab\ncd", 5, 3, &cut), "ab?", "a control character counts as one character");
	ok(cut, "cut after it");
	is_str(echo("abc", 3, 3, &cut), "abc", "exactly max_chars characters");
	ok(!cut, "are not cut");
	is_str(echo("\xE3\x80", 2, 64, NULL), "??", "a cut character: each byte ?");
	is_str(echo("\x80\xFFz", 3, 64, NULL), "??z", "a lone continuation byte and 0xFF are ?");
	is_str(echo("\xC0\x8A", 2, 64, NULL), "??", "an overlong line feed is not kept");
	is_str(echo("a\0b", 3, 64, NULL), "a?b", "NUL is ?");
	is_int((long) sa_text_echo(NULL, 0, 64, out, &cut), 0, "no text echoes as nothing");
	ok(out[0] == '\0' && !cut, "NUL-terminated, not cut");
	is_int((long) sa_text_echo("abc", 3, 0, out, &cut), 0, "no character wanted: nothing");
	ok(cut, "and cut");
	return tap_done();
}
