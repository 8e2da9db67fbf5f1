-- The row invariants of cases and case_material as one CHECK each, through C
-- (sa_cases_row_ok and sa_case_material_row_ok in src/core/case_state.c), as
-- task's task_row (50_routing.sql).  PostgreSQL 15 reads every CHECK
-- expression of a table again (stringToNode, then plans it) for each
-- statement that writes it; the sixteen CHECKs of cases, which 40_cases,
-- 42_tongban, 43_visit_phases and 50_routing gave it, cost about a sixth of
-- submit() (doc/benchmarks-intake.md).  The conditions are the same, in
-- SQL's three-valued logic (a NULL column passes as it did), and two
-- more: cases.promised_limit and case_material.tolerance_days >= 0 (until
-- 2026-12-07 unchecked: a direct write stopped every recompute of the due
-- with 22023; the update from 0.1.0 names the rows that hold a negative
-- one before this part, 40_cases.sql).  Wholly new:
-- the upgrade part of the same name is a link to this file; it runs after
-- every part that adds a CHECK to these tables.
CREATE FUNCTION service_affair.cases_row_ok(service text, service_kind text, item text, bundle text,
    region text, channel text, status text, accepted_at timestamptz, decision text, delivery_method text,
    visits integer, due_shift integer, sla_state text, competent_region text, competence_rule text,
    visits_before_acceptance integer, visits_collection integer, required_materials integer,
    reduced_materials integer, promised_limit integer) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_cases_row_ok_sql'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.cases_row_ok(text, text, text, text, text, text, text, timestamptz, text, text, integer, integer, text, text, text, integer, integer, integer, integer, integer) IS
  'The row invariants of cases (its CHECK constraint cases_row): region and competent_region 6 digits; channel window/online/mobile/kiosk/door; status returned/accepted/concluded/withdrawn/revoked; decision approved/denied; delivery_method window/mail/electronic/door; sla_state warning/overdue; competence_rule receiving/residence/property/company; visit, shift and material counts and the promised limit >= 0; service_kind item with item = service and no bundle, or bundle with bundle = service and no item; an acceptance time unless returned or withdrawn. False only when a condition is false (a NULL passes, as in a CHECK)';

CREATE FUNCTION service_affair.case_material_row_ok(initial_status text, status text, tolerance_days integer) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_case_material_row_ok_sql'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.case_material_row_ok(text, text, integer) IS
  'The row invariants of case_material (its CHECK constraint case_material_row): initial_status and status each present, shared, committed, tolerated, missing, optional or produced; tolerance_days >= 0. False only when a condition is false (a NULL passes, as in a CHECK)';

ALTER TABLE service_affair.cases
    DROP CONSTRAINT cases_region_check,
    DROP CONSTRAINT cases_channel_check,
    DROP CONSTRAINT cases_status_check,
    DROP CONSTRAINT cases_decision_check,
    DROP CONSTRAINT cases_delivery_method_check,
    DROP CONSTRAINT cases_visits_check,
    DROP CONSTRAINT cases_due_shift_check,
    DROP CONSTRAINT cases_sla_state_check,
    DROP CONSTRAINT cases_service_kind,
    DROP CONSTRAINT cases_accepted_has_clock,
    DROP CONSTRAINT cases_competent_region_check,
    DROP CONSTRAINT cases_competence_rule_check,
    DROP CONSTRAINT cases_visits_before_acceptance_check,
    DROP CONSTRAINT cases_visits_collection_check,
    DROP CONSTRAINT cases_required_materials_check,
    DROP CONSTRAINT cases_reduced_materials_check,
    ADD CONSTRAINT cases_row CHECK (service_affair.cases_row_ok(service, service_kind, item, bundle, region, channel,
        status, accepted_at, decision, delivery_method, visits, due_shift, sla_state, competent_region,
        competence_rule, visits_before_acceptance, visits_collection, required_materials, reduced_materials,
        promised_limit));
COMMENT ON CONSTRAINT cases_row ON service_affair.cases IS
  'The row invariants (cases_row_ok(), one C call): value lists, 6-digit regions, counts and the promised limit >= 0, item or bundle matches service, every case past acceptance has an acceptance time';

ALTER TABLE service_affair.case_material
    DROP CONSTRAINT case_material_initial_status_check,
    DROP CONSTRAINT case_material_status_check,
    ADD CONSTRAINT case_material_row CHECK (service_affair.case_material_row_ok(initial_status, status, tolerance_days));
COMMENT ON CONSTRAINT case_material_row ON service_affair.case_material IS
  'The row invariants (case_material_row_ok(), one C call): initial and current status each one of the seven statuses, tolerance days >= 0';
