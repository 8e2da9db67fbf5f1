-- search_path attack (as contrib/seg's security test): a low-privilege role
-- plants look-alike functions and operators in a schema that a superuser
-- session puts ahead of pg_catalog.  Every one of them records the role it
-- runs as in a trap table.  The superuser then calls every API function of
-- the extension (and ALTER EXTENSION ... UPDATE): the trap must stay empty,
-- except for the control query that uses the hostile operator on purpose.
\set SHOW_CONTEXT never
\set ON_ERROR_ROLLBACK on
SET search_path = service_affair, public;
BEGIN;
-- fixture (under a safe search_path); every sequence restarts inside this
-- transaction, so that the ids used here are rolled back with it and the
-- tests after this one see the ids they expect
DO $$
DECLARE s regclass;
BEGIN
  FOR s IN SELECT c.oid FROM pg_class c WHERE c.relkind = 'S' AND c.relnamespace = 'service_affair'::regnamespace LOOP
    EXECUTE format('ALTER SEQUENCE %s RESTART WITH 5000', s);
  END LOOP;
END $$;
INSERT INTO department (code, name, region) VALUES ('AS_M', 'Market (security test)', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, tolerance_days, online) VALUES
  ('as_biz', 'Business licence', 'AS_M', 'promised', 20, 5, 3, true);
INSERT INTO evidence_type (code, name) VALUES ('id_card', 'ID card');
INSERT INTO material (item, code, name, tolerable, evidence_type) VALUES
  ('as_biz', 'form', 'Form', false, NULL), ('as_biz', 'lease', 'Lease', true, NULL), ('as_biz', 'id', 'ID card', false, 'id_card');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', '张三丰') RETURNING id AS app \gset
INSERT INTO evidence (applicant, evidence_type) VALUES (:app, 'id_card');
INSERT INTO target (uscc, name, risk) VALUES ('91110000600037341L', '北京测试有限公司', 'D'), ('91350100M000100Y43', '宁波测试有限公司', 'C');
INSERT INTO inspector (id, name, department) VALUES ('as-1', 'One', 'AS_M'), ('as-2', 'Two', 'AS_M'), ('as-3', 'Three', 'AS_M');
SELECT id AS t1 FROM target WHERE uscc = '91110000600037341L' \gset
SELECT id AS t2 FROM target WHERE uscc = '91350100M000100Y43' \gset

-- the attacker: no privilege but its own schema
CREATE ROLE access_evil;
CREATE SCHEMA hostile AUTHORIZATION access_evil;
CREATE TABLE hostile.trap (who name, what text);
ALTER TABLE hostile.trap OWNER TO access_evil;
GRANT INSERT ON hostile.trap TO PUBLIC;
SET ROLE access_evil;
CREATE FUNCTION hostile.snap(what text) RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN INSERT INTO hostile.trap VALUES (current_user, what); END $$;
-- operators
CREATE FUNCTION hostile.eq(text, text) RETURNS boolean LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('text = text'); RETURN $1 OPERATOR(pg_catalog.=) $2; END $$;
CREATE OPERATOR hostile.= (LEFTARG = text, RIGHTARG = text, FUNCTION = hostile.eq);
CREATE FUNCTION hostile.ne(text, text) RETURNS boolean LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('text <> text'); RETURN $1 OPERATOR(pg_catalog.<>) $2; END $$;
CREATE OPERATOR hostile.<> (LEFTARG = text, RIGHTARG = text, FUNCTION = hostile.ne);
CREATE FUNCTION hostile.cat(text, text) RETURNS text LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('text || text'); RETURN $1 OPERATOR(pg_catalog.||) $2; END $$;
CREATE OPERATOR hostile.|| (LEFTARG = text, RIGHTARG = text, FUNCTION = hostile.cat);
CREATE FUNCTION hostile.eq(bigint, bigint) RETURNS boolean LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('bigint = bigint'); RETURN $1 OPERATOR(pg_catalog.=) $2; END $$;
CREATE OPERATOR hostile.= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = hostile.eq);
CREATE FUNCTION hostile.eq(integer, integer) RETURNS boolean LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('integer = integer'); RETURN $1 OPERATOR(pg_catalog.=) $2; END $$;
CREATE OPERATOR hostile.= (LEFTARG = integer, RIGHTARG = integer, FUNCTION = hostile.eq);
CREATE FUNCTION hostile.eq(name, name) RETURNS boolean LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('name = name'); RETURN $1 OPERATOR(pg_catalog.=) $2; END $$;
CREATE OPERATOR hostile.= (LEFTARG = name, RIGHTARG = name, FUNCTION = hostile.eq);
CREATE FUNCTION hostile.eq(date, date) RETURNS boolean LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('date = date'); RETURN $1 OPERATOR(pg_catalog.=) $2; END $$;
CREATE OPERATOR hostile.= (LEFTARG = date, RIGHTARG = date, FUNCTION = hostile.eq);
CREATE FUNCTION hostile.lt(date, date) RETURNS boolean LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('date < date'); RETURN $1 OPERATOR(pg_catalog.<) $2; END $$;
CREATE OPERATOR hostile.< (LEFTARG = date, RIGHTARG = date, FUNCTION = hostile.lt);
CREATE FUNCTION hostile.plus(date, integer) RETURNS date LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('date + integer'); RETURN $1 OPERATOR(pg_catalog.+) $2; END $$;
CREATE OPERATOR hostile.+ (LEFTARG = date, RIGHTARG = integer, FUNCTION = hostile.plus);
CREATE FUNCTION hostile.ge(timestamptz, timestamptz) RETURNS boolean LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('timestamptz >= timestamptz'); RETURN $1 OPERATOR(pg_catalog.>=) $2; END $$;
CREATE OPERATOR hostile.>= (LEFTARG = timestamptz, RIGHTARG = timestamptz, FUNCTION = hostile.ge);
CREATE FUNCTION hostile.eq(bytea, bytea) RETURNS boolean LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('bytea = bytea'); RETURN $1 OPERATOR(pg_catalog.=) $2; END $$;
CREATE OPERATOR hostile.= (LEFTARG = bytea, RIGHTARG = bytea, FUNCTION = hostile.eq);
CREATE FUNCTION hostile.overlap(text[], text[]) RETURNS boolean LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('text[] && text[]'); RETURN $1 OPERATOR(pg_catalog.&&) $2; END $$;
CREATE OPERATOR hostile.&& (LEFTARG = text[], RIGHTARG = text[], FUNCTION = hostile.overlap);
CREATE FUNCTION hostile.match(text, text) RETURNS boolean LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('text ~ text'); RETURN $1 OPERATOR(pg_catalog.~) $2; END $$;
CREATE OPERATOR hostile.~ (LEFTARG = text, RIGHTARG = text, FUNCTION = hostile.match);
-- functions
CREATE FUNCTION hostile.now() RETURNS timestamptz LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('now()'); RETURN pg_catalog.now(); END $$;
CREATE FUNCTION hostile.clock_timestamp() RETURNS timestamptz LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('clock_timestamp()'); RETURN pg_catalog.clock_timestamp(); END $$;
CREATE FUNCTION hostile.lower(text) RETURNS text LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('lower()'); RETURN pg_catalog.lower($1); END $$;
CREATE FUNCTION hostile.upper(text) RETURNS text LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('upper()'); RETURN pg_catalog.upper($1); END $$;
CREATE FUNCTION hostile.left(text, integer) RETURNS text LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('left()'); RETURN pg_catalog.left($1, $2); END $$;
CREATE FUNCTION hostile.char_length(text) RETURNS integer LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('char_length()'); RETURN pg_catalog.char_length($1); END $$;
CREATE FUNCTION hostile.unnest(anyarray) RETURNS SETOF anyelement LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('unnest()'); RETURN QUERY SELECT pg_catalog.unnest($1); END $$;
CREATE FUNCTION hostile.cardinality(anyarray) RETURNS integer LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('cardinality()'); RETURN pg_catalog.cardinality($1); END $$;
CREATE FUNCTION hostile.array_position(anycompatiblearray, anycompatible) RETURNS integer LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('array_position()'); RETURN pg_catalog.array_position($1, $2); END $$;
CREATE FUNCTION hostile.array_to_string(anyarray, text) RETURNS text LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('array_to_string()'); RETURN pg_catalog.array_to_string($1, $2); END $$;
CREATE FUNCTION hostile.string_to_array(text, text) RETURNS text[] LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('string_to_array()'); RETURN pg_catalog.string_to_array($1, $2); END $$;
CREATE FUNCTION hostile.sha256(bytea) RETURNS bytea LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('sha256()'); RETURN pg_catalog.sha256($1); END $$;
CREATE FUNCTION hostile.length(bytea) RETURNS integer LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('length(bytea)'); RETURN pg_catalog.length($1); END $$;
CREATE FUNCTION hostile.encode(bytea, text) RETURNS text LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('encode()'); RETURN pg_catalog.encode($1, $2); END $$;
CREATE FUNCTION hostile.quote_literal(text) RETURNS text LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('quote_literal()'); RETURN pg_catalog.quote_literal($1); END $$;
CREATE FUNCTION hostile.to_jsonb(anyelement) RETURNS jsonb LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('to_jsonb()'); RETURN pg_catalog.to_jsonb($1); END $$;
CREATE FUNCTION hostile.hashtext(text) RETURNS integer LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('hashtext()'); RETURN pg_catalog.hashtext($1); END $$;
CREATE FUNCTION hostile.isfinite(timestamptz) RETURNS boolean LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('isfinite()'); RETURN pg_catalog.isfinite($1); END $$;
CREATE FUNCTION hostile.pg_has_role(oid, oid, text) RETURNS boolean LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('pg_has_role()'); RETURN pg_catalog.pg_has_role($1, $2, $3); END $$;
CREATE FUNCTION hostile.repeat(text, integer) RETURNS text LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM hostile.snap('repeat()'); RETURN pg_catalog.repeat($1, $2); END $$;
RESET ROLE;

-- ids the calls need, and a cold calendar cache (an edit of the calendar
-- tells every session, this one included, to read the calendar again)
SELECT create_plan('security plan', ARRAY['AS_M'], ARRAY[1, 1, 1, 1]::numeric[], sha256('\x5e'::bytea)) AS plan \gset
UPDATE calendar SET covered_until = covered_until WHERE name = 'cn';

-- the superuser now runs with the hostile schema first
SET search_path = hostile, pg_catalog, service_affair, public;
SELECT service_affair.add_workdays('2026-09-30', 1) AS add_workdays_cold;
SELECT service_affair.is_workday('2026-10-10') AS is_workday, service_affair.workdays_between('2026-09-30', '2026-10-09') AS between;
SELECT service_affair.local_day('2026-11-18 23:30+08') AS local_day;
SELECT service_affair.mask('11010519491231002X'), service_affair.mask_name('张三丰'),
       service_affair.is_valid_uscc('91110000600037341L'), service_affair.is_valid_resident_id('11010519491231002X'),
       service_affair.uscc_region('91110000600037341L'), service_affair.resident_id_sex('11010519491231002X');
SELECT * FROM service_affair.completeness('as_biz', :app, '{form}');
SELECT service_affair.submit('as_biz', :app, '{form}', 'window', '{}', '2026-11-18 10:00+08') AS c1 \gset
SELECT service_affair.submit('as_biz', :app, '{}', 'online', '{}', '2026-11-18 11:00+08') AS c2 \gset
SELECT * FROM service_affair.notice(:c2);
SELECT service_affair.supplement(:c2, '{form}', '2026-11-19 10:00+08', 'window') AS supplemented;
SELECT service_affair.supplement(:c1, '{lease}', '2026-11-19 10:00+08') AS supplemented;
SELECT service_affair.record_visit(:c1, '2026-11-19 11:00+08', 'question');
SELECT service_affair.withdraw(:c2, '2026-11-20 10:00+08');
SELECT service_affair.deliver(:c1, 'mail', '2026-11-20 10:00+08');  -- 55000: not concluded
SELECT service_affair.submit('as_biz', :app, '{form, lease}', 'window', '{}', '2026-11-18 12:00+08') AS c3 \gset
SELECT service_affair.claim_task('AS_M', 'worker', '2026-11-19 09:00+08') IS NOT NULL AS claimed;
SELECT service_affair.suspend(t.id, 'hearing', '2026-11-19 10:00+08') FROM service_affair.task t WHERE t.case_id OPERATOR(pg_catalog.=) :c1;
SELECT service_affair.resume(t.id, '2026-11-23 10:00+08') FROM service_affair.task t WHERE t.case_id OPERATOR(pg_catalog.=) :c1;
SELECT service_affair.extend(t.id, 2, 'complex', '2026-11-23 11:00+08') FROM service_affair.task t WHERE t.case_id OPERATOR(pg_catalog.=) :c1;
SELECT service_affair.complete_task(t.id, 'approved', '2026-11-24 10:00+08', 'ok') FROM service_affair.task t WHERE t.case_id OPERATOR(pg_catalog.=) :c3;
SELECT service_affair.deliver(:c3, 'window', '2026-11-25 10:00+08');
SELECT service_affair.rate(:c3, 2, 'online', 'slow', '2026-11-26 10:00+08') AS rating \gset
SELECT service_affair.record_callback(:rating, '2026-11-26 15:00+08');
SELECT service_affair.close_rectification(:rating, 'fixed', '2026-11-27 10:00+08');
SELECT service_affair.appeal_rating(:rating, 'mistaken', '2026-11-28 10:00+08');
SELECT count(*) AS efficiency_rows FROM service_affair.efficiency;
SELECT count(*) AS satisfaction_rows FROM service_affair.satisfaction;
SELECT count(*) AS efficiency_period_rows FROM service_affair.efficiency_period('2026-11-01', '2026-11-01');
SELECT count(*) AS satisfaction_period_rows FROM service_affair.satisfaction_period('2026-11-01', '2026-11-01');
SELECT service_affair.sla_sweep('2026-12-01 10:00+08') >= 0 AS swept;
SELECT count(*) AS task_sla_rows FROM service_affair.task_sla;
SELECT count(*) AS case_sla_rows FROM service_affair.case_sla;
SELECT service_affair.register_applicant('org', '91350100M000100Y43', '宁波测试有限公司') IS NOT NULL AS registered;
SELECT service_affair.create_ledger('AS_M', 'sm3');  -- 23505: the plan opened it
SELECT service_affair.create_plan('security plan 2', ARRAY['AS_M'], ARRAY[0.5, 0.5, 0.5, 0.5]::numeric[], service_affair.log_entry_hash('sha256', '', 0, '2026-01-01', '', '{}', '\x')) IS NOT NULL AS planned;
SELECT service_affair.draw(:plan, '\x5e'::bytea) IS NOT NULL AS drawn;
SELECT service_affair.record_result(d.id, :t1, 'pass', 'fine', '2026-11-18 15:00+08') FROM service_affair.draw d;
SELECT service_affair.publish_results(d.id, '2026-11-19 15:00+08') AS published FROM service_affair.draw d;
SELECT service_affair.verify_draw(d.id) AS verified FROM service_affair.draw d;
SELECT ledger, entries, ok FROM service_affair.verify_log('AS_M');
SELECT service_affair.create_roles();
SELECT service_affair.acts_as('admin') AS admin, service_affair.my_departments('clerk') AS deps, service_affair.my_regions('clerk') AS regions;
SELECT uscc, name, outcome FROM service_affair.public_results;
SELECT uscc, risk FROM service_affair.draw_selection ORDER BY rank;
SELECT name FROM service_affair.applicant_masked ORDER BY id;
ALTER EXTENSION service_affair UPDATE;
-- direct writes an administrator makes, whose triggers run in the writer's
-- path: item (catalog_item_defaults(), a plpgsql trigger that compared with
-- NOT IN and IS DISTINCT FROM) and a case's visits (case_visit_phase(), C,
-- whose SPI queries used = and ::text); both ran the hostile = and <> as the
-- superuser until 2026-12-04 (a review)
UPDATE service_affair.item SET online = NOT online WHERE code OPERATOR(pg_catalog.=) 'as_biz';
UPDATE service_affair.cases_active SET visits = visits OPERATOR(pg_catalog.+) 5 WHERE id OPERATOR(pg_catalog.=) :c1;
-- the control: the hostile operator is live for the caller's own query
SELECT 'a'::text = 'a'::text AS control;
RESET search_path;
SELECT who, what, count(*) FROM hostile.trap GROUP BY who, what ORDER BY what;
ROLLBACK;
