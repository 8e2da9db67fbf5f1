/*
 * completeness.h — the material completeness rules of intake (pure C).
 *
 * Given every catalog material of a service (an item, or the items of a
 * bundle: the same code may appear several times), the codes the applicant
 * submitted and the codes he commits to, classify each applicable material.
 * Nothing here knows the server: the glue (src/intake.c) builds the arrays
 * and maps the result to rows or errors.
 */
#ifndef SA_COMPLETENESS_H
#define SA_COMPLETENESS_H

#include <stddef.h>

/* flags of one catalog material entry (one row of table material) */
#define SA_MF_REQUIRED   0x01	/* required = true */
#define SA_MF_TOLERABLE  0x02	/* on the item's tolerable (容缺) list */
#define SA_MF_COMMIT_OK  0x04	/* a commitment (告知承诺) may replace it */
#define SA_MF_SHARED     0x08	/* valid, unexpired evidence of its type is on file */
#define SA_MF_APPLIES    0x10	/* applies to this applicant's kind */
#define SA_MF_PRODUCED   0x20	/* its evidence type is the output of an earlier stage of the bundle */

typedef enum sa_mat_status
{
	SA_MAT_PRESENT = 0,			/* submitted */
	SA_MAT_SHARED,				/* satisfied by shared evidence on file */
	SA_MAT_COMMITTED,			/* replaced by a commitment */
	SA_MAT_TOLERATED,			/* missing, tolerable: supply later */
	SA_MAT_MISSING,				/* missing: the case is returned */
	SA_MAT_OPTIONAL,			/* not required and not supplied */
	SA_MAT_PRODUCED				/* an earlier stage of the bundle issues it (a licence) */
} sa_mat_status;

typedef struct sa_material
{
	const char *code;			/* material code, NUL-terminated */
	const char *name;			/* display name */
	unsigned	flags;			/* SA_MF_* */
	int			tolerance_days; /* tolerance_days of the entry's item */
	int			ord;			/* caller's position, tie-break; set by core */
	const char *evidence_type;	/* evidence type the entry names, or NULL */
	int			deciding;		/* set by core: the entry decides its material's
								 * status (it applies, and requires the material
								 * or no applicable entry does) */
} sa_material;

typedef struct sa_mat_result
{
	const char *code;
	const char *name;
	sa_mat_status status;
	int			tolerance_days; /* smallest among items needing it (tolerated) */
	int			required;		/* required by at least one applicable entry */
} sa_mat_result;

typedef struct sa_completeness_out
{
	sa_mat_result *rows;		/* capacity >= nmat; sorted by code */
	size_t		nrows;
	const char **unknown;		/* capacity >= nsub + ncom; sorted, distinct */
	size_t		nunknown;
	size_t		nmissing;
	size_t		ntolerated;
} sa_completeness_out;

/*
 * Classify.  mats, submitted and committed are sorted in place.  Returns the
 * number of unknown codes (codes in submitted or committed that name no
 * material of the service); when it is non-zero, rows are not filled.
 */
size_t		sa_completeness(sa_material *mats, size_t nmat,
							const char **submitted, size_t nsub,
							const char **committed, size_t ncom,
							int credit_ok, sa_completeness_out *out);

/*
 * The evidence types of a material, after sa_completeness() returned 0 on
 * mats: the distinct types its deciding entries name, in the caller's order
 * of the entries (every one of them was needed for the status shared).
 * Writes at most cap of them to out; returns how many there are.
 */
size_t		sa_material_types(const sa_material *mats, size_t nmat, const char *code,
							  const char **out, size_t cap);

/* "present", "shared", ... */
const char *sa_mat_status_name(sa_mat_status s);

#endif
