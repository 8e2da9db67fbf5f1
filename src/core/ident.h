/*
 * ident.h — check-digit identifiers, pure C (no server headers).
 *
 *   统一社会信用代码 (GB 32100-2015), "uscc": 18 characters from the alphabet
 *   0123456789ABCDEFGHJKLMNPQRTUWXY (values 0..30); the 18th is a check
 *   character over the first 17.
 *
 *   居民身份证号码 (GB 11643-1999), "resident_id": 17 digits (6 region,
 *   8 birth date YYYYMMDD, 3 sequence) and an ISO 7064 MOD 11-2 check
 *   character 0-9 or X.
 *
 * Parsing accepts lower case letters and ignores the six ASCII white-space
 * characters (space, \t, \n, \v, \f, \r) anywhere in the input.  Nothing
 * else is ignored, and no setting or clock changes which inputs are valid:
 * a resident_id birth date must be a real Gregorian date in the years
 * IDENT_BIRTH_YEAR_MIN..IDENT_BIRTH_YEAR_MAX.
 *
 * Each parser returns a status and fills an ident_result describing the
 * first problem found, so that callers can produce exact messages.
 * Checks run in this order: characters, length, check character, birth date.
 */
#ifndef SA_IDENT_H
#define SA_IDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IDENT_LEN 18					/* both identifiers: 18 characters */
#define IDENT_BIRTH_YEAR_MIN 1850
#define IDENT_BIRTH_YEAR_MAX 2099

/* The uscc alphabet in value order (also ASCII order). */
#define IDENT_USCC_ALPHABET "0123456789ABCDEFGHJKLMNPQRTUWXY"

typedef enum ident_status
{
	IDENT_OK = 0,
	IDENT_BAD_CHAR,				/* a character outside the alphabet (or out of place) */
	IDENT_BAD_LENGTH,			/* not 18 significant characters */
	IDENT_BAD_CHECK,			/* check character does not match */
	IDENT_BAD_DATE,				/* resident_id: birth date is not a calendar date */
	IDENT_DATE_RANGE			/* resident_id: birth year outside the fixed range */
} ident_status;

typedef struct ident_result
{
	ident_status status;
	size_t		offset;			/* BAD_CHAR: byte offset of the bad character in the input */
	size_t		position;		/* BAD_CHAR: 1-based position among significant characters */
	size_t		length;			/* number of significant characters seen */
	char		found;			/* BAD_CHECK: the check character given (upper case) */
	char		expected;		/* BAD_CHECK: the check character it should be */
	int			year;			/* BAD_DATE / DATE_RANGE: the birth date as written */
	int			month;
	int			day;
} ident_result;

/* Value of a uscc character (either case), or -1 if not in the alphabet. */
int			ident_uscc_value(unsigned char c);

/* Check character for 17 canonical (upper case) uscc characters. */
char		ident_uscc_check_char(const char *first17);

/*
 * Parse a uscc from len bytes (need not be NUL-terminated).  On IDENT_OK the
 * 18 canonical characters are written to out (no terminator).  r may be NULL.
 */
ident_status ident_uscc_parse(const char *s, size_t len, char out[IDENT_LEN],
							  ident_result *r);

/* Check character ('0'..'9' or 'X') for the 17-digit body of a resident_id. */
char		ident_resident_id_check_char(int64_t body);

/*
 * Parse a resident_id.  On IDENT_OK *out is the first 17 digits read as a
 * decimal number (0 .. 10^17-1); its order is the canonical text order.
 */
ident_status ident_resident_id_parse(const char *s, size_t len, int64_t *out,
									 ident_result *r);

/* true when body is a 17-digit number with a valid birth date. */
bool		ident_resident_id_body_ok(int64_t body);

/* Canonical text of a resident_id body: 18 characters plus a NUL. */
void		ident_resident_id_format(int64_t body, char out[IDENT_LEN + 1]);

/* Birth date of a resident_id body. */
void		ident_resident_id_birth(int64_t body, int *year, int *month, int *day);

/* true when y-m-d is a Gregorian calendar date (any year >= 1). */
bool		ident_valid_date(int year, int month, int day);

#endif
