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
	{0x00, 0x1F}, {0x7F, 0x9F}, {0x061C, 0x061C}, {0x200E, 0x200F}, {0x2028, 0x202E}, {0x2066, 0x2069},
	/* since 2026-12-08: what shows as nothing, the variation selectors (no base before them here) */
	{0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x115F, 0x1160}, {0x17B4, 0x17B5}, {0x180B, 0x180F},
	{0x200B, 0x200D}, {0x2060, 0x2065}, {0x206A, 0x206F}, {0x3164, 0x3164}, {0xFE00, 0xFE0F},
	{0xFEFF, 0xFEFF}, {0xFFA0, 0xFFA0}, {0xFFF0, 0xFFFB}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A},
	{0xE0000, 0xE0FFF}
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
	is_int(count, 32 + 33 + 1 + 2 + 7 + 4 + 1 + 1 + 2 + 2 + 5 + 3 + 6 + 6 + 1 + 16 + 1 + 1 + 12 + 4 + 8 + 4096,
		   "4244 code points replaced: C0, DEL and C1, U+061C, U+200E/F, U+2028-U+202E, U+2066-U+2069, and what shows as nothing");
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
	is_str(echo("\xE2\x80\x8B\xE3\x80\x80", 6, 64, NULL), "?\xE3\x80\x80",
		   "a zero-width space is ?, an ideographic space is kept (it shows as a space)");
	is_str(echo("a\xC2\xAD\xE2\x80\x8D\xE2\x81\xA0\xEF\xBB\xBF\xE3\x85\xA4\xF3\xA0\x80\x81" "b", 20, 64, NULL), "a??????b",
		   "U+00AD, U+200D, U+2060, U+FEFF, U+3164 and the tag U+E0001 are ?");
	is_str(echo("\xE8\x91\x9B\xEF\xB8\x80", 6, 64, NULL), "\xE8\x91\x9B\xEF\xB8\x80",
		   "a variation selector after a CJK ideograph (U+845B U+FE00) is kept");
	is_str(echo("\xE8\x91\x9B\xF3\xA0\x84\x81", 7, 64, NULL), "\xE8\x91\x9B\xF3\xA0\x84\x81",
		   "an ideographic variation selector after one (U+845B U+E0101) is kept");
	is_str(echo("\xE8\x91\x9B\xEF\xB8\x80\xEF\xB8\x80", 9, 64, NULL), "\xE8\x91\x9B\xEF\xB8\x80?",
		   "a second selector after it is ?");
	is_str(echo("\xEF\xB8\x8F" "a\xEF\xB8\x8F", 7, 64, NULL), "?a?",
		   "a variation selector first or after a Latin letter is ?");
	is_str(echo("\xE1\xA0\xA0\xE1\xA0\x8B\xE1\xA0\x8E", 9, 64, NULL), "\xE1\xA0\xA0\xE1\xA0\x8B?",
		   "a free variation selector after a Mongolian letter is kept, the vowel separator U+180E is ?");
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
