/*
 * test_text.c — unit tests of src/core/text.c, the blank-text rule: every
 * code point of Unicode, encoded in UTF-8, against the list in text.h
 * written out again; then malformed, overlong and cut sequences, and mixed
 * texts.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "utf8_encode.h"
#include "credit.h"
#include "text.h"

/* Unicode 15, written out again: White_Space, Default_Ignorable_Code_Point, Cc, U+2800 */
static const uint32_t white_space[][2] = {
	{0x09, 0x0D}, {0x20, 0x20}, {0x85, 0x85}, {0xA0, 0xA0}, {0x1680, 0x1680}, {0x2000, 0x200A},
	{0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}
};
static const uint32_t default_ignorable[][2] = {
	{0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x061C, 0x061C}, {0x115F, 0x1160}, {0x17B4, 0x17B5},
	{0x180B, 0x180F}, {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x206F}, {0x3164, 0x3164},
	{0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF}, {0xFFA0, 0xFFA0}, {0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3},
	{0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF}
};

static const uint32_t control[][2] = {{0x00, 0x1F}, {0x7F, 0x9F}};

static int
in(const uint32_t (*r)[2], size_t n, uint32_t cp)
{
	for (size_t i = 0; i < n; i++)
		if (cp >= r[i][0] && cp <= r[i][1])
			return 1;
	return 0;
}

static int
listed(uint32_t cp)
{
	return in(white_space, sizeof(white_space) / sizeof(white_space[0]), cp)
		|| in(default_ignorable, sizeof(default_ignorable) / sizeof(default_ignorable[0]), cp)
		|| in(control, sizeof(control) / sizeof(control[0]), cp)
		|| cp == 0x2800;
}

int
main(void)
{
	char		buf[64];
	size_t		n;
	long		wrong_alone = 0,
				wrong_char = 0,
				wrong_mixed = 0,
				blanks = 0;

	/* every code point, alone, between two ideographic spaces, and before a letter */
	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++)
	{
		int			want = cp >= 0xD800 && cp <= 0xDFFF ? 0 : listed(cp);	/* a surrogate is malformed */

		if (cp >= 0xD800 && cp <= 0xDFFF && listed(cp))
			wrong_char++;

		blanks += want;
		if (sa_text_blank_char(cp) != want)
			wrong_char++;
		n = utf8(cp, buf);
		if (sa_text_blank(buf, n) != want)
			wrong_alone++;
		n = utf8(0x3000, buf);
		n += utf8(cp, buf + n);
		n += utf8(0x3000, buf + n);
		if (sa_text_blank(buf, n) != want)
			wrong_mixed++;
		n = utf8(cp, buf);
		buf[n++] = 'x';
		if (sa_text_blank(buf, n))
			wrong_mixed++;
	}
	is_int(blanks, 25 + 4174 + 59 + 1,
		   "25 white space, 4,174 default ignorable characters, 59 more control characters (65 Cc, 6 of them white space; Unicode 15) and the braille blank");
	is_int(wrong_char, 0, "sa_text_blank_char agrees with the list for every code point");
	is_int(wrong_alone, 0, "a text of one character is blank exactly when the character is listed");
	is_int(wrong_mixed, 0, "between ideographic spaces the same; followed by a letter never blank");

	ok(sa_text_blank(NULL, 0), "no text is blank");
	ok(sa_text_blank("", 0), "the empty text is blank");
	ok(sa_text_blank(" \t\r\n\v\f", 6), "ASCII white space is blank");
	ok(sa_text_blank("\xE3\x80\x80\xE3\x80\x80", 6), "two ideographic spaces (U+3000) are blank");
	ok(sa_text_blank("\xC2\xA0", 2), "a no-break space is blank");
	ok(sa_text_blank("\xEF\xBB\xBF\xE2\x80\x8B", 6), "a byte order mark and a zero-width space are blank");
	ok(!sa_text_blank("\xE5\x9B\xA0 ", 4), "a Chinese character (因) is not blank");
	ok(!sa_text_blank(" . ", 3), "a full stop is not blank");
	ok(!sa_text_blank("\xE3\x80", 2), "a cut ideographic space is not blank");
	ok(!sa_text_blank("\xC0\xA0", 2), "an overlong two-byte space is not blank");
	ok(!sa_text_blank("\xE0\x80\xA0", 3), "an overlong three-byte space is not blank");
	ok(!sa_text_blank("\x80", 1), "a lone continuation byte is not blank");
	ok(!sa_text_blank("\xFF", 1), "an invalid byte is not blank");
	ok(sa_text_blank(" \0\x01\x1F\x7F\xC2\x80\xC2\x9F", 9), "NUL, U+0001, U+001F, DEL, U+0080 and U+009F (controls) are blank");
	ok(!sa_text_blank("\x01\xC2\xA1", 3), "a control character before an inverted exclamation mark (U+00A1) is not blank");
	ok(sa_text_blank("\xE2\x80\x8E\xC2\xAD\xE3\x85\xA4\xE2\xA0\x80", 11),
	   "a left-to-right mark, a soft hyphen, a Hangul filler and the braille blank are blank");
	ok(sa_text_blank("\xF3\xA0\x80\xA0\xF3\xA0\x81\xBF", 8), "tag characters (U+E0020, U+E007F) are blank");
	ok(!sa_text_blank("\xF0\x9F\x98\x80", 4), "an emoji (U+1F600) is not blank");
	ok(!sa_text_blank("\xF0\x8E\x80\xA0", 4), "an overlong four-byte form is not blank");
	ok(!sa_text_blank("\xF4\x90\x80\x80", 4), "a code point past U+10FFFF is not blank");
	ok(!sa_text_blank("\xED\xA0\x80", 3), "an encoded surrogate (U+D800) is not blank");
	ok(!sa_text_blank("\xF3\xA0\x80", 3), "a cut tag character is not blank");
	ok(sa_text_blank("  x", 2), "the length is honoured");

	/* sa_text_visible(): the text without the blank characters */
	{
		char		out[32];
		size_t		n;

		n = sa_text_visible("\xE5\x85\xB6\xE2\x80\x8B \xC2\xAD\xE4\xBB\x96\xE3\x80\x80", 16, out);
		ok(n == 6 && memcmp(out, "\xE5\x85\xB6\xE4\xBB\x96", 7) == 0,
		   "sa_text_visible leaves out U+200B, a space, a soft hyphen and U+3000 (其 ... 他)");
		n = sa_text_visible("a\xFF\xE3\x80" "b", 5, out);
		ok(n == 5 && memcmp(out, "a\xFF\xE3\x80" "b", 6) == 0,
		   "sa_text_visible keeps each byte that begins no well-formed character");
		n = sa_text_visible(NULL, 0, out);
		ok(n == 0 && out[0] == '\0', "sa_text_visible of no text is empty");
	}

	/* the findings rule of record_check() uses the same rule */
	is_int(sa_check_outcome_ok("waived", 6, "\xE3\x80\x80", 3), SA_CHECK_NEEDS_FINDINGS,
		   "waived with findings of one ideographic space needs findings");
	is_int(sa_check_outcome_ok("broken", 6, "\xC2\xA0\t", 3), SA_CHECK_NEEDS_FINDINGS,
		   "broken with a no-break space and a tab needs findings");
	is_int(sa_check_outcome_ok("broken", 6, "\xE3\x80\x80\xE5\x9B\xA0", 6), SA_CHECK_OK,
		   "a reason after an ideographic space is findings");
	return tap_done();
}
