/*
 * rating.c — the rules of ratings; see rating.h.
 */
#include "rating.h"

#include <string.h>

static const char *const channels[] = {"window", "online", "mobile", "kiosk", "sms", "phone"};

bool
sa_rating_level_valid(int64_t level)
{
	return level >= SA_RATING_LEVEL_MIN && level <= SA_RATING_LEVEL_MAX;
}

bool
sa_rating_is_bad(int64_t level)
{
	return sa_rating_level_valid(level) && level <= SA_RATING_BAD_MAX;
}

bool
sa_rating_channel_valid(const char *s, size_t len)
{
	size_t		i;

	if (s == NULL)
		return false;
	for (i = 0; i < sizeof(channels) / sizeof(channels[0]); i++)
		if (strlen(channels[i]) == len && memcmp(channels[i], s, len) == 0)
			return true;
	return false;
}

bool
sa_rating_days_valid(int64_t days)
{
	return days >= 0 && days <= SA_RATING_DAYS_MAX;
}

sa_rating_status
sa_rating_windows(const sa_workcal *cal, int32_t day, int64_t callback_days, int64_t fix_days,
				  int32_t *callback_due, int32_t *fix_due)
{
	int32_t		cb,
				fx;

	if (!sa_rating_days_valid(callback_days) || !sa_rating_days_valid(fix_days))
		return SA_RATING_BAD_DAYS;
	if (day < SA_WD_MIN_DAY || day > SA_WD_MAX_DAY)
		return SA_RATING_OUT_OF_RANGE;
	if (sa_wd_add(cal, day, (int32_t) callback_days, &cb) != SA_WD_OK ||
		sa_wd_add(cal, day, (int32_t) fix_days, &fx) != SA_WD_OK)
		return SA_RATING_OUT_OF_RANGE;
	*callback_due = cb;
	*fix_due = fx;
	return SA_RATING_OK;
}
