/*
 * access.c — who is calling, and the one access decision.
 *
 * The API functions that write are SECURITY DEFINER, so inside them
 * current_user is the extension owner.  Auditing and department scoping need
 * the role that called them, which is the "outer" user id: the session user
 * or whatever SET ROLE chose, untouched by SECURITY DEFINER.
 *
 * "May this role act for this department" has one home: the pure rule is
 * acc_may_act() in src/core/access.c (unit-tested); this file gathers its
 * facts.  A caller acts as service_affair_<role> when it has the privileges
 * of that group role: a member through INHERIT grants only (has_privs_of_role,
 * as privilege checks count; not is_member_of_role, which also counts the
 * roles a NOINHERIT login could SET ROLE to but has not).  A superuser has
 * the privileges of every role; before create_roles() made the group roles,
 * only a superuser acts as any.  It acts for a
 * department as <role> when it also has a row (login, department) in
 * service_affair.staff.  A superuser and a member of service_affair_admin may
 * act for every department as every role.  The SQL helpers (acts_as, may_act,
 * acting_departments, my_departments, my_regions, require_*, may_act_for,
 * check_department_staff, staff_departments, sees_all_tasks) all end here.
 *
 * The staff table is read through its primary key with a plain index scan,
 * without a privilege check: the answer is only ever about the caller itself,
 * and so the functions need no SECURITY DEFINER (row-level security policies
 * call them as the querying role, which has no privilege on staff).
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "access.h"
#include "arguments.h"

PG_FUNCTION_INFO_V1(sa_actor);
PG_FUNCTION_INFO_V1(sa_acts_as);
PG_FUNCTION_INFO_V1(sa_may_act);
PG_FUNCTION_INFO_V1(sa_acting_departments);
PG_FUNCTION_INFO_V1(sa_restoring);
PG_FUNCTION_INFO_V1(sa_require_private_schema);
PG_FUNCTION_INFO_V1(sa_maybe_same_person);
PG_FUNCTION_INFO_V1(sa_is_group_role);

/* actor() — name of the calling role, seen through SECURITY DEFINER. */
Datum
sa_actor(PG_FUNCTION_ARGS)
{
	const char *name = GetUserNameFromId(GetOuterUserId(), false);

	PG_RETURN_DATUM(DirectFunctionCall1(namein, CStringGetDatum(name)));
}

/*
 * maybe_same_person(other name) — may the caller be the person behind the
 * role other?  The catalog's four-eyes rules ask it (33_guides.sql).  True
 * when other is actor(); else, unless the session is a superuser's (every
 * person of a test, a restore, the demo): when other is the session's login,
 * or one of the extension's group roles of which the login is a member
 * (whoever wrote as service_affair_admin may be any administrator).  Not
 * any role without LOGIN: doc/deployment.md gives each person such a role
 * behind one application login that is a member of them all.  Here, with
 * the rest of the access decision: no SQL reads role membership.
 */
Datum
sa_maybe_same_person(PG_FUNCTION_ARGS)
{
	const char *other = NameStr(*PG_GETARG_NAME(0));
	Oid			session = GetSessionUserId();

	if (strcmp(other, GetUserNameFromId(GetOuterUserId(), false)) == 0)
		PG_RETURN_BOOL(true);
	if (sa_session_superuser())
		PG_RETURN_BOOL(false);
	if (strcmp(other, GetUserNameFromId(session, false)) == 0)
		PG_RETURN_BOOL(true);
	if (acc_is_group_role(other))
	{
		Oid			role = get_role_oid(other, true);

		PG_RETURN_BOOL(OidIsValid(role) && is_member_of_role(session, role));
	}
	PG_RETURN_BOOL(false);
}

/*
 * is_group_role(name) → boolean: whether the role named is one of the
 * extension's group roles (acc_is_group_role(), the one list of them), for
 * the SQL that must not take such a role for one person.
 */
Datum
sa_is_group_role(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(acc_is_group_role(NameStr(*PG_GETARG_NAME(0))));
}

/*
 * restoring() — is the current write a restore?  pg_dump's script and
 * pg_restore (on every connection it opens) set search_path to '' and
 * check_function_bodies to off, and only a superuser restores the
 * extension's tables.  The settings are read as current_setting() shows
 * them (is_superuser: the session's authorization).  In C, not SQL: in a
 * trigger's WHEN clause an SQL function, inlined when each statement
 * prepares the clause, made a single-row INSERT cost 22.5 µs against 9 µs
 * with the test written out; a C function costs one call per row.
 */
Datum
sa_restoring(PG_FUNCTION_ARGS)
{
	const char *path = GetConfigOption("search_path", false, false);
	const char *bodies = GetConfigOption("check_function_bodies", false, false);
	const char *super = GetConfigOption("is_superuser", false, false);

	PG_RETURN_BOOL(path != NULL && (strcmp(path, "") == 0 || strcmp(path, "\"\"") == 0)
				   && bodies != NULL && strcmp(bodies, "off") == 0
				   && super != NULL && strcmp(super, "on") == 0);
}

/*
 * Does `who` hold the privileges of service_affair_<role>?  A superuser does;
 * when the group role does not exist (create_roles() not run yet), only a
 * superuser does.  A NOINHERIT login granted the group (directly or through
 * a staff role) does only once it has SET ROLE to it: the application login
 * of doc/deployment.md is nobody until it names the staff member.
 */
static bool
in_group(Oid who, const char *role, int len)
{
	char		buf[ACC_GROUP_NAME_SIZE];
	Oid			g;

	StaticAssertStmt(ACC_GROUP_NAME_SIZE <= NAMEDATALEN, "group role names fit a name");
	if (len < 0 || !acc_group_role(role, (size_t) len, buf, sizeof(buf)))
		return superuser_arg(who);
	g = get_role_oid(buf, true);
	if (!OidIsValid(g))
		return superuser_arg(who);
	return has_privs_of_role(who, g);
}

static bool
is_admin(Oid who)
{
	return in_group(who, "admin", 5);
}

/*
 * The departments of the staff rows of login `who`, as a list of palloc'd
 * C strings.  Primary key (login, department): an index scan on login.
 */
static List *
staff_departments_of(Oid who)
{
	Oid			nsp = get_namespace_oid("service_affair", true);
	Oid			relid,
				indid;
	Relation	rel;
	SysScanDesc scan;
	ScanKeyData key;
	NameData	login;
	HeapTuple	tup;
	List	   *out = NIL;
	Snapshot	snap;

	if (!OidIsValid(nsp))
		return NIL;
	relid = get_relname_relid("staff", nsp);
	indid = get_relname_relid("staff_pkey", nsp);
	if (!OidIsValid(relid) || !OidIsValid(indid))
		return NIL;

	namestrcpy(&login, GetUserNameFromId(who, false));
	/* name columns collate "C", like the scan key */
	ScanKeyInit(&key, 1, BTEqualStrategyNumber, F_NAMEEQ, NameGetDatum(&login));

	snap = ActiveSnapshotSet() ? GetActiveSnapshot() : GetTransactionSnapshot();
	rel = table_open(relid, AccessShareLock);
	scan = systable_beginscan(rel, indid, true, snap, 1, &key);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		bool		isnull;
		Datum		d = heap_getattr(tup, 2, RelationGetDescr(rel), &isnull);

		if (!isnull)
			out = lappend(out, TextDatumGetCString(d));
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return out;
}

/*
 * acting_for — the one decision.  department NULL: "for which departments"
 * (the list is returned in *deps).  Returns whether `who` may act for the
 * department as service_affair_<role>.
 */
static bool
acting_for(Oid who, text *role, const char *department, List **deps, bool admin_passes)
{
	List	   *staff;
	ListCell   *lc;
	const char **names;
	size_t		n = 0;
	bool		admin = admin_passes && is_admin(who);
	bool		member;

	if (deps)
		*deps = NIL;
	if (admin)
		return acc_may_act(true, false, NULL, 0, department);
	member = role != NULL && in_group(who, VARDATA_ANY(role), VARSIZE_ANY_EXHDR(role));
	if (!member)
		return acc_may_act(false, false, NULL, 0, department);
	staff = staff_departments_of(who);
	names = palloc(sizeof(const char *) * (list_length(staff) + 1));
	foreach(lc, staff)
		names[n++] = (const char *) lfirst(lc);
	if (deps)
		*deps = staff;
	return acc_may_act(false, true, names, n, department);
}

/* acts_as(role text) → boolean: holds the privileges of service_affair_<role> (superusers: every role). */
Datum
sa_acts_as(PG_FUNCTION_ARGS)
{
	text	   *role = PG_GETARG_TEXT_PP(0);

	PG_RETURN_BOOL(in_group(GetOuterUserId(), VARDATA_ANY(role), VARSIZE_ANY_EXHDR(role)));
}

/*
 * may_act(role text, department text) → boolean: the caller is a superuser or
 * an administrator, or acts as service_affair_<role> and works for the
 * department.  NULL department: only superusers and administrators.
 */
Datum
sa_may_act(PG_FUNCTION_ARGS)
{
	text	   *role = PG_ARGISNULL(0) ? NULL : PG_GETARG_TEXT_PP(0);
	Oid			who = GetOuterUserId();
	char	   *dep;

	dep = PG_ARGISNULL(1) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(1));
	PG_RETURN_BOOL(acting_for(who, role, dep, NULL, true));
}

/*
 * acting_departments(role text) → text[]: the departments the caller works
 * for as service_affair_<role> (its staff rows, when it is a member of the
 * group role); empty otherwise.  Administrators get their own staff rows
 * only: their blanket right is asked with may_act().
 */
Datum
sa_acting_departments(PG_FUNCTION_ARGS)
{
	text	   *role = PG_GETARG_TEXT_PP(0);
	List	   *deps = NIL;
	Datum	   *elems;
	int			n = 0;
	ListCell   *lc;

	(void) acting_for(GetOuterUserId(), role, NULL, &deps, false);
	elems = palloc(sizeof(Datum) * (list_length(deps) + 1));
	foreach(lc, deps)
		elems[n++] = CStringGetTextDatum((const char *) lfirst(lc));
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
}

/*
 * Could `who` act as an administrator or a superuser, now or after SET ROLE?
 * 'superuser' when it is one or a member of one (directly or through other
 * roles, INHERIT or not), 'administrator' when it is a member of
 * service_affair_admin, with or without INHERIT; NULL otherwise.  Membership
 * (is_member_of_role_nosuper), not privileges: until 2026-12-05 the link
 * check asked is_admin() (has_privs_of_role), and a NOINHERIT member of
 * service_affair_admin, who holds its privileges only after SET ROLE, was
 * linked as an inspector; it drew the teams as the administrator and
 * recorded as the inspector drawn (a review).  The superuser roles are
 * few: pg_authid is scanned for them.
 */
static const char *
admin_membership(Oid who)
{
	Oid			g = get_role_oid("service_affair_admin", true);
	Relation	rel;
	SysScanDesc scan;
	HeapTuple	tup;
	bool		super = superuser_arg(who);

	if (!super)
	{
		rel = table_open(AuthIdRelationId, AccessShareLock);
		scan = systable_beginscan(rel, InvalidOid, false, NULL, 0, NULL);
		while (!super && HeapTupleIsValid(tup = systable_getnext(scan)))
		{
			Form_pg_authid a = (Form_pg_authid) GETSTRUCT(tup);

			if (a->rolsuper && a->oid != who && is_member_of_role_nosuper(who, a->oid))
				super = true;
		}
		systable_endscan(scan);
		table_close(rel, AccessShareLock);
	}
	if (super)
		return "superuser";
	if (OidIsValid(g) && is_member_of_role_nosuper(who, g))
		return "administrator";
	return NULL;
}

/*
 * inspector_login_problem(login name, department text) → text: why the role
 * `login` cannot be linked to an inspector of `department`
 * (inspector.login, 70_inspection.sql), or NULL when it can: 'no such
 * role'; 'group role' (one of the extension's six: each member would be the
 * inspector); 'superuser' or 'administrator' (is, or is a member of, a
 * superuser or service_affair_admin, with INHERIT or without: it passes
 * every check, at once or after SET ROLE, so the team rule would not bind
 * it; admin_membership()); 'no staff row'
 * (it does not work for the department: record_result() asks the staff rows
 * first).  A role without LOGIN is no problem: doc/deployment.md gives each
 * person such a role behind one application login.  Here, with the rest of
 * the access decision: no SQL reads staff or role membership
 * (access_decision.sql); the answer is about the role named, which the
 * trigger inspector_login_check and the administrators ask.
 */
PG_FUNCTION_INFO_V1(sa_inspector_login_problem);
Datum
sa_inspector_login_problem(PG_FUNCTION_ARGS)
{
	const char *login = NameStr(*PG_GETARG_NAME(0));
	char	   *department = text_to_cstring(PG_GETARG_TEXT_PP(1));
	Oid			role = get_role_oid(login, true);
	const char *problem;
	List	   *staff;
	ListCell   *lc;

	if (!OidIsValid(role))
		PG_RETURN_TEXT_P(cstring_to_text("no such role"));
	if (acc_is_group_role(login))
		PG_RETURN_TEXT_P(cstring_to_text("group role"));
	problem = admin_membership(role);
	if (problem != NULL)
		PG_RETURN_TEXT_P(cstring_to_text(problem));
	staff = staff_departments_of(role);
	foreach(lc, staff)
		if (strcmp((const char *) lfirst(lc), department) == 0)
			PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text("no staff row"));
}

PG_FUNCTION_INFO_V1(sa_access_log_line);

/*
 * access_log_line(applicant bigint, purpose text, case_id bigint) → void:
 * the access log's entry in the server log (LOG), written at once and not
 * undone by a rollback (doc/access.md, "The server log").  Ids only: the
 * statement that made the read and its context are not logged with it
 * (errhidestmt, errhidecontext), since they hold the identifier and name a
 * caller passed to submit(), completeness() or register_applicant().  The
 * caller is the outer user, as actor() reports it, followed by the session's
 * login when that is another role; both role names as an error echoes them
 * (sa_echo_n(): until 2026-12-07 quote_identifier() alone, which keeps a line
 * feed, and a role named "x<LF>LOG:  ..." wrote a line of its own into the
 * server log's access entries).
 */
Datum
sa_access_log_line(PG_FUNCTION_ARGS)
{
	Oid			outer = GetOuterUserId();
	const char *who = GetUserNameFromId(outer, false);
	char		cbuf[32];
	/*
	 * the session's login too when the caller acts as another role (SET
	 * ROLE): as a group role of the extension, actor() names no person (a
	 * review of 2026-12-04)
	 */
	char	   *login = GetSessionUserId() == outer ? "" :
		psprintf(" (login %s)", quote_identifier(sa_echo_n(GetUserNameFromId(GetSessionUserId(), false), -1, SA_ECHO_ALL)));

	if (PG_ARGISNULL(2))
		strlcpy(cbuf, "none", sizeof cbuf);
	else
		snprintf(cbuf, sizeof cbuf, INT64_FORMAT, PG_GETARG_INT64(2));
	ereport(LOG,
			(errmsg("service_affair access: %s%s read applicant %s through %s (case %s)",
					quote_identifier(sa_echo_n(who, -1, SA_ECHO_ALL)), login,
					PG_ARGISNULL(0) ? "NULL" : psprintf(INT64_FORMAT, PG_GETARG_INT64(0)),
					PG_ARGISNULL(1) ? "NULL" : text_to_cstring(PG_GETARG_TEXT_PP(1)),
					cbuf),
			 errhidestmt(true),
			 errhidecontext(true)));
	PG_RETURN_VOID();
}

/*
 * require_private_schema(schema_name text) → void, STRICT: 42501 unless the
 * schema, when it exists, belongs to a superuser and no role but its owner
 * and superusers may create in it.  The SECURITY DEFINER functions pin their
 * search_path but name the extension's objects by its schema: a role that
 * owns it, or may create in it, can rename it, make another of the same name
 * and put objects of its own behind those names, run as the functions'
 * owner.  CREATE EXTENSION installs into an existing schema of the control
 * file's name whoever made it (until 2026-12-04 a role with CREATE on the
 * database made service_affair first and became a superuser through
 * my_regions(); a review).  Asked first by the install and update scripts
 * of service_affair and its companions.  Here, with the access decisions,
 * since it reads role attributes.
 */
Datum
sa_require_private_schema(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	HeapTuple	tup;
	Oid			owner;
	Datum		acl_datum;
	bool		isnull;
	StringInfoData creators;

	tup = SearchSysCache1(NAMESPACENAME, CStringGetDatum(name));
	if (!HeapTupleIsValid(tup))
		PG_RETURN_VOID();
	owner = ((Form_pg_namespace) GETSTRUCT(tup))->nspowner;
	if (!superuser_arg(owner))
	{
		const char *owner_name = GetUserNameFromId(owner, true);

		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("schema %s belongs to a role that is not a superuser", name),
				 errdetail("Schema %s belongs to %s. The extension's functions run as their owner and name their objects by this schema: "
						   "its owner could rename it and put objects of its own behind those names.",
						   name, owner_name ? owner_name : "a dropped role"),
				 errhint("Check what the schema holds, then drop it or give it to a superuser (ALTER SCHEMA ... OWNER TO postgres), and run the command again.")));
	}

	initStringInfo(&creators);
	acl_datum = SysCacheGetAttr(NAMESPACENAME, tup, Anum_pg_namespace_nspacl, &isnull);
	if (!isnull)
	{
		/* NULL is the default: the owner alone */
		Acl		   *acl = DatumGetAclPCopy(acl_datum);
		AclItem    *items = ACL_DAT(acl);
		int			i;

		for (i = 0; i < ACL_NUM(acl); i++)
		{
			Oid			grantee = items[i].ai_grantee;

			if (!(ACLITEM_GET_PRIVS(items[i]) & ACL_CREATE) || grantee == owner)
				continue;
			if (grantee != ACL_ID_PUBLIC && superuser_arg(grantee))
				continue;
			if (creators.len > 0)
				appendStringInfoString(&creators, ", ");
			appendStringInfoString(&creators, grantee == ACL_ID_PUBLIC ? "PUBLIC"
								   : quote_identifier(GetUserNameFromId(grantee, false)));
		}
	}
	ReleaseSysCache(tup);
	if (creators.len > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("roles that are not superusers may create objects in schema %s", name),
				 errdetail("%s may create in schema %s: objects of theirs could take the names the extension's functions use.",
						   creators.data, name),
				 errhint("REVOKE CREATE ON SCHEMA %s FROM %s, and run the command again.",
						 quote_identifier(name), creators.data)));
	PG_RETURN_VOID();
}
