/*
 * credit.c — commitment check outcomes and credit grades; see credit.h.
 */
#include "credit.h"

#include <string.h>

#include "text.h"

static const char *const outcomes[] = {"kept", "broken", "waived"};

sa_check_outcome
sa_check_outcome_parse(const char *s, size_t len)
{
	if (s == NULL)
		return SA_CHECK_UNKNOWN;
	for (int i = 0; i < 3; i++)
		if (strlen(outcomes[i]) == len && memcmp(outcomes[i], s, len) == 0)
			return (sa_check_outcome) i;
	return SA_CHECK_UNKNOWN;
}

sa_check_status
sa_check_outcome_ok(const char *outcome, size_t outcome_len, const char *findings, size_t findings_len)
{
	sa_check_outcome o = sa_check_outcome_parse(outcome, outcome_len);

	if (o == SA_CHECK_UNKNOWN)
		return SA_CHECK_BAD_OUTCOME;
	if (o != SA_CHECK_KEPT && (findings == NULL || sa_text_blank(findings, findings_len)))
		return SA_CHECK_NEEDS_FINDINGS;
	return SA_CHECK_OK;
}

static int
pos(int x)
{
	return x > 0 ? x : 0;
}

char
sa_credit_grade(const sa_credit_counts *c)
{
	int			grave = pos(c->grave),
				serious = pos(c->serious),
				minor = pos(c->minor);

	if (grave > 0 || serious >= 2)
		return 'D';
	if (serious == 1 || minor >= 2)
		return 'C';
	if (minor == 1 || pos(c->pending) > 0 || pos(c->recent) > 0)
		return 'B';
	return 'A';
}

bool
sa_credit_ok(const sa_credit_counts *c)
{
	return pos(c->grave) == 0 && pos(c->serious) == 0;
}

char
sa_credit_effective(char manual, char credit, bool clean_bonus)
{
	if (credit < 'A' || credit > 'D')
		return 0;
	if (manual == 0)
		return credit;
	if (manual < 'A' || manual > 'D')
		return 0;
	if (credit == 'A' && clean_bonus)
		return manual > 'A' ? (char) (manual - 1) : 'A';
	return manual > credit ? manual : credit;
}
