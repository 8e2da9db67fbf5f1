/*
 * text.c — the blank-text rule; see text.h.
 */
#include "text.h"

bool
sa_text_blank_char(uint32_t cp)
{
	switch (cp)
	{
		case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20:
		case 0x85: case 0xA0: case 0x1680: case 0x180E:
		case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x2060:
		case 0x3000: case 0xFEFF:
			return true;
		default:
			return cp >= 0x2000 && cp <= 0x200D;	/* en quad .. zero-width joiner */
	}
}

/*
 * Decodes only what a blank character can be: one byte (ASCII), two bytes
 * (U+0080..U+07FF) or three (U+0800..U+FFFF); any other lead byte, a
 * missing continuation or an overlong form is a visible (non-blank)
 * character, so that no byte sequence is skipped unread.
 */
bool
sa_text_blank(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		i = 0;

	while (i < len)
	{
		uint32_t	cp;
		unsigned char b = p[i];

		if (b < 0x80)
		{
			cp = b;
			i += 1;
		}
		else if ((b & 0xE0) == 0xC0 && len - i >= 2 && (p[i + 1] & 0xC0) == 0x80)
		{
			cp = ((uint32_t) (b & 0x1F) << 6) | (p[i + 1] & 0x3F);
			if (cp < 0x80)
				return false;	/* overlong */
			i += 2;
		}
		else if ((b & 0xF0) == 0xE0 && len - i >= 3 && (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80)
		{
			cp = ((uint32_t) (b & 0x0F) << 12) | ((uint32_t) (p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
			if (cp < 0x800)
				return false;	/* overlong */
			i += 3;
		}
		else
			return false;		/* four bytes (no blank there) or malformed */
		if (!sa_text_blank_char(cp))
			return false;
	}
	return true;
}
