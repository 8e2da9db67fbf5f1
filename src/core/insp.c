/*
 * insp.c — pure core of random inspections; see insp.h and doc/inspection.md.
 */
/* SHA256_Init & co. are deprecated in OpenSSL 3 but remain; see below. */
#define OPENSSL_SUPPRESS_DEPRECATED

#include "insp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

/*
 * The per-candidate rank uses libcrypto's one-block SHA-256 primitives
 * (SHA256_Init/Update/Final): the EVP layer of OpenSSL 3 costs ~400 ns per
 * call, four times the hash itself, and the draw hashes every candidate.
 */
#include <openssl/sha.h>

/* insp_alg_parse — 'sha256' or 'sm3' */
insp_status
insp_alg_parse(const char *name, insp_alg *out)
{
	if (strcmp(name, "sha256") == 0)
		*out = INSP_SHA256;
	else if (strcmp(name, "sm3") == 0)
		*out = INSP_SM3;
	else
		return INSP_EALG;
	return INSP_OK;
}

/*
 * insp_digest — one-shot digest with the ledger algorithm.  SHA-256 goes
 * through the low-level primitives (no per-call provider lookup); SM3 through
 * an EVP_MD fetched once and a context reused by this process (the core is
 * used single-threaded: one backend, one unit test, one fuzzer).
 */
insp_status
insp_digest(insp_alg alg, const void *data, size_t len, unsigned char out[INSP_HASH_LEN])
{
	static EVP_MD *sm3;
	static EVP_MD_CTX *ctx;
	unsigned int olen = 0;

	if (alg == INSP_SHA256)
	{
		SHA256_CTX	c;

		if (SHA256_Init(&c) != 1 || SHA256_Update(&c, data, len) != 1 || SHA256_Final(out, &c) != 1)
			return INSP_ECRYPTO;
		return INSP_OK;
	}
	if (alg != INSP_SM3)
		return INSP_EALG;
	if (sm3 == NULL && (sm3 = EVP_MD_fetch(NULL, "SM3", NULL)) == NULL)
		return INSP_EALG;
	if (ctx == NULL && (ctx = EVP_MD_CTX_new()) == NULL)
		return INSP_ENOMEM;
	if (EVP_DigestInit_ex2(ctx, sm3, NULL) != 1 || EVP_DigestUpdate(ctx, data, len) != 1 ||
		EVP_DigestFinal_ex(ctx, out, &olen) != 1 || olen != INSP_HASH_LEN)
		return INSP_ECRYPTO;
	return INSP_OK;
}

/* insp_hex — lower-case hex; out holds 2*len+1 */
void
insp_hex(const unsigned char *data, size_t len, char *out)
{
	static const char d[] = "0123456789abcdef";
	size_t		i;

	for (i = 0; i < len; i++)
	{
		out[2 * i] = d[data[i] >> 4];
		out[2 * i + 1] = d[data[i] & 15];
	}
	out[2 * len] = '\0';
}

/* floor division helpers for the civil-date conversion */
static int64_t
fdiv(int64_t a, int64_t b)
{
	int64_t		q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* insp_format_utc — PostgreSQL timestamp (µs since 2000-01-01 UTC) as ISO 8601 UTC */
size_t
insp_format_utc(int64_t pg_usec, char buf[40])
{
	int64_t		days = fdiv(pg_usec, INT64_C(86400000000));
	int64_t		rem = pg_usec - days * INT64_C(86400000000);
	int64_t		z,
				era,
				doe,
				yoe,
				doy,
				mp,
				y,
				m,
				d;
	int64_t		secs = rem / 1000000,
				usec = rem % 1000000;
	int			n;

	/* days since 1970-01-01, then Howard Hinnant's civil_from_days */
	z = days + 10957 + 719468;
	era = fdiv(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	if (m <= 2)
		y++;
	n = snprintf(buf, 40, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%06lldZ",
				 (long long) y, (long long) m, (long long) d,
				 (long long) (secs / 3600), (long long) (secs / 60 % 60),
				 (long long) (secs % 60), (long long) usec);
	return n < 0 ? 0 : (size_t) n;
}

/*
 * insp_entry_bytes — the canonical bytes of an inspection_log entry:
 *   ledger LF seq LF at LF kind LF payload LF prev_hash_hex
 * (no trailing LF), every field UTF-8 as documented in doc/inspection.md.
 */
insp_status
insp_entry_bytes(const char *ledger, int64_t seq, int64_t at_usec,
				 const char *kind, const char *payload,
				 const unsigned char *prev, size_t prevlen,
				 char **out, size_t *outlen)
{
	char		ts[40];
	char		seqs[32];
	size_t		ll = strlen(ledger),
				kl = strlen(kind),
				pl = strlen(payload),
				tl,
				sl,
				total;
	char	   *b,
			   *p;

	tl = insp_format_utc(at_usec, ts);
	sl = (size_t) snprintf(seqs, sizeof(seqs), "%lld", (long long) seq);
	total = ll + sl + tl + kl + pl + 2 * prevlen + 5;
	b = malloc(total + 1);
	if (b == NULL)
		return INSP_ENOMEM;
	p = b;
	memcpy(p, ledger, ll); p += ll; *p++ = '\n';
	memcpy(p, seqs, sl); p += sl; *p++ = '\n';
	memcpy(p, ts, tl); p += tl; *p++ = '\n';
	memcpy(p, kind, kl); p += kl; *p++ = '\n';
	memcpy(p, payload, pl); p += pl; *p++ = '\n';
	insp_hex(prev, prevlen, p);
	*out = b;
	*outlen = total;
	return INSP_OK;
}

/* insp_entry_hash — H(canonical bytes) with the ledger's algorithm */
insp_status
insp_entry_hash(insp_alg alg, const char *ledger, int64_t seq,
				int64_t at_usec, const char *kind, const char *payload,
				const unsigned char *prev, size_t prevlen,
				unsigned char out[INSP_HASH_LEN])
{
	char	   *b;
	size_t		n;
	insp_status st = insp_entry_bytes(ledger, seq, at_usec, kind, payload, prev, prevlen, &b, &n);

	if (st != INSP_OK)
		return st;
	st = insp_digest(alg, b, n, out);
	free(b);
	return st;
}

/* ---- keyed ranking ----------------------------------------------------- */

/* insp_ranker_init — K = SHA-256(domain || 0x00 || seed) */
insp_status
insp_ranker_init(insp_ranker *r, const char *domain, const unsigned char *seed, size_t seedlen)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned int olen = 0;

	r->ctx = c;
	r->md = EVP_sha256();
	if (c == NULL)
		return INSP_ENOMEM;
	if (EVP_DigestInit_ex(c, r->md, NULL) != 1 ||
		EVP_DigestUpdate(c, domain, strlen(domain) + 1) != 1 ||
		(seedlen > 0 && EVP_DigestUpdate(c, seed, seedlen) != 1) ||
		EVP_DigestFinal_ex(c, r->k, &olen) != 1)
	{
		insp_ranker_free(r);
		return INSP_ECRYPTO;
	}
	/* the one block of SHA-256(K || 18 bytes): 50 bytes, 0x80, zeros, bit length 400 */
	memset(r->block, 0, sizeof(r->block));
	memcpy(r->block, r->k, INSP_HASH_LEN);
	r->block[50] = 0x80;
	r->block[62] = (unsigned char) (400 >> 8);
	r->block[63] = (unsigned char) (400 & 255);
	return INSP_OK;
}

/*
 * SHA-256(K || an 18-byte key) as one run of libcrypto's compression
 * function on the pre-padded block: the message fits one block, and the
 * state words are the digest (big-endian).  Same value as the general path
 * (asserted by test_draw.c).
 */
static inline insp_status
rank_one_block(const insp_ranker *r, const void *key18, SHA256_CTX *c)
{
	unsigned char blk[64];

	memcpy(blk, r->block, 64);
	memcpy(blk + INSP_HASH_LEN, key18, 18);
	if (SHA256_Init(c) != 1)
		return INSP_ECRYPTO;
	SHA256_Transform(c, blk);
	return INSP_OK;
}

static inline void
rank_state_bytes(const SHA256_CTX *c, unsigned char out[INSP_HASH_LEN])
{
	int			i;

	for (i = 0; i < 8; i++)
	{
		out[4 * i] = (unsigned char) (c->h[i] >> 24);
		out[4 * i + 1] = (unsigned char) (c->h[i] >> 16);
		out[4 * i + 2] = (unsigned char) (c->h[i] >> 8);
		out[4 * i + 3] = (unsigned char) c->h[i];
	}
}

/* insp_ranker_rank — SHA-256(K || key) */
insp_status
insp_ranker_rank(insp_ranker *r, const void *key, size_t keylen, unsigned char out[INSP_HASH_LEN])
{
	SHA256_CTX	c;

	if (keylen == 18)
	{
		/* hot path of the draw's exact second pass and of the teams */
		if (rank_one_block(r, key, &c) != INSP_OK)
			return INSP_ECRYPTO;
		rank_state_bytes(&c, out);
		return INSP_OK;
	}
	if (SHA256_Init(&c) != 1 ||
		SHA256_Update(&c, r->k, INSP_HASH_LEN) != 1 ||
		SHA256_Update(&c, key, keylen) != 1 ||
		SHA256_Final(out, &c) != 1)
		return INSP_ECRYPTO;
	return INSP_OK;
}

insp_status
insp_ranker_below(insp_ranker *r, const unsigned char key[18], uint64_t thr,
				  uint64_t *key64, unsigned char out[INSP_HASH_LEN], int *below)
{
	SHA256_CTX	c;

	if (rank_one_block(r, key, &c) != INSP_OK)
		return INSP_ECRYPTO;
	*key64 = ((uint64_t) c.h[0] << 32) | (uint64_t) c.h[1];
	*below = *key64 < thr;
	if (*below)
		rank_state_bytes(&c, out);
	return INSP_OK;
}

void
insp_ranker_free(insp_ranker *r)
{
	EVP_MD_CTX_free(r->ctx);
	r->ctx = NULL;
}

/* ---- top-k -------------------------------------------------------------- */

/* insp_item_cmp — by rank bytes, then id */
int
insp_item_cmp(const insp_item *x, const insp_item *y)
{
	int			c;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	c = memcmp(x->rank, y->rank, INSP_HASH_LEN);

	if (c != 0)
		return c;
	return (x->id > y->id) - (x->id < y->id);
}

static inline uint64_t
be64(const unsigned char *p)
{
	return ((uint64_t) p[0] << 56) | ((uint64_t) p[1] << 48) | ((uint64_t) p[2] << 40) | ((uint64_t) p[3] << 32) |
		((uint64_t) p[4] << 24) | ((uint64_t) p[5] << 16) | ((uint64_t) p[6] << 8) | (uint64_t) p[7];
}

void
insp_topk_init(insp_topk *h, insp_item *storage, size_t k)
{
	h->a = storage;
	h->n = 0;
	h->k = k;
}

static void
sift_down(insp_item *a, size_t n, size_t i)
{
	for (;;)
	{
		size_t		l = 2 * i + 1,
					r = l + 1,
					m = i;
		insp_item	t;

		if (l < n && insp_item_cmp(&a[l], &a[m]) > 0)
			m = l;
		if (r < n && insp_item_cmp(&a[r], &a[m]) > 0)
			m = r;
		if (m == i)
			return;
		t = a[i]; a[i] = a[m]; a[m] = t;
		i = m;
	}
}

/* insp_topk_offer — keep the k smallest (rank, id) seen */
void
insp_topk_offer(insp_topk *h, const unsigned char rank[INSP_HASH_LEN], int64_t id,
				const char uscc[18], char grade)
{
	insp_item	it;

	if (h->k == 0)
		return;
	it.key = be64(rank);
	/* cheap rejection before building the item */
	if (h->n == h->k && (it.key > h->a[0].key ||
						 (it.key == h->a[0].key && memcmp(rank, h->a[0].rank, INSP_HASH_LEN) > 0)))
		return;
	memcpy(it.rank, rank, INSP_HASH_LEN);
	it.id = id;
	memcpy(it.uscc, uscc, 18);
	it.grade = grade;
	if (h->n < h->k)
	{
		size_t		i = h->n++;

		h->a[i] = it;
		while (i > 0)
		{
			size_t		p = (i - 1) / 2;
			insp_item	t;

			if (insp_item_cmp(&h->a[p], &h->a[i]) >= 0)
				break;
			t = h->a[i]; h->a[i] = h->a[p]; h->a[p] = t;
			i = p;
		}
		return;
	}
	if (insp_item_cmp(&it, &h->a[0]) >= 0)
		return;
	h->a[0] = it;
	sift_down(h->a, h->n, 0);
}

static int
item_qcmp(const void *a, const void *b)
{
	return insp_item_cmp(a, b);
}

void
insp_items_sort(insp_item *a, size_t n)
{
	if (n > 1)
		qsort(a, n, sizeof(insp_item), item_qcmp);
}

/* ---- buffer and varints ------------------------------------------------- */

void
insp_buf_put(insp_buf *b, const void *data, size_t len)
{
	if (b->failed)
		return;
	if (b->len + len > b->cap)
	{
		size_t		nc = b->cap ? b->cap : 256;
		unsigned char *nd;

		while (nc < b->len + len)
			nc *= 2;
		nd = realloc(b->data, nc);
		if (nd == NULL)
		{
			b->failed = 1;
			return;
		}
		b->data = nd;
		b->cap = nc;
	}
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
}

void
insp_buf_varint(insp_buf *b, uint64_t v)
{
	unsigned char t[10];
	size_t		n = 0;

	do
	{
		t[n] = (unsigned char) (v & 127);
		v >>= 7;
		if (v)
			t[n] |= 128;
		n++;
	} while (v);
	insp_buf_put(b, t, n);
}

void
insp_buf_free(insp_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

typedef struct reader
{
	const unsigned char *p;
	size_t		left;
} reader;

static int
get_varint(reader *r, uint64_t *v)
{
	uint64_t	x = 0;
	int			shift = 0;

	for (;;)
	{
		unsigned char c;

		if (r->left == 0 || shift > 63)
			return 0;
		c = *r->p++;
		r->left--;
		if (shift == 63 && (c & 126))
			return 0;
		x |= (uint64_t) (c & 127) << shift;
		if (!(c & 128))
		{
			/* canonical: no redundant trailing zero group */
			if (c == 0 && shift > 0)
				return 0;
			break;
		}
		shift += 7;
	}
	*v = x;
	return 1;
}

int
insp_excl_cmp(const void *a, const void *b)
{
	const insp_excl *x = a,
			   *y = b;

	if (x->target != y->target)
		return x->target < y->target ? -1 : 1;
	return (x->insp > y->insp) - (x->insp < y->insp);
}

static const unsigned char POOL_MAGIC[4] = {'S', 'A', 'P', '1'};
static const unsigned char POOL_MAGIC2[4] = {'S', 'A', 'P', '2'};

/*
 * insp_pool_encode — "SAP1" (version 1) or "SAP2" (version 2), varint min_id (zigzag), varint span, nibbles,
 * varint n_depts, varint n_insp, {varint len, bytes, varint dept}*,
 * varint n_excl, {varint target (zigzag), varint insp}*.
 */
/*
 * A signed id as an unsigned varint value, small when near zero either way
 * (0, -1, 1, -2 ... -> 0, 1, 2, 3 ...).  The sign is spread without a right
 * shift of a negative value, which C leaves to the implementation.
 */
static uint64_t
zigzag(int64_t v)
{
	return ((uint64_t) v << 1) ^ ((uint64_t) 0 - ((uint64_t) v >> 63));
}

insp_status
insp_pool_encode(const insp_pool *p, insp_buf *out)
{
	size_t		i;

	if (p->version > INSP_POOL_V2)
		return INSP_EPOOL;
	insp_buf_put(out, p->version == INSP_POOL_V2 ? POOL_MAGIC2 : POOL_MAGIC, 4);
	insp_buf_varint(out, zigzag(p->min_id));
	insp_buf_varint(out, p->span);
	insp_buf_put(out, p->nibbles, (size_t) ((p->span + 1) / 2));
	insp_buf_varint(out, p->n_depts);
	insp_buf_varint(out, p->n_insp);
	for (i = 0; i < p->n_insp; i++)
	{
		insp_buf_varint(out, p->insp[i].idlen);
		insp_buf_put(out, p->insp[i].id, p->insp[i].idlen);
		insp_buf_varint(out, p->insp[i].dept);
	}
	insp_buf_varint(out, p->n_excl);
	for (i = 0; i < p->n_excl; i++)
	{
		insp_buf_varint(out, zigzag(p->excl[i].target));
		insp_buf_varint(out, p->excl[i].insp);
	}
	return out->failed ? INSP_ENOMEM : INSP_OK;
}

static int64_t
unzigzag(uint64_t v)
{
	return (int64_t) (v >> 1) ^ -(int64_t) (v & 1);
}

/*
 * insp_pool_decode — strict inverse of insp_pool_encode: rejects trailing
 * bytes, nibbles > 4, a non-zero pad nibble, inspectors out of order or
 * duplicated, department indexes >= n_depts, exclusions out of order or
 * naming unknown inspectors.
 */
insp_status
insp_pool_decode(const unsigned char *data, size_t len, insp_pool *out)
{
	reader		r = {data, len};
	uint64_t	v,
				nb,
				i;

	memset(out, 0, sizeof(*out));
	if (len < 4)
		return INSP_EPOOL;
	if (memcmp(data, POOL_MAGIC, 4) == 0)
		out->version = INSP_POOL_V1;
	else if (memcmp(data, POOL_MAGIC2, 4) == 0)
		out->version = INSP_POOL_V2;
	else
		return INSP_EPOOL;
	r.p += 4;
	r.left -= 4;
	if (!get_varint(&r, &v))
		return INSP_EPOOL;
	out->min_id = unzigzag(v);
	if (!get_varint(&r, &out->span))
		return INSP_EPOOL;
	nb = (out->span + 1) / 2;
	if (nb > r.left)
		return INSP_EPOOL;
	/*
	 * ids min_id .. min_id + span - 1 must all be int64 (the last may be
	 * INT64_MAX: span - 1, not span, against INT64_MAX - min_id; a draw
	 * whose directory ended there did not verify)
	 */
	if (out->span > (uint64_t) INT64_MAX ||
		(out->min_id > 0 && out->span > 0 && out->span - 1 > (uint64_t) (INT64_MAX - out->min_id)))
		return INSP_EPOOL;
	out->nibbles = r.p;
	for (i = 0; i < nb; i++)
	{
		unsigned char c = r.p[i];

		if ((c & 15) > 4 || (c >> 4) > 4)
			return INSP_EPOOL;
	}
	if ((out->span & 1) && nb > 0 && (r.p[nb - 1] >> 4) != 0)
		return INSP_EPOOL;
	r.p += nb;
	r.left -= nb;
	if (!get_varint(&r, &v) || v > INSP_MAX_DEPTS)
		return INSP_EPOOL;
	out->n_depts = (uint32_t) v;
	if (!get_varint(&r, &v) || v > r.left)
		return INSP_EPOOL;
	out->n_insp = (size_t) v;
	out->insp = calloc(out->n_insp ? out->n_insp : 1, sizeof(insp_pool_inspector));
	if (out->insp == NULL)
		return INSP_ENOMEM;
	for (i = 0; i < out->n_insp; i++)
	{
		insp_pool_inspector *x = &out->insp[i];

		if (!get_varint(&r, &v) || v == 0 || v > r.left)
			goto bad;
		x->idlen = (size_t) v;
		x->id = (const char *) r.p;
		r.p += x->idlen;
		r.left -= x->idlen;
		if (!get_varint(&r, &v) || v >= out->n_depts)
			goto bad;
		x->dept = (uint32_t) v;
		if (i > 0)
		{
			const insp_pool_inspector *y = &out->insp[i - 1];
			size_t		m = x->idlen < y->idlen ? x->idlen : y->idlen;
			int			c = memcmp(y->id, x->id, m);

			if (c > 0 || (c == 0 && y->idlen >= x->idlen))
				goto bad;
		}
	}
	if (!get_varint(&r, &v) || v > r.left)
		goto bad;
	out->n_excl = (size_t) v;
	out->excl = calloc(out->n_excl ? out->n_excl : 1, sizeof(insp_excl));
	if (out->excl == NULL)
	{
		insp_pool_free(out);
		return INSP_ENOMEM;
	}
	for (i = 0; i < out->n_excl; i++)
	{
		if (!get_varint(&r, &v))
			goto bad;
		out->excl[i].target = unzigzag(v);
		if (!get_varint(&r, &v) || v >= out->n_insp)
			goto bad;
		out->excl[i].insp = (uint32_t) v;
		if (i > 0 && insp_excl_cmp(&out->excl[i - 1], &out->excl[i]) >= 0)
			goto bad;
	}
	if (r.left != 0)
		goto bad;
	return INSP_OK;
bad:
	insp_pool_free(out);
	return INSP_EPOOL;
}

void
insp_pool_free(insp_pool *p)
{
	free(p->insp);
	free(p->excl);
	p->insp = NULL;
	p->excl = NULL;
}

/* ---- teams -------------------------------------------------------------- */

typedef struct perm_item
{
	unsigned char rank[INSP_HASH_LEN];
	uint32_t	idx;
} perm_item;

static int
perm_cmp(const void *a, const void *b)
{
	const perm_item *x = a,
			   *y = b;
	int			c = memcmp(x->rank, y->rank, INSP_HASH_LEN);

	if (c != 0)
		return c;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/*
 * The inspectors in the order of SHA-256(K_inspector || id), ties by index:
 * the circle both team algorithms (v1 and v2) start from.  perm has room
 * for pool->n_insp items.
 */
static insp_status
rank_inspectors(const insp_pool *pool, const unsigned char *seed, size_t seedlen, perm_item *perm)
{
	insp_ranker rk = {0};
	insp_status st = insp_ranker_init(&rk, INSP_DOMAIN_INSPECTOR, seed, seedlen);
	size_t		i;

	for (i = 0; st == INSP_OK && i < pool->n_insp; i++)
	{
		st = insp_ranker_rank(&rk, pool->insp[i].id, pool->insp[i].idlen, perm[i].rank);
		perm[i].idx = (uint32_t) i;
	}
	insp_ranker_free(&rk);
	if (st == INSP_OK)
		qsort(perm, pool->n_insp, sizeof(perm_item), perm_cmp);
	return st;
}

static int
excluded(const insp_excl *lo, const insp_excl *hi, uint32_t insp)
{
	for (; lo < hi; lo++)
		if (lo->insp == insp)
			return 1;
	return 0;
}

/*
 * assign_teams_v1 — pool version 1 (0.1.0); see doc/inspection.md "Teams".
 *
 * The eligible inspectors are ordered once by keyed rank (domain
 * sa-insp-inspector, key = inspector id): the circle.  Per target, in
 * selection order, r = first 8 bytes (big endian) of the keyed rank of its
 * USCC (domain sa-insp-team).  Up to four walks fill the team, each starting
 * at r mod (length of the walk) and skipping inspectors already in the team
 * or excluded for the target (recusal, previous draw):
 *   1. the inspectors below the load cap: the first of each department not
 *      yet represented, until min(team_size, departments with inspectors)
 *      departments are;
 *   2. the same over the whole circle, for departments still missing;
 *   3. the inspectors below the cap: the first ones met, until full;
 *   4. the same over the whole circle.
 * cap = ceil(n_targets * team_size / n_insp); an inspector reaching it leaves
 * the "below the cap" list.  Walks 2 and 4 run only when a team cannot be
 * completed otherwise, so the cap is soft.  INSP_ETEAM when even walk 4
 * cannot fill the team.
 */
static insp_status
assign_teams_v1(const unsigned char *seed, size_t seedlen,
				size_t n_targets, const int64_t *target_ids,
				const char *const *usccs, const insp_pool *pool,
				int team_size, uint32_t *out, size_t *fail_at)
{
	size_t		n = pool->n_insp,
				t,
				i;
	perm_item  *perm = NULL;
	uint32_t   *live = NULL,
			   *load = NULL,
			   *dept_live = NULL;
	unsigned char *taken = NULL;
	unsigned char *dept_have = NULL;
	unsigned char *dept_any = NULL;
	size_t		n_live;
	uint64_t	cap;
	insp_ranker rk = {0};
	insp_status st = INSP_OK;
	unsigned char h[INSP_HASH_LEN];

	if (n_targets == 0)
		return INSP_OK;
	if (team_size < 1 || n < (size_t) team_size)
	{
		*fail_at = 0;
		return INSP_ETEAM;
	}
	cap = ((uint64_t) n_targets * (uint64_t) team_size + n - 1) / n;
	perm = malloc(n * sizeof(perm_item));
	live = malloc(n * sizeof(uint32_t));
	load = calloc(n, sizeof(uint32_t));
	taken = calloc(n, 1);
	dept_live = calloc(pool->n_depts + 1, sizeof(uint32_t));
	dept_have = calloc(pool->n_depts + 1, 1);
	dept_any = calloc(pool->n_depts + 1, 1);
	if (!perm || !live || !load || !taken || !dept_live || !dept_have || !dept_any)
	{
		st = INSP_ENOMEM;
		goto done;
	}
	st = rank_inspectors(pool, seed, seedlen, perm);
	if (st != INSP_OK)
		goto done;
	for (i = 0; i < n; i++)
	{
		live[i] = perm[i].idx;
		dept_live[pool->insp[live[i]].dept]++;
		dept_any[pool->insp[live[i]].dept] = 1;
	}
	n_live = n;

	st = insp_ranker_init(&rk, INSP_DOMAIN_TEAM, seed, seedlen);
	if (st != INSP_OK)
		goto done;
	for (t = 0; t < n_targets; t++)
	{
		uint32_t   *team = out + t * (size_t) team_size;
		int			got = 0,
					want_depts = 0,
					have_depts = 0,
					pass;
		uint64_t	r64 = 0;
		size_t		j;
		insp_excl	key = {target_ids[t], 0};
		const insp_excl *lo,
				   *hi;

		/* exclusions of this target: [lo, hi) */
		{
			size_t		a = 0,
						b = pool->n_excl;

			while (a < b)
			{
				size_t		m = (a + b) / 2;

				if (insp_excl_cmp(&pool->excl[m], &key) < 0)
					a = m + 1;
				else
					b = m;
			}
			lo = pool->excl + a;
			hi = lo;
			while (hi < pool->excl + pool->n_excl && hi->target == target_ids[t])
				hi++;
		}
		st = insp_ranker_rank(&rk, usccs[t], 18, h);
		if (st != INSP_OK)
			goto done;
		for (i = 0; i < 8; i++)
			r64 = (r64 << 8) | h[i];
		memset(dept_have, 0, pool->n_depts + 1);
		want_depts = 0;
		for (i = 0; i < pool->n_depts; i++)
			if (dept_any[i])
				want_depts++;
		if (want_depts > team_size)
			want_depts = team_size;

		/*
		 * Four walks, each skipped once the team is complete: (1) one per
		 * department over the inspectors below the cap, (2) the same over
		 * the whole circle for departments still missing, (3) fill over
		 * the inspectors below the cap, (4) fill over the whole circle.
		 */
		for (pass = 0; pass < 4 && got < team_size; pass++)
		{
			int			full = (pass == 1 || pass == 3);
			int			bydept = (pass < 2);
			size_t		len = full ? n : n_live;
			size_t		s0 = full ? (size_t) (r64 % n) : (n_live ? (size_t) (r64 % n_live) : 0);

			if (bydept && have_depts >= want_depts)
				continue;
			for (j = 0; j < len && got < team_size; j++)
			{
				uint32_t	x = full ? perm[(s0 + j) % n].idx : live[(s0 + j) % n_live];
				uint32_t	d = pool->insp[x].dept;

				if (taken[x] || excluded(lo, hi, x))
					continue;
				if (bydept)
				{
					if (dept_have[d])
						continue;
					dept_have[d] = 1;
					have_depts++;
				}
				taken[x] = 1;
				team[got++] = x;
				if (bydept && have_depts >= want_depts)
					break;
			}
		}
		for (i = 0; i < (size_t) got; i++)
			taken[team[i]] = 0;
		if (got < team_size)
		{
			*fail_at = t;
			st = INSP_ETEAM;
			goto done;
		}
		/* loads; inspectors reaching the cap leave the circle */
		{
			int			capped = 0;

			for (i = 0; i < (size_t) got; i++)
				if (++load[team[i]] == cap)
				{
					capped = 1;
					dept_live[pool->insp[team[i]].dept]--;
				}
			if (capped)
			{
				size_t		w = 0;

				for (j = 0; j < n_live; j++)
					if (load[live[j]] < cap)
						live[w++] = live[j];
				n_live = w;
			}
		}
	}
done:
	insp_ranker_free(&rk);
	free(perm);
	free(live);
	free(load);
	free(taken);
	free(dept_live);
	free(dept_have);
	free(dept_any);
	return st;
}

/* exclusions of one target in the sorted list: [*lo, *hi) */
static void
excl_range(const insp_pool *pool, int64_t target, const insp_excl **lo, const insp_excl **hi)
{
	size_t		a = 0,
				b = pool->n_excl;

	while (a < b)
	{
		size_t		m = (a + b) / 2;

		/* the first entry of the target: entries are sorted by (target, insp) */
		if (pool->excl[m].target < target)
			a = m + 1;
		else
			b = m;
	}
	*lo = pool->excl + a;
	*hi = *lo;
	while (*hi < pool->excl + pool->n_excl && (*hi)->target == target)
		(*hi)++;
}

/*
 * assign_teams_v2 — pool version 2; see doc/inspection.md "Teams".
 *
 * The circle is as in version 1 (eligible inspectors by keyed rank, domain
 * sa-insp-inspector); each department's circle is its inspectors in that
 * order.  Load is balanced within each department: an inspector is "at the
 * floor" when no inspector of the same department has a smaller load.  Per
 * target, with r = first 8 bytes (big endian) of the keyed rank of its
 * USCC (domain sa-insp-team) and the target's exclusions skipped throughout:
 *   1. departments: when team_size covers every department that has
 *      eligible inspectors, all of them in plan order; otherwise the first
 *      team_size distinct departments met walking the circle from r mod n;
 *   2. in each chosen department, walking its circle from r mod (its size):
 *      the first inspector at the floor; if none is free, the first of the
 *      smallest load among the free ones (a department with no free
 *      inspector is skipped);
 *   3. until the team is full, walking the circle from r mod n: the first
 *      free inspector at the floor of its department; if none, the first
 *      with the smallest excess over its department's floor.
 * INSP_ETEAM when step 3 finds nobody.  Without exclusions the loads within
 * a department differ by at most one.
 */
static insp_status
assign_teams_v2(const unsigned char *seed, size_t seedlen,
				size_t n_targets, const int64_t *target_ids,
				const char *const *usccs, const insp_pool *pool,
				int team_size, uint32_t *out, size_t *fail_at)
{
	size_t		n = pool->n_insp,
				nd = pool->n_depts,
				t,
				i;
	perm_item  *perm = NULL;
	uint32_t   *circle = NULL,	/* inspector index by circle position */
			   *dmem = NULL,	/* department circles, concatenated */
			   *dstart = NULL,
			   *dcount = NULL,
			   *load = NULL,
			   *dfloor = NULL,
			   *dat = NULL,		/* inspectors of the department at its floor */
			   *order = NULL;
	unsigned char *taken = NULL,
			   *dchosen = NULL;
	size_t		n_nonempty = 0;
	insp_ranker rk = {0};
	insp_status st = INSP_OK;
	unsigned char h[INSP_HASH_LEN];

	if (n_targets == 0)
		return INSP_OK;
	if (team_size < 1 || n < (size_t) team_size)
	{
		*fail_at = 0;
		return INSP_ETEAM;
	}
	perm = malloc(n * sizeof(perm_item));
	circle = malloc(n * sizeof(uint32_t));
	dmem = malloc(n * sizeof(uint32_t));
	load = calloc(n, sizeof(uint32_t));
	taken = calloc(n, 1);
	dstart = calloc(nd + 1, sizeof(uint32_t));
	dcount = calloc(nd + 1, sizeof(uint32_t));
	dfloor = calloc(nd + 1, sizeof(uint32_t));
	dat = calloc(nd + 1, sizeof(uint32_t));
	order = calloc(nd + 1, sizeof(uint32_t));
	dchosen = calloc(nd + 1, 1);
	if (!perm || !circle || !dmem || !load || !taken || !dstart || !dcount || !dfloor || !dat || !order || !dchosen)
	{
		st = INSP_ENOMEM;
		goto done;
	}
	st = rank_inspectors(pool, seed, seedlen, perm);
	if (st != INSP_OK)
		goto done;
	for (i = 0; i < n; i++)
	{
		circle[i] = perm[i].idx;
		dcount[pool->insp[circle[i]].dept]++;
	}
	{
		uint32_t	acc = 0;
		uint32_t   *fill = dat;	/* reused as a cursor, reset below */

		for (i = 0; i < nd; i++)
		{
			dstart[i] = acc;
			fill[i] = acc;
			acc += dcount[i];
			if (dcount[i] > 0)
				n_nonempty++;
		}
		for (i = 0; i < n; i++)
			dmem[fill[pool->insp[circle[i]].dept]++] = circle[i];
		for (i = 0; i < nd; i++)
			dat[i] = dcount[i];
	}

	st = insp_ranker_init(&rk, INSP_DOMAIN_TEAM, seed, seedlen);
	if (st != INSP_OK)
		goto done;
	for (t = 0; t < n_targets; t++)
	{
		uint32_t   *team = out + t * (size_t) team_size;
		size_t		got = 0,
					n_order = 0,
					j,
					s0;
		uint64_t	r64 = 0;
		const insp_excl *lo,
				   *hi;
		size_t		k;

		excl_range(pool, target_ids[t], &lo, &hi);
		st = insp_ranker_rank(&rk, usccs[t], 18, h);
		if (st != INSP_OK)
			goto done;
		for (i = 0; i < 8; i++)
			r64 = (r64 << 8) | h[i];
		s0 = (size_t) (r64 % n);

		/* 1. departments */
		if ((size_t) team_size >= n_nonempty)
		{
			for (i = 0; i < nd; i++)
				if (dcount[i] > 0)
					order[n_order++] = (uint32_t) i;
		}
		else
		{
			size_t		c = s0;

			/* the circle from s0 (c wraps instead of a division per step) */
			for (j = 0; j < n && n_order < (size_t) team_size; j++, c = (c + 1 == n) ? 0 : c + 1)
			{
				uint32_t	x = circle[c];
				uint32_t	d = pool->insp[x].dept;

				if (dchosen[d] || excluded(lo, hi, x))
					continue;
				dchosen[d] = 1;
				order[n_order++] = d;
			}
			for (i = 0; i < n_order; i++)
				dchosen[order[i]] = 0;
		}

		/* 2. one inspector of each chosen department */
		for (k = 0; k < n_order && got < (size_t) team_size; k++)
		{
			uint32_t	d = order[k];
			uint32_t	m = dcount[d];
			const uint32_t *mem = dmem + dstart[d];
			size_t		sd = (size_t) (r64 % m);
			int64_t		best = -1;
			uint32_t	best_load = 0;

			size_t		c = sd;

			for (j = 0; j < m; j++, c = (c + 1 == m) ? 0 : c + 1)
			{
				uint32_t	x = mem[c];

				if (taken[x] || excluded(lo, hi, x))
					continue;
				if (load[x] == dfloor[d])
				{
					best = x;
					break;
				}
				if (best < 0 || load[x] < best_load)
				{
					best = x;
					best_load = load[x];
				}
			}
			if (best >= 0)
			{
				taken[best] = 1;
				team[got++] = (uint32_t) best;
			}
		}

		/* 3. fill */
		while (got < (size_t) team_size)
		{
			int64_t		best = -1;
			uint32_t	best_excess = 0;
			size_t		c = s0;

			for (j = 0; j < n; j++, c = (c + 1 == n) ? 0 : c + 1)
			{
				uint32_t	x = circle[c];
				uint32_t	e;

				if (taken[x] || excluded(lo, hi, x))
					continue;
				e = load[x] - dfloor[pool->insp[x].dept];
				if (e == 0)
				{
					best = x;
					break;
				}
				if (best < 0 || e < best_excess)
				{
					best = x;
					best_excess = e;
				}
			}
			if (best < 0)
				break;
			taken[best] = 1;
			team[got++] = (uint32_t) best;
		}
		for (i = 0; i < got; i++)
			taken[team[i]] = 0;
		if (got < (size_t) team_size)
		{
			*fail_at = t;
			st = INSP_ETEAM;
			goto done;
		}

		/* loads and department floors */
		for (i = 0; i < got; i++)
		{
			uint32_t	x = team[i];
			uint32_t	d = pool->insp[x].dept;

			if (load[x]++ == dfloor[d] && --dat[d] == 0)
			{
				uint32_t	mn = UINT32_MAX,
							c = 0;

				for (j = 0; j < dcount[d]; j++)
				{
					uint32_t	l = load[dmem[dstart[d] + j]];

					if (l < mn)
					{
						mn = l;
						c = 1;
					}
					else if (l == mn)
						c++;
				}
				dfloor[d] = mn;
				dat[d] = c;
			}
		}
	}
done:
	insp_ranker_free(&rk);
	free(perm);
	free(circle);
	free(dmem);
	free(load);
	free(taken);
	free(dstart);
	free(dcount);
	free(dfloor);
	free(dat);
	free(order);
	free(dchosen);
	return st;
}

/* insp_assign_teams — dispatch on the pool record version */
insp_status
insp_assign_teams(const unsigned char *seed, size_t seedlen,
				  size_t n_targets, const int64_t *target_ids,
				  const char *const *usccs, const insp_pool *pool,
				  int team_size, uint32_t *out, size_t *fail_at)
{
	if (pool->version == INSP_POOL_V2)
		return assign_teams_v2(seed, seedlen, n_targets, target_ids, usccs, pool,
							   team_size, out, fail_at);
	if (pool->version > INSP_POOL_V2)
	{
		*fail_at = 0;
		return INSP_EPOOL;
	}
	return assign_teams_v1(seed, seedlen, n_targets, target_ids, usccs, pool,
						   team_size, out, fail_at);
}
