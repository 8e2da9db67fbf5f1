/*
 * lic.h — electronic licences (电子证照): the keyed hash a printed licence
 * carries (pure C, no server headers; OpenSSL libcrypto for HMAC-SHA-256).
 *
 * A licence is signed with HMAC-SHA-256 under the issuing office's active key
 * (table service_affair.licence_key; the key id is published, the key is
 * not).  The signed message is the canonical text lic_message() writes, so an
 * office holding the key checks a printed licence offline with any HMAC tool:
 *
 *     SAL1 LF number LF evidence type LF holder identifier LF
 *     issued day (YYYY-MM-DD) LF valid until (YYYY-MM-DD, or "-")
 *
 * (no final LF).  The hash is written as 64 lower-case hex digits.
 */
#ifndef SA_LICENCE_H
#define SA_LICENCE_H

#include <stddef.h>

#define LIC_HMAC_HEX_LEN 64

typedef enum lic_status
{
	LIC_OK = 0,
	LIC_BAD_KEY,				/* key shorter than 16 bytes */
	LIC_CRYPTO					/* libcrypto failed */
} lic_status;

/*
 * The canonical message of a licence into out (cap bytes): the fields joined
 * by LF after "SAL1"; days as YYYY-MM-DD (year 1..9999), valid_until "-" when
 * has_until is 0.  Returns its length, or -1 when it does not fit or a field
 * holds an LF or a day is out of range (the glue reports it).
 */
extern int	lic_message(char *out, size_t cap, const char *number, const char *type,
						const char *holder_identifier, int iy, int im, int id,
						int has_until, int uy, int um, int ud);

/*
 * out (LIC_HMAC_HEX_LEN + 1 bytes) gets the lower-case hex HMAC-SHA-256 of
 * msg under key, NUL-terminated.
 */
extern lic_status lic_hmac_sha256_hex(const unsigned char *key, size_t keylen,
									  const char *msg, size_t msglen, char *out);

/* A text column of a licence row: s/len, or s NULL for SQL NULL. */
typedef struct lic_text
{
	const char *s;
	int			len;
} lic_text;

/*
 * The row invariants of service_affair.licence (its CHECK constraint
 * licence_row), in SQL's three-valued logic: a condition on a NULL column
 * passes, as in a CHECK.  number non-empty and at most 300 bytes; status
 * valid, expired, revoked or superseded; origin issued or recorded;
 * reference at most 200 bytes; hmac 64 lower-case hex digits; an issued
 * licence names its item and a recorded one none; exactly the licences no
 * longer valid carry the time they changed.  has_item and has_changed_at
 * are 1 or 0, or -1 when unknown (SQL NULL: their condition passes).
 * Returns 0 only when a condition is false.
 */
extern int	lic_row_ok(lic_text number, lic_text status, lic_text origin, lic_text reference,
					   lic_text hmac, int has_item, int has_changed_at);

#endif							/* SA_LICENCE_H */
