/*
 * service_affair.c — module entry point.
 *
 * Each capability keeps its SQL-callable functions in its own file under
 * src/; the logic that does not need the server lives in src/core/.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/*
 * The marks of the inspection log (76_directory_log.sql: insp_log_recusal()
 * and insp_log_recusal_transfer(); cleared and set by insp_directory_lock(),
 * 70_inspection.sql), by which one statement that moves an inspector and
 * writes or deletes that inspector's recusals is refused (55000).  The
 * triggers run as their owner, a superuser (SECURITY DEFINER), and set them
 * with set_config(..., true).  Until 2026-12-06 they were placeholders any
 * role could set: a trigger of the caller's own (on a temporary table, in
 * the same WITH) firing between the two row triggers cleared them, and the
 * statement went through with a wrong ledger entry (a review).  Defined
 * here as PGC_SUSET: a SET, RESET or set_config() of another role is
 * refused (42501); GUC_NO_RESET_ALL, since RESET ALL resets every SUSET
 * variable without asking whose the value is.  A value set before the
 * library is loaded (a placeholder) is applied again here with the rights
 * of the role that set it: a non-superuser's is dropped with a WARNING.
 * insp_directory_lock() calls a function of this library before any row
 * trigger reads or writes a mark, so that they are defined by then.
 *
 * The extension's other markers stay settings any role may set, each
 * because a caller's value reaches no guard (re-examined 2026-12-06;
 * doc/development.md, "Markers"; test/pgtap/markers_bypass.sql):
 * calendar_edit_window and calendar_edit_covered are written by an AFTER
 * statement trigger of each calendar edit that fires before their readers,
 * with nothing of the caller's in between; catalog_change counts only for a
 * change in status publishing, which exists only inside
 * apply_catalog_change(); history_archiving opens an insert guard of tables
 * only the owner may insert into; credit_writing on only narrows;
 * credit_flag_note is only the note of the credit record's entry for a write
 * of the manual flag made in the transaction that set it (an administrator's
 * own; a session-level value is ignored since 2026-12-07: xact_setting(),
 * src/arguments.c), set_credit_flag() and register_applicant() setting
 * theirs right before their write and emptying it after (2026-12-07).
 */
static char *insp_mark_moved = NULL;
static char *insp_mark_written = NULL;
static char *insp_mark_moving = NULL;
static char *insp_mark_writing = NULL;

static void
define_insp_mark(const char *name, char **var)
{
	DefineCustomStringVariable(name,
							   "Internal mark of the inspection log; set only by its triggers.",
							   "Refuses an inspector moved and its recusals written or deleted in one statement (doc/inspection.md).",
							   var, "", PGC_SUSET,
							   GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE | GUC_NO_RESET_ALL,
							   NULL, NULL, NULL);
}

void
_PG_init(void)
{
	define_insp_mark("service_affair.recusal_moved", &insp_mark_moved);
	define_insp_mark("service_affair.recusal_written", &insp_mark_written);
	define_insp_mark("service_affair.recusal_moving", &insp_mark_moving);
	define_insp_mark("service_affair.recusal_writing", &insp_mark_writing);
}
