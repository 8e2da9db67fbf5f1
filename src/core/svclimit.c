/*
 * svclimit.c — the legal and promised working days of an item and the days
 * of a bundle (see svclimit.h).
 */
#include "svclimit.h"

#include <string.h>

sa_item_kind
sa_item_kind_parse(const char *s, size_t len)
{
	if (s == NULL)
		return SA_ITEM_PROMISED;
	if (len == 9 && memcmp(s, "immediate", 9) == 0)
		return SA_ITEM_IMMEDIATE;
	if (len == 8 && memcmp(s, "promised", 8) == 0)
		return SA_ITEM_PROMISED;
	return SA_ITEM_KIND_UNKNOWN;
}

sa_svclimit_status
sa_item_legal_days(const int32_t *legal_limit, int32_t *days)
{
	if (legal_limit != NULL && *legal_limit < 0)
		return SA_SVCLIMIT_NEGATIVE;
	*days = legal_limit != NULL ? *legal_limit : SA_LEGAL_DEFAULT_DAYS;
	return SA_SVCLIMIT_OK;
}

sa_svclimit_status
sa_item_promised_days(sa_item_kind kind, const int32_t *promised_limit, const int32_t *legal_limit,
					  int32_t *days)
{
	if (kind != SA_ITEM_PROMISED && kind != SA_ITEM_IMMEDIATE)
		return SA_SVCLIMIT_BAD_KIND;
	if ((promised_limit != NULL && *promised_limit < 0) || (legal_limit != NULL && *legal_limit < 0))
		return SA_SVCLIMIT_NEGATIVE;
	if (kind == SA_ITEM_IMMEDIATE)
		*days = 0;
	else if (promised_limit != NULL)
		*days = *promised_limit;
	else
		return sa_item_legal_days(legal_limit, days);
	return SA_SVCLIMIT_OK;
}

void
sa_bundle_days(const int32_t *promised_limit, const int32_t *stage_promised,
			   const int32_t *stage_legal, const int64_t *stages, const int64_t *departments,
			   bool *promised_set, int32_t *promised_days, bool *legal_set, int32_t *legal_days)
{
	const int32_t *own;

	/* legal: the sum of the stages, capped when two or more departments */
	if (departments != NULL && *departments >= 2)
	{
		*legal_set = true;
		*legal_days = (stage_legal == NULL || *stage_legal > SA_JOINT_LEGAL_DAYS)
			? SA_JOINT_LEGAL_DAYS : *stage_legal;
	}
	else
	{
		*legal_set = stage_legal != NULL;
		*legal_days = stage_legal != NULL ? *stage_legal : 0;
	}
	/* promised: no stage yet, its own limit (else 0) */
	if (stages != NULL && *stages == 0)
	{
		*promised_set = true;
		*promised_days = promised_limit != NULL ? *promised_limit : 0;
		return;
	}
	/* else its own limit, else the stages' promises, at most the legal days */
	own = promised_limit != NULL ? promised_limit : stage_promised;
	if (own == NULL)
	{
		*promised_set = *legal_set;
		*promised_days = *legal_days;
	}
	else
	{
		*promised_set = true;
		*promised_days = (*legal_set && *legal_days < *own) ? *legal_days : *own;
	}
}

int32_t
sa_bundle_extension_days(int32_t stage_extension, int64_t departments)
{
	if (departments >= 2 && stage_extension > SA_JOINT_EXTENSION_DAYS)
		return SA_JOINT_EXTENSION_DAYS;
	return stage_extension;
}
