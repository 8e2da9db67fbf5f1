/*
 * spi_plans.c — SPI plans prepared once per backend and kept (spi_plans.h):
 * the routing, visit-phase and licence code each had its own copy.
 */
#include "postgres.h"

#include "spi_plans.h"

SPIPlanPtr
sa_kept_plan(SPIPlanPtr *slot, const char *sql, int nargs, Oid *types, int cursor_options)
{
	if (*slot == NULL)
	{
		SPIPlanPtr	p = SPI_prepare_cursor(sql, nargs, types, cursor_options);

		if (p == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		SPI_keepplan(p);
		*slot = p;
	}
	return *slot;
}
