/*
 * service_affair.c — module entry point.
 *
 * Each capability keeps its SQL-callable functions in its own file under
 * src/; the logic that does not need the server lives in src/core/.
 */
#include "postgres.h"

#include "fmgr.h"

PG_MODULE_MAGIC;
