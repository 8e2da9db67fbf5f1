/*
 * fuzz_tpack.c — libFuzzer harness for the packed target directory's block
 * decoder (tpack_decode), which the draw runs on every block it reads.
 *
 * Invariants (abort on violation): the lenient decode (the draw's) stays
 * inside its input and its dictionaries; a block the strict decode accepts re-encodes to exactly
 * the input; its offsets ascend below 64, grades are 0..3, dictionary
 * indexes stay inside their dictionaries.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tpack.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tpack		t;
	insp_buf	b = {0};
	int			i;

	/* the draw's lenient decode: reads stay inside its input (ASan) */
	if (tpack_decode(data, size, &t, TPACK_LENIENT) == INSP_OK)
		for (i = 0; i < t.n; i++)
			CHECK(t.e[i].region <= t.n_reg && t.e[i].industry <= t.n_ind && t.e[i].grade <= 3);
	if (tpack_decode(data, size, &t, TPACK_NO_DICTS) == INSP_OK)
		for (i = 0; i < t.n; i++)
			CHECK(t.e[i].region <= t.n_reg && t.e[i].industry <= t.n_ind && t.e[i].grade <= 3);
	if (tpack_decode(data, size, &t, 0) != INSP_OK)
		return 0;
	for (i = 0; i < t.n; i++)
	{
		CHECK(t.e[i].off < TPACK_IDS && t.e[i].grade <= 3);
		CHECK(i == 0 || t.e[i].off > t.e[i - 1].off);
		CHECK(t.e[i].region <= t.n_reg && t.e[i].industry <= t.n_ind);
	}
	CHECK(tpack_encode(&t, &b) == INSP_OK);
	CHECK(b.len == size && memcmp(b.data, data, size) == 0);
	insp_buf_free(&b);
	return 0;
}
