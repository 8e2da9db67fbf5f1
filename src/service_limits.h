/*
 * service_limits.h — the working days an item promises (src/core/svclimit.h),
 * for the other C modules (src/routing.c), with the errors of the SQL
 * function item_promised_days() (src/service_limits.c).
 */
#ifndef SA_SERVICE_LIMITS_H
#define SA_SERVICE_LIMITS_H

#include "postgres.h"

/*
 * The days an item of kind (kind_len bytes; NULL: none named, promised)
 * promises: 0 when immediate, else *promised_limit, else *legal_limit, else
 * 20 (NULL pointers: limits not set).  22023 for an unknown kind or a
 * negative limit, the DETAIL naming them.
 */
extern int32 sa_item_promised_days_checked(const char *kind, int kind_len,
										   const int32 *promised_limit, const int32 *legal_limit);

#endif							/* SA_SERVICE_LIMITS_H */
