/*
 * utf8_encode.h — the unit tests' own UTF-8 encoder (a code point into 1 to
 * 4 bytes at out), written apart from src/core so that the tests of the
 * core's decoder do not ask the code they test; shared by test_text.c and
 * test_echo.c.
 */
#ifndef SA_TEST_UTF8_ENCODE_H
#define SA_TEST_UTF8_ENCODE_H

#include <stddef.h>
#include <stdint.h>

static size_t
utf8(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *) out;

	if (cp < 0x80)
	{
		o[0] = cp;
		return 1;
	}
	if (cp < 0x800)
	{
		o[0] = 0xC0 | (cp >> 6);
		o[1] = 0x80 | (cp & 0x3F);
		return 2;
	}
	if (cp < 0x10000)
	{
		o[0] = 0xE0 | (cp >> 12);
		o[1] = 0x80 | ((cp >> 6) & 0x3F);
		o[2] = 0x80 | (cp & 0x3F);
		return 3;
	}
	o[0] = 0xF0 | (cp >> 18);
	o[1] = 0x80 | ((cp >> 12) & 0x3F);
	o[2] = 0x80 | ((cp >> 6) & 0x3F);
	o[3] = 0x80 | (cp & 0x3F);
	return 4;
}

#endif
