-- Visit phases and per-case material counts (issue 16, doc/indicators.md).
--
-- The reform promises "最多跑一次" from acceptance (materials complete) to the
-- collection of the result.  cases.visits counts every in-person contact;
-- these columns split it by phase, so that the indicators can count the
-- promise's own window without reading the history:
--   visits_before_acceptance  visits while the materials were incomplete (the
--                             window submission that got a notice, window
--                             supplements that left something missing, visits
--                             recorded on a returned case)
--   visits_collection         visits once the result existed (the case was
--                             concluded): a window delivery, recorded visits
--   the rest                  acceptance (the accepting visit included) to result
-- The split is decided in one place, case_visit_phase() below, from the
-- state the case is in when its visits grow: whichever function adds a visit
-- (and whatever contact counts as one), the phase follows.
--
-- required_materials and reduced_materials count the case's required
-- materials and those satisfied at submission by shared data or a
-- commitment (材料减免), written by submit(); the efficiency views read them
-- instead of aggregating case_material.

ALTER TABLE service_affair.cases
    ADD COLUMN visits_before_acceptance integer NOT NULL DEFAULT 0 CHECK (visits_before_acceptance >= 0),
    ADD COLUMN visits_collection integer NOT NULL DEFAULT 0 CHECK (visits_collection >= 0),
    ADD COLUMN required_materials integer NOT NULL DEFAULT 0 CHECK (required_materials >= 0),
    ADD COLUMN reduced_materials integer NOT NULL DEFAULT 0 CHECK (reduced_materials >= 0),
    -- whether the service had a legal limit at submission (service_info()):
    -- legal_limit holds 20 days for the clock either way, and 时限缩短比例
    -- leaves the cases of a service without one out; NULL for a case
    -- submitted before 0.2 (the views read the current catalog for it)
    ADD COLUMN has_legal_limit boolean;
COMMENT ON COLUMN service_affair.cases.has_legal_limit IS
  'Whether the service had a legal limit (法定时限) at submission (snapshot: item.legal_limit set; a bundle: every item); false: legal_limit holds the 20 days of the clock and the case stays out of 时限缩短比例; NULL for a case submitted before 0.2 (the current catalog is read)';
COMMENT ON COLUMN service_affair.cases.visits_before_acceptance IS
  'Visits (of cases.visits) made while the materials were incomplete, before acceptance; outside the 最多跑一次 promise';
COMMENT ON COLUMN service_affair.cases.visits_collection IS
  'Visits (of cases.visits) made once the case was concluded: collecting the result (window delivery) and visits recorded after conclusion';
COMMENT ON COLUMN service_affair.cases.required_materials IS
  'Required materials of the case (case_material.required), counted at submission';
COMMENT ON COLUMN service_affair.cases.reduced_materials IS
  'Required materials satisfied at submission by shared data (shared), an earlier stage of the bundle (produced) or a commitment (committed): 材料减免';

-- The promise of a bundle: the largest max_visits of its items (1 without
-- items) and a legal limit when every item has one.  One home for
-- service_promise's bundles and efficiency_facts (65_views.sql), which
-- joins it by the bundle's code beside item by its key: joined with
-- service_promise, a UNION ALL without statistics, it expected 5× the
-- cases (doc/benchmarks.md, "The complaint views and the catalog promise").
-- (The rule of bundle_limits.has_legal_limit, which a case snapshots,
-- written again here: the analysts read this view, and a view over one they
-- may not read (bundle_limits is internal) is one a leaky function of
-- theirs could probe; test/pgtap/view_leaks.sql.)
CREATE VIEW service_affair.bundle_promise AS
SELECT b.code AS bundle, b.lead_department,
       COALESCE(pg_catalog.max(i.max_visits), 1) AS max_visits,
       COALESCE(pg_catalog.bool_and(i.legal_limit IS NOT NULL), false) AS has_legal_limit
  FROM service_affair.bundle b
  LEFT JOIN service_affair.bundle_item bi ON bi.bundle = b.code
  LEFT JOIN service_affair.item i ON i.code = bi.item
 GROUP BY b.code, b.lead_department;
COMMENT ON VIEW service_affair.bundle_promise IS
  'Published promise of every bundle: the largest max_visits of its items (1 without items) and whether every item has a legal time limit; the bundles of service_promise';
COMMENT ON COLUMN service_affair.bundle_promise.bundle IS 'Bundle code';
COMMENT ON COLUMN service_affair.bundle_promise.lead_department IS 'Lead department of the bundle';
COMMENT ON COLUMN service_affair.bundle_promise.max_visits IS 'The largest max_visits of the bundle''s items; 1 without items';
COMMENT ON COLUMN service_affair.bundle_promise.has_legal_limit IS 'Whether every item of the bundle has a legal limit (item.legal_limit set); false without items';

-- The published promise of every service: an item's max_visits and whether it
-- has a legal limit; a bundle's from bundle_promise.
CREATE VIEW service_affair.service_promise AS
SELECT i.code AS service, 'item'::text AS kind, i.department, i.max_visits, i.legal_limit IS NOT NULL AS has_legal_limit
  FROM service_affair.item i
UNION ALL
SELECT p.bundle, 'bundle', p.lead_department, p.max_visits, p.has_legal_limit
  FROM service_affair.bundle_promise p;
COMMENT ON VIEW service_affair.service_promise IS
  'Published promise of every service (item or bundle): maximum in-person visits and whether a legal time limit exists; a bundle: the largest max_visits of its items, a legal limit when every item has one';
COMMENT ON COLUMN service_affair.service_promise.service IS 'Service code (item or bundle)';
COMMENT ON COLUMN service_affair.service_promise.kind IS 'item or bundle';
COMMENT ON COLUMN service_affair.service_promise.department IS 'Department of the item, lead department of the bundle';
COMMENT ON COLUMN service_affair.service_promise.max_visits IS 'Published maximum in-person visits from acceptance to collection (item.max_visits; a bundle: the largest of its items, 1 without items)';
COMMENT ON COLUMN service_affair.service_promise.has_legal_limit IS 'Whether item.legal_limit is set (a bundle: for every item); false: the item has no legal limit and stays out of 时限缩短比例';

-- The phase of a visit: the state of the case when its visit count grows.
-- Fires only when cases.visits grows or visits_before_acceptance falls (or a
-- case is inserted with visits),
-- before the row is written.  When the visits counted by the promise (all
-- but those before acceptance) first exceed the service's max_visits, it
-- NOTIFYs service_affair_visits with {"case_id","service","department",
-- "visits","promise_visits","max_visits"}; visit_promise_exceeded lists them.
-- In C (src/visit_phase.c; the phase rule is nw_visit_phase() in
-- src/core/network.c): it fires on every submission that counts a visit, and
-- as PL/pgSQL it cost about as much as the insert of the case row
-- (doc/benchmarks-intake.md).  An item case reads its item's max_visits,
-- which is what service_promise gives for an item; a bundle case reads the
-- view.
CREATE FUNCTION service_affair.case_visit_phase() RETURNS trigger
    AS 'MODULE_PATHNAME', 'sa_case_visit_phase'
    LANGUAGE C;
COMMENT ON FUNCTION service_affair.case_visit_phase() IS
  'Trigger: attributes the visits a case gains to its phase (before acceptance while accepted_at is NULL, collection once concluded, else acceptance to result) and NOTIFYs service_affair_visits when the promise''s visits first exceed the service''s max_visits; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.case_visit_phase() FROM PUBLIC;
-- Not when a restore writes the rows (restoring(), 05_org.sql): a
-- restored case has its visits attributed already, and
-- counting them again doubled visits_before_acceptance of every case
-- returned or withdrawn before acceptance.
-- Nor when settle_cases() moves the case into the history: PostgreSQL
-- moves a row to another partition as a DELETE and an INSERT, which fires
-- this trigger again (until 2026-12-03 settling doubled the count of every
-- case returned or withdrawn before acceptance, and NOTIFYed again the
-- exceeded promise of every other; a review).  A settled row is never a
-- new case: only settling and a restore write one.
CREATE TRIGGER cases_visit_phase_insert BEFORE INSERT ON service_affair.cases
    FOR EACH ROW WHEN (NEW.visits > 0 AND NOT NEW.settled AND NOT service_affair.restoring())
    EXECUTE FUNCTION service_affair.case_visit_phase();
COMMENT ON TRIGGER cases_visit_phase_insert ON service_affair.cases IS
  'Counts the phase of the visit a case is submitted with (not when a restore writes the case, nor when settling moves it into the history: its phases come with it)';
-- Also when visits move out of the time before acceptance (supplement():
-- an acceptance recorded after visits made later than it): they join the
-- promise and may exceed it (until 2026-12-04 such a breach sent no notice).
CREATE TRIGGER cases_visit_phase BEFORE UPDATE OF visits, visits_before_acceptance ON service_affair.cases
    FOR EACH ROW WHEN (NEW.visits > OLD.visits OR NEW.visits_before_acceptance < OLD.visits_before_acceptance)
    EXECUTE FUNCTION service_affair.case_visit_phase();
COMMENT ON TRIGGER cases_visit_phase ON service_affair.cases IS
  'Counts the phase of the visits a case gains, and notices a promise exceeded by visits moved out of the time before acceptance';

-- Cases whose visits counted by the promise exceed the published maximum.
-- A security barrier: analysts read it, not the other cases' status and
-- visits (doc/access.md, "Leaky functions and views").
CREATE VIEW service_affair.visit_promise_exceeded WITH (security_barrier = true) AS
SELECT c.id AS case_id, c.service, c.department, d.region,
       service_affair.local_month(c.submitted_at, c.calendar) AS month,
       c.status, c.visits, c.visits_before_acceptance, c.visits_collection,
       c.visits - c.visits_before_acceptance AS promise_visits, p.max_visits
  FROM service_affair.cases c
  JOIN service_affair.service_promise p ON p.service = c.service
  JOIN service_affair.department d ON d.code = c.department
 WHERE c.visits - c.visits_before_acceptance > p.max_visits;
COMMENT ON VIEW service_affair.visit_promise_exceeded IS
  'Cases whose in-person visits from acceptance to collection exceed the service''s published max_visits (the warning of NOTIFY service_affair_visits); no personal data';
COMMENT ON COLUMN service_affair.visit_promise_exceeded.case_id IS 'The case';
COMMENT ON COLUMN service_affair.visit_promise_exceeded.service IS 'Service code (item or bundle)';
COMMENT ON COLUMN service_affair.visit_promise_exceeded.department IS 'Department of the case (a bundle: its lead department)';
COMMENT ON COLUMN service_affair.visit_promise_exceeded.region IS 'Region of that department';
COMMENT ON COLUMN service_affair.visit_promise_exceeded.month IS 'First day of the local month of submission';
COMMENT ON COLUMN service_affair.visit_promise_exceeded.status IS 'Case status';
COMMENT ON COLUMN service_affair.visit_promise_exceeded.visits IS 'Every in-person visit';
COMMENT ON COLUMN service_affair.visit_promise_exceeded.visits_before_acceptance IS 'Visits while the materials were incomplete';
COMMENT ON COLUMN service_affair.visit_promise_exceeded.visits_collection IS 'Visits once concluded (collection)';
COMMENT ON COLUMN service_affair.visit_promise_exceeded.promise_visits IS 'visits − visits_before_acceptance: the visits the promise counts';
COMMENT ON COLUMN service_affair.visit_promise_exceeded.max_visits IS 'The service''s published maximum (service_promise.max_visits)';

INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('analyst', 'SELECT', 'service_affair.service_promise'),
    ('analyst', 'SELECT', 'service_affair.visit_promise_exceeded'),
    ('admin', 'SELECT', 'service_affair.service_promise'),
    ('analyst', 'SELECT', 'service_affair.bundle_promise'),
    ('admin', 'SELECT', 'service_affair.bundle_promise'),
    ('admin', 'SELECT', 'service_affair.visit_promise_exceeded');
