/*
 * access.h — the access decision, pure C (no server headers).
 *
 * "May the caller act as service_affair_<role> for this department?"
 *   - a superuser or a member of service_affair_admin: always;
 *   - anybody else: when it is a member of service_affair_<role> and has a
 *     staff row (login, department) for the department;
 *   - an unknown or NULL department, or a role that names no group role:
 *     administrators only.
 * The glue (src/access.c) gathers the facts (role membership, the caller's
 * staff rows) from the server and asks these functions; every SQL check and
 * row-level security helper of the extension ends there.
 */
#ifndef SA_ACCESS_H
#define SA_ACCESS_H

#include <stdbool.h>
#include <stddef.h>

#define ACC_ROLE_MAX 32				/* longest group role suffix */
#define ACC_PREFIX "service_affair_"
/* buffer size for a group role name: prefix + suffix + NUL */
#define ACC_GROUP_NAME_SIZE (sizeof(ACC_PREFIX) + ACC_ROLE_MAX)

/*
 * acc_group_role — the group role name for a role suffix ("clerk" →
 * "service_affair_clerk") into buf (at least ACC_GROUP_NAME_SIZE bytes).
 * False, and buf empty, when the suffix cannot name a group role: empty,
 * longer than ACC_ROLE_MAX, or with a character outside [a-z0-9_].
 */
bool		acc_group_role(const char *role, size_t len, char *buf, size_t bufsize);

/*
 * acc_is_group_role — whether name is one of the extension's six group
 * roles (service_affair_admin, _clerk, _reviewer, _inspector, _analyst,
 * _public): a group every member may SET ROLE to, never one person.  The
 * one list of them (create_roles() makes these six).  NULL is none.
 */
bool		acc_is_group_role(const char *name);

/*
 * acc_may_act — the decision.  admin: the caller is a superuser or a member
 * of service_affair_admin; member: it is a member of service_affair_<role>;
 * staff / nstaff: the departments of its staff rows; department: NULL for
 * "no department" (administrators only).
 */
bool		acc_may_act(bool admin, bool member, const char *const *staff, size_t nstaff,
						const char *department);

/*
 * acc_may_act_at — may a clerk act at a service point (issue 13)?  admin: a
 * superuser or administrator (always); posts / nposts: the points the caller
 * is posted to (staff_point rows); region_clerk: it is a clerk of a
 * department of the point's region.  A clerk posted to points acts at those
 * points only; a clerk posted nowhere acts at every point of its regions.
 * NULL point: the caller's own centre, decided by region as before.
 */
bool		acc_may_act_at(bool admin, bool region_clerk, const char *const *posts, size_t nposts,
						   const char *point);

/*
 * acc_home_region — the region of the caller's own office, where a case it
 * receives naming neither a point nor a region is received: for a clerk
 * posted nowhere (nposts 0) whose departments all lie in one region
 * (regions / nregions: the region of each of its clerk staff rows' departments,
 * NULL for a department without a region), that region; NULL for an
 * administrator (admin), a clerk posted to points, a clerk of several regions
 * or of none (no staff row), and a clerk of a department without a region
 * (until 2026-12-05 such a department was left out, and a clerk of it and of
 * one region's department had that region as its office): the caller has no
 * one office, and the region of the item asked for decides.
 */
const char *acc_home_region(bool admin, const char *const *regions, size_t nregions, size_t nposts);

/*
 * acc_point_business — does the receiving point of a case still have
 * business with it (通办, doc/access.md "The receiving point's clerk")?  The
 * point's staff stand at the window with the applicant: they take a
 * supplement, a withdrawal or a visit there, verify the identity of whoever
 * comes back and hand the result over.  received_at_point: the case was
 * received at a service point (cases.receiving_point not NULL); settled: it
 * is settled; delivered: its result was delivered; status / len: its status.
 * True while the case was received at a point, is neither settled nor
 * delivered, and is returned, accepted or concluded (not withdrawn, not
 * revoked, no unknown status).  Whether the caller is of that point is
 * acc_may_act_at()'s decision; both together admit the point's clerk to the
 * applicant (case_applicant()) and to the steps at its window (supplement(),
 * withdraw(), record_visit(), deliver()), so that the read and the writes
 * cannot disagree.
 */
bool		acc_point_business(bool received_at_point, bool settled, bool delivered,
							   const char *status, size_t len);

#endif
