/*
 * fuzz_ledger.c — libFuzzer harness for the text handled by the inspection
 * log encoding in src/core/insp.c: the ledger algorithm name (ledger.algorithm,
 * create_ledger()) and the canonical entry bytes built from ledger, kind,
 * payload, time and previous hash.
 *
 * Layout: [seq:8][at:8] then NUL-separated algorithm, ledger, kind, payload,
 * prev (bytes).  Checks: the algorithm parser accepts exactly "sha256" and
 * "sm3"; the canonical bytes are the six fields joined by LF, with the time
 * as YYYY-MM-DDTHH:MM:SS.ffffffZ that converts back to the same microseconds
 * and the previous hash in lower-case hex; the hash is deterministic.
 * Any mismatch aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "insp.h"

#define USECS_PER_DAY INT64_C(86400000000)
/* PostgreSQL's finite timestamp range, microseconds since 2000-01-01 */
#define MIN_TS (-INT64_C(211813488000000000))
#define END_TS INT64_C(9223371331200000000)

/* days since 1970-01-01 of a proleptic Gregorian date (reference) */
static int64_t
days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t		era,
				yoe,
				doy,
				doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static const uint8_t *
field(const uint8_t **p, const uint8_t *end, char *out, size_t cap)
{
	size_t		n = 0;

	while (*p < end && **p != 0)
	{
		if (n < cap - 1)
			out[n++] = (char) **p;
		(*p)++;
	}
	out[n] = '\0';
	if (*p < end)
		(*p)++;					/* the separator */
	return *p;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t		seq,
				at;
	char		alg[32],
				ledger[128],
				kind[64],
				payload[512],
				prevs[80],
				*bytes = NULL,
				*f[6],
				*p,
				want_hex[161],
				seqs[32];
	const uint8_t *q,
			   *end = data + size;
	size_t		len,
				prevlen,
				i;
	insp_alg	a;
	insp_status st;
	int			nf;
	long long	Y,
				M,
				D,
				h,
				mi,
				s,
				us;
	char		tail;
	unsigned char h1[INSP_HASH_LEN],
				h2[INSP_HASH_LEN];

	if (size < 16)
		return 0;
	memcpy(&seq, data, 8);
	memcpy(&at, data + 8, 8);
	if (at < MIN_TS || at >= END_TS)
		return 0;				/* the SQL glue refuses infinite and out-of-range times */
	q = data + 16;
	field(&q, end, alg, sizeof(alg));
	field(&q, end, ledger, sizeof(ledger));
	field(&q, end, kind, sizeof(kind));
	field(&q, end, payload, sizeof(payload));
	prevlen = (size_t) (end - q) < 64 ? (size_t) (end - q) : 64;
	memcpy(prevs, q, prevlen);

	/* the algorithm name */
	st = insp_alg_parse(alg, &a);
	if ((st == INSP_OK) != (strcmp(alg, "sha256") == 0 || strcmp(alg, "sm3") == 0)
		|| (st == INSP_OK && a != (strcmp(alg, "sm3") == 0 ? INSP_SM3 : INSP_SHA256)))
	{
		fprintf(stderr, "algorithm \"%s\": status %d\n", alg, (int) st);
		abort();
	}

	/* the canonical bytes */
	if (insp_entry_bytes(ledger, seq, at, kind, payload, (const unsigned char *) prevs, prevlen,
						 &bytes, &len) != INSP_OK)
		abort();
	if (memchr(bytes, '\0', len) != NULL)
	{
		fprintf(stderr, "canonical bytes contain NUL\n");
		abort();
	}
	p = malloc(len + 1);
	memcpy(p, bytes, len);
	p[len] = '\0';
	nf = 0;
	f[nf++] = p;
	for (i = 0; i < len && nf < 6; i++)
		if (p[i] == '\n' && !strchr(ledger, '\n') && !strchr(kind, '\n') && !strchr(payload, '\n'))
		{
			p[i] = '\0';
			f[nf++] = p + i + 1;
		}
	if (!strchr(ledger, '\n') && !strchr(kind, '\n') && !strchr(payload, '\n'))
	{
		snprintf(seqs, sizeof(seqs), "%lld", (long long) seq);
		insp_hex((const unsigned char *) prevs, prevlen, want_hex);
		if (nf != 6 || strcmp(f[0], ledger) != 0 || strcmp(f[1], seqs) != 0 || strcmp(f[3], kind) != 0
			|| strcmp(f[4], payload) != 0 || strlen(f[5]) != 2 * prevlen
			|| memcmp(f[5], want_hex, 2 * prevlen) != 0)
		{
			fprintf(stderr, "canonical bytes do not hold the six fields\n");
			abort();
		}
		for (i = 0; i < 2 * prevlen; i++)
			if (!strchr("0123456789abcdef", f[5][i]))
				abort();
		if (sscanf(f[2], "%lld-%2lld-%2lldT%2lld:%2lld:%2lld.%6lld%c", &Y, &M, &D, &h, &mi, &s, &us, &tail) != 8
			|| tail != 'Z' || M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || mi > 59 || s > 59
			|| (days_from_civil(Y, M, D) - 10957) * USECS_PER_DAY
			   + ((h * 60 + mi) * 60 + s) * INT64_C(1000000) + us != at)
		{
			fprintf(stderr, "time %lld formatted as \"%s\"\n", (long long) at, f[2]);
			abort();
		}
	}
	free(p);
	free(bytes);

	/* the hash is a function of the fields */
	if (st == INSP_OK)
	{
		if (insp_entry_hash(a, ledger, seq, at, kind, payload, (const unsigned char *) prevs, prevlen, h1) != INSP_OK
			|| insp_entry_hash(a, ledger, seq, at, kind, payload, (const unsigned char *) prevs, prevlen, h2) != INSP_OK
			|| memcmp(h1, h2, INSP_HASH_LEN) != 0)
			abort();
	}
	return 0;
}
