/*
 * fuzz_text.c — libFuzzer harness for src/core/text.c.
 *
 * Input: any bytes, read as a text.  Checks sa_text_blank() against a second
 * reading that decodes nothing: a text is blank when it can be cut, from the
 * start, into the UTF-8 encodings of the 31 listed characters (UTF-8 is
 * prefix-free, so the greedy cut is the only one).  Then the same for the
 * input between two ideographic spaces, and a letter appended is never
 * blank.  Any mismatch aborts.
 */
#include <stdlib.h>
#include <string.h>

#include "text.h"

static const char *const encodings[] = {
	"\t", "\n", "\v", "\f", "\r", " ", "\xC2\x85", "\xC2\xA0", "\xE1\x9A\x80", "\xE1\xA0\x8E",
	"\xE2\x80\x80", "\xE2\x80\x81", "\xE2\x80\x82", "\xE2\x80\x83", "\xE2\x80\x84", "\xE2\x80\x85",
	"\xE2\x80\x86", "\xE2\x80\x87", "\xE2\x80\x88", "\xE2\x80\x89", "\xE2\x80\x8A", "\xE2\x80\x8B",
	"\xE2\x80\x8C", "\xE2\x80\x8D", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F",
	"\xE2\x81\xA0", "\xE3\x80\x80", "\xEF\xBB\xBF"
};

static int
ref_blank(const unsigned char *s, size_t len)
{
	size_t		i = 0;

	while (i < len)
	{
		size_t		step = 0;

		for (size_t k = 0; k < sizeof(encodings) / sizeof(encodings[0]); k++)
		{
			size_t		n = strlen(encodings[k]);

			if (n <= len - i && memcmp(s + i, encodings[k], n) == 0)
			{
				step = n;
				break;
			}
		}
		if (step == 0)
			return 0;
		i += step;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	unsigned char *buf;
	int			want = ref_blank(data, size);

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
	return 0;
}
