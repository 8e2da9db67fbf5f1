/*
 * fuzz_text.c — libFuzzer harness for src/core/text.c.
 *
 * Input: any bytes, read as a text.  Checks sa_text_blank() against a second
 * reading: at each position, the 1 to 4 bytes there are a character when
 * some listed code point (Unicode 15's White_Space,
 * Default_Ignorable_Code_Point and Cc, U+2800, written out again here) encodes to
 * exactly those bytes by this harness's own encoder; a text is blank when
 * it can be cut into such characters from its start (UTF-8 is prefix-free:
 * the cut is unique).  Then the same for the input between two ideographic
 * spaces, and a letter appended is never blank.  Then sa_text_echo()
 * (text as an error echoes it), with the first byte as max_chars (0 to
 * 255) and the rest as the text, against a reference of its own: a
 * character is the 1 to 4 bytes this harness's encoder gives back from the
 * code point they decode to (no surrogate, none past U+10FFFF), any other
 * byte one character of its own; the echo is the first max_chars of them,
 * each listed control character (C0, DEL, C1, U+061C, U+200E/F,
 * U+2028..U+202E, U+2066..U+2069, and since 2026-12-08 what shows as
 * nothing, written out again here; a variation selector unless right after
 * a CJK ideograph, or for U+180B..D/F a Mongolian letter) or lone byte as
 * '?', the rest as they are, into a buffer of exactly len + 1 bytes (the
 * sanitizer sees a byte written past it).  Any mismatch aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static const uint32_t listed[][2] = {
	{0x09, 0x0D}, {0x20, 0x20}, {0x85, 0x85}, {0xA0, 0xA0}, {0x1680, 0x1680}, {0x2000, 0x200A},
	{0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000},
	{0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x061C, 0x061C}, {0x115F, 0x1160}, {0x17B4, 0x17B5},
	{0x180B, 0x180F}, {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x206F}, {0x3164, 0x3164},
	{0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF}, {0xFFA0, 0xFFA0}, {0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3},
	{0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF}, {0x2800, 0x2800}, {0x00, 0x1F}, {0x7F, 0x9F}
};

static size_t
encode(uint32_t cp, unsigned char *o)
{
	if (cp < 0x80)
		return o[0] = (unsigned char) cp, 1;
	if (cp < 0x800)
		return o[0] = 0xC0 | (cp >> 6), o[1] = 0x80 | (cp & 0x3F), 2;
	if (cp < 0x10000)
		return o[0] = 0xE0 | (cp >> 12), o[1] = 0x80 | ((cp >> 6) & 0x3F), o[2] = 0x80 | (cp & 0x3F), 3;
	o[0] = 0xF0 | (cp >> 18);
	o[1] = 0x80 | ((cp >> 12) & 0x3F);
	o[2] = 0x80 | ((cp >> 6) & 0x3F);
	o[3] = 0x80 | (cp & 0x3F);
	return 4;
}

/* the length of the listed character the bytes at s start with, or 0 */
static size_t
listed_at(const unsigned char *s, size_t left)
{
	unsigned char e[4];

	for (size_t r = 0; r < sizeof(listed) / sizeof(listed[0]); r++)
	{
		for (uint32_t cp = listed[r][0]; cp <= listed[r][1]; cp++)
		{
			size_t		n = encode(cp, e);

			if (n <= left && memcmp(e, s, n) == 0)
				return n;
		}
	}
	return 0;
}

static int
ref_blank(const unsigned char *s, size_t len)
{
	size_t		i = 0;

	while (i < len)
	{
		size_t		n = listed_at(s + i, len - i);

		if (n == 0)
			return 0;
		i += n;
	}
	return 1;
}

static const uint32_t echoed[][2] = {
	{0x00, 0x1F}, {0x7F, 0x9F}, {0x061C, 0x061C}, {0x200E, 0x200F}, {0x2028, 0x202E}, {0x2066, 0x2069},
	{0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x115F, 0x1160}, {0x17B4, 0x17B5}, {0x180E, 0x180E},
	{0x200B, 0x200D}, {0x2060, 0x2065}, {0x206A, 0x206F}, {0x3164, 0x3164}, {0xFEFF, 0xFEFF},
	{0xFFA0, 0xFFA0}, {0xFFF0, 0xFFFB}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0000, 0xE00FF},
	{0xE01F0, 0xE0FFF}
};

/* variation selectors: kept right after a base they select a glyph of, else '?' */
static int
ref_selector_kept(uint32_t prev, uint32_t cp, int *selector)
{
	int			cjk = (prev >= 0x3400 && prev <= 0x4DBF) || (prev >= 0x4E00 && prev <= 0x9FFF)
		|| (prev >= 0xF900 && prev <= 0xFAFF) || (prev >= 0x20000 && prev <= 0x3FFFF);

	if ((cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF))
		return *selector = 1, cjk;
	if ((cp >= 0x180B && cp <= 0x180D) || cp == 0x180F)
		return *selector = 1, prev >= 0x1820 && prev <= 0x18AA;
	return *selector = 0, 0;
}

/* the length of the well-formed character at s by decode and encode again, or 0 */
static size_t
ref_char(const unsigned char *s, size_t left, uint32_t *cpp)
{
	for (size_t n = 1; n <= 4 && n <= left; n++)
	{
		uint32_t	cp;
		unsigned char e[4];

		if (n == 1)
			cp = s[0];
		else
		{
			cp = s[0] & (0x7F >> n);
			for (size_t k = 1; k < n; k++)
				cp = (cp << 6) | (s[k] & 0x3F);
		}
		if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			continue;
		if (encode(cp, e) == n && memcmp(e, s, n) == 0)
			return *cpp = cp, n;
	}
	return 0;
}

static void
check_echo(const unsigned char *s, size_t len, size_t max_chars)
{
	char	   *out = malloc(len + 1);
	char	   *want = malloc(len + 1);
	size_t		i = 0,
				w = 0,
				chars = 0,
				got;
	bool		cut = !(len & 1);	/* the call must set it either way */
	uint32_t	prev = 0;

	if (out == NULL || want == NULL)
		abort();
	while (i < len && chars < max_chars)
	{
		uint32_t	cp = 0;
		size_t		n = ref_char(s + i, len - i, &cp);
		int			bad = n == 0,
					selector = 0,
					kept = n != 0 && ref_selector_kept(prev, cp, &selector);

		for (size_t r = 0; !bad && r < sizeof(echoed) / sizeof(echoed[0]); r++)
			bad = cp >= echoed[r][0] && cp <= echoed[r][1];
		if (selector && !kept)
			bad = 1;
		if (bad)
			want[w++] = '?', prev = '?';
		else
			memcpy(want + w, s + i, n), w += n, prev = cp;
		i += n ? n : 1;
		chars++;
	}
	got = sa_text_echo((const char *) s, len, max_chars, out, &cut);
	if (got != w || memcmp(out, want, w) != 0 || out[got] != '\0' || cut != (i < len))
		abort();
	/* the echo of an echo is itself: nothing left to replace */
	if (sa_text_echo(out, got, (size_t) -1, want, NULL) != got || memcmp(out, want, got + 1) != 0)
		abort();
	free(out);
	free(want);
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	unsigned char *buf;
	int			want;

	if (size > 64)
		return 0;				/* the reference walks every listed code point per character */
	want = ref_blank(data, size);
	if (sa_text_blank((const char *) data, size) != want)
		abort();
	buf = malloc(size + 7);
	if (buf == NULL)
		return 0;
	memcpy(buf, "\xE3\x80\x80", 3);
	memcpy(buf + 3, data, size);
	memcpy(buf + 3 + size, "\xE3\x80\x80", 3);
	if (sa_text_blank((const char *) buf, size + 6) != want)
		abort();
	buf[size + 6] = 'x';
	if (sa_text_blank((const char *) buf, size + 7))
		abort();
	free(buf);
	if (size > 0)
		check_echo(data + 1, size - 1, data[0]);
	check_echo(data, size, (size_t) -1);
	check_echo(NULL, 0, 0);
	return 0;
}
