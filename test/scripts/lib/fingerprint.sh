# shellcheck shell=bash
# Sourced by the upgrade tests: needs q() (lib/tap.sh).

# The schema fingerprint of the extension in one database, one line per fact.
# A fingerprint that fails ends with a line no other fingerprint has, so that
# two failed ones (both empty otherwise) never compare equal.
fingerprint() {
	fingerprint_query "$1" || echo "fingerprint of $1 failed ($$ $RANDOM $RANDOM)"
}
fingerprint_query() {
	q -d "$1" <<'SQL'
WITH ext AS (SELECT e.oid, e.extconfig, e.extcondition FROM pg_extension e WHERE e.extname = 'service_affair'),
rel AS (SELECT c.oid, c.relname, c.relkind FROM pg_class c WHERE c.relnamespace = 'service_affair'::regnamespace)
SELECT f FROM (
  SELECT 'member ' || pg_describe_object(d.classid, d.objid, d.objsubid)
    FROM pg_depend d, ext WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid AND d.deptype = 'e'
  UNION ALL
  SELECT 'column ' || r.relname || ' #' || row_number() OVER (PARTITION BY r.oid ORDER BY a.attnum) || ' ' || a.attname || ' '
         || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
         || coalesce(' default ' || pg_get_expr(ad.adbin, ad.adrelid), '') || ' identity:' || a.attidentity::text
         || ' storage:' || a.attstorage::text || ' collation:' || a.attcollation::regcollation::text
    FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef ad ON ad.adrelid = r.oid AND ad.adnum = a.attnum
  UNION ALL
  SELECT 'constraint ' || r.relname || ' ' || co.conname || ' ' || pg_get_constraintdef(co.oid)
         || ' validated:' || co.convalidated || ' local:' || co.conislocal || ' inherited:' || co.coninhcount
         || ' noinherit:' || co.connoinherit || ' parent:' || coalesce(pc.conname || ' of ' || pc.conrelid::regclass::text, '')
         || ' index:' || coalesce(co.conindid::regclass::text, '')
    FROM rel r JOIN pg_constraint co ON co.conrelid = r.oid
    LEFT JOIN pg_constraint pc ON pc.oid = co.conparentid
  UNION ALL
  SELECT 'index ' || i.indexname || ' ' || i.indexdef FROM pg_indexes i WHERE i.schemaname = 'service_affair'
  UNION ALL
  SELECT 'trigger ' || r.relname || ' ' || pg_get_triggerdef(t.oid) || ' enabled:' || t.tgenabled::text
    FROM rel r JOIN pg_trigger t ON t.tgrelid = r.oid AND NOT t.tgisinternal
  UNION ALL
  SELECT 'rls ' || r.relname || ' ' || c.relrowsecurity || ' ' || c.relforcerowsecurity || ' acl:' || coalesce(c.relacl::text, '')
         || ' options:' || coalesce(c.reloptions::text, '')
    FROM rel r JOIN pg_class c ON c.oid = r.oid
  UNION ALL
  -- the column privileges (the analysts' of task: role_grant.columns)
  SELECT 'column acl ' || r.relname || ' ' || a.attname || ' ' || a.attacl::text
    FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL
  UNION ALL
  SELECT 'relation ' || r.relname || ' kind:' || c.relkind::text || ' persistence:' || c.relpersistence::text
         || ' replica identity:' || c.relreplident::text || ' partition:' || c.relispartition
         || ' bound:' || coalesce(pg_get_expr(c.relpartbound, c.oid), '')
         || ' key:' || coalesce(pg_get_partkeydef(c.oid), '') || ' access method:' || coalesce(c.relam::regclass::text, '')
         || ' owner is extension owner:' || (c.relowner = (SELECT e.extowner FROM pg_extension e WHERE e.extname = 'service_affair'))
    FROM rel r JOIN pg_class c ON c.oid = r.oid
  UNION ALL
  SELECT 'sequence ' || s.seqrelid::regclass || ' ' || format_type(s.seqtypid, NULL) || ' ' || s.seqstart || ' ' || s.seqincrement
         || ' ' || s.seqmax || ' ' || s.seqmin || ' ' || s.seqcache || ' ' || s.seqcycle
    FROM pg_sequence s JOIN rel r ON r.oid = s.seqrelid
  UNION ALL
  SELECT 'type ' || t.oid::regtype || ' ' || t.typtype::text || coalesce(' labels:' || (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                                                                                  FROM pg_enum e WHERE e.enumtypid = t.oid), '')
         || coalesce(' domain of ' || format_type(t.typbasetype, t.typtypmod) || ' not null:' || t.typnotnull, '')
    FROM pg_type t WHERE t.typnamespace = 'service_affair'::regnamespace AND t.typtype IN ('e', 'd', 'b', 'r')
  UNION ALL
  SELECT 'policy ' || p.tablename || ' ' || p.policyname || ' ' || p.permissive || ' ' || p.roles::text || ' ' || p.cmd
         || ' using:' || coalesce(p.qual, '') || ' check:' || coalesce(p.with_check, '')
    FROM pg_policies p WHERE p.schemaname = 'service_affair'
  UNION ALL
  SELECT 'function ' || p.oid::regprocedure || ' ' || md5(pg_get_functiondef(p.oid)) || ' acl:' || coalesce(p.proacl::text, '')
    FROM pg_proc p WHERE p.pronamespace = 'service_affair'::regnamespace AND p.prokind IN ('f', 'p')
  UNION ALL
  SELECT 'view ' || r.relname || ' ' || pg_get_viewdef(r.oid) FROM rel r WHERE r.relkind IN ('v', 'm')
  UNION ALL
  -- statistics objects (cases_group_keys, complaint_group_keys): no members of the extension, but
  -- made by its scripts over its tables
  SELECT 'statistics ' || pg_get_statisticsobjdef(s.oid) || ' target:' || s.stxstattarget
         || ' comment:' || coalesce(obj_description(s.oid, 'pg_statistic_ext'), '')
    FROM pg_statistic_ext s WHERE s.stxnamespace = 'service_affair'::regnamespace
  UNION ALL
  SELECT 'comment ' || pg_describe_object(dc.classoid, dc.objoid, dc.objsubid) || ' ' || dc.description
    FROM pg_description dc JOIN pg_depend d ON d.classid = dc.classoid AND d.objid = dc.objoid
     AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND d.refobjid = (SELECT oid FROM ext)
  UNION ALL
  -- the initial privileges (pg_init_privs) pg_dump measures the grants of an
  -- object and of the schema against: a grant recorded there is left out of
  -- dumps; a missing entry counts as the default privileges (acldefault), as
  -- pg_dump does
  SELECT 'initial privileges ' || pg_describe_object(ip.classoid, ip.objoid, ip.objsubid) || ' ' || ip.initprivs::text
    FROM pg_init_privs ip, ext
   WHERE ip.privtype = 'e'
     AND (EXISTS (SELECT FROM pg_depend d WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid AND d.deptype = 'e'
                     AND d.classid = ip.classoid AND d.objid = ip.objoid AND d.objsubid = 0)
          -- the schema, made by CREATE EXTENSION before the script: no member
          OR (ip.classoid = 'pg_namespace'::regclass AND ip.objoid = 'service_affair'::regnamespace))
     AND ip.initprivs IS DISTINCT FROM
         CASE WHEN ip.classoid = 'pg_class'::regclass AND ip.objsubid = 0
              THEN (SELECT acldefault((CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END)::"char", c.relowner) FROM pg_class c WHERE c.oid = ip.objoid)
              WHEN ip.classoid = 'pg_proc'::regclass THEN (SELECT acldefault('f'::"char", p.proowner) FROM pg_proc p WHERE p.oid = ip.objoid)
              WHEN ip.classoid = 'pg_type'::regclass THEN (SELECT acldefault('T'::"char", t.typowner) FROM pg_type t WHERE t.oid = ip.objoid)
              WHEN ip.classoid = 'pg_namespace'::regclass THEN (SELECT acldefault('n'::"char", n.nspowner) FROM pg_namespace n WHERE n.oid = ip.objoid) END
  UNION ALL
  SELECT 'dumped ' || u.t::regclass || ' ' || coalesce(u.c, '')
    FROM ext, unnest(ext.extconfig, ext.extcondition) u(t, c)
  UNION ALL
  SELECT 'grant ' || g.role || ' ' || g.privilege || ' ' || g.object || coalesce(' columns:' || g.columns::text, '')
    FROM service_affair.role_grant g
) x(f) ORDER BY f COLLATE "C";
SQL
}

