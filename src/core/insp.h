/*
 * insp.h — pure core of random inspections (双随机、一公开): keyed ranking,
 * bounded top-k selection, team assignment, the pool record codec and the
 * canonical encoding of inspection_log entries.  No server headers; every
 * function returns an insp_status and never aborts.
 */
#ifndef SA_INSP_H
#define SA_INSP_H

#include <stddef.h>
#include <stdint.h>

typedef enum insp_status
{
	INSP_OK = 0,
	INSP_ENOMEM,				/* allocation failed */
	INSP_EALG,					/* unknown or unavailable hash algorithm */
	INSP_ECRYPTO,				/* libcrypto reported an error */
	INSP_EPOOL,					/* pool record malformed */
	INSP_ETEAM,					/* a team could not be filled */
	INSP_EPACK					/* packed directory block malformed or too large */
} insp_status;

/* Hash algorithms of ledgers.  The draw itself always uses SHA-256. */
typedef enum insp_alg
{
	INSP_SHA256 = 0,
	INSP_SM3 = 1
} insp_alg;

#define INSP_HASH_LEN 32
#define INSP_MAX_DEPTS 4096		/* departments of one plan, bound of the pool record */

insp_status insp_alg_parse(const char *name, insp_alg *out);
insp_status insp_digest(insp_alg alg, const void *data, size_t len,
						unsigned char out[INSP_HASH_LEN]);
void		insp_hex(const unsigned char *data, size_t len, char *out);

/* ---- inspection_log canonical encoding -------------------------------- */

/* Format PostgreSQL microseconds since 2000-01-01 UTC as
 * YYYY-MM-DDTHH:MM:SS.ffffffZ (27 chars + NUL); returns the length. */
size_t		insp_format_utc(int64_t pg_usec, char buf[40]);

/* Canonical bytes of one entry (malloc'd; caller frees). */
insp_status insp_entry_bytes(const char *ledger, int64_t seq, int64_t at_usec,
							 const char *kind, const char *payload,
							 const unsigned char *prev, size_t prevlen,
							 char **out, size_t *outlen);
insp_status insp_entry_hash(insp_alg alg, const char *ledger, int64_t seq,
							int64_t at_usec, const char *kind,
							const char *payload, const unsigned char *prev,
							size_t prevlen, unsigned char out[INSP_HASH_LEN]);

/* ---- keyed ranking ----------------------------------------------------- */

/*
 * rank(key) = SHA-256(K || key), K = SHA-256(domain || 0x00 || seed).
 * With an 18-byte USCC the message is one SHA-256 block.
 */
typedef struct insp_ranker
{
	unsigned char k[INSP_HASH_LEN];
	void	   *ctx;			/* reused EVP_MD_CTX */
	const void *md;
	unsigned char block[64];	/* K || 18-byte key || SHA-256 padding */
} insp_ranker;

#define INSP_DOMAIN_TARGET    "sa-insp-target"
#define INSP_DOMAIN_INSPECTOR "sa-insp-inspector"
#define INSP_DOMAIN_TEAM      "sa-insp-team"

insp_status insp_ranker_init(insp_ranker *r, const char *domain,
							 const unsigned char *seed, size_t seedlen);
insp_status insp_ranker_rank(insp_ranker *r, const void *key, size_t keylen,
							 unsigned char out[INSP_HASH_LEN]);
void		insp_ranker_free(insp_ranker *r);

/*
 * The one-pass draw's test of an 18-byte key: whether the first 8 bytes of
 * rank(key), big-endian, are below thr; only then is the whole rank written
 * to out (the draw keeps ~5 % of the candidates).  *key64 gets those 8
 * bytes either way.  Same rank as insp_ranker_rank() (test_draw.c).
 */
insp_status insp_ranker_below(insp_ranker *r, const unsigned char key[18], uint64_t thr,
							  uint64_t *key64, unsigned char out[INSP_HASH_LEN], int *below);

/* ---- bounded top-k (k smallest ranks) --------------------------------- */

typedef struct insp_item
{
	uint64_t	key;			/* first 8 bytes of rank, big endian: compared first */
	unsigned char rank[INSP_HASH_LEN];
	int64_t		id;
	char		uscc[18];		/* the ranked key, kept for later stages */
	char		grade;			/* 'A'..'D' */
} insp_item;

typedef struct insp_topk
{
	insp_item  *a;				/* max-heap of the k smallest so far */
	size_t		n;
	size_t		k;
} insp_topk;

int			insp_item_cmp(const insp_item *x, const insp_item *y);
void		insp_topk_init(insp_topk *h, insp_item *storage, size_t k);
void		insp_topk_offer(insp_topk *h, const unsigned char rank[INSP_HASH_LEN], int64_t id,
							const char uscc[18], char grade);
void		insp_items_sort(insp_item *a, size_t n);

/* ---- pool record -------------------------------------------------------- */

/*
 * The pool: which targets were candidates and with which grade (a nibble per
 * id in [min_id, min_id + span): 0 absent, 1..4 = A..D), the eligible
 * inspectors (sorted by id, bytewise) with their department index in the
 * plan, and the exclusions (target id, inspector index) that applied to the
 * selected targets (recusals and previous-draw inspectors).
 */
typedef struct insp_pool_inspector
{
	const char *id;				/* not NUL-terminated */
	size_t		idlen;
	uint32_t	dept;
} insp_pool_inspector;

typedef struct insp_excl
{
	int64_t		target;
	uint32_t	insp;
} insp_excl;

/*
 * Pool record versions: the magic names the team algorithm the record was
 * drawn with, so verify_draw() re-runs every draw with its own.
 *   1 "SAP1" (0.1.0): one load cap pooled over all departments;
 *   2 "SAP2" (0.2.0): loads balanced within each department.
 * 0 is read as 1.
 */
#define INSP_POOL_V1 1
#define INSP_POOL_V2 2

typedef struct insp_pool
{
	int64_t		min_id;
	uint64_t	span;
	const unsigned char *nibbles;	/* (span + 1) / 2 bytes; low nibble = even offset */
	uint32_t	n_depts;
	size_t		n_insp;
	insp_pool_inspector *insp;	/* malloc'd by decode */
	size_t		n_excl;
	insp_excl  *excl;			/* malloc'd by decode */
	uint32_t	version;		/* INSP_POOL_V1 or INSP_POOL_V2 (0 = V1) */
} insp_pool;

static inline int
insp_pool_grade(const insp_pool *p, int64_t id)
{
	uint64_t	off;

	if (id < p->min_id)
		return 0;
	off = (uint64_t) id - (uint64_t) p->min_id;
	if (off >= p->span)
		return 0;
	return (off & 1) ? (p->nibbles[off >> 1] >> 4) : (p->nibbles[off >> 1] & 15);
}

/* Growable byte buffer used by the encoder. */
typedef struct insp_buf
{
	unsigned char *data;
	size_t		len;
	size_t		cap;
	int			failed;
} insp_buf;

void		insp_buf_put(insp_buf *b, const void *data, size_t len);
void		insp_buf_varint(insp_buf *b, uint64_t v);
void		insp_buf_free(insp_buf *b);

insp_status insp_pool_encode(const insp_pool *p, insp_buf *out);
insp_status insp_pool_decode(const unsigned char *data, size_t len, insp_pool *out);
void		insp_pool_free(insp_pool *p);
int			insp_excl_cmp(const void *a, const void *b);

/* ---- teams -------------------------------------------------------------- */

/*
 * Assign team_size inspectors to each selected target, in the given order,
 * with the algorithm of pool->version (doc/inspection.md "Teams").
 * usccs: 18 bytes each.  out: n_targets * team_size inspector indexes.
 * On INSP_ETEAM, *fail_at is the index of the target that could not be staffed.
 */
insp_status insp_assign_teams(const unsigned char *seed, size_t seedlen,
							  size_t n_targets, const int64_t *target_ids,
							  const char *const *usccs, const insp_pool *pool,
							  int team_size, uint32_t *out, size_t *fail_at);

#endif
