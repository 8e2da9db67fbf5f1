/*
 * tpack.h — the packed target directory (service_affair.target_pack).
 *
 * A draw reads, of each target, its id, USCC, region, industry and grade.
 * The heap of service_affair.target holds them one tuple per target (with
 * names and headers: ~81 bytes a target); target_pack holds them for 64
 * consecutive ids in one value: a block.  A block is
 *
 *   version (1 byte, 1), entries n (1..64), regions r (0..64), industries i (0..64),
 *   the bytes of the two dictionaries (4 bytes; all integers big-endian)
 *   r region strings, then i industry strings: a 4-byte length, the bytes
 *   n entries, ascending id offset: offset (0..63), grade (0..3 for A..D),
 *     region (0 = NULL, else 1..r), industry (0 = NULL, else 1..i), USCC (18 bytes)
 *
 * One encoding per block: the strings of a dictionary are distinct and
 * numbered in the order the entries first use them, and each is used.
 * The decoder accepts that form only, so a block read back re-encodes to
 * the same bytes.  No server headers; statuses from insp.h.
 */
#ifndef SA_TPACK_H
#define SA_TPACK_H

#include <stddef.h>
#include <stdint.h>

#include "insp.h"

#define TPACK_VERSION 1
#define TPACK_IDS 64			/* ids a block covers: block = id >> 6 */
#define TPACK_SHIFT 6
#define TPACK_USCC 18
#define TPACK_MAX_STR (1024u * 1024u)	/* one region or industry text */

typedef struct tpack_str
{
	const unsigned char *p;
	uint32_t	len;
} tpack_str;

typedef struct tpack_entry
{
	uint8_t		off;			/* id - (block << 6) */
	uint8_t		grade;			/* 0..3 */
	uint8_t		region;			/* 0 = NULL, else 1 + index into reg[] */
	uint8_t		industry;		/* 0 = NULL, else 1 + index into ind[] */
	const unsigned char *uscc;	/* 18 bytes */
} tpack_entry;

/*
 * A block, decoded or being built.  Decoded: pointers into the input.
 * Built: pointers into the caller's strings, which must outlive the
 * encode.
 */
typedef struct tpack
{
	int			n,
				n_reg,
				n_ind;
	tpack_str	reg[TPACK_IDS];
	tpack_str	ind[TPACK_IDS];
	tpack_entry e[TPACK_IDS];
} tpack;

void		tpack_init(tpack *t);

/*
 * Append a target (ids ascending within the block).  region/industry NULL
 * pointer = SQL NULL.  INSP_EPACK: offset out of range or not ascending,
 * grade not 0..3, a text over TPACK_MAX_STR.
 */
insp_status tpack_add(tpack *t, unsigned off, unsigned grade,
					  const void *region, size_t region_len,
					  const void *industry, size_t industry_len,
					  const unsigned char uscc[TPACK_USCC]);

/* The block's bytes (appended to out).  INSP_EPACK for an empty block. */
insp_status tpack_encode(const tpack *t, insp_buf *out);

/*
 * Parse a block (flags 0): INSP_EPACK unless it is exactly one encoding's
 * output.  TPACK_LENIENT leaves out what only that uniqueness needs (the
 * strings of a dictionary distinct, numbered in first-use order, each
 * used): what remains keeps every read inside the input and every index
 * inside its dictionary.  TPACK_NO_DICTS (with TPACK_LENIENT) skips the
 * dictionaries unread (reg[] and ind[] are not set).  The draw decodes
 * each block it reads leniently, without the dictionaries when its plan
 * filters neither regions nor industries.
 */
#define TPACK_LENIENT	1
#define TPACK_NO_DICTS	2
insp_status tpack_decode(const unsigned char *data, size_t len, tpack *out, int flags);

#endif
