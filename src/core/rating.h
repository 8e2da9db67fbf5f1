/*
 * rating.h — the rules of ratings (好差评) and their rectification (差评整改).
 *
 * Pure C (no server headers).  One real-name rating per case, five levels:
 * 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意.  A rating is given on
 * one of six channels.  Levels 1 and 2 are bad ratings: each opens a
 * rectification whose call-back is due callback_days working days, and whose
 * fix is due fix_days working days, after the calendar-local day of the
 * rating (add_workdays semantics: 0 days is that day if it works, else the
 * next working day).  The day counts are settings (rating.callback_days,
 * rating.fix_days: integers 0..365, defaults 1 and 15).
 *
 * rate() in sql/parts/60_ratings.sql asks these functions (through
 * src/rating.c) instead of spelling the rules in PL/pgSQL, and the CHECK
 * constraints of service_affair.rating call the same validity tests.
 */
#ifndef SA_RATING_H
#define SA_RATING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "workday.h"

#define SA_RATING_LEVEL_MIN		1
#define SA_RATING_LEVEL_MAX		5
#define SA_RATING_BAD_MAX		2	/* levels 1..2 are bad ratings */

#define SA_RATING_DAYS_MAX		365	/* largest callback_days / fix_days */
#define SA_RATING_CALLBACK_DAYS_DEFAULT	1
#define SA_RATING_FIX_DAYS_DEFAULT		15

/* The channels, in the order error messages list them. */
#define SA_RATING_CHANNEL_LIST	"window, online, mobile, kiosk, sms, phone"

typedef enum sa_rating_status
{
	SA_RATING_OK = 0,
	SA_RATING_BAD_LEVEL,		/* level not in 1..5 */
	SA_RATING_BAD_CHANNEL,		/* channel not one of SA_RATING_CHANNEL_LIST */
	SA_RATING_BAD_DAYS,			/* a day count outside 0..SA_RATING_DAYS_MAX */
	SA_RATING_OUT_OF_RANGE		/* a due date outside the date range */
} sa_rating_status;

/* Is level a rating level (1..5)? */
extern bool sa_rating_level_valid(int64_t level);

/* Is level a bad rating (valid and at most SA_RATING_BAD_MAX)? */
extern bool sa_rating_is_bad(int64_t level);

/* Is the len bytes at s one of the channels (exact, case-sensitive)? */
extern bool sa_rating_channel_valid(const char *s, size_t len);

/* Is days a valid call-back or fix day count (0..SA_RATING_DAYS_MAX)? */
extern bool sa_rating_days_valid(int64_t days);

/*
 * The rectification windows of a bad rating given on local day `day` of
 * calendar cal: *callback_due and *fix_due.  SA_RATING_BAD_DAYS when a day
 * count is invalid, SA_RATING_OUT_OF_RANGE when a due date leaves the date
 * range; the outputs are set only on SA_RATING_OK.
 */
extern sa_rating_status sa_rating_windows(const sa_workcal *cal, int32_t day,
										  int64_t callback_days, int64_t fix_days,
										  int32_t *callback_due, int32_t *fix_due);

#endif							/* SA_RATING_H */
