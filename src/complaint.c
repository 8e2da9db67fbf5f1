/*
 * complaint.c — fmgr glue of the complaint rules (src/core/complaint.[ch]).
 *
 * complaint_step raises 55000 for a transition the state machine refuses
 * and returns the next status; complaint_check raises the 22023 errors of
 * receive_complaint() for its channel, category and time; complaint_due
 * computes the reply due of a category.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/timestamp.h"

#include "calendar.h"
#include "complaint.h"
#include "arguments.h"

PG_FUNCTION_INFO_V1(sa_complaint_step_sql);
PG_FUNCTION_INFO_V1(sa_complaint_check_sql);
PG_FUNCTION_INFO_V1(sa_complaint_due_sql);
PG_FUNCTION_INFO_V1(sa_complaint_check_time_sql);

static char *
echo_text(text *t)
{
	return quote_literal_cstr(sa_echo(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)));
}

static void
check_time(FunctionCallInfo fcinfo, int argno)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("at must not be null"),
				 errdetail("A complaint is handled at a given time, not NULL.")));
	if (TIMESTAMP_NOT_FINITE(PG_GETARG_TIMESTAMPTZ(argno)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("at must be finite"),
				 errdetail("A complaint is handled at a finite time, not %s.",
						   TIMESTAMP_IS_NOBEGIN(PG_GETARG_TIMESTAMPTZ(argno)) ? "-infinity" : "infinity")));
	sa_refuse_unrecordable_time(PG_GETARG_TIMESTAMPTZ(argno), "at");	/* outside the years 1..8999 */
}

/*
 * complaint_step(complaint_id bigint, status text, action text, anonymous
 * boolean) → text: the status after the action; 55000 when the state
 * machine refuses it (an anonymous complaint has no call-back, a named one
 * is closed by its call-back).
 */
Datum
sa_complaint_step_sql(PG_FUNCTION_ARGS)
{
	int64		id = PG_ARGISNULL(0) ? 0 : PG_GETARG_INT64(0);
	text	   *status_t,
			   *action_t;
	int			from,
				action;
	sa_cpl_state to;
	sa_cpl_status st;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("complaint step arguments must not be null"),
						errdetail("complaint_step() takes a status, an action and whether the complaint is anonymous.")));
	status_t = PG_GETARG_TEXT_PP(1);
	action_t = PG_GETARG_TEXT_PP(2);
	from = sa_cpl_state_parse(VARDATA_ANY(status_t), VARSIZE_ANY_EXHDR(status_t));
	action = sa_cpl_action_parse(VARDATA_ANY(action_t), VARSIZE_ANY_EXHDR(action_t));
	if (action < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown complaint action"),
				 errdetail("Action %s is not a complaint action.", echo_text(action_t))));
	if (from < 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("complaint %lld is in an unknown state", (long long) id),
				 errdetail("Status %s is not a complaint status.", echo_text(status_t))));
	st = sa_cpl_next((sa_cpl_state) from, (sa_cpl_action) action, PG_GETARG_BOOL(3), &to);
	if (st == SA_CPL_ANONYMOUS)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("complaint %lld is anonymous", (long long) id),
				 errdetail("Complaint %lld names no applicant, so there is nobody to call back; close it with close_complaint().",
						   (long long) id)));
	if (st == SA_CPL_NOT_ANONYMOUS)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("complaint %lld is closed by its call-back", (long long) id),
				 errdetail("Complaint %lld names its applicant; record_complaint_callback() closes it when the applicant is satisfied.",
						   (long long) id)));
	if (st != SA_CPL_OK)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("complaint %lld cannot be %s", (long long) id,
						action == SA_CPL_ASSIGN ? "assigned" :
						action == SA_CPL_TRANSFER ? "transferred" :
						action == SA_CPL_SUPERVISE ? "supervised" :
						action == SA_CPL_REPLY ? "replied to" :
						action == SA_CPL_CLOSE ? "closed" : "called back"),
				 errdetail("Complaint %lld is %s.", (long long) id, sa_cpl_state_name((sa_cpl_state) from))));
	PG_RETURN_TEXT_P(cstring_to_text(sa_cpl_state_name(to)));
}

/*
 * complaint_check(channel text, category text, at timestamptz) → void: 22023
 * for an unknown channel or category and for a null or infinite time.
 */
Datum
sa_complaint_check_sql(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0) ||
		!sa_cpl_channel_valid(VARDATA_ANY(PG_GETARG_TEXT_PP(0)), VARSIZE_ANY_EXHDR(PG_GETARG_TEXT_PP(0))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid complaint channel"),
				 errdetail("Channel %s is not one of %s.",
						   PG_ARGISNULL(0) ? "NULL" : echo_text(PG_GETARG_TEXT_PP(0)), SA_CPL_CHANNEL_LIST)));
	if (PG_ARGISNULL(1) ||
		!sa_cpl_category_valid(VARDATA_ANY(PG_GETARG_TEXT_PP(1)), VARSIZE_ANY_EXHDR(PG_GETARG_TEXT_PP(1))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid complaint category"),
				 errdetail("Category %s is not one of %s.",
						   PG_ARGISNULL(1) ? "NULL" : echo_text(PG_GETARG_TEXT_PP(1)), SA_CPL_CATEGORY_LIST)));
	check_time(fcinfo, 2);
	PG_RETURN_VOID();
}

/* complaint_check_time(at timestamptz) → void: 22023 for a null or infinite time */
Datum
sa_complaint_check_time_sql(PG_FUNCTION_ARGS)
{
	check_time(fcinfo, 0);
	PG_RETURN_VOID();
}

/*
 * complaint_due(received_at timestamptz, cal text, category text, days
 * integer) → date: days (NULL: the category's default) working days of
 * calendar cal after the local day of received_at, the start of the round:
 * the receipt, or the latest reopening (record_complaint_callback()).
 */
Datum
sa_complaint_due_sql(PG_FUNCTION_ARGS)
{
	char	   *cal;
	text	   *cat;
	int			ci;
	int64		days;
	DateADT		day;
	int32_t		due;
	sa_cpl_status st;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a complaint due needs a time, a calendar and a category")));
	check_time(fcinfo, 0);
	cal = text_to_cstring(PG_GETARG_TEXT_PP(1));
	cat = PG_GETARG_TEXT_PP(2);
	ci = sa_cpl_category_parse(VARDATA_ANY(cat), VARSIZE_ANY_EXHDR(cat));
	if (ci < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid complaint category"),
				 errdetail("Category %s is not one of %s.", echo_text(cat), SA_CPL_CATEGORY_LIST)));
	days = PG_ARGISNULL(3) ? sa_cpl_category_default_days(ci) : PG_GETARG_INT32(3);
	day = sa_local_day(cal, PG_GETARG_TIMESTAMPTZ(0));
	st = sa_cpl_due(sa_calendar_workcal(cal), day, days, &due);
	if (st == SA_CPL_BAD_DAYS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid complaint reply limit"),
				 errdetail("The limit %lld must lie between 0 and %d working days.", (long long) days, SA_CPL_DAYS_MAX)));
	if (st != SA_CPL_OK)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date out of range"),
				 errdetail("A complaint received on %s in calendar \"%s\" would be due outside the supported date range.",
						   DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(day))),
						   sa_echo(cal, -1))));
	PG_RETURN_DATEADT(due);
}
