/*
 * complaint.c — the rules of complaints; see complaint.h.
 */
#include "complaint.h"

#include <string.h>

static const char *const states[SA_CPL_NSTATES] = {"received", "assigned", "replied", "closed", "reopened"};
static const char *const actions[SA_CPL_NACTIONS] = {
	"assign", "transfer", "supervise", "reply", "callback_satisfied", "callback_unsatisfied", "close"
};
static const char *const channels[] = {"12345", "window", "online", "letter", "cannot_do"};
static const char *const categories[] = {"consultation", "complaint", "report", "suggestion", "cannot_do"};
static const int category_days[] = {
	SA_CPL_DAYS_CONSULTATION, SA_CPL_DAYS_COMPLAINT, SA_CPL_DAYS_REPORT,
	SA_CPL_DAYS_SUGGESTION, SA_CPL_DAYS_CANNOT_DO
};

static int
lookup(const char *const *list, size_t n, const char *s, size_t len)
{
	size_t		i;

	if (s == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (strlen(list[i]) == len && memcmp(list[i], s, len) == 0)
			return (int) i;
	return -1;
}

int
sa_cpl_state_parse(const char *s, size_t len)
{
	return lookup(states, SA_CPL_NSTATES, s, len);
}

int
sa_cpl_action_parse(const char *s, size_t len)
{
	return lookup(actions, SA_CPL_NACTIONS, s, len);
}

const char *
sa_cpl_state_name(sa_cpl_state s)
{
	return (s >= 0 && s < SA_CPL_NSTATES) ? states[s] : "?";
}

const char *
sa_cpl_action_name(sa_cpl_action a)
{
	return (a >= 0 && a < SA_CPL_NACTIONS) ? actions[a] : "?";
}

bool
sa_cpl_channel_valid(const char *s, size_t len)
{
	return lookup(channels, sizeof(channels) / sizeof(channels[0]), s, len) >= 0;
}

int
sa_cpl_category_parse(const char *s, size_t len)
{
	return lookup(categories, sizeof(categories) / sizeof(categories[0]), s, len);
}

bool
sa_cpl_category_valid(const char *s, size_t len)
{
	return sa_cpl_category_parse(s, len) >= 0;
}

int
sa_cpl_category_default_days(int category)
{
	if (category < 0 || category >= (int) (sizeof(category_days) / sizeof(category_days[0])))
		return -1;
	return category_days[category];
}

sa_cpl_status
sa_cpl_next(sa_cpl_state from, sa_cpl_action action, bool anonymous, sa_cpl_state *to)
{
	sa_cpl_state next;

	switch (action)
	{
		case SA_CPL_ASSIGN:
			if (from != SA_CPL_RECEIVED)
				return SA_CPL_WRONG_STATE;
			next = SA_CPL_ASSIGNED;
			break;
		case SA_CPL_TRANSFER:
			if (from != SA_CPL_ASSIGNED && from != SA_CPL_REOPENED)
				return SA_CPL_WRONG_STATE;
			next = from;
			break;
		case SA_CPL_SUPERVISE:
			if (from != SA_CPL_RECEIVED && from != SA_CPL_ASSIGNED && from != SA_CPL_REOPENED)
				return SA_CPL_WRONG_STATE;
			next = from;
			break;
		case SA_CPL_REPLY:
			if (from != SA_CPL_ASSIGNED && from != SA_CPL_REOPENED)
				return SA_CPL_WRONG_STATE;
			next = SA_CPL_REPLIED;
			break;
		case SA_CPL_CALLBACK_SATISFIED:
		case SA_CPL_CALLBACK_UNSATISFIED:
			if (from != SA_CPL_REPLIED)
				return SA_CPL_WRONG_STATE;
			if (anonymous)
				return SA_CPL_ANONYMOUS;
			next = action == SA_CPL_CALLBACK_SATISFIED ? SA_CPL_CLOSED : SA_CPL_REOPENED;
			break;
		case SA_CPL_CLOSE:
			if (from != SA_CPL_REPLIED)
				return SA_CPL_WRONG_STATE;
			if (!anonymous)
				return SA_CPL_NOT_ANONYMOUS;
			next = SA_CPL_CLOSED;
			break;
		default:
			return SA_CPL_WRONG_STATE;
	}
	if (from < 0 || from >= SA_CPL_NSTATES)
		return SA_CPL_WRONG_STATE;
	*to = next;
	return SA_CPL_OK;
}

sa_cpl_status
sa_cpl_due(const sa_workcal *cal, int32_t received_day, int64_t days, int32_t *due)
{
	int32_t		d;

	if (days < 0 || days > SA_CPL_DAYS_MAX)
		return SA_CPL_BAD_DAYS;
	if (received_day < SA_WD_MIN_DAY || received_day > SA_WD_MAX_DAY)
		return SA_CPL_OUT_OF_RANGE;
	if (sa_wd_add(cal, received_day, (int32_t) days, &d) != SA_WD_OK)
		return SA_CPL_OUT_OF_RANGE;
	*due = d;
	return SA_CPL_OK;
}
