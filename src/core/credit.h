/*
 * credit.h — the rules of commitment checks and of the credit record
 * (信用监管): the outcome of a check, the grade A–D derived from a subject's
 * credit events, credit_ok for intake, and the grade a target carries into
 * the inspection draw.
 *
 * Pure C (no server headers).
 *
 * Check outcomes: kept, broken, waived; broken and waived need findings (a
 * reason), kept may have them.
 *
 * Grade from the events in force (needs_review events count only once a
 * review confirmed them):
 *   D  a grave event, or two or more serious ones
 *   C  one serious event, or two or more minor ones
 *   B  one minor event, or an event awaiting review, or any event (expired,
 *      repaired or dismissed included) that started within the clean window
 *   A  none of these: a clean history
 * credit_ok: no serious or grave event in force.
 *
 * Effective grade of an inspection target with a grade set by hand (manual):
 * the worse of manual and the credit grade; a clean history (credit grade A)
 * improves a manual grade by one step when the clean bonus is on, so that the
 * plan's lower rate for the better grade applies (信用好的少抽).
 */
#ifndef SA_CREDIT_H
#define SA_CREDIT_H

#include <stdbool.h>
#include <stddef.h>

typedef enum sa_check_outcome
{
	SA_CHECK_KEPT = 0,
	SA_CHECK_BROKEN,
	SA_CHECK_WAIVED,
	SA_CHECK_UNKNOWN = -1
} sa_check_outcome;

#define SA_CHECK_OUTCOME_LIST	"kept, broken, waived"

typedef enum sa_check_status
{
	SA_CHECK_OK = 0,
	SA_CHECK_BAD_OUTCOME,		/* not one of kept, broken, waived */
	SA_CHECK_NEEDS_FINDINGS		/* broken or waived without a reason */
} sa_check_status;

/* Counts of a subject's events as of one day. */
typedef struct sa_credit_counts
{
	int			grave;			/* in force, not awaiting review */
	int			serious;
	int			minor;
	int			pending;		/* in force, awaiting review */
	int			recent;			/* started within the clean window, whatever their state */
} sa_credit_counts;

extern sa_check_outcome sa_check_outcome_parse(const char *s, size_t len);

/* findings: NULL or blank (text.h: white space and invisible characters only; UTF-8) counts as none. */
extern sa_check_status sa_check_outcome_ok(const char *outcome, size_t outcome_len,
										   const char *findings, size_t findings_len);

/* 'A'..'D'; negative counts are treated as 0. */
extern char sa_credit_grade(const sa_credit_counts *c);

extern bool sa_credit_ok(const sa_credit_counts *c);

/* manual: 'A'..'D' or 0 (none); credit: 'A'..'D'.  Returns 'A'..'D', or 0 for bad input. */
extern char sa_credit_effective(char manual, char credit, bool clean_bonus);

#endif
