/*
 * licence.h — the two calls routing makes into the licences (src/licence.c,
 * doc/licences.md), inside its SPI connection, with the case row locked.
 */
#ifndef SA_LICENCE_GLUE_H
#define SA_LICENCE_GLUE_H

#include "postgres.h"
#include "datatype/timestamp.h"

/*
 * A stage of the case ended at "at" (the next one opens, or the case
 * concludes): issue the licences of its approved tasks whose item has an
 * output evidence type (issue_licences()).  One cheap read when there is
 * nothing to issue.
 */
extern void sa_licence_stage_end(int64 case_id, TimestampTz at);

/*
 * Stage "stage" of the case opens at "at": block its waiting tasks that rely
 * on a licence an earlier stage should have issued and which is not valid
 * (block_unlicensed_stage()); returns how many were blocked.
 */
extern int32 sa_licence_block_stage(int64 case_id, int32 stage, TimestampTz at);

#endif							/* SA_LICENCE_GLUE_H */
