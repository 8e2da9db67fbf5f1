/*
 * ident.c — parsing and check characters of uscc (GB 32100-2015) and
 * resident_id (GB 11643-1999).  See ident.h for the accepted syntax.
 */
#include "ident.h"

#include <string.h>

static const int uscc_weights[17] = {
	1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
};

static const int rid_weights[17] = {
	7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
};

static const char rid_check[] = "10X98765432";

/* The white space that input ignores: ASCII space, \t, \n, \v, \f, \r. */
static inline bool
ident_is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static void
result_init(ident_result *r)
{
	memset(r, 0, sizeof(*r));
	r->status = IDENT_OK;
}

/*
 * Value + 1 of each byte that is a uscc character (either case); 0 for
 * every other byte.
 */
static const unsigned char uscc_value_plus1[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7,
	['7'] = 8, ['8'] = 9, ['9'] = 10, ['A'] = 11, ['a'] = 11,
	['B'] = 12, ['b'] = 12, ['C'] = 13, ['c'] = 13, ['D'] = 14, ['d'] = 14,
	['E'] = 15, ['e'] = 15, ['F'] = 16, ['f'] = 16, ['G'] = 17, ['g'] = 17,
	['H'] = 18, ['h'] = 18, ['J'] = 19, ['j'] = 19, ['K'] = 20, ['k'] = 20,
	['L'] = 21, ['l'] = 21, ['M'] = 22, ['m'] = 22, ['N'] = 23, ['n'] = 23,
	['P'] = 24, ['p'] = 24, ['Q'] = 25, ['q'] = 25, ['R'] = 26, ['r'] = 26,
	['T'] = 27, ['t'] = 27, ['U'] = 28, ['u'] = 28, ['W'] = 29, ['w'] = 29,
	['X'] = 30, ['x'] = 30, ['Y'] = 31, ['y'] = 31
};

/* Value of a uscc character (either case), or -1 if not in the alphabet. */
int
ident_uscc_value(unsigned char c)
{
	return (int) uscc_value_plus1[c] - 1;
}

/* Check character for 17 canonical uscc characters. */
char
ident_uscc_check_char(const char *first17)
{
	int			sum = 0;

	for (int i = 0; i < 17; i++)
		sum += ident_uscc_value((unsigned char) first17[i]) * uscc_weights[i];
	return IDENT_USCC_ALPHABET[(31 - sum % 31) % 31];
}

/* Parse a uscc; see ident.h. */
ident_status
ident_uscc_parse(const char *s, size_t len, char out[IDENT_LEN], ident_result *r)
{
	ident_result local;
	char		buf[IDENT_LEN];
	size_t		n = 0;

	if (r == NULL)
		r = &local;
	result_init(r);

	for (size_t i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];
		int			v;

		if (ident_is_space(c))
			continue;
		v = ident_uscc_value(c);
		if (v < 0)
		{
			r->offset = i;
			r->position = n + 1;
			r->length = n;
			return r->status = IDENT_BAD_CHAR;
		}
		if (n < IDENT_LEN)
			buf[n] = IDENT_USCC_ALPHABET[v];
		n++;
	}
	r->length = n;
	if (n != IDENT_LEN)
		return r->status = IDENT_BAD_LENGTH;

	r->expected = ident_uscc_check_char(buf);
	r->found = buf[17];
	if (r->found != r->expected)
		return r->status = IDENT_BAD_CHECK;

	memcpy(out, buf, IDENT_LEN);
	return IDENT_OK;
}

/* Check character ('0'..'9' or 'X') for the 17-digit body of a resident_id. */
char
ident_resident_id_check_char(int64_t body)
{
	int			sum = 0;

	for (int i = 16; i >= 0; i--)
	{
		sum += (int) (body % 10) * rid_weights[i];
		body /= 10;
	}
	return rid_check[sum % 11];
}

/* true when y-m-d is a Gregorian calendar date (any year >= 1). */
bool
ident_valid_date(int year, int month, int day)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int			last;

	if (year < 1 || month < 1 || month > 12 || day < 1)
		return false;
	last = mdays[month - 1];
	if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
		last = 29;
	return day <= last;
}

/* Birth date of a resident_id body (digits 7-14). */
void
ident_resident_id_birth(int64_t body, int *year, int *month, int *day)
{
	int			ymd = (int) ((body / 1000) % 100000000);

	*year = ymd / 10000;
	*month = (ymd / 100) % 100;
	*day = ymd % 100;
}

/* Date checks of a body; fills r on failure. */
static ident_status
rid_check_date(int64_t body, ident_result *r)
{
	ident_resident_id_birth(body, &r->year, &r->month, &r->day);
	if (r->year < IDENT_BIRTH_YEAR_MIN || r->year > IDENT_BIRTH_YEAR_MAX)
		return r->status = IDENT_DATE_RANGE;
	if (!ident_valid_date(r->year, r->month, r->day))
		return r->status = IDENT_BAD_DATE;
	return IDENT_OK;
}

/* true when body is a 17-digit number with a valid birth date. */
bool
ident_resident_id_body_ok(int64_t body)
{
	ident_result r;

	if (body < 0 || body > INT64_C(99999999999999999))
		return false;
	result_init(&r);
	return rid_check_date(body, &r) == IDENT_OK;
}

/* Parse a resident_id; see ident.h. */
ident_status
ident_resident_id_parse(const char *s, size_t len, int64_t *out, ident_result *r)
{
	ident_result local;
	int64_t		body = 0;
	char		check = 0;
	size_t		n = 0;

	if (r == NULL)
		r = &local;
	result_init(r);

	for (size_t i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];
		bool		digit = (c >= '0' && c <= '9');

		if (ident_is_space(c))
			continue;
		/*
		 * Digits anywhere; X (either case) only from the 18th character on,
		 * so that an over-long number is reported by its length.
		 */
		if (!digit && !(n >= 17 && (c == 'X' || c == 'x')))
		{
			r->offset = i;
			r->position = n + 1;
			r->length = n;
			return r->status = IDENT_BAD_CHAR;
		}
		if (n < 17)
			body = body * 10 + (c - '0');
		else if (n == 17)
			check = (char) (digit ? c : 'X');
		n++;
	}
	r->length = n;
	if (n != IDENT_LEN)
		return r->status = IDENT_BAD_LENGTH;

	r->expected = ident_resident_id_check_char(body);
	r->found = check;
	if (r->found != r->expected)
		return r->status = IDENT_BAD_CHECK;

	if (rid_check_date(body, r) != IDENT_OK)
		return r->status;

	*out = body;
	return IDENT_OK;
}

/* Canonical text of a resident_id body: 18 characters plus a NUL. */
void
ident_resident_id_format(int64_t body, char out[IDENT_LEN + 1])
{
	int64_t		b = body;

	for (int i = 16; i >= 0; i--)
	{
		out[i] = (char) ('0' + b % 10);
		b /= 10;
	}
	out[17] = ident_resident_id_check_char(body);
	out[18] = '\0';
}
