/*
 * spi_plans.h — SPI plans prepared once per backend and kept.
 */
#ifndef SA_SPI_PLANS_H
#define SA_SPI_PLANS_H

#include "executor/spi.h"

/*
 * The plan in *slot, prepared from sql (nargs parameters of the given types,
 * with cursor_options such as CURSOR_OPT_GENERIC_PLAN, or 0) and kept on the
 * first call of the backend.  Statements of the extension's own tables only:
 * a kept plan is invalidated and re-planned by PostgreSQL when the tables
 * change, so keeping it is safe.
 */
extern SPIPlanPtr sa_kept_plan(SPIPlanPtr *slot, const char *sql, int nargs, Oid *types,
							   int cursor_options);

#endif							/* SA_SPI_PLANS_H */
