/*
 * network.h — the service network (通办 and 就近办), pure C (no server headers).
 *
 * One rule lives here: which contact of an applicant with government counts
 * as an in-person visit (跑一次), and whether it was near home (就近办).
 *
 *   - online, mobile (the 浙里办 app), door (上门服务), mail, electronic: 0;
 *   - a contact made by an agent (代办员, bank, volunteer, staff) for the
 *     applicant: 0 — the agent's trips are not the applicant's visits;
 *   - a window at a staffed point: county centre → a visit; town centre,
 *     village point or bank branch → a visit reported as 就近办;
 *   - a kiosk: counts as a visit of its parent's kind when its parent is a
 *     staffed point (county, town, village, bank), else 0 (a kiosk in a
 *     shopping mall is self-service, like online);
 *   - a mobile service point (流动服务): 0;
 *   - no point named: a window counts as a visit at a centre, a kiosk 0 (the
 *     0.1 rule for cases without a place).
 *
 * 0.1 counted a kiosk as 0 visits wherever it stood; 0.2 counts a kiosk
 * inside a staffed centre (the upgrade notes the change).
 */
#ifndef SA_NETWORK_H
#define SA_NETWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum nw_level
{
	NW_LEVEL_NONE = 0,			/* no point (NULL) */
	NW_LEVEL_COUNTY,
	NW_LEVEL_TOWN,
	NW_LEVEL_VILLAGE,
	NW_LEVEL_BANK,
	NW_LEVEL_KIOSK,
	NW_LEVEL_MOBILE,
	NW_LEVEL_UNKNOWN = -1
} nw_level;

typedef enum nw_channel
{
	NW_CH_WINDOW = 0,
	NW_CH_KIOSK,
	NW_CH_ONLINE,
	NW_CH_MOBILE,
	NW_CH_DOOR,
	NW_CH_MAIL,
	NW_CH_ELECTRONIC,
	NW_CH_UNKNOWN = -1
} nw_channel;

typedef enum nw_visit
{
	NW_VISIT_NONE = 0,			/* not a visit */
	NW_VISIT_CENTRE,			/* a visit at a county centre */
	NW_VISIT_NEARBY,			/* a visit at a town, village or bank point (就近办) */
	NW_VISIT_ERROR = -1			/* unknown channel or level */
} nw_visit;

/* Level of a name of len bytes ("county", ...); NULL/len 0 → NW_LEVEL_NONE. */
extern nw_level nw_level_parse(const char *s, size_t len);
/* Channel of a name of len bytes ("window", ...); NW_CH_UNKNOWN otherwise. */
extern nw_channel nw_channel_parse(const char *s, size_t len);
/* Whether a level is a staffed point (county, town, village, bank). */
extern bool nw_level_staffed(nw_level l);

/*
 * nw_visit_of — the rule.  level: the level of the point where the contact
 * happened (NW_LEVEL_NONE when none was named); parent: the level of its
 * parent point (NW_LEVEL_NONE when none); agent: the contact was made by an
 * agent acting for the applicant.
 */
extern nw_visit nw_visit_of(nw_channel ch, nw_level level, nw_level parent, bool agent);

/* The name of a visit kind: "none", "centre", "nearby"; NULL for an error. */
extern const char *nw_visit_name(nw_visit v);

/*
 * The phase of the visits a case gains (the trigger case_visit_phase,
 * 43_visit_phases.sql): a case inserted with visits, or an update that raises
 * them, attributes the gain to the phase the case is in: before acceptance
 * while accepted_at is NULL, collection once the case was concluded (an
 * update of a concluded case), else acceptance to result.  Only in the last
 * two does the promise matter: the caller then reads the service's
 * max_visits and asks nw_promise_exceeded() whether to notify.  An update
 * of an accepted case that gains no visit but lowers visits_before_acceptance
 * (visits moved into the promise by an acceptance recorded late) is asked
 * too: the visits it moves may exceed the promise.
 */
typedef struct nw_phase
{
	bool		changed;		/* the visits grew: vba and vcol below apply */
	bool		overflow;		/* a count would leave the integer range */
	int32_t		vba;			/* visits_before_acceptance to store */
	int32_t		vcol;			/* visits_collection to store */
	bool		promise;		/* look up max_visits and ask nw_promise_exceeded() */
	int64_t		before_promise; /* promise visits before this change */
	int64_t		promise_visits; /* promise visits after it */
} nw_phase;

extern nw_phase nw_visit_phase(bool insert, int32_t old_visits, int32_t old_vba, bool old_concluded,
							   int32_t new_visits, int32_t new_vba, int32_t new_vcol, bool accepted);

/* Whether this change is the one that first takes the promise's visits past max_visits. */
extern bool nw_promise_exceeded(const nw_phase *p, int32_t max_visits);

#endif
