/*
 * test_ident.c — unit tests of src/core/ident.c (uscc and resident_id).
 *
 * The parsers are checked against an independent reference written here
 * from the standards' definitions: the uscc weights are 3^i mod 31 and the
 * resident_id weights 2^(17-i) mod 11 (ISO 7064 MOD 11-2), computed rather
 * than copied from the core's tables.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>

#include "ident.h"
#include "tap.h"

static const char *const ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* ---- reference implementation ------------------------------------------ */

static int
ref_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Copy the significant characters, upper-cased; returns their count. */
static size_t
ref_significant(const char *s, size_t len, char *out, size_t cap)
{
	size_t		n = 0;

	for (size_t i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (ref_is_space(c))
			continue;
		if (n < cap)
			out[n] = (c >= 'a' && c <= 'z') ? (char) (c - 32) : (char) c;
		n++;
	}
	return n;
}

static int
ref_uscc_value(char c)
{
	const char *p = c ? strchr(ALPHA, c) : NULL;

	return p ? (int) (p - ALPHA) : -1;
}

static char
ref_uscc_check(const char *b)
{
	int			w = 1,
				sum = 0;

	for (int i = 0; i < 17; i++)
	{
		sum = (sum + ref_uscc_value(b[i]) * w) % 31;
		w = (w * 3) % 31;
	}
	return ALPHA[(31 - sum) % 31];
}

static int
ref_uscc_valid(const char *s, size_t len)
{
	char		b[64];

	if (ref_significant(s, len, b, sizeof(b)) != 18)
		return 0;
	for (int i = 0; i < 18; i++)
		if (ref_uscc_value(b[i]) < 0)
			return 0;
	return ref_uscc_check(b) == b[17];
}

static char
ref_rid_check(const char *b)
{
	int			sum = 0;

	for (int i = 0; i < 17; i++)
	{
		int			w = 1;

		for (int k = 0; k < 17 - i; k++)
			w = (w * 2) % 11;
		sum += (b[i] - '0') * w;
	}
	/* check c satisfies sum + c*1 == 1 (mod 11); c = 10 is written X */
	{
		int			c = (12 - sum % 11) % 11;

		return c == 10 ? 'X' : (char) ('0' + c);
	}
}

static int
ref_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
ref_rid_valid(const char *s, size_t len)
{
	char		b[64];
	int			y,
				m,
				d,
				dim;

	if (ref_significant(s, len, b, sizeof(b)) != 18)
		return 0;
	for (int i = 0; i < 17; i++)
		if (!isdigit((unsigned char) b[i]))
			return 0;
	if (!isdigit((unsigned char) b[17]) && b[17] != 'X')
		return 0;
	if (ref_rid_check(b) != b[17])
		return 0;
	y = atoi((char[]) {b[6], b[7], b[8], b[9], 0});
	m = atoi((char[]) {b[10], b[11], 0});
	d = atoi((char[]) {b[12], b[13], 0});
	if (y < 1850 || y > 2099 || m < 1 || m > 12 || d < 1)
		return 0;
	dim = (m == 2) ? (ref_leap(y) ? 29 : 28) : ((m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31);
	return d <= dim;
}

/* ---- helpers --------------------------------------------------------------- */

static ident_status
uscc(const char *s, char *canon, ident_result *r)
{
	char		out[IDENT_LEN];
	ident_status st = ident_uscc_parse(s, strlen(s), out, r);

	if (canon)
	{
		canon[0] = '\0';
		if (st == IDENT_OK)
		{
			memcpy(canon, out, IDENT_LEN);
			canon[IDENT_LEN] = '\0';
		}
	}
	return st;
}

static ident_status
rid(const char *s, char *canon, ident_result *r)
{
	int64_t		body = -1;
	ident_status st = ident_resident_id_parse(s, strlen(s), &body, r);

	if (canon)
	{
		canon[0] = '\0';
		if (st == IDENT_OK)
			ident_resident_id_format(body, canon);
	}
	return st;
}

/* The characters substituted into valid values: every byte but NUL. */
#define FIRST_SUB 1
#define LAST_SUB 255

static const char *const valid_uscc[] = {
	"91110000600037341L", "91350100M000100Y43", "913301001432052307",
	"91330106MA27XJ1P0H", "121000004000101751", "Y1110000000000000Q",
	"000000000000000000",
};

static const char *const valid_rid[] = {
	"11010519491231002X", "330106199003071236", "330106200002290045",
	"440305199912315517", "110105185001010013", "110105209912319998",
	"000000185001010002", "999999209912319993",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

int
main(void)
{
	char		canon[IDENT_LEN + 1];
	ident_result r;

	/* -- the core's weights agree with the reference's derivation -- */
	for (size_t k = 0; k < N(valid_uscc); k++)
		ok(ident_uscc_check_char(valid_uscc[k]) == ref_uscc_check(valid_uscc[k]) &&
		   ref_uscc_check(valid_uscc[k]) == valid_uscc[k][17],
		   "uscc check character of %s agrees with 3^i mod 31 weights", valid_uscc[k]);
	for (size_t k = 0; k < N(valid_rid); k++)
		ok(ref_rid_check(valid_rid[k]) == valid_rid[k][17],
		   "resident_id check character of %s agrees with 2^(17-i) mod 11 weights", valid_rid[k]);

	/* -- valid examples parse to their canonical text -- */
	for (size_t k = 0; k < N(valid_uscc); k++)
	{
		is_int(uscc(valid_uscc[k], canon, NULL), IDENT_OK, "uscc %s is valid", valid_uscc[k]);
		is_str(canon, valid_uscc[k], "uscc %s is canonical", valid_uscc[k]);
	}
	for (size_t k = 0; k < N(valid_rid); k++)
	{
		is_int(rid(valid_rid[k], canon, NULL), IDENT_OK, "resident_id %s is valid", valid_rid[k]);
		is_str(canon, valid_rid[k], "resident_id %s formats back to itself", valid_rid[k]);
	}

	/* -- case folding and white space -- */
	is_int(uscc("91350100m000100y43", canon, NULL), IDENT_OK, "uscc accepts lower case");
	is_str(canon, "91350100M000100Y43", "uscc lower case folds to upper case");
	is_int(uscc("  9135 0100 M000 100Y 43  ", canon, NULL), IDENT_OK, "uscc ignores spaces anywhere");
	is_str(canon, "91350100M000100Y43", "uscc spaced input is canonical");
	{
		const char	ws[] = {' ', '\t', '\n', '\v', '\f', '\r'};

		for (size_t k = 0; k < sizeof(ws); k++)
		{
			char		buf[32];

			snprintf(buf, sizeof(buf), "9135%c0100M000100Y43%c", ws[k], ws[k]);
			is_int(uscc(buf, NULL, NULL), IDENT_OK, "uscc ignores white space 0x%02x", ws[k]);
			snprintf(buf, sizeof(buf), "%c11010519491231002X", ws[k]);
			is_int(rid(buf, NULL, NULL), IDENT_OK, "resident_id ignores white space 0x%02x", ws[k]);
		}
	}
	is_int(rid("11010519491231002x", canon, NULL), IDENT_OK, "resident_id accepts lower-case x");
	is_str(canon, "11010519491231002X", "resident_id x folds to X");
	is_int(rid("110105 19491231 002X", canon, NULL), IDENT_OK, "resident_id ignores spaces");
	{
		/* bytes that are not white space are not ignored */
		const char	nb[] = {'\0', '\x1c', '\x7f', '\x80', '\xa0', '\xe3'};

		for (size_t k = 0; k < sizeof(nb); k++)
		{
			char		buf[20] = "91350100M000100Y43";
			char		rb[20] = "11010519491231002X";
			char		ub[19];
			char		rb2[19];

			memcpy(ub, buf, 9);
			ub[9] = nb[k];
			memcpy(ub + 10, buf + 9, 9);
			is_int(ident_uscc_parse(ub, 19, canon, &r), IDENT_BAD_CHAR, "uscc rejects byte 0x%02x", (unsigned char) nb[k]);
			is_int(r.offset, 9, "uscc names byte offset 9 for 0x%02x", (unsigned char) nb[k]);
			memcpy(rb2, rb, 9);
			rb2[9] = nb[k];
			memcpy(rb2 + 10, rb + 9, 9);
			int64_t		body;

			is_int(ident_resident_id_parse(rb2, 19, &body, &r), IDENT_BAD_CHAR, "resident_id rejects byte 0x%02x", (unsigned char) nb[k]);
		}
	}

	/* -- each status, with its details -- */
	is_int(uscc("", NULL, &r), IDENT_BAD_LENGTH, "uscc empty: BAD_LENGTH");
	is_int(r.length, 0, "uscc empty: length 0");
	is_int(uscc("9135010 0M000100Y4", NULL, &r), IDENT_BAD_LENGTH, "uscc 17 characters: BAD_LENGTH");
	is_int(r.length, 17, "uscc 17 characters: length 17");
	is_int(uscc("91350100M000100Y433", NULL, &r), IDENT_BAD_LENGTH, "uscc 19 characters: BAD_LENGTH");
	is_int(r.length, 19, "uscc 19 characters: length 19");
	is_int(uscc("9 1350100I000100Y43", NULL, &r), IDENT_BAD_CHAR, "uscc with I: BAD_CHAR");
	is_int(r.offset, 9, "uscc with I: byte offset 9");
	is_int(r.position, 9, "uscc with I: significant position 9");
	is_int(uscc("91350100M000100Y43I", NULL, &r), IDENT_BAD_CHAR, "uscc: bad character wins over length");
	{
		const char *banned = "IOSVZiosvz";

		for (const char *p = banned; *p; p++)
		{
			char		buf[19] = "91350100M000100Y43";

			buf[8] = *p;
			is_int(uscc(buf, NULL, NULL), IDENT_BAD_CHAR, "uscc rejects letter %c", *p);
		}
	}
	is_int(uscc("91350100M000100Y44", NULL, &r), IDENT_BAD_CHECK, "uscc wrong check: BAD_CHECK");
	ok(r.found == '4' && r.expected == '3', "uscc wrong check: found 4, expected 3");
	is_int(uscc("91350100M000100Y4y", NULL, &r), IDENT_BAD_CHECK, "uscc lower-case wrong check: BAD_CHECK");
	ok(r.found == 'Y', "uscc reports the found check character upper-cased");

	is_int(rid("", NULL, &r), IDENT_BAD_LENGTH, "resident_id empty: BAD_LENGTH");
	is_int(rid("110105491231002", NULL, &r), IDENT_BAD_LENGTH, "resident_id 15 digits: BAD_LENGTH");
	is_int(r.length, 15, "resident_id 15 digits: length 15");
	is_int(rid("11010519491231002X0", NULL, &r), IDENT_BAD_LENGTH, "resident_id 19: BAD_LENGTH");
	is_int(rid("11010519491231002XX", NULL, &r), IDENT_BAD_LENGTH, "resident_id trailing XX: BAD_LENGTH");
	is_int(rid("1101051949123100X2", NULL, &r), IDENT_BAD_CHAR, "resident_id X at 17: BAD_CHAR");
	is_int(r.position, 17, "resident_id X at 17: position 17");
	is_int(rid("A1010519491231002X", NULL, &r), IDENT_BAD_CHAR, "resident_id letter: BAD_CHAR");
	is_int(r.offset, 0, "resident_id letter: offset 0");
	is_int(rid("11010519491231002Y", NULL, &r), IDENT_BAD_CHAR, "resident_id Y check: BAD_CHAR");
	is_int(rid("110105194912310021", NULL, &r), IDENT_BAD_CHECK, "resident_id wrong check: BAD_CHECK");
	ok(r.found == '1' && r.expected == 'X', "resident_id wrong check: found 1, expected X");
	is_int(rid("110105194913310021", NULL, &r), IDENT_BAD_DATE, "resident_id month 13: BAD_DATE");
	ok(r.year == 1949 && r.month == 13 && r.day == 31, "resident_id month 13: date fields");
	is_int(rid("110105194913310029", NULL, &r), IDENT_BAD_CHECK, "resident_id month 13 and bad check: BAD_CHECK first");
	is_int(rid("110105190002290017", NULL, &r), IDENT_BAD_DATE, "resident_id 1900-02-29: BAD_DATE");
	is_int(rid("110105200002300015", NULL, &r), IDENT_BAD_DATE, "resident_id 2000-02-30: BAD_DATE");
	is_int(rid("330106200002290045", NULL, &r), IDENT_OK, "resident_id 2000-02-29: OK");
	is_int(rid("110105184912310012", NULL, &r), IDENT_DATE_RANGE, "resident_id 1849: DATE_RANGE");
	is_int(r.year, 1849, "resident_id 1849: year");
	is_int(rid("110105210001010015", NULL, &r), IDENT_DATE_RANGE, "resident_id 2100: DATE_RANGE");
	is_int(rid("110105000101010017", NULL, &r), IDENT_DATE_RANGE, "resident_id year 0001: DATE_RANGE");

	/* -- accessors -- */
	{
		int64_t		body;
		int			y,
					m,
					d;

		rid("11010519491231002X", NULL, NULL);
		ident_resident_id_parse("11010519491231002X", 18, &body, NULL);
		is_int(body, INT64_C(11010519491231002), "resident_id body is the first 17 digits");
		ident_resident_id_birth(body, &y, &m, &d);
		ok(y == 1949 && m == 12 && d == 31, "resident_id birth date 1949-12-31");
		ok(ident_resident_id_body_ok(body), "body_ok on a valid body");
		ok(!ident_resident_id_body_ok(INT64_C(11010519491331002)), "body_ok rejects month 13");
		ok(!ident_resident_id_body_ok(-1), "body_ok rejects a negative body");
		ok(!ident_resident_id_body_ok(INT64_C(100000000000000000)), "body_ok rejects 18 digits");
		ok(ident_valid_date(2000, 2, 29) && !ident_valid_date(1900, 2, 29) &&
		   !ident_valid_date(2023, 4, 31) && ident_valid_date(2023, 12, 31) &&
		   !ident_valid_date(2023, 0, 1) && !ident_valid_date(0, 1, 1),
		   "ident_valid_date: Gregorian leap years and month lengths");
		is_int(ident_uscc_value('0'), 0, "uscc value of 0");
		is_int(ident_uscc_value('y'), 30, "uscc value of y");
		is_int(ident_uscc_value('I'), -1, "uscc value of I");
		is_int(ident_uscc_value(0xff), -1, "uscc value of 0xff");
	}

	/*
	 * -- every single-byte substitution of a valid value agrees with the
	 * reference; only a case change of a letter keeps it valid.
	 */
	for (size_t k = 0; k < N(valid_uscc); k++)
		for (int pos = 0; pos < 18; pos++)
		{
			int			disagree = 0,
						wrongly_ok = 0;

			for (int c = FIRST_SUB; c <= LAST_SUB; c++)
			{
				char		buf[19];
				int			got,
							want,
							same;

				memcpy(buf, valid_uscc[k], 19);
				if (c == (unsigned char) buf[pos])
					continue;
				buf[pos] = (char) c;
				got = uscc(buf, canon, NULL) == IDENT_OK;
				want = ref_uscc_valid(buf, 18);
				same = toupper(c) == (unsigned char) valid_uscc[k][pos];
				if (got != want)
					disagree++;
				if (got != same || (got && strcmp(canon, valid_uscc[k]) != 0))
					wrongly_ok++;
			}
			ok(disagree == 0 && wrongly_ok == 0,
			   "uscc %s: 254 substitutions at position %d agree with the reference", valid_uscc[k], pos + 1);
		}
	for (size_t k = 0; k < N(valid_rid); k++)
		for (int pos = 0; pos < 18; pos++)
		{
			int			disagree = 0,
						wrongly_ok = 0;

			for (int c = FIRST_SUB; c <= LAST_SUB; c++)
			{
				char		buf[19];
				int			got,
							want,
							same;

				memcpy(buf, valid_rid[k], 19);
				if (c == (unsigned char) buf[pos])
					continue;
				buf[pos] = (char) c;
				got = rid(buf, canon, NULL) == IDENT_OK;
				want = ref_rid_valid(buf, 18);
				same = (c == 'x' && valid_rid[k][pos] == 'X');
				if (got != want)
					disagree++;
				if (got != same)
					wrongly_ok++;
			}
			ok(disagree == 0 && wrongly_ok == 0,
			   "resident_id %s: 254 substitutions at position %d agree with the reference", valid_rid[k], pos + 1);
		}

	/* -- every adjacent transposition within the first 17 is detected -- */
	{
		int			missed = 0,
					tried = 0;

		for (size_t k = 0; k < N(valid_uscc); k++)
			for (int pos = 0; pos < 16; pos++)
			{
				char		buf[19];

				memcpy(buf, valid_uscc[k], 19);
				if (buf[pos] == buf[pos + 1])
					continue;
				buf[pos] = valid_uscc[k][pos + 1];
				buf[pos + 1] = valid_uscc[k][pos];
				tried++;
				if (uscc(buf, NULL, NULL) == IDENT_OK)
					missed++;
			}
		ok(tried > 50 && missed == 0, "uscc: all %d adjacent transpositions rejected", tried);
		tried = missed = 0;
		for (size_t k = 0; k < N(valid_rid); k++)
			for (int pos = 0; pos < 16; pos++)
			{
				char		buf[19];

				memcpy(buf, valid_rid[k], 19);
				if (buf[pos] == buf[pos + 1])
					continue;
				buf[pos] = valid_rid[k][pos + 1];
				buf[pos + 1] = valid_rid[k][pos];
				tried++;
				if (rid(buf, NULL, NULL) == IDENT_OK)
					missed++;
			}
		ok(tried > 50 && missed == 0, "resident_id: all %d adjacent transpositions rejected", tried);
	}

	/* -- random strings over a biased alphabet agree with the reference -- */
	{
		const char *pool = "0123456789XxABCIOYzy \t-";
		unsigned int seed = 12345;
		int			disagree_u = 0,
					disagree_r = 0,
					valid_u = 0,
					valid_r = 0;

		for (int n = 0; n < 200000; n++)
		{
			char		buf[24];
			size_t		len;
			int			mode;

			seed = seed * 1103515245u + 12345u;
			mode = (seed >> 16) % 4;
			len = 16 + (seed >> 8) % 5;
			for (size_t i = 0; i < len; i++)
			{
				seed = seed * 1103515245u + 12345u;
				buf[i] = (mode == 0) ? pool[(seed >> 16) % strlen(pool)] : (char) ('0' + (seed >> 16) % 10);
			}
			/* in digit mode, a birth date near or in the valid range */
			if (mode != 0 && len >= 14)
			{
				char		date[16];

				seed = seed * 1103515245u + 12345u;
				snprintf(date, sizeof(date), "%04u%02u%02u", 1840 + (seed >> 4) % 270,
						 (seed >> 13) % 14, (seed >> 20) % 33);
				memcpy(buf + 6, date, 8);
			}
			/* make the check character right half of the time */
			if (len == 18 && (seed & 0x100))
			{
				int			all_alpha = 1;

				for (int i = 0; i < 17; i++)
					all_alpha &= ref_uscc_value(buf[i]) >= 0;
				if (all_alpha)
					buf[17] = ref_uscc_check(buf);
				if (mode != 0)
				{
					/* also try a correct resident_id check character */
					char		b2[18];

					memcpy(b2, buf, 18);
					b2[17] = ref_rid_check(b2);
					disagree_r += (ident_resident_id_parse(b2, 18, &(int64_t) {0}, NULL) == IDENT_OK) != ref_rid_valid(b2, 18);
				}
			}
			{
				char		out[IDENT_LEN];
				int64_t		body;
				int			gu = ident_uscc_parse(buf, len, out, NULL) == IDENT_OK;
				int			gr = ident_resident_id_parse(buf, len, &body, NULL) == IDENT_OK;

				disagree_u += gu != ref_uscc_valid(buf, len);
				disagree_r += gr != ref_rid_valid(buf, len);
				valid_u += gu;
				valid_r += gr;
			}
		}
		ok(disagree_u == 0 && valid_u > 1000, "uscc: 200000 random strings agree with the reference (%d valid)", valid_u);
		ok(disagree_r == 0, "resident_id: 200000 random strings agree with the reference (%d valid)", valid_r);
	}

	/* -- all bodies of one day round-trip through format and parse -- */
	{
		int			bad = 0;

		for (int64_t seq = 0; seq < 1000; seq++)
		{
			int64_t		body = INT64_C(33010619900307000) + seq;
			int64_t		back = -1;
			char		txt[IDENT_LEN + 1];

			ident_resident_id_format(body, txt);
			if (ident_resident_id_parse(txt, 18, &back, NULL) != IDENT_OK || back != body)
				bad++;
		}
		is_int(bad, 0, "resident_id: 1000 sequence numbers round-trip format/parse");
	}

	return tap_done();
}
