/*
 * trigger_guard.h — which table a C trigger of the extension fired on.
 */
#ifndef SA_TRIGGER_GUARD_H
#define SA_TRIGGER_GUARD_H

#include "commands/trigger.h"

/*
 * Whether the trigger fired on service_affair.<relname> or on a partition of
 * it (at any depth); false when it fired
 * on any other table, or when schema service_affair or the table does not
 * exist.  The caller refuses with its own message and SQLSTATE.
 */
extern bool sa_trigger_on(TriggerData *td, const char *relname);

#endif							/* SA_TRIGGER_GUARD_H */
