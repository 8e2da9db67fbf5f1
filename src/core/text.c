/*
 * text.c — the blank-text rule and text as an error echoes it; see text.h.
 */
#include "text.h"

/*
 * Unicode 15: White_Space, Default_Ignorable_Code_Point, the control
 * characters (General_Category Cc: U+0000..U+001F, U+007F..U+009F, which
 * print as nothing or as a box), and U+2800 BRAILLE PATTERN BLANK; sorted,
 * inclusive ranges.
 */
static const struct
{
	uint32_t	lo,
				hi;
}			blank_ranges[] =
{
	{0x0000, 0x0020}, {0x007F, 0x00A0}, {0x00AD, 0x00AD},
	{0x034F, 0x034F}, {0x061C, 0x061C}, {0x115F, 0x1160}, {0x1680, 0x1680}, {0x17B4, 0x17B5},
	{0x180B, 0x180F}, {0x2000, 0x200F}, {0x2028, 0x202F}, {0x205F, 0x206F}, {0x2800, 0x2800},
	{0x3000, 0x3000}, {0x3164, 0x3164}, {0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF}, {0xFFA0, 0xFFA0},
	{0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF}
};

bool
sa_text_blank_char(uint32_t cp)
{
	size_t		lo = 0,
				hi = sizeof(blank_ranges) / sizeof(blank_ranges[0]);

	while (lo < hi)
	{
		size_t		mid = (lo + hi) / 2;

		if (cp < blank_ranges[mid].lo)
			hi = mid;
		else if (cp > blank_ranges[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/*
 * The length of the well-formed UTF-8 character at p[0..avail) and its code
 * point, or 0 when p[0] begins none (a continuation byte, 0xF8..0xFF, a
 * missing continuation, an overlong form, a surrogate, past U+10FFFF).
 */
static size_t
utf8_char(const unsigned char *p, size_t avail, uint32_t *cpp)
{
	unsigned char b = p[0];
	size_t		n;
	uint32_t	cp,
				min;

	if (b < 0x80)
	{
		*cpp = b;
		return 1;
	}
	if ((b & 0xE0) == 0xC0)
	{
		n = 2;
		cp = b & 0x1F;
		min = 0x80;
	}
	else if ((b & 0xF0) == 0xE0)
	{
		n = 3;
		cp = b & 0x0F;
		min = 0x800;
	}
	else if ((b & 0xF8) == 0xF0)
	{
		n = 4;
		cp = b & 0x07;
		min = 0x10000;
	}
	else
		return 0;
	if (avail < n)
		return 0;
	for (size_t k = 1; k < n; k++)
	{
		if ((p[k] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[k] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	*cpp = cp;
	return n;
}

/*
 * Decodes well-formed UTF-8 only (utf8_char()): a lead byte that is not
 * one, a missing continuation, an overlong form, a surrogate or a code
 * point past U+10FFFF is a visible (non-blank) character, so that no byte
 * sequence is skipped unread.
 */
bool
sa_text_blank(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		i = 0;

	while (i < len)
	{
		uint32_t	cp = 0;
		size_t		n = utf8_char(p + i, len - i, &cp);

		if (n == 0 || !sa_text_blank_char(cp))
			return false;
		i += n;
	}
	return true;
}

size_t
sa_text_visible(const char *s, size_t len, char *out)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		i = 0,
				o = 0;

	while (i < len)
	{
		uint32_t	cp = 0;
		size_t		n = utf8_char(p + i, len - i, &cp);

		if (n == 0)
			out[o++] = s[i++];
		else
		{
			if (!sa_text_blank_char(cp))
				for (size_t k = 0; k < n; k++)
					out[o++] = s[i + k];
			i += n;
		}
	}
	out[o] = '\0';
	return o;
}

/*
 * What an echo replaces by '?' (text.h): the control characters, the line
 * and paragraph separators, the bidirectional controls, and since
 * 2026-12-08 the characters that show as nothing (zero-width spaces and
 * joiners, the soft hyphen, the Hangul fillers, the word joiner and the
 * invisible operators, the byte order mark, the interlinear annotation
 * characters, the tags, the variation selectors); sorted, inclusive ranges.
 */
static const struct
{
	uint32_t	lo,
				hi;
}			echo_ranges[] =
{
	{0x0000, 0x001F}, {0x007F, 0x009F}, {0x00AD, 0x00AD}, {0x034F, 0x034F},
	{0x061C, 0x061C}, {0x115F, 0x1160}, {0x17B4, 0x17B5}, {0x180B, 0x180F},
	{0x200B, 0x200F}, {0x2028, 0x202E}, {0x2060, 0x206F}, {0x3164, 0x3164},
	{0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF}, {0xFFA0, 0xFFA0}, {0xFFF0, 0xFFFB},
	{0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF}
};

bool
sa_text_echo_char(uint32_t cp)
{
	size_t		lo = 0,
				hi = sizeof(echo_ranges) / sizeof(echo_ranges[0]);

	if (cp < 0x7F)
		return cp <= 0x1F;
	while (lo < hi)
	{
		size_t		mid = (lo + hi) / 2;

		if (cp < echo_ranges[mid].lo)
			hi = mid;
		else if (cp > echo_ranges[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* a CJK ideograph (unified, extensions A to H, compatibility) */
static bool
cjk_ideograph(uint32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF)
		|| (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

bool
sa_text_echo_kept_after(uint32_t prev, uint32_t cp)
{
	if ((cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF))
		return cjk_ideograph(prev);
	if ((cp >= 0x180B && cp <= 0x180D) || cp == 0x180F)
		return prev >= 0x1820 && prev <= 0x18AA;
	return false;
}

size_t
sa_text_echo(const char *s, size_t len, size_t max_chars, char *out, bool *cut)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		i = 0,
				o = 0,
				chars = 0;
	uint32_t	prev = 0;

	while (i < len && chars < max_chars)
	{
		uint32_t	cp = 0;
		size_t		n = utf8_char(p + i, len - i, &cp);

		if (n == 0 || (sa_text_echo_char(cp) && !sa_text_echo_kept_after(prev, cp)))
		{
			out[o++] = '?';
			cp = '?';
		}
		else
		{
			for (size_t k = 0; k < n; k++)
				out[o++] = s[i + k];
		}
		i += n == 0 ? 1 : n;
		chars++;
		prev = cp;
	}
	out[o] = '\0';
	if (cut)
		*cut = i < len;
	return o;
}
