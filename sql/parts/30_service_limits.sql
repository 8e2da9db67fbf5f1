-- The effective limits of a service (30_catalog.sql), in a part of its own
-- so that the install and the update from 0.1.0 share them.

-- The working days an item promises, in one home (src/core/svclimit.c): 0
-- when it is immediate (即办件), else its promised_limit, else its legal
-- days (item_legal_days(), 30_catalog.sql: its legal_limit, else 20, the
-- clock of an item with no legal limit; the C of the one asks the C of the
-- other).  bundle_limits
-- and service_info() below, catalog_regression_kinds() and
-- catalog_bundles_lengthened() over row images (33_guides.sql) ask it, and
-- route_accepted() (src/routing.c) asks its C; until 2026-12-05 each spelled the rule.  Not STRICT: a NULL limit is
-- one not set, a NULL kind (an image naming none) not immediate.  A pure
-- function of its arguments: EXECUTE stays with PUBLIC, since whoever reads
-- a view over bundle_limits (public_bundle_list) calls it.
CREATE FUNCTION service_affair.item_promised_days(kind text, promised_limit integer, legal_limit integer)
    RETURNS integer
    AS 'MODULE_PATHNAME', 'sa_item_promised_days_sql'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.item_promised_days(text, integer, integer) IS
  'The working days an item promises (src/core/svclimit.c): 0 when kind is immediate (即办件), else promised_limit, else legal_limit, else 20; a NULL kind is not immediate; 22023 for a kind other than immediate or promised and for a negative limit. The one rule of service_info(), bundle_limits, route_accepted() and the catalog regressions';

-- 统一办理, 联合办理, 集中办理 (joint handling): 行政许可法 Art 42 ¶2 —
-- "依照本法第二十六条的规定，行政许可采取统一办理或者联合办理、集中办理的，
-- 办理的时间不得超过四十五日；四十五日内不能办结的，经本级人民政府负责人批准，
-- 可以延长十五日" (days are working days, Art 82).  The two numbers live
-- in src/core/svclimit.h only: bundle_days() caps a joint bundle's legal
-- days with the first, bundle_extension_days() a joint case's extensions in
-- all with the second, asked here.  A pure constant: EXECUTE stays with PUBLIC,
-- as bundle_days().
CREATE FUNCTION service_affair.joint_handling_limits(OUT legal_days integer, OUT extension_days integer)
    AS 'MODULE_PATHNAME', 'sa_joint_handling_limits_sql'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.joint_handling_limits() IS
  'The limits of joint handling (统一办理/联合办理, a bundle whose items belong to two or more departments; 行政许可法 Art 42 ¶2): at most 45 legal working days, extended by at most 15 in all';

-- The working days a case of a bundle may be extended in all (延期), in one
-- home (src/core/svclimit.c, sa_bundle_extension_days()): stage_extension,
-- the sum over its stages of the largest extension of a task of the stage
-- (parallel tasks run at once, as extensions move the case), at most
-- joint_handling_limits().extension_days (15) when departments, the
-- distinct departments of its tasks, are two or more (joint handling,
-- 行政许可法 Art 42 ¶2); a case of one department only by each task's
-- item.extension_limit.  extend() (50_routing.sql) asks it of the
-- extensions a case would have, refusing when the answer is less;
-- catalog_regression_kinds() (33_guides.sql) of a bundle's items before
-- and after a write (stage_extension over their extension_limit: the most
-- its cases may be extended), extension_lengthened when it grows (an entry
-- removed or an item moved that leaves a joint bundle of one department
-- lifts the cap).  Until 2026-12-05 extend() spelled the cap itself and
-- the catalog judged none of it.  A pure function of its arguments.
CREATE FUNCTION service_affair.bundle_extension_days(stage_extension integer, departments bigint)
    RETURNS integer
    AS 'MODULE_PATHNAME', 'sa_bundle_extension_days_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.bundle_extension_days(integer, bigint) IS
  'Internal: the working days a bundle''s case may be extended in all, from the sum over its stages of the largest extension of a task of the stage and its number of departments: the sum, at most 15 when two or more departments handle it (joint handling, 行政许可法 Art 42 ¶2; joint_handling_limits()). The one rule of extend() and of catalog_regression_kinds() (extension_lengthened)';
REVOKE EXECUTE ON FUNCTION service_affair.bundle_extension_days(integer, bigint) FROM PUBLIC;

-- The days of a bundle, in one home: bundle_limits (its cases, the public
-- list) and catalog_regression_kinds() and catalog_bundles_lengthened() over
-- row images (33_guides.sql) ask it, each giving the sums over the bundle's
-- stages of the largest member promise (stage_promised) and of the largest
-- member legal days (item_legal_days(): legal_limit, NULL: 20;
-- stage_legal), the number of stages and of distinct departments of its
-- items.  Its legal days are stage_legal, at most
-- joint_handling_limits().legal_days (45) when its items belong to two or
-- more departments: received once and handled by several departments,
-- it is 统一办理/联合办理 (行政许可法 Art 42 ¶2); a bundle of one department
-- is that department's own items in sequence, not joint, and keeps the sum
-- (until 2026-12-05 every bundle did: three stages of 20 days were 60 legal
-- days).  Its promised days are its own promised_limit, else stage_promised,
-- never more than the legal days: the promise binds only when shorter than
-- the legal limit (until 2026-12-03 a bundle's own limit above the sum of
-- its members' legal limits was promised whole, and time_compression went
-- negative).  A bundle with no stage (being set up) has no legal days to
-- bound its own limit: it keeps it (else 0).  A pure function of its
-- arguments: EXECUTE stays with PUBLIC, since whoever reads a view over
-- bundle_limits (public_bundle_list) calls it.  In C (src/core/svclimit.c,
-- sa_bundle_days()): asked per bundle row, an SQL function with a pinned
-- search_path is planned on every call (~11 µs a row against ~0.8 µs, 100,000 rows timed).
CREATE FUNCTION service_affair.bundle_days(promised_limit integer, stage_promised integer, stage_legal integer,
                                           stages bigint, departments bigint,
                                           OUT promised_days integer, OUT legal_days integer)
    AS 'MODULE_PATHNAME', 'sa_bundle_days_sql'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.bundle_days(integer, integer, integer, bigint, bigint) IS
  'The promised and legal working days of a bundle from its own promised_limit, the sums over its stages of the largest member promise and legal limit, its number of stages and of departments: legal days the sum, at most 45 when two or more departments handle it (joint handling, 行政许可法 Art 42 ¶2; joint_handling_limits()); promised days promised_limit, else the sum of promises, at most the legal days (no stage: promised_limit, else 0). The one rule of bundle_limits, catalog_regression_kinds() and catalog_bundles_lengthened()';

-- The limits of each bundle (service_info() and the public list read them),
-- by bundle_days() over its entries as they stand.
CREATE VIEW service_affair.bundle_limits AS
SELECT b.code AS bundle,
       d.promised_days,
       d.legal_days,
       s.by_law AS has_legal_limit
  FROM service_affair.bundle b,
       LATERAL (SELECT COALESCE(pg_catalog.sum(x.promised), 0)::integer AS promised,
                       COALESCE(pg_catalog.sum(x.legal), 0)::integer AS legal,
                       pg_catalog.count(*) AS stages,
                       COALESCE(pg_catalog.bool_and(x.by_law), false) AS by_law,
                       (SELECT pg_catalog.count(DISTINCT i.department)
                          FROM service_affair.bundle_item bi JOIN service_affair.item i ON i.code = bi.item
                         WHERE bi.bundle = b.code) AS departments
                  FROM (SELECT pg_catalog.max(service_affair.item_promised_days(i.kind, i.promised_limit, i.legal_limit)) AS promised,
                               pg_catalog.max(service_affair.item_legal_days(i.legal_limit)) AS legal,
                               pg_catalog.bool_and(i.legal_limit IS NOT NULL) AS by_law
                          FROM service_affair.bundle_item bi JOIN service_affair.item i ON i.code = bi.item
                         WHERE bi.bundle = b.code GROUP BY bi.stage) x) s,
       LATERAL service_affair.bundle_days(b.promised_limit, s.promised, s.legal, s.stages, s.departments) d;
REVOKE ALL ON service_affair.bundle_limits FROM PUBLIC;
COMMENT ON VIEW service_affair.bundle_limits IS
  'Internal: the promised and legal working days of each bundle (bundle_days()), as its cases get them (service_info()) and the public list shows them';
COMMENT ON COLUMN service_affair.bundle_limits.bundle IS 'Bundle code';
COMMENT ON COLUMN service_affair.bundle_limits.promised_days IS 'The bundle''s promised_limit, else the sum over stages of the largest member promise; never more than legal_days (a bundle with no item: its promised_limit, else 0)';
COMMENT ON COLUMN service_affair.bundle_limits.legal_days IS 'The sum over stages of the largest member legal limit (NULL: 20), at most 45 when its items belong to two or more departments (joint handling, 行政许可法 Art 42 ¶2)';
COMMENT ON COLUMN service_affair.bundle_limits.has_legal_limit IS 'Whether every item of the bundle has a legal limit (item.legal_limit set); false for a bundle with no item: else its cases stay out of 时限缩短比例';

-- The effective limits of a service, used when a case is accepted: an item
-- promises item_promised_days() (0 days when immediate, else promised_limit,
-- else legal_limit, else 20); its legal days are item_legal_days()
-- (legal_limit, else 20); a bundle's are bundle_limits'.  A bundle is
-- handled online, and on the mobile app, when every item is (item.mobile
-- is a column of 33_guides.sql, read here when submit() runs).
CREATE FUNCTION service_affair.service_info(service text,
    OUT kind text, OUT department text, OUT region text, OUT calendar text,
    OUT promised_days integer, OUT legal_days integer, OUT online boolean, OUT has_legal_limit boolean,
    OUT mobile boolean)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    SELECT 'item', i.department, d.region, i.calendar,
           service_affair.item_promised_days(i.kind, i.promised_limit, i.legal_limit), service_affair.item_legal_days(i.legal_limit),
           i.online, i.legal_limit IS NOT NULL, i.mobile
      INTO kind, department, region, calendar, promised_days, legal_days, online, has_legal_limit, mobile
      FROM service_affair.item i JOIN service_affair.department d ON d.code = i.department
     WHERE i.code = service;
    IF FOUND THEN
        RETURN;
    END IF;
    SELECT 'bundle', b.lead_department, d.region,
           COALESCE((SELECT i.calendar FROM service_affair.bundle_item bi JOIN service_affair.item i ON i.code = bi.item
                      WHERE bi.bundle = b.code ORDER BY bi.stage, bi.item LIMIT 1), 'cn'),
           l.promised_days, l.legal_days,
           COALESCE((SELECT pg_catalog.bool_and(i.online) FROM service_affair.bundle_item bi
                       JOIN service_affair.item i ON i.code = bi.item WHERE bi.bundle = b.code), false),
           l.has_legal_limit,
           COALESCE((SELECT pg_catalog.bool_and(i.mobile) FROM service_affair.bundle_item bi
                       JOIN service_affair.item i ON i.code = bi.item WHERE bi.bundle = b.code), false)
      INTO kind, department, region, calendar, promised_days, legal_days, online, has_legal_limit, mobile
      FROM service_affair.bundle b JOIN service_affair.department d ON d.code = b.lead_department
      JOIN service_affair.bundle_limits l ON l.bundle = b.code
     WHERE b.code = service;
END
$$;
COMMENT ON FUNCTION service_affair.service_info(text) IS
  'Kind (item or bundle), department (a bundle''s lead department), its region, calendar (a bundle: its first item''s), promised and legal days (a bundle is promised at most its legal days), whether it is handled online (a bundle: every item), whether it has a legal limit (item.legal_limit set; a bundle: every item, bundle_limits) and whether it can be applied for on the mobile app (item.mobile, 掌上办; a bundle: every item; submit() refuses the channel mobile otherwise) of a service; all NULL when the code names nothing';
REVOKE EXECUTE ON FUNCTION service_affair.service_info(text) FROM PUBLIC;
