/*
 * test_tpack.c — the packed target directory's block codec (tpack.h):
 * round trips, dictionaries in first-use order, NULL region and industry,
 * and the refusal of every malformed or non-canonical block.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tpack.h"
#include "tap.h"

static const unsigned char U1[18] = "91410100MA0000001X";
static const unsigned char U2[18] = "91410100MA0000002X";
static const unsigned char U3[18] = "91410100MA0000003X";

static int
decodes(const unsigned char *d, size_t n)
{
	tpack		t;

	return tpack_decode(d, n, &t, 0) == INSP_OK;
}

int
main(void)
{
	tpack		t,
				r;
	insp_buf	b = {0},
				b2 = {0};
	unsigned char *m;
	int			i;

	/* a block of three: shared region, NULL industry on one */
	tpack_init(&t);
	is_int(tpack_add(&t, 1, 0, "410102", 6, "I65", 3, U1), INSP_OK, "add offset 1");
	is_int(tpack_add(&t, 5, 3, "410102", 6, NULL, 0, U2), INSP_OK, "add offset 5, NULL industry");
	is_int(tpack_add(&t, 63, 2, "410103", 6, "I65", 3, U3), INSP_OK, "add offset 63");
	is_int(t.n_reg, 2, "two distinct regions interned");
	is_int(t.n_ind, 1, "one industry interned (NULL is not a string)");
	is_int(tpack_encode(&t, &b), INSP_OK, "encode");
	is_int(b.len, 8 + (4 + 6) * 2 + (4 + 3) + 3 * 22, "encoded length is header + dictionaries + 22 bytes an entry");
	is_int(tpack_decode(b.data, b.len, &r, 0), INSP_OK, "decode");
	is_int(r.n, 3, "three entries back");
	ok(r.e[0].off == 1 && r.e[1].off == 5 && r.e[2].off == 63, "offsets back in order");
	ok(r.e[0].grade == 0 && r.e[1].grade == 3 && r.e[2].grade == 2, "grades back");
	ok(r.e[1].industry == 0 && r.e[0].industry == 1 && r.e[2].industry == 1, "NULL industry is index 0");
	ok(r.reg[r.e[2].region - 1].len == 6 && memcmp(r.reg[r.e[2].region - 1].p, "410103", 6) == 0, "region of the third entry");
	ok(memcmp(r.e[1].uscc, U2, 18) == 0, "USCC of the second entry");
	is_int(tpack_encode(&r, &b2), INSP_OK, "re-encode the decoded block");
	ok(b2.len == b.len && memcmp(b2.data, b.data, b.len) == 0, "one encoding per block: the same bytes");
	insp_buf_free(&b2);

	/* refusals by the builder */
	tpack_init(&t);
	is_int(tpack_add(&t, 64, 0, NULL, 0, NULL, 0, U1), INSP_EPACK, "offset 64 is outside a block");
	is_int(tpack_add(&t, 0, 4, NULL, 0, NULL, 0, U1), INSP_EPACK, "grade 4 is refused");
	is_int(tpack_add(&t, 7, 0, NULL, 0, NULL, 0, U1), INSP_OK, "offset 7");
	is_int(tpack_add(&t, 7, 0, NULL, 0, NULL, 0, U2), INSP_EPACK, "the same offset twice is refused");
	is_int(tpack_add(&t, 3, 0, NULL, 0, NULL, 0, U2), INSP_EPACK, "a descending offset is refused");
	tpack_init(&t);
	is_int(tpack_encode(&t, &b2), INSP_EPACK, "an empty block has no encoding");
	insp_buf_free(&b2);

	/* a full block: 64 entries, 64 distinct regions */
	{
		static char regs[64][8];

		tpack_init(&t);
		for (i = 0; i < 64; i++)
		{
			snprintf(regs[i], sizeof(regs[i]), "R%d", i);
			if (tpack_add(&t, (unsigned) i, (unsigned) (i % 4), regs[i], strlen(regs[i]), "", 0, U1) != INSP_OK)
				break;
		}
		is_int(i, 64, "64 entries fit a block");
		is_int(tpack_add(&t, 63, 0, NULL, 0, NULL, 0, U1), INSP_EPACK, "a 65th entry does not");
		is_int(tpack_encode(&t, &b2), INSP_OK, "full block encodes");
		is_int(tpack_decode(b2.data, b2.len, &r, 0), INSP_OK, "full block decodes");
		ok(r.n_reg == 64 && r.n_ind == 1 && r.ind[0].len == 0, "64 regions and the empty industry string (not NULL)");
		insp_buf_free(&b2);
	}

	/* the decoder refuses every change that breaks the form */
	m = malloc(b.len + 8);
	memcpy(m, b.data, b.len);
	ok(decodes(m, b.len), "the original decodes");
	ok(!decodes(m, b.len - 1), "truncated by one byte: refused");
	ok(!decodes(m, 3), "header only: refused");
	m[b.len] = 0;
	ok(!decodes(m, b.len + 1), "a trailing byte: refused");
	m[0] = 2;
	ok(!decodes(m, b.len), "version 2: refused");
	m[0] = 1;
	m[1] = 0;
	ok(!decodes(m, b.len), "zero entries: refused");
	m[1] = 3;
	m[2] = 4;
	ok(!decodes(m, b.len), "more regions than entries claimed: refused");
	m[2] = 2;
	{
		size_t		e0 = b.len - 3 * 22;

		m[e0] = 6;				/* entry 0 offset 6 > entry 1's 5 */
		ok(!decodes(m, b.len), "offsets not ascending: refused");
		m[e0] = 1;
		m[e0 + 1] = 4;
		ok(!decodes(m, b.len), "grade 4: refused");
		m[e0 + 1] = 0;
		m[e0 + 2] = 2;			/* entry 0 uses region 2 before region 1 */
		ok(!decodes(m, b.len), "a dictionary out of first-use order: refused");
		m[e0 + 2] = 3;
		ok(!decodes(m, b.len), "a region index past the dictionary: refused");
		m[e0 + 2] = 1;
		m[e0 + 22 + 2] = 1;
		m[e0 + 44 + 2] = 1;		/* region 2 unused */
		ok(!decodes(m, b.len), "a dictionary string no entry uses: refused");
		m[e0 + 44 + 2] = 2;
		m[e0 + 22 + 2] = 1;
		ok(decodes(m, b.len), "restored block decodes again");
		memcpy(m + 22, "410102", 6);	/* second region string equal to the first */
		ok(!decodes(m, b.len), "two equal dictionary strings: refused");
		ok(tpack_decode(m, b.len, &r, TPACK_LENIENT) == INSP_OK, "the draw's lenient decode takes them (bounds and indexes only)");
		ok(tpack_decode(m, b.len, &r, TPACK_NO_DICTS) == INSP_OK && r.n == 3 && r.e[2].off == 63 &&
		   memcmp(r.e[2].uscc, U3, 18) == 0, "decoded without dictionaries: the entries all the same");
		m[7]++;					/* dictionary bytes one too many */
		ok(tpack_decode(m, b.len, &r, TPACK_LENIENT) == INSP_EPACK, "a wrong dictionary length: refused");
		ok(tpack_decode(m, b.len, &r, TPACK_NO_DICTS) == INSP_EPACK, "a wrong dictionary length, dictionaries unread: refused");
		m[7]--;
		m[b.len - 3 * 22 + 2] = 3;
		ok(tpack_decode(m, b.len, &r, TPACK_NO_DICTS) == INSP_EPACK, "unread dictionaries still bound the indexes");
		m[b.len - 3 * 22 + 2] = 1;
		m[b.len - 3 * 22 + 1] = 4;
		ok(tpack_decode(m, b.len, &r, TPACK_LENIENT) == INSP_EPACK, "the lenient decode refuses grade 4");
		ok(tpack_decode(m, b.len - 1, &r, TPACK_LENIENT) == INSP_EPACK, "the lenient decode refuses a truncated block");
	}
	free(m);
	insp_buf_free(&b);
	return tap_done();
}
