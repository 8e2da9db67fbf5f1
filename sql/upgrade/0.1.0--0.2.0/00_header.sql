-- service_affair update 0.1.0 -> 0.2.0, assembled from sql/upgrade/0.1.0--0.2.0/*.sql.
-- Each file carries the changes of one area of sql/parts, in the same order,
-- so that the updated schema equals a fresh install of 0.2.0
-- (test/scripts/access_upgrade.sh compares the two).
-- Conventions as in the install script: every name qualified; no CREATE OR
-- REPLACE (a changed function is dropped and created again); new grants are
-- rows of role_grant, applied by create_roles() after the update.
\echo Use "ALTER EXTENSION service_affair UPDATE TO '0.2.0'" to load this file. \quit

-- The schema is private to its owner, a superuser (a review of 2026-12-04):
-- the functions below run as their owner and name their objects by this
-- schema, so a schema that a role without superuser made before CREATE
-- EXTENSION (which then installs into it), or in which such a role may
-- create, lets that role rename it and put objects of its own behind the
-- names, run as the functions' owner.  Asked first by this script, the
-- update and the companion extensions (doc/access.md, "search_path safety";
-- C, src/access.c, with the access decisions: it reads role attributes).
CREATE FUNCTION service_affair.require_private_schema(schema_name text) RETURNS void
    AS 'MODULE_PATHNAME', 'sa_require_private_schema'
    LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION service_affair.require_private_schema(text) IS
  'Internal: 42501 unless the schema (when it exists) belongs to a superuser and no other role but superusers may create in it; asked first by the install and update scripts of service_affair and its companion extensions';
REVOKE EXECUTE ON FUNCTION service_affair.require_private_schema(text) FROM PUBLIC;
SELECT service_affair.require_private_schema('service_affair');

-- Objects outside the extension that depend on an object the update drops
-- (and makes again, or not): a DBA's view, materialized view or SQL-standard
-- function (BEGIN ATOMIC) over sla_as_of(), task_sla, case_sla, the
-- efficiency and satisfaction views or a function the update replaces, a
-- trigger of his table on one of its trigger functions, a row policy, a
-- default or a check calling one, a function of a view's row type.  Until
-- 2026-12-05 such an object stopped the update in the middle with
-- PostgreSQL's 2BP01 ("cannot drop ... because other objects depend on it"),
-- and one on insp_refuse_change(), dropped with CASCADE, was dropped with it
-- without a word.  The update refuses them first, naming each with what it
-- depends on (55000): the DBA drops them, updates, and makes them again
-- (doc/deployment.md, "Upgrades").  The lists are every DROP FUNCTION, DROP
-- VIEW and DROP INDEX of this directory, with the signatures of 0.1.0
-- (test/scripts/upgrade_dependents.sh checks that each is here and is named).
--
-- The same refusal names the objects outside the extension over the case
-- tables, which the update makes partitioned (39_cases_partition.sql says
-- why they cannot stay): a view over cases, a foreign key to it, a function
-- of its row type, and (since 2026-12-05, before which they stayed on the
-- partition without a word) an index, a statistics object or a rule of the
-- DBA's on one of the tables (since 2026-12-06 also an index under the
-- name of one of 0.1.0's that he made again with another definition), or
-- a row trigger of his with transition tables (which a partitioned table
-- cannot have), or (since 2026-12-06, before which it stopped the update
-- in the middle with 42809) a foreign key of his to another table left NOT
-- VALID, which the parent would take and cannot, or (since 2026-12-06,
-- before which it stayed on <t>_active without a word, refusing settling)
-- a foreign key of his among the case tables, which cannot go to the
-- parents (they have no key).  Until 2026-12-05 that was a second check, in
-- 39_cases_partition.sql, which a DBA with objects of both kinds met only
-- after dropping the first kind and running the update again; now one 55000
-- lists them all.
--
-- An index of those 0.1.0 made on the case tables that the DBA dropped
-- (since 2026-12-06, before which one the update drops or replaces stopped
-- it in the middle with 42704 or 42P01, and the others were left out
-- without a word) is made again at the end of this block, with a WARNING;
-- a relation of his under its name is refused in the same 55000.
--
-- So are the 14 foreign keys 0.1.0 made on the case tables (six among
-- them, eight to the catalog), since 2026-12-06: one the DBA dropped (by
-- hand, or with the key it refers to: DROP CONSTRAINT cases_pkey CASCADE,
-- whose key the block makes again) was left out without a word, the
-- updated schema unlike a fresh install's, and is made again after the
-- indexes, with a WARNING; one he made again under its name with another
-- definition (other columns, ON DELETE or ON UPDATE action, DEFERRABLE,
-- NOT VALID, which stopped the update in the middle on a partitioned
-- parent) is named in the one 55000.  The refusal words those of 0.1.0
-- made again otherwise as such, apart from the DBA's own objects (until
-- 2026-12-06 they were counted "of yours", the hint saying to drop them
-- and make them again after the update).
--
-- The keys of 0.1.0 outside the case tables that the update's foreign keys
-- refer to (applicant_pkey, bundle_pkey, calendar_pkey, department_pkey,
-- item_pkey), since 2026-12-06: one the DBA dropped (with CASCADE, which
-- took the foreign keys that refer to it) stopped the update in the middle
-- with PostgreSQL's bare 42830.  Named in the one 55000 with the foreign
-- keys of 0.1.0 on other tables that are gone with it, the hint giving the
-- statements that make them again; not made again here, as the case
-- tables' indexes are: the key is of a catalog table the DBA writes, whose
-- rows (codes, applicants) may since break it, and the foreign keys that
-- went with it are of tables the update does not otherwise rebuild (it
-- would have to make them again too, or stop at 75_catalog_ledger.sql's
-- DROP CONSTRAINT ledger_name_fkey with 42704): the DBA decides, before
-- anything changed.  The case tables' foreign keys to it the update makes
-- again itself, as above.
--
-- Since 2026-12-06 (a review) the same refusal also names: such a key made
-- again under its name otherwise (a plain index, one on other columns, a
-- unique constraint, DEFERRABLE, invalid: the name was enough, and the
-- update stopped in the middle with 42830), the hint dropping what is
-- there with CASCADE before making the key and the foreign keys of 0.1.0
-- to it; a relation of the DBA's under the name of such a key to be made
-- again (the hint's ADD CONSTRAINT failed with 42P07), to be renamed; a
-- foreign key of 0.1.0 of the list below dropped by hand or made again
-- otherwise, its key kept (not looked at: ledger_name_fkey stopped the
-- update at 75_catalog_ledger.sql's DROP CONSTRAINT with 42704, the others
-- were left missing or unlike a fresh install's); and a department coded
-- catalog or directory (below, after the query), until then refused in
-- 75_catalog_ledger.sql and 76_directory_log.sql, in the middle.  The
-- foreign keys of the DBA's that such a hint's CASCADE drops (his tables'
-- to the key) were dropped without a word until 2026-12-06 (a review): the
-- detail names each with its definition, and the statements make them
-- again after the key (one to other columns than the key's cannot be:
-- named as such); another object of his that depends on the key (a view
-- grouping by it) is named too (a second review), his to drop first and
-- make again after.
-- test/scripts/upgrade_catalog_keys.sh runs each hint's statements.
--
-- The grants of the functions of the list below (funcs), which the update
-- drops and makes again, are written down at the end of the block, before
-- any of them is dropped: 96_function_grants.sql carries them to the
-- function of 0.2.0 that takes each one's place, or names in a WARNING the
-- GRANT statements to run again (since 2026-12-07; until then a DBA's
-- GRANT EXECUTE went with the DROP without a word).  Update only: the
-- table is dropped there.
CREATE TABLE service_affair.update_function_grants (
    signature  text NOT NULL,
    proname    name NOT NULL,
    argtypes   text[] NOT NULL,
    grantee    oid NOT NULL,
    privilege  text NOT NULL,
    grantable  boolean NOT NULL
);
COMMENT ON TABLE service_affair.update_function_grants IS
  'Update only (dropped at its end): the grants of the functions the update from 0.1.0 drops and makes again, carried by 96_function_grants.sql';
DO $$
DECLARE
    funcs constant text[] := ARRAY[
        'require_case(bigint)', 'calendar_replace_shipped()',
        'calendar_row_is_shipped(text,text,text,date)',
        'calendar_day_is_shipped(text,date,boolean,text)', 'service_code_unique()',
        'service_info(text)', 'task_event(service_affair.task,timestamptz,text,jsonb)',
        'wrong_task_state(service_affair.task,text,text)', 'case_event_append_only()', 'case_state_machine()',
        'case_transition_allowed(text,text)', 'check_service_applicant(text,bigint)',
        'completeness(text,bigint,text[],text[],timestamptz)', 'lock_case(bigint,timestamptz)',
        'start_clock(bigint,timestamptz,text,integer)',
        'supplement(bigint,text[],timestamptz,text)', 'record_visit(bigint,timestamptz,text)',
        'deliver(bigint,text,timestamptz)', 'withdraw(bigint,timestamptz)',
        'submit(text,bigint,text[],text,text[],timestamptz,text)',
        'assess(text,bigint,text,boolean,text[],text[],timestamptz)', 'notice(bigint)',
        'may_act_for(text)', 'sees_all_tasks()', 'staff_departments()', 'sla_as_of()',
        'sla_state(date,text,timestamptz,boolean)', 'route_case()', 'due_lock_shared()',
        'shifted_due(date,integer,integer,text)', 'cancel_tasks()',
        'suspend(bigint,text,timestamptz)', 'resume(bigint,timestamptz)', 'recompute_dues()',
        'lock_task(bigint,timestamptz)', 'claim_task(text,text,timestamptz)',
        'complete_task(bigint,text,timestamptz,text)', 'sla_sweep(timestamptz)',
        'extend(bigint,integer,text,timestamptz)', 'check_department_staff(text)',
        'setting_upsert()', 'lock_rating(bigint,timestamptz)',
        'rate(bigint,integer,text,text,timestamptz)', 'lock_rectification(service_affair.rating)',
        'record_callback(bigint,timestamptz)', 'close_rectification(bigint,text,timestamptz)',
        'appeal_rating(bigint,text,timestamptz)', 'efficiency_period(date,date)',
        'satisfaction_period(date,date)', 'insp_refuse_change()', 'insp_verify_chains(text)',
        'create_plan(text,text[],numeric[],bytea,integer,text[],text[])',
        'record_result(bigint,bigint,text,text,timestamptz)',
        'publish_results(bigint,timestamptz)', 'insp_log_plan(bigint,text,jsonb)',
        'create_ledger(text,text)', 'acts_as(text)', 'my_departments(text)', 'my_regions(text)',
        'require_department(text[],text)', 'register_applicant(text,text,text,boolean)', 'create_roles()',
        'mask_name(text)'];
    rels constant text[] := ARRAY[
        'task_sla', 'case_sla', 'efficiency_overall', 'efficiency_department', 'efficiency',
        'efficiency_counts', 'satisfaction_overall', 'satisfaction_department', 'satisfaction',
        'satisfaction_counts', 'public_results', 'case_event_case_idx', 'task_case_idx', 'applicant_masked'];
    found text[];         -- over what the update drops
    found_tables text[];  -- over the case tables it makes partitioned
    changed_indexes text[];  -- 0.1.0's definitions of its indexes made again otherwise
    taken text[];         -- relations of the DBA's under the name of a dropped one of them
    gone_sql text[];      -- the statements making again those of them dropped
    gone_what text[];     -- the same, named with their tables
    changed_fkeys text[]; -- the statements making again 0.1.0's foreign keys made again otherwise
    fkey_sql text[];      -- the statements making again 0.1.0's foreign keys dropped
    fkey_what text[];     -- the same, named with their tables
    found_changed text[]; -- indexes and foreign keys of 0.1.0 on the case tables made again otherwise
    keys_gone text[];     -- keys of 0.1.0 outside the case tables that the update's foreign keys need, dropped
    key_fkeys_gone text[];  -- 0.1.0's foreign keys to them on other tables, gone too
    keys_changed text[];  -- the same, made again otherwise under their names
    keys_sql text[];      -- the statements making them again
    keys_cascade boolean; -- whether those drop what is under a name first (with CASCADE)
    yours_fkeys text[];   -- foreign keys of the DBA's that CASCADE drops, made again by keys_sql
    yours_fkeys_lost text[];  -- the same to other columns than the key's, which cannot be
    yours_deps text[];    -- other objects of the DBA's that CASCADE drops (a view grouping by the key)
    keys_taken text[];    -- relations of the DBA's under the name of one of those keys
    cat_fkeys text[];     -- 0.1.0's foreign keys on the catalog tables dropped or made again otherwise
    cat_fkeys_sql text[]; -- the statements making again those not to a key of keys_sql
    reserved text[];      -- departments coded catalog or directory, with what refers to them
    reserved_sql text[];  -- the statements giving each another code
    reserved_logged text[];  -- those whose ledger holds entries (no other code possible)
    v_err text;
    v_err_detail text;
    quote_all text;
    path text;
    unvalidated boolean;  -- a foreign key of the DBA's NOT VALID among them
    v_message text;
    v_detail text[];
BEGIN
    -- pg_get_indexdef() below is compared with 0.1.0's text: a session's
    -- quote_all_identifiers would quote every name of it (put back after)
    quote_all := pg_catalog.current_setting('quote_all_identifiers');
    PERFORM pg_catalog.set_config('quote_all_identifiers', 'off', true);
    -- and pg_get_constraintdef() with 0.1.0's: the script's search_path
    -- (service_affair) would leave the referenced table unqualified
    path := pg_catalog.current_setting('search_path');
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog', true);
    WITH dropped(classid, objid) AS (
        SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass, p::pg_catalog.oid
          FROM pg_catalog.unnest(funcs) f,
               LATERAL pg_catalog.to_regprocedure('service_affair.' OPERATOR(pg_catalog.||) f) p
         WHERE p IS NOT NULL
        UNION ALL
        SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, r::pg_catalog.oid
          FROM pg_catalog.unnest(rels) n,
               LATERAL pg_catalog.to_regclass('service_affair.' OPERATOR(pg_catalog.||) n) r
         WHERE r IS NOT NULL
        UNION ALL  -- a view's row type and its array type
        SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, y.oid
          FROM pg_catalog.unnest(rels) n
          JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) pg_catalog.to_regclass('service_affair.' OPERATOR(pg_catalog.||) n)
          JOIN pg_catalog.pg_type y ON y.oid OPERATOR(pg_catalog.=) c.reltype OR y.oid OPERATOR(pg_catalog.=) (
                   SELECT z.typarray FROM pg_catalog.pg_type z WHERE z.oid OPERATOR(pg_catalog.=) c.reltype)),
    case_table AS (  -- the seven tables 39_cases_partition.sql makes partitioned
        SELECT t.oid, t.reltype, t.relname
          FROM pg_catalog.pg_class t
         WHERE t.relnamespace OPERATOR(pg_catalog.=) 'service_affair'::pg_catalog.regnamespace
           AND t.relname OPERATOR(pg_catalog.=) ANY ('{cases,case_material,case_event,task,task_suspension,rating,rectification}'::pg_catalog.name[])),
    -- the 18 indexes 0.1.0 makes on the case tables, as pg_get_indexdef()
    -- says them, the constraint each backs (p key, u unique, '' none) and
    -- the statement that makes that constraint
    index_010(name, def, contype, remake) AS (
        VALUES ('case_event_pkey'::pg_catalog.name, 'CREATE UNIQUE INDEX case_event_pkey ON service_affair.case_event USING btree (id)', 'p', 'ALTER TABLE service_affair.case_event ADD CONSTRAINT case_event_pkey PRIMARY KEY (id)'),
               ('case_event_case_idx', 'CREATE INDEX case_event_case_idx ON service_affair.case_event USING btree (case_id, id)', '', NULL),
               ('case_material_pkey', 'CREATE UNIQUE INDEX case_material_pkey ON service_affair.case_material USING btree (case_id, material)', 'p', 'ALTER TABLE service_affair.case_material ADD CONSTRAINT case_material_pkey PRIMARY KEY (case_id, material)'),
               ('cases_pkey', 'CREATE UNIQUE INDEX cases_pkey ON service_affair.cases USING btree (id)', 'p', 'ALTER TABLE service_affair.cases ADD CONSTRAINT cases_pkey PRIMARY KEY (id)'),
               ('cases_applicant_idx', 'CREATE INDEX cases_applicant_idx ON service_affair.cases USING btree (applicant)', '', NULL),
               ('cases_submitted_at_idx', 'CREATE INDEX cases_submitted_at_idx ON service_affair.cases USING btree (submitted_at)', '', NULL),
               ('cases_tolerance_due_idx', 'CREATE INDEX cases_tolerance_due_idx ON service_affair.cases USING btree (tolerance_due) WHERE (tolerance_due IS NOT NULL)', '', NULL),
               ('cases_open_due_idx', 'CREATE INDEX cases_open_due_idx ON service_affair.cases USING btree (due) WHERE (status = ''accepted''::text)', '', NULL),
               ('rating_pkey', 'CREATE UNIQUE INDEX rating_pkey ON service_affair.rating USING btree (id)', 'p', 'ALTER TABLE service_affair.rating ADD CONSTRAINT rating_pkey PRIMARY KEY (id)'),
               ('rating_case_id_key', 'CREATE UNIQUE INDEX rating_case_id_key ON service_affair.rating USING btree (case_id)', 'u', 'ALTER TABLE service_affair.rating ADD CONSTRAINT rating_case_id_key UNIQUE (case_id)'),
               ('rectification_pkey', 'CREATE UNIQUE INDEX rectification_pkey ON service_affair.rectification USING btree (rating_id)', 'p', 'ALTER TABLE service_affair.rectification ADD CONSTRAINT rectification_pkey PRIMARY KEY (rating_id)'),
               ('rectification_open_idx', 'CREATE INDEX rectification_open_idx ON service_affair.rectification USING btree (fix_due) WHERE (closed_at IS NULL)', '', NULL),
               ('task_pkey', 'CREATE UNIQUE INDEX task_pkey ON service_affair.task USING btree (id)', 'p', 'ALTER TABLE service_affair.task ADD CONSTRAINT task_pkey PRIMARY KEY (id)'),
               ('task_case_item', 'CREATE UNIQUE INDEX task_case_item ON service_affair.task USING btree (case_id, item)', 'u', 'ALTER TABLE service_affair.task ADD CONSTRAINT task_case_item UNIQUE (case_id, item)'),
               ('task_case_idx', 'CREATE INDEX task_case_idx ON service_affair.task USING btree (case_id, stage)', '', NULL),
               ('task_queue_idx', 'CREATE INDEX task_queue_idx ON service_affair.task USING btree (department, due, id) WHERE ((status = ''open''::text) AND (assignee IS NULL))', '', NULL),
               ('task_open_due_idx', 'CREATE INDEX task_open_due_idx ON service_affair.task USING btree (due) WHERE (status = ''open''::text)', '', NULL),
               ('task_suspension_pkey', 'CREATE UNIQUE INDEX task_suspension_pkey ON service_affair.task_suspension USING btree (task_id, suspended_at)', 'p', 'ALTER TABLE service_affair.task_suspension ADD CONSTRAINT task_suspension_pkey PRIMARY KEY (task_id, suspended_at)')),
    -- those of the 18 that are not there (review of 2026-12-06: dropped by
    -- the DBA, one the update drops or replaces stopped it in the middle
    -- with 42704 or 42P01, the others were left out of <t>_active without a
    -- word, unlike a fresh install's), with the table 0.1.0 made them on;
    -- the relation of another table under the name, if any (an index the DBA
    -- made on another table: the update's DROP INDEX would drop it)
    index_gone AS (
        SELECT k.name, k.def, coalesce(k.remake, k.def) AS remake,
               pg_catalog.substring(k.def, E' ON service_affair\\.([a-z_]+) ') AS tbl,
               pg_catalog.to_regclass('service_affair.' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(k.name)) AS other
          FROM index_010 k
         WHERE NOT EXISTS (SELECT FROM case_table t
                             JOIN pg_catalog.pg_index x ON x.indrelid OPERATOR(pg_catalog.=) t.oid
                             JOIN pg_catalog.pg_class xc ON xc.oid OPERATOR(pg_catalog.=) x.indexrelid
                            WHERE xc.relname OPERATOR(pg_catalog.=) k.name)),
    -- the 14 foreign keys 0.1.0 makes on the case tables, as
    -- pg_get_constraintdef() says them (review of 2026-12-06); those to the
    -- catalog move to the parents (39_cases_partition.sql), those among the
    -- case tables stay on <t>_active with the keys they refer to, as in a
    -- fresh install
    fkey_010(name, tbl, def) AS (
        VALUES ('case_event_case_id_fkey'::pg_catalog.name, 'case_event'::pg_catalog.name, 'FOREIGN KEY (case_id) REFERENCES service_affair.cases(id)'),
               ('case_material_case_id_fkey', 'case_material', 'FOREIGN KEY (case_id) REFERENCES service_affair.cases(id) ON DELETE CASCADE'),
               ('cases_applicant_fkey', 'cases', 'FOREIGN KEY (applicant) REFERENCES service_affair.applicant(id)'),
               ('cases_bundle_fkey', 'cases', 'FOREIGN KEY (bundle) REFERENCES service_affair.bundle(code)'),
               ('cases_department_fkey', 'cases', 'FOREIGN KEY (department) REFERENCES service_affair.department(code)'),
               ('cases_item_fkey', 'cases', 'FOREIGN KEY (item) REFERENCES service_affair.item(code)'),
               ('rating_case_id_fkey', 'rating', 'FOREIGN KEY (case_id) REFERENCES service_affair.cases(id)'),
               ('rating_rater_fkey', 'rating', 'FOREIGN KEY (rater) REFERENCES service_affair.applicant(id)'),
               ('rectification_rating_id_fkey', 'rectification', 'FOREIGN KEY (rating_id) REFERENCES service_affair.rating(id)'),
               ('task_calendar_fkey', 'task', 'FOREIGN KEY (calendar) REFERENCES service_affair.calendar(name) ON UPDATE CASCADE'),
               ('task_case_id_fkey', 'task', 'FOREIGN KEY (case_id) REFERENCES service_affair.cases(id)'),
               ('task_department_fkey', 'task', 'FOREIGN KEY (department) REFERENCES service_affair.department(code) ON UPDATE CASCADE'),
               ('task_item_fkey', 'task', 'FOREIGN KEY (item) REFERENCES service_affair.item(code) ON UPDATE CASCADE'),
               ('task_suspension_task_id_fkey', 'task_suspension', 'FOREIGN KEY (task_id) REFERENCES service_affair.task(id)')),
    -- a constraint under the name of one of them on its table that is not
    -- it as 0.1.0 made it: other columns or table, another ON DELETE or ON
    -- UPDATE action, MATCH FULL, DEFERRABLE, NOT VALID (which the update
    -- stopped at in the middle, a partitioned table taking no NOT VALID
    -- foreign key), or not a foreign key
    fkey_changed AS (
        SELECT co.oid, co.conrelid, k.name, k.tbl,
               'ALTER TABLE service_affair.' OPERATOR(pg_catalog.||) k.tbl::text OPERATOR(pg_catalog.||) ' DROP CONSTRAINT ' OPERATOR(pg_catalog.||) k.name::text
               OPERATOR(pg_catalog.||) ', ADD CONSTRAINT ' OPERATOR(pg_catalog.||) k.name::text OPERATOR(pg_catalog.||) ' ' OPERATOR(pg_catalog.||) k.def AS remake
          FROM fkey_010 k
          JOIN case_table t ON t.relname OPERATOR(pg_catalog.=) k.tbl
          JOIN pg_catalog.pg_constraint co ON co.conrelid OPERATOR(pg_catalog.=) t.oid AND co.conname OPERATOR(pg_catalog.=) k.name
         WHERE co.contype OPERATOR(pg_catalog.<>) 'f' OR pg_catalog.pg_get_constraintdef(co.oid) OPERATOR(pg_catalog.<>) k.def),
    -- those not there: dropped by hand, or with the key they refer to
    -- (DROP CONSTRAINT cases_pkey CASCADE), left out without a word
    fkey_gone AS (
        SELECT k.name, k.tbl,
               'ALTER TABLE service_affair.' OPERATOR(pg_catalog.||) k.tbl::text OPERATOR(pg_catalog.||) ' ADD CONSTRAINT '
               OPERATOR(pg_catalog.||) k.name::text OPERATOR(pg_catalog.||) ' ' OPERATOR(pg_catalog.||) k.def AS remake
          FROM fkey_010 k
         WHERE NOT EXISTS (SELECT FROM case_table t
                             JOIN pg_catalog.pg_constraint co ON co.conrelid OPERATOR(pg_catalog.=) t.oid
                            WHERE t.relname OPERATOR(pg_catalog.=) k.tbl AND co.conname OPERATOR(pg_catalog.=) k.name)),
    -- the keys of 0.1.0 outside the case tables that foreign keys of the
    -- update refer to (theirs, made again above, and those of the parts
    -- after this one: 20_calendar, 33_guides, 34_network, 42_tongban,
    -- 44_licences, 55_commitments, 62_complaints, 75_catalog_ledger), with
    -- the statement that makes each; those of the case tables are among the
    -- 18 indexes above
    key_010(name, tbl, col, def, remake) AS (
        VALUES ('applicant_pkey'::pg_catalog.name, 'applicant'::pg_catalog.name, 'id', 'CREATE UNIQUE INDEX applicant_pkey ON service_affair.applicant USING btree (id)', 'ALTER TABLE service_affair.applicant ADD CONSTRAINT applicant_pkey PRIMARY KEY (id)'),
               ('bundle_pkey', 'bundle', 'code', 'CREATE UNIQUE INDEX bundle_pkey ON service_affair.bundle USING btree (code)', 'ALTER TABLE service_affair.bundle ADD CONSTRAINT bundle_pkey PRIMARY KEY (code)'),
               ('calendar_pkey', 'calendar', 'name', 'CREATE UNIQUE INDEX calendar_pkey ON service_affair.calendar USING btree (name)', 'ALTER TABLE service_affair.calendar ADD CONSTRAINT calendar_pkey PRIMARY KEY (name)'),
               ('department_pkey', 'department', 'code', 'CREATE UNIQUE INDEX department_pkey ON service_affair.department USING btree (code)', 'ALTER TABLE service_affair.department ADD CONSTRAINT department_pkey PRIMARY KEY (code)'),
               ('item_pkey', 'item', 'code', 'CREATE UNIQUE INDEX item_pkey ON service_affair.item USING btree (code)', 'ALTER TABLE service_affair.item ADD CONSTRAINT item_pkey PRIMARY KEY (code)')),
    -- each with what is under its name: the constraint of that name on its
    -- table (con), the index of that name on its table (idx), the relation
    -- of that name in the schema (rel: idx, or another relation's)
    key_state AS (
        SELECT k.name, k.tbl, k.col, k.def, k.remake, t.oid AS tbl_oid,
               (SELECT co.oid FROM pg_catalog.pg_constraint co
                 WHERE co.conrelid OPERATOR(pg_catalog.=) t.oid AND co.conname OPERATOR(pg_catalog.=) k.name) AS con,
               (SELECT x.indexrelid FROM pg_catalog.pg_index x
                  JOIN pg_catalog.pg_class xc ON xc.oid OPERATOR(pg_catalog.=) x.indexrelid
                 WHERE x.indrelid OPERATOR(pg_catalog.=) t.oid AND xc.relname OPERATOR(pg_catalog.=) k.name) AS idx,
               pg_catalog.to_regclass('service_affair.' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(k.name)) AS rel
          FROM key_010 k
          LEFT JOIN pg_catalog.pg_class t
            ON t.relnamespace OPERATOR(pg_catalog.=) 'service_affair'::pg_catalog.regnamespace AND t.relname OPERATOR(pg_catalog.=) k.tbl),
    -- those that are not the primary key 0.1.0 made: gone (review of
    -- 2026-12-06: dropped, with CASCADE, which took the foreign keys that
    -- refer to them, the update stopped in the middle at its first foreign
    -- key to the table with PostgreSQL's bare 42830, "there is no unique
    -- constraint matching given keys"), or (since 2026-12-06, before which
    -- the name was enough) made again otherwise under the name: a plain
    -- index, one on other columns, a unique constraint, a primary key on
    -- other columns, DEFERRABLE or with INCLUDE, an invalid index, another
    -- operator class (the update stopped with the same 42830, or kept it
    -- unlike a fresh install's); with the statements that make it as 0.1.0
    -- did, dropping first what is under its name (with CASCADE: the foreign
    -- keys that refer to it, made again after it below)
    key_gone AS (
        SELECT s.name, s.tbl, s.tbl_oid, s.col, s.con, s.idx, s.rel,
               s.con IS NULL AND s.idx IS NULL AS gone,
               pg_catalog.concat_ws('; ',
                   CASE WHEN s.con IS NOT NULL
                        THEN 'ALTER TABLE service_affair.' OPERATOR(pg_catalog.||) s.tbl::text OPERATOR(pg_catalog.||) ' DROP CONSTRAINT '
                             OPERATOR(pg_catalog.||) s.name::text OPERATOR(pg_catalog.||) ' CASCADE' END,
                   CASE WHEN s.idx IS NOT NULL
                         AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint co
                                          WHERE co.oid OPERATOR(pg_catalog.=) s.con AND co.conindid OPERATOR(pg_catalog.=) s.idx
                                            AND co.contype OPERATOR(pg_catalog.=) ANY ('{p,u,x}'::pg_catalog."char"[]))
                        THEN 'DROP INDEX service_affair.' OPERATOR(pg_catalog.||) s.name::text OPERATOR(pg_catalog.||) ' CASCADE' END,
                   s.remake) AS remake,
               s.name::text OPERATOR(pg_catalog.||) ' on table service_affair.' OPERATOR(pg_catalog.||) s.tbl::text
               OPERATOR(pg_catalog.||) CASE WHEN s.con IS NULL AND s.idx IS NULL THEN ''
                                            ELSE ', now ' OPERATOR(pg_catalog.||) pg_catalog.concat_ws(' and ',
                                                     (SELECT pg_catalog.lower(pg_catalog.pg_get_constraintdef(co.oid))
                                                             OPERATOR(pg_catalog.||) CASE WHEN co.contype OPERATOR(pg_catalog.=) 'f' THEN ' (a foreign key)' ELSE '' END
                                                        FROM pg_catalog.pg_constraint co WHERE co.oid OPERATOR(pg_catalog.=) s.con),
                                                     (SELECT CASE WHEN x.indisvalid THEN '' ELSE 'invalid ' END
                                                             OPERATOR(pg_catalog.||) pg_catalog.pg_get_indexdef(x.indexrelid)
                                                        FROM pg_catalog.pg_index x WHERE x.indexrelid OPERATOR(pg_catalog.=) s.idx
                                                         AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint co
                                                                          WHERE co.oid OPERATOR(pg_catalog.=) s.con AND co.conindid OPERATOR(pg_catalog.=) s.idx
                                                                            AND co.contype OPERATOR(pg_catalog.=) ANY ('{p,u,x}'::pg_catalog."char"[]))))
                                       END AS what
          FROM key_state s
         WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_constraint co
                             JOIN pg_catalog.pg_index x ON x.indexrelid OPERATOR(pg_catalog.=) co.conindid
                            WHERE co.oid OPERATOR(pg_catalog.=) s.con AND co.contype OPERATOR(pg_catalog.=) 'p'
                              AND x.indexrelid OPERATOR(pg_catalog.=) s.idx AND x.indisvalid
                              AND pg_catalog.pg_get_constraintdef(co.oid) OPERATOR(pg_catalog.=) ('PRIMARY KEY (' OPERATOR(pg_catalog.||) s.col OPERATOR(pg_catalog.||) ')')
                              AND pg_catalog.regexp_replace(pg_catalog.pg_get_indexdef(x.indexrelid), E' WITH \\([^()]*\\)', '') OPERATOR(pg_catalog.=) s.def)),
    -- a relation of another table's, or of another kind, under the name of
    -- one of them (since 2026-12-06: the hint's ADD CONSTRAINT failed with
    -- 42P07): refused with the case tables' indexes, to be renamed first
    key_taken AS (
        SELECT g.name, g.tbl, g.rel FROM key_gone g WHERE g.idx IS NULL AND g.rel IS NOT NULL),
    -- a relation under a name the update needs (index_gone.other,
    -- key_taken.rel) as the refusal names it: its kind and name, and for an
    -- index the relation it is on
    taken_named AS (
        SELECT r.rel,
               pg_catalog.left((SELECT i.type OPERATOR(pg_catalog.||) ' ' OPERATOR(pg_catalog.||) i.identity
                                  FROM pg_catalog.pg_identify_object('pg_catalog.pg_class'::pg_catalog.regclass, r.rel, 0) i), 96)
               OPERATOR(pg_catalog.||) coalesce((SELECT ' on ' OPERATOR(pg_catalog.||) i.type OPERATOR(pg_catalog.||) ' ' OPERATOR(pg_catalog.||) i.identity
                                                   FROM pg_catalog.pg_index x,
                                                        LATERAL pg_catalog.pg_identify_object('pg_catalog.pg_class'::pg_catalog.regclass, x.indrelid, 0) i
                                                  WHERE x.indexrelid OPERATOR(pg_catalog.=) r.rel), '') AS what
          FROM (SELECT g.other AS rel FROM index_gone g WHERE g.other IS NOT NULL
                UNION
                SELECT t.rel FROM key_taken t) r),
    -- the foreign keys 0.1.0 makes to those tables on tables other than the
    -- case tables (those the update makes again itself), as
    -- pg_get_constraintdef() says them: gone with a key dropped with
    -- CASCADE, they are to be made again with it (75_catalog_ledger.sql
    -- drops ledger_name_fkey: without it the update stopped with 42704)
    key_fkey_010(name, tbl, reftbl, def) AS (
        VALUES ('evidence_applicant_fkey'::pg_catalog.name, 'evidence'::pg_catalog.name, 'applicant'::pg_catalog.name, 'FOREIGN KEY (applicant) REFERENCES service_affair.applicant(id) ON DELETE CASCADE'),
               ('bundle_item_bundle_fkey', 'bundle_item', 'bundle', 'FOREIGN KEY (bundle) REFERENCES service_affair.bundle(code) ON UPDATE CASCADE ON DELETE CASCADE'),
               ('calendar_day_calendar_fkey', 'calendar_day', 'calendar', 'FOREIGN KEY (calendar) REFERENCES service_affair.calendar(name) ON UPDATE CASCADE ON DELETE CASCADE'),
               ('item_calendar_fkey', 'item', 'calendar', 'FOREIGN KEY (calendar) REFERENCES service_affair.calendar(name) ON UPDATE CASCADE'),
               ('staff_department_fkey', 'staff', 'department', 'FOREIGN KEY (department) REFERENCES service_affair.department(code) ON UPDATE CASCADE'),
               ('item_department_fkey', 'item', 'department', 'FOREIGN KEY (department) REFERENCES service_affair.department(code) ON UPDATE CASCADE'),
               ('bundle_lead_department_fkey', 'bundle', 'department', 'FOREIGN KEY (lead_department) REFERENCES service_affair.department(code) ON UPDATE CASCADE'),
               ('inspector_department_fkey', 'inspector', 'department', 'FOREIGN KEY (department) REFERENCES service_affair.department(code)'),
               ('ledger_name_fkey', 'ledger', 'department', 'FOREIGN KEY (name) REFERENCES service_affair.department(code)'),
               ('material_item_fkey', 'material', 'item', 'FOREIGN KEY (item) REFERENCES service_affair.item(code) ON UPDATE CASCADE ON DELETE CASCADE'),
               ('bundle_item_item_fkey', 'bundle_item', 'item', 'FOREIGN KEY (item) REFERENCES service_affair.item(code) ON UPDATE CASCADE')),
    -- each with the constraint under its name on its table
    key_fkey_state AS (
        SELECT f.name, f.tbl, f.reftbl, f.def,
               (SELECT co.oid FROM pg_catalog.pg_class t
                  JOIN pg_catalog.pg_constraint co ON co.conrelid OPERATOR(pg_catalog.=) t.oid
                 WHERE t.relnamespace OPERATOR(pg_catalog.=) 'service_affair'::pg_catalog.regnamespace
                   AND t.relname OPERATOR(pg_catalog.=) f.tbl AND co.conname OPERATOR(pg_catalog.=) f.name) AS con
          FROM key_fkey_010 f),
    -- those to be made again: gone (by hand, or with their key), made again
    -- otherwise (since 2026-12-06, before which only those gone with a key
    -- gone were looked at: ledger_name_fkey dropped by hand stopped the
    -- update in the middle with 42704 at 75_catalog_ledger.sql's DROP
    -- CONSTRAINT, any other was left out unlike a fresh install's), or
    -- referring to a key of the list above that the hint's statements drop
    -- with CASCADE; key: to a key of that list (made again with it)
    key_fkey_gone AS (
        SELECT f.name, f.tbl,
               f.reftbl OPERATOR(pg_catalog.=) ANY (SELECT g.tbl FROM key_gone g) AS key,
               f.con IS NULL AS gone,
               CASE WHEN f.con IS NULL
                         OR EXISTS (SELECT FROM pg_catalog.pg_constraint co JOIN key_gone g ON g.idx OPERATOR(pg_catalog.=) co.conindid
                                     WHERE co.oid OPERATOR(pg_catalog.=) f.con AND co.contype OPERATOR(pg_catalog.=) 'f')
                    THEN 'ALTER TABLE service_affair.' OPERATOR(pg_catalog.||) f.tbl::text OPERATOR(pg_catalog.||) ' ADD CONSTRAINT '
                         OPERATOR(pg_catalog.||) f.name::text OPERATOR(pg_catalog.||) ' ' OPERATOR(pg_catalog.||) f.def
                    ELSE 'ALTER TABLE service_affair.' OPERATOR(pg_catalog.||) f.tbl::text OPERATOR(pg_catalog.||) ' DROP CONSTRAINT '
                         OPERATOR(pg_catalog.||) f.name::text OPERATOR(pg_catalog.||) ', ADD CONSTRAINT '
                         OPERATOR(pg_catalog.||) f.name::text OPERATOR(pg_catalog.||) ' ' OPERATOR(pg_catalog.||) f.def END AS remake,
               -- wrong in itself (not only dropped by the hint's CASCADE)
               f.con IS NULL
                   OR NOT EXISTS (SELECT FROM pg_catalog.pg_constraint co
                                   WHERE co.oid OPERATOR(pg_catalog.=) f.con AND co.contype OPERATOR(pg_catalog.=) 'f'
                                     AND pg_catalog.pg_get_constraintdef(co.oid) OPERATOR(pg_catalog.=) f.def) AS wrong
          FROM key_fkey_state f
         WHERE f.con IS NULL
            OR NOT EXISTS (SELECT FROM pg_catalog.pg_constraint co
                            WHERE co.oid OPERATOR(pg_catalog.=) f.con AND co.contype OPERATOR(pg_catalog.=) 'f'
                              AND pg_catalog.pg_get_constraintdef(co.oid) OPERATOR(pg_catalog.=) f.def)
            OR EXISTS (SELECT FROM pg_catalog.pg_constraint co JOIN key_gone g ON g.idx OPERATOR(pg_catalog.=) co.conindid
                        WHERE co.oid OPERATOR(pg_catalog.=) f.con AND co.contype OPERATOR(pg_catalog.=) 'f')),
    -- the other foreign keys that refer to a key of the list above which
    -- the hint's statements drop with CASCADE: the DBA's, on his tables (or
    -- on the extension's under names not 0.1.0's), not the 0.1.0 ones made
    -- again above or by the update itself (fkey_010).  Until 2026-12-06
    -- (a review) the CASCADE dropped them without a word, the hint saying
    -- only "yours you make again after"; now each is named in the detail
    -- with pg_get_constraintdef() and made again by the statements after
    -- the keys, as it was (remade), when it refers to the key's column
    -- alone.  One to other columns (a unique constraint of the DBA's on
    -- (code, name) under the key's name) cannot be made again to the key
    -- 0.1.0 made (42830): named as such, his to make again after over a key
    -- of his.  A partition's copy of one (conparentid) goes with its
    -- parent's, made again with it.
    key_fkey_yours AS (
        SELECT co.conname, co.conrelid::pg_catalog.regclass::text AS tbl,
               pg_catalog.pg_get_constraintdef(co.oid) AS def,
               co.confkey OPERATOR(pg_catalog.=) ARRAY[(SELECT a.attnum FROM pg_catalog.pg_attribute a
                                                          WHERE a.attrelid OPERATOR(pg_catalog.=) g.tbl_oid
                                                            AND a.attname OPERATOR(pg_catalog.=) g.col::pg_catalog.name)] AS remade
          FROM key_gone g
          JOIN pg_catalog.pg_constraint co ON co.conindid OPERATOR(pg_catalog.=) g.idx
         WHERE co.contype OPERATOR(pg_catalog.=) 'f' AND co.conparentid OPERATOR(pg_catalog.=) 0
           AND NOT EXISTS (SELECT FROM key_fkey_state f WHERE f.con OPERATOR(pg_catalog.=) co.oid)
           AND NOT EXISTS (SELECT FROM fkey_010 k JOIN case_table t ON t.relname OPERATOR(pg_catalog.=) k.tbl
                            WHERE t.oid OPERATOR(pg_catalog.=) co.conrelid AND k.name OPERATOR(pg_catalog.=) co.conname)),
    -- the other objects that depend on what the hint's statements drop with
    -- CASCADE, not foreign keys: a view (or function) grouping by a primary
    -- key of the DBA's under the name, its other columns functionally
    -- dependent on it.  Until 2026-12-06 (a review) the CASCADE dropped them
    -- without a word; the statements cannot make them again as they were
    -- (grants, owners, comments, what depends on them): named in the detail,
    -- the DBA's to drop before the statements and make again after.
    key_dep_yours AS (
        SELECT DISTINCT
               CASE WHEN d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                    THEN (SELECT CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END
                                 OPERATOR(pg_catalog.||) c.oid::pg_catalog.regclass::text
                            FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) r.ev_class
                           WHERE r.oid OPERATOR(pg_catalog.=) d.objid AND r.rulename OPERATOR(pg_catalog.=) '_RETURN')
               END AS view_name,
               pg_catalog.pg_describe_object(d.classid, d.objid, 0) AS what
          FROM key_gone g
          JOIN pg_catalog.pg_depend d
            ON ((d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_constraint'::pg_catalog.regclass AND d.refobjid OPERATOR(pg_catalog.=) g.con)
                OR (d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid OPERATOR(pg_catalog.=) g.idx))
         WHERE d.deptype OPERATOR(pg_catalog.=) 'n'
           AND d.classid OPERATOR(pg_catalog.<>) 'pg_catalog.pg_constraint'::pg_catalog.regclass),
    -- the dependencies looked at: on what the update drops (case_table NULL),
    -- and on a case table, its row type or the array of it (other tables'
    -- row policies move to the parent there: not refused)
    dep AS (
        SELECT NULL::pg_catalog.oid AS case_table, d.classid, d.objid, d.objsubid, d.refclassid, d.refobjid
          FROM dropped x
          JOIN pg_catalog.pg_depend d
            ON d.refclassid OPERATOR(pg_catalog.=) x.classid AND d.refobjid OPERATOR(pg_catalog.=) x.objid
           AND d.deptype OPERATOR(pg_catalog.=) 'n'
        UNION
        SELECT t.oid, d.classid, d.objid, d.objsubid, d.refclassid, d.refobjid
          FROM case_table t
          JOIN pg_catalog.pg_depend d
            ON ((d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid OPERATOR(pg_catalog.=) t.oid)
                OR (d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_type'::pg_catalog.regclass
                    AND (d.refobjid OPERATOR(pg_catalog.=) t.reltype
                         -- its array type too (a function of service_affair.rating[]):
                         -- renamed with the table, it would follow the partition as well
                         OR d.refobjid OPERATOR(pg_catalog.=) (SELECT y.typarray FROM pg_catalog.pg_type y
                                                                WHERE y.oid OPERATOR(pg_catalog.=) t.reltype))))
           AND d.deptype OPERATOR(pg_catalog.=) 'n'
           AND d.classid OPERATOR(pg_catalog.<>) 'pg_catalog.pg_policy'::pg_catalog.regclass),
    -- each dependency with the object it belongs to (a rule: its view; a
    -- trigger, a policy, a default, a constraint: their table or domain),
    -- those of the extension left out: the one mapping of both lists
    foreign_dep AS (
        SELECT d.*, o.classid AS oclassid, o.objid AS oobjid
          FROM dep d
         CROSS JOIN LATERAL (  -- the object that is or is not the extension's
            SELECT CASE WHEN d.classid OPERATOR(pg_catalog.=) ANY (ARRAY['pg_catalog.pg_rewrite', 'pg_catalog.pg_trigger',
                                                                        'pg_catalog.pg_policy', 'pg_catalog.pg_attrdef']::pg_catalog.regclass[])
                             OR (d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_constraint'::pg_catalog.regclass
                                 AND (SELECT k.conrelid FROM pg_catalog.pg_constraint k WHERE k.oid OPERATOR(pg_catalog.=) d.objid) OPERATOR(pg_catalog.<>) 0)
                        THEN 'pg_catalog.pg_class'::pg_catalog.regclass
                        WHEN d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_constraint'::pg_catalog.regclass
                        THEN 'pg_catalog.pg_type'::pg_catalog.regclass
                        ELSE d.classid END AS classid,
                   CASE d.classid
                       WHEN 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                           THEN (SELECT w.ev_class FROM pg_catalog.pg_rewrite w WHERE w.oid OPERATOR(pg_catalog.=) d.objid)
                       WHEN 'pg_catalog.pg_trigger'::pg_catalog.regclass
                           THEN (SELECT g.tgrelid FROM pg_catalog.pg_trigger g WHERE g.oid OPERATOR(pg_catalog.=) d.objid)
                       WHEN 'pg_catalog.pg_policy'::pg_catalog.regclass
                           THEN (SELECT l.polrelid FROM pg_catalog.pg_policy l WHERE l.oid OPERATOR(pg_catalog.=) d.objid)
                       WHEN 'pg_catalog.pg_attrdef'::pg_catalog.regclass
                           THEN (SELECT a.adrelid FROM pg_catalog.pg_attrdef a WHERE a.oid OPERATOR(pg_catalog.=) d.objid)
                       WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass
                           THEN (SELECT CASE WHEN k.conrelid OPERATOR(pg_catalog.<>) 0 THEN k.conrelid ELSE k.contypid END
                                   FROM pg_catalog.pg_constraint k WHERE k.oid OPERATOR(pg_catalog.=) d.objid)
                       ELSE d.objid END AS objid) o
         WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_depend m, pg_catalog.pg_extension e
                            WHERE e.extname OPERATOR(pg_catalog.=) 'service_affair'
                              AND m.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
                              AND m.refobjid OPERATOR(pg_catalog.=) e.oid AND m.deptype OPERATOR(pg_catalog.=) 'e'
                              AND m.classid OPERATOR(pg_catalog.=) o.classid AND m.objid OPERATOR(pg_catalog.=) o.objid)),
    dependent AS (  -- over what the update drops
        SELECT DISTINCT d.refclassid, d.refobjid, d.oclassid, d.oobjid,
               -- a rule is said as its view; the rest as themselves (a trigger, a
               -- policy, a default, a constraint name their table), schema-qualified
               (SELECT i.type OPERATOR(pg_catalog.||) ' ' OPERATOR(pg_catalog.||) i.identity
                  FROM pg_catalog.pg_identify_object(
                           CASE WHEN d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_rewrite'::pg_catalog.regclass THEN d.oclassid ELSE d.classid END,
                           CASE WHEN d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_rewrite'::pg_catalog.regclass THEN d.oobjid ELSE d.objid END, 0) i) AS what
          FROM foreign_dep d
         WHERE d.case_table IS NULL
           AND NOT EXISTS (SELECT FROM dropped y WHERE y.classid OPERATOR(pg_catalog.=) d.oclassid AND y.objid OPERATOR(pg_catalog.=) d.oobjid)),
    -- the indexes on the case tables that are not the 18 of 0.1.0 as 0.1.0
    -- made them: another name, or one of their names with another
    -- definition (review of 2026-12-06: dropped and made again by the DBA on
    -- other columns, with a WHERE clause, another operator class, as a plain
    -- index where 0.1.0 had a key or unique constraint, or left invalid by a
    -- failed CREATE INDEX CONCURRENTLY, it was taken for the script's own and
    -- stayed on <t>_active unlike a fresh install's, or was dropped by the
    -- update without a word); compared by pg_get_indexdef() without its
    -- storage parameters (an index's fillfactor set by hand stays with it on
    -- the partition) and by the constraint it backs; def is 0.1.0's, NULL
    -- for another name
    foreign_index AS (
        SELECT x.indrelid, x.indexrelid, k.def, coalesce(k.remake, k.def) AS remake
          FROM case_table t
          JOIN pg_catalog.pg_index x ON x.indrelid OPERATOR(pg_catalog.=) t.oid
          JOIN pg_catalog.pg_class xc ON xc.oid OPERATOR(pg_catalog.=) x.indexrelid
          LEFT JOIN index_010 k ON k.name OPERATOR(pg_catalog.=) xc.relname
         WHERE k.def IS NULL OR NOT x.indisvalid
            OR pg_catalog.regexp_replace(pg_catalog.pg_get_indexdef(x.indexrelid), E' WITH \\([^()]*\\)', '')
               OPERATOR(pg_catalog.<>) k.def
            OR coalesce((SELECT c.contype::text FROM pg_catalog.pg_constraint c
                          WHERE c.conindid OPERATOR(pg_catalog.=) x.indexrelid AND c.conrelid OPERATOR(pg_catalog.=) t.oid
                            AND c.conname OPERATOR(pg_catalog.=) xc.relname
                            AND c.contype OPERATOR(pg_catalog.=) ANY ('{p,u,x}'::pg_catalog."char"[])), '')
               OPERATOR(pg_catalog.<>) k.contype),
    -- over the case tables: each old table becomes the partition <t>_active
    -- (39_cases_partition.sql), and a view, a rule, a foreign key or a
    -- function of its row type, or of an array of it, would follow the
    -- partition, not the new parent; other tables' row policies, grants and
    -- triggers move to the parent there, so they are not refused
    table_dependent AS (
        SELECT pg_catalog.left(CASE WHEN d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                                    THEN pg_catalog.pg_describe_object(d.oclassid, d.oobjid, 0)
                                    ELSE pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid) END, 64)
               OPERATOR(pg_catalog.||) ' (on '
               -- the table or type schema-qualified, as the list above names them
               OPERATOR(pg_catalog.||) pg_catalog.left((SELECT i.type OPERATOR(pg_catalog.||) ' ' OPERATOR(pg_catalog.||) i.identity
                                                          FROM pg_catalog.pg_identify_object(d.refclassid, d.refobjid, 0) i), 64)
               OPERATOR(pg_catalog.||) ')' AS what,
               false AS changed
          FROM foreign_dep d
         WHERE d.case_table IS NOT NULL
           AND NOT (d.oclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass AND d.oobjid OPERATOR(pg_catalog.=) d.case_table)
        -- Objects on the case tables that depend on them automatically
        -- (review of 2026-12-05): an index of the DBA's (any but the 18
        -- of 0.1.0, a unique constraint's too; since 2026-12-06 one of
        -- their names with another definition too), a statistics object or a
        -- rule would stay on the partition <t>_active, the parent having
        -- none (39_cases_partition.sql carries triggers, policies,
        -- defaults, grants and a plain membership of a publication to the
        -- parent; one with a row filter or a column list depends on the
        -- table's columns, refused above).
        UNION
        SELECT pg_catalog.left(i.type OPERATOR(pg_catalog.||) ' ' OPERATOR(pg_catalog.||) i.identity, 96)
               OPERATOR(pg_catalog.||) o.note
               OPERATOR(pg_catalog.||) ' (on table service_affair.' OPERATOR(pg_catalog.||) t.relname::text OPERATOR(pg_catalog.||) ')',
               o.changed
          FROM case_table t
             CROSS JOIN LATERAL (
                SELECT 'pg_catalog.pg_class'::pg_catalog.regclass AS classid, f.indexrelid AS objid,
                       CASE WHEN f.def IS NULL THEN '' ELSE ', defined unlike 0.1.0''s' END AS note,
                       f.def IS NOT NULL AS changed
                  FROM foreign_index f WHERE f.indrelid OPERATOR(pg_catalog.=) t.oid
                UNION ALL
                SELECT 'pg_catalog.pg_statistic_ext'::pg_catalog.regclass, s.oid, '', false
                  FROM pg_catalog.pg_statistic_ext s WHERE s.stxrelid OPERATOR(pg_catalog.=) t.oid
                UNION ALL
                SELECT 'pg_catalog.pg_rewrite'::pg_catalog.regclass, w.oid, '', false
                  FROM pg_catalog.pg_rewrite w WHERE w.ev_class OPERATOR(pg_catalog.=) t.oid
                UNION ALL  -- a constraint under the name of one of 0.1.0's
                           -- foreign keys, not as 0.1.0 made it
                SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass, f.oid, ', defined unlike 0.1.0''s', true
                  FROM fkey_changed f WHERE f.conrelid OPERATOR(pg_catalog.=) t.oid
                UNION ALL  -- a foreign key of the DBA's to a case table under
                           -- a name not 0.1.0's (review of 2026-12-06): it
                           -- stayed on <t>_active without a word, the
                           -- parent having none (and cannot take it: the
                           -- parents have no key), refusing settling, or
                           -- with ON DELETE CASCADE deleting its rows
                SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass, co.oid,
                       ', to table service_affair.' OPERATOR(pg_catalog.||) (SELECT c.relname::text FROM case_table c WHERE c.oid OPERATOR(pg_catalog.=) co.confrelid),
                       false
                  FROM pg_catalog.pg_constraint co
                 WHERE co.conrelid OPERATOR(pg_catalog.=) t.oid AND co.contype OPERATOR(pg_catalog.=) 'f'
                   AND co.confrelid OPERATOR(pg_catalog.=) ANY (SELECT c.oid FROM case_table c)
                   AND NOT EXISTS (SELECT FROM fkey_010 k WHERE k.name OPERATOR(pg_catalog.=) co.conname AND k.tbl OPERATOR(pg_catalog.=) t.relname)
                UNION ALL  -- a foreign key of the DBA's, NOT VALID, to a
                           -- table outside the case tables: moved to the
                           -- parent, which takes no NOT VALID foreign key,
                           -- it stopped the update in the middle (42809)
                SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass, co.oid, ', NOT VALID', false
                  FROM pg_catalog.pg_constraint co
                 WHERE co.conrelid OPERATOR(pg_catalog.=) t.oid AND co.contype OPERATOR(pg_catalog.=) 'f' AND NOT co.convalidated
                   AND co.confrelid OPERATOR(pg_catalog.<>) ALL (SELECT c.oid FROM case_table c)
                   AND NOT EXISTS (SELECT FROM fkey_010 k WHERE k.name OPERATOR(pg_catalog.=) co.conname AND k.tbl OPERATOR(pg_catalog.=) t.relname)
                UNION ALL  -- a row trigger with transition tables, which a
                           -- partitioned table cannot have: moved to the
                           -- parent it stopped the update in the middle
                SELECT 'pg_catalog.pg_trigger'::pg_catalog.regclass, g.oid, '', false
                  FROM pg_catalog.pg_trigger g
                 WHERE g.tgrelid OPERATOR(pg_catalog.=) t.oid AND NOT g.tgisinternal
                   AND (g.tgtype::integer OPERATOR(pg_catalog.&) 1) OPERATOR(pg_catalog.=) 1
                   AND (g.tgoldtable IS NOT NULL OR g.tgnewtable IS NOT NULL)
                ) o,
                   LATERAL pg_catalog.pg_identify_object(o.classid, o.objid, 0) i)
    SELECT (SELECT pg_catalog.array_agg(pg_catalog.left(t.what, 64) OPERATOR(pg_catalog.||) ' (on '
                                        OPERATOR(pg_catalog.||) pg_catalog.left((SELECT i.type OPERATOR(pg_catalog.||) ' ' OPERATOR(pg_catalog.||) i.identity
                                                                                   FROM pg_catalog.pg_identify_object(t.refclassid, t.refobjid, 0) i), 64)
                                        OPERATOR(pg_catalog.||) ')' ORDER BY t.what, t.refobjid)
              FROM dependent t),
           (SELECT pg_catalog.array_agg(x.what ORDER BY x.what) FROM table_dependent x WHERE NOT x.changed),
           (SELECT pg_catalog.array_agg(x.what ORDER BY x.what) FROM table_dependent x WHERE x.changed),
           EXISTS (SELECT FROM table_dependent x WHERE x.what OPERATOR(pg_catalog.~~) '%, NOT VALID (on table %'),
           (SELECT pg_catalog.array_agg(f.remake ORDER BY f.remake) FROM foreign_index f WHERE f.def IS NOT NULL),
           (SELECT pg_catalog.array_agg((SELECT n.what FROM taken_named n WHERE n.rel OPERATOR(pg_catalog.=) g.other)
                                        OPERATOR(pg_catalog.||) ' (0.1.0''s is on table service_affair.' OPERATOR(pg_catalog.||) g.tbl OPERATOR(pg_catalog.||) ')'
                                        ORDER BY g.name)
              FROM index_gone g WHERE g.other IS NOT NULL),
           -- not those the update drops or replaces, below
           (SELECT pg_catalog.array_agg(g.remake ORDER BY g.name) FROM index_gone g
             WHERE g.name OPERATOR(pg_catalog.<>) ALL ('{case_event_case_idx,task_case_idx,case_event_pkey}'::pg_catalog.name[])),
           (SELECT pg_catalog.array_agg(g.name::text OPERATOR(pg_catalog.||) ' on table service_affair.' OPERATOR(pg_catalog.||) g.tbl ORDER BY g.name)
              FROM index_gone g
             WHERE g.name OPERATOR(pg_catalog.<>) ALL ('{case_event_case_idx,task_case_idx,case_event_pkey}'::pg_catalog.name[])),
           (SELECT pg_catalog.array_agg(f.remake ORDER BY f.tbl, f.name) FROM fkey_changed f),
           (SELECT pg_catalog.array_agg(g.remake ORDER BY g.tbl, g.name) FROM fkey_gone g),
           (SELECT pg_catalog.array_agg(g.name::text OPERATOR(pg_catalog.||) ' on table service_affair.' OPERATOR(pg_catalog.||) g.tbl::text ORDER BY g.tbl, g.name)
              FROM fkey_gone g),
           (SELECT pg_catalog.array_agg(g.what ORDER BY g.name) FROM key_gone g WHERE g.gone),
           (SELECT pg_catalog.array_agg(g.what ORDER BY g.name) FROM key_gone g WHERE NOT g.gone),
           (SELECT pg_catalog.array_agg(g.name::text OPERATOR(pg_catalog.||) ' on table service_affair.' OPERATOR(pg_catalog.||) g.tbl::text ORDER BY g.tbl, g.name)
              FROM key_fkey_gone g WHERE g.key AND g.gone),
           (SELECT pg_catalog.array_agg(x.remake ORDER BY x.o, x.tbl, x.name)
              FROM (SELECT 1 AS o, g.tbl, g.name, g.remake FROM key_gone g
                    UNION ALL
                    SELECT 2, f.tbl, f.name, f.remake FROM key_fkey_gone f WHERE f.key
                    UNION ALL
                    SELECT 3, y.tbl, y.conname,
                           pg_catalog.format('ALTER TABLE %s ADD CONSTRAINT %I %s', y.tbl, y.conname, y.def)
                      FROM key_fkey_yours y WHERE y.remade) x),
           EXISTS (SELECT FROM key_gone g WHERE NOT g.gone),
           (SELECT pg_catalog.array_agg(y.conname::text OPERATOR(pg_catalog.||) ' on table ' OPERATOR(pg_catalog.||) y.tbl
                                        OPERATOR(pg_catalog.||) ' (' OPERATOR(pg_catalog.||) y.def OPERATOR(pg_catalog.||) ')'
                                        ORDER BY y.tbl, y.conname)
              FROM key_fkey_yours y WHERE y.remade),
           (SELECT pg_catalog.array_agg(y.conname::text OPERATOR(pg_catalog.||) ' on table ' OPERATOR(pg_catalog.||) y.tbl
                                        OPERATOR(pg_catalog.||) ' (' OPERATOR(pg_catalog.||) y.def OPERATOR(pg_catalog.||) ')'
                                        ORDER BY y.tbl, y.conname)
              FROM key_fkey_yours y WHERE NOT y.remade),
           (SELECT pg_catalog.array_agg(coalesce(y.view_name, y.what) ORDER BY coalesce(y.view_name, y.what)) FROM key_dep_yours y),
           (SELECT pg_catalog.array_agg((SELECT n.what FROM taken_named n WHERE n.rel OPERATOR(pg_catalog.=) g.rel)
                                        OPERATOR(pg_catalog.||) ' (0.1.0''s is the primary key of table service_affair.' OPERATOR(pg_catalog.||) g.tbl OPERATOR(pg_catalog.||) ')'
                                        ORDER BY g.name)
              FROM key_taken g),
           (SELECT pg_catalog.array_agg(g.name::text OPERATOR(pg_catalog.||) ' on table service_affair.' OPERATOR(pg_catalog.||) g.tbl::text
                                        OPERATOR(pg_catalog.||) CASE WHEN g.gone THEN ', dropped' ELSE ', defined unlike 0.1.0''s' END
                                        ORDER BY g.tbl, g.name)
              FROM key_fkey_gone g WHERE g.wrong AND NOT (g.key AND g.gone)),
           (SELECT pg_catalog.array_agg(g.remake ORDER BY g.tbl, g.name) FROM key_fkey_gone g WHERE NOT g.key)
      INTO found, found_tables, found_changed, unvalidated, changed_indexes, taken, gone_sql, gone_what, changed_fkeys, fkey_sql, fkey_what,
           keys_gone, keys_changed, key_fkeys_gone, keys_sql, keys_cascade, yours_fkeys, yours_fkeys_lost, yours_deps, keys_taken, cat_fkeys, cat_fkeys_sql;
    -- A department coded catalog or directory, the names 0.2.0 gives the
    -- ledger of the catalog (75_catalog_ledger.sql) and that of the
    -- deregistration marks (76_directory_log.sql): its ledger would be
    -- theirs, read as the public chain of the catalog or as the marks.
    -- Until 2026-12-06 each was refused in its own part, after the update
    -- had done most of its work (a DBA who met the first there met the
    -- rest only on the next run), and the hint said to UPDATE the code,
    -- which 0.1.0 refuses (23503) while cases, inspectors or a ledger refer
    -- to it (their foreign keys do not cascade).  Now here, each with what
    -- refers to it and the statements that give it another code in 0.1.0:
    -- a new department under the new code, its rows pointed at it, the old
    -- one deleted (test/scripts/upgrade_catalog_keys.sh runs them).  A
    -- department whose ledger holds entries cannot be given one: the log is
    -- append-only and hashes the ledger's name into every entry.
    SELECT pg_catalog.array_agg(d.code OPERATOR(pg_catalog.||) ' (' OPERATOR(pg_catalog.||)
                                coalesce(NULLIF(pg_catalog.concat_ws(', ',
                                    CASE WHEN n.cases OPERATOR(pg_catalog.>) 0 THEN n.cases OPERATOR(pg_catalog.||) ' cases' END,
                                    CASE WHEN n.tasks OPERATOR(pg_catalog.>) 0 THEN n.tasks OPERATOR(pg_catalog.||) ' tasks' END,
                                    CASE WHEN n.inspectors OPERATOR(pg_catalog.>) 0 THEN n.inspectors OPERATOR(pg_catalog.||) ' inspectors' END,
                                    CASE WHEN n.staff OPERATOR(pg_catalog.>) 0 THEN n.staff OPERATOR(pg_catalog.||) ' staff' END,
                                    CASE WHEN n.items OPERATOR(pg_catalog.>) 0 THEN n.items OPERATOR(pg_catalog.||) ' items' END,
                                    CASE WHEN n.bundles OPERATOR(pg_catalog.>) 0 THEN n.bundles OPERATOR(pg_catalog.||) ' bundles' END,
                                    CASE WHEN n.ledger THEN 'a ledger of ' OPERATOR(pg_catalog.||) n.entries OPERATOR(pg_catalog.||) ' entries' END,
                                    CASE WHEN n.plans OPERATOR(pg_catalog.>) 0 THEN n.plans OPERATOR(pg_catalog.||) ' inspection plans' END), ''),
                                         'nothing refers to it') OPERATOR(pg_catalog.||) ')'
                                ORDER BY d.code),
           pg_catalog.array_agg(pg_catalog.format(
               'INSERT INTO service_affair.department (code, name, region) SELECT %1$L, name, region FROM service_affair.department WHERE code = %2$L; '
               'INSERT INTO service_affair.ledger (name, algorithm, created_at) SELECT %1$L, algorithm, created_at FROM service_affair.ledger WHERE name = %2$L; '
               'UPDATE service_affair.staff SET department = %1$L WHERE department = %2$L; '
               'UPDATE service_affair.item SET department = %1$L WHERE department = %2$L; '
               'UPDATE service_affair.bundle SET lead_department = %1$L WHERE lead_department = %2$L; '
               'UPDATE service_affair.cases SET department = %1$L WHERE department = %2$L; '
               'UPDATE service_affair.task SET department = %1$L WHERE department = %2$L; '
               'UPDATE service_affair.inspector SET department = %1$L WHERE department = %2$L; '
               'DELETE FROM service_affair.ledger WHERE name = %2$L; '
               'DELETE FROM service_affair.department WHERE code = %2$L', c.code, d.code) ORDER BY d.code)
               FILTER (WHERE n.entries OPERATOR(pg_catalog.=) 0 AND n.plans OPERATOR(pg_catalog.=) 0),
           pg_catalog.array_agg(d.code ORDER BY d.code) FILTER (WHERE n.entries OPERATOR(pg_catalog.>) 0 OR n.plans OPERATOR(pg_catalog.>) 0)
      INTO reserved, reserved_sql, reserved_logged
      FROM service_affair.department d
     CROSS JOIN LATERAL (
        SELECT (SELECT pg_catalog.count(*) FROM service_affair.cases x WHERE x.department OPERATOR(pg_catalog.=) d.code) AS cases,
               (SELECT pg_catalog.count(*) FROM service_affair.task x WHERE x.department OPERATOR(pg_catalog.=) d.code) AS tasks,
               (SELECT pg_catalog.count(*) FROM service_affair.inspector x WHERE x.department OPERATOR(pg_catalog.=) d.code) AS inspectors,
               (SELECT pg_catalog.count(*) FROM service_affair.staff x WHERE x.department OPERATOR(pg_catalog.=) d.code) AS staff,
               (SELECT pg_catalog.count(*) FROM service_affair.item x WHERE x.department OPERATOR(pg_catalog.=) d.code) AS items,
               (SELECT pg_catalog.count(*) FROM service_affair.bundle x WHERE x.lead_department OPERATOR(pg_catalog.=) d.code) AS bundles,
               EXISTS (SELECT FROM service_affair.ledger x WHERE x.name OPERATOR(pg_catalog.=) d.code) AS ledger,
               GREATEST((SELECT pg_catalog.count(*) FROM service_affair.inspection_log x WHERE x.ledger OPERATOR(pg_catalog.=) d.code),
                                   (SELECT x.head_seq FROM service_affair.ledger x WHERE x.name OPERATOR(pg_catalog.=) d.code)) AS entries,
               (SELECT pg_catalog.count(*) FROM service_affair.plan x WHERE d.code OPERATOR(pg_catalog.=) ANY (x.departments)) AS plans) n
     CROSS JOIN LATERAL (  -- the new code: <code>_dept, or with a number, not taken
        SELECT v.code FROM pg_catalog.generate_series(1, 1000) i,
               LATERAL (SELECT d.code OPERATOR(pg_catalog.||) '_dept'
                               OPERATOR(pg_catalog.||) CASE WHEN i OPERATOR(pg_catalog.=) 1 THEN '' ELSE i::text END AS code) v
         WHERE NOT EXISTS (SELECT FROM service_affair.department y WHERE y.code OPERATOR(pg_catalog.=) v.code)
         ORDER BY i LIMIT 1) c
     WHERE d.code OPERATOR(pg_catalog.=) ANY ('{catalog,directory}'::text[]);
    PERFORM pg_catalog.set_config('quote_all_identifiers', quote_all, true);
    PERFORM pg_catalog.set_config('search_path', path, true);
    IF found IS NOT NULL OR found_tables IS NOT NULL OR found_changed IS NOT NULL OR taken IS NOT NULL OR keys_gone IS NOT NULL
       OR keys_changed IS NOT NULL OR keys_taken IS NOT NULL OR cat_fkeys IS NOT NULL OR reserved IS NOT NULL THEN
        -- one refusal for all kinds, each list with its reason, and each
        -- kind its own words (review of 2026-12-06: 0.1.0's indexes and
        -- foreign keys made again otherwise were counted as the DBA's
        -- objects that depend on the case tables, and the hint told him to
        -- drop them and make them again after the update)
        v_message := pg_catalog.concat_ws('; ',
            CASE WHEN found IS NOT NULL AND found_tables IS NOT NULL THEN 'objects outside the extension depend on objects the update drops and on the case tables'
                 WHEN found IS NOT NULL THEN 'objects outside the extension depend on objects the update drops'
                 WHEN found_tables IS NOT NULL THEN 'objects outside the extension depend on the case tables' END,
            CASE WHEN found_changed IS NOT NULL THEN 'indexes or constraints under the names of the extension''s on the case tables are defined unlike 0.1.0''s' END,
            CASE WHEN taken IS NOT NULL OR keys_taken IS NOT NULL THEN 'objects outside the extension take the names of indexes of the extension' END,
            CASE WHEN keys_gone IS NOT NULL THEN 'keys of the extension that its foreign keys refer to were dropped' END,
            CASE WHEN keys_changed IS NOT NULL THEN 'keys of the extension that its foreign keys refer to are defined unlike 0.1.0''s' END,
            CASE WHEN cat_fkeys IS NOT NULL THEN 'foreign keys of the extension on its catalog tables were dropped or are defined unlike 0.1.0''s' END,
            CASE WHEN reserved IS NOT NULL THEN 'departments are coded catalog or directory, names of ledgers of 0.2.0' END);
        IF found IS NOT NULL THEN
            v_detail := v_detail OPERATOR(pg_catalog.||) pg_catalog.format(
                'The update drops these objects of service_affair (and makes most of them again); %s of yours depend on them: %s%s.',
                pg_catalog.cardinality(found), pg_catalog.array_to_string(found[1:20], '; '),
                CASE WHEN pg_catalog.cardinality(found) OPERATOR(pg_catalog.>) 20 THEN '; ...' ELSE '' END);
        END IF;
        IF found_tables IS NOT NULL THEN
            v_detail := v_detail OPERATOR(pg_catalog.||) pg_catalog.format(
                'The update makes cases, case_material, case_event, task, task_suspension, rating and rectification partitioned tables; each old table becomes the partition <t>_active, and what depends on it would stay with the partition, which loses its rows to the history when cases are settled; %s of yours depend on them: %s%s.',
                pg_catalog.cardinality(found_tables), pg_catalog.array_to_string(found_tables[1:20], '; '),
                CASE WHEN pg_catalog.cardinality(found_tables) OPERATOR(pg_catalog.>) 20 THEN '; ...' ELSE '' END);
        END IF;
        IF found_changed IS NOT NULL THEN
            v_detail := v_detail OPERATOR(pg_catalog.||) pg_catalog.format(
                'The update takes the indexes and foreign keys of 0.1.0 on the case tables for its own and keeps them on the partitions <t>_active as they are, where a fresh install has them as 0.1.0 made them; %s under their names were made again otherwise: %s%s.',
                pg_catalog.cardinality(found_changed), pg_catalog.array_to_string(found_changed[1:20], '; '),
                CASE WHEN pg_catalog.cardinality(found_changed) OPERATOR(pg_catalog.>) 20 THEN '; ...' ELSE '' END);
        END IF;
        IF taken IS NOT NULL THEN
            v_detail := v_detail OPERATOR(pg_catalog.||) pg_catalog.format(
                'Indexes of 0.1.0 on the case tables that were dropped are made again by the update, or dropped by it; other relations have taken %s of their names: %s.',
                pg_catalog.cardinality(taken), pg_catalog.array_to_string(taken, '; '));
        END IF;
        IF keys_taken IS NOT NULL THEN
            v_detail := v_detail OPERATOR(pg_catalog.||) pg_catalog.format(
                'Keys of 0.1.0 that the update''s foreign keys refer to are to be made again (below), and other relations have taken %s of their names (ADD CONSTRAINT ... PRIMARY KEY would fail, 42P07): %s.',
                pg_catalog.cardinality(keys_taken), pg_catalog.array_to_string(keys_taken, '; '));
        END IF;
        IF keys_gone IS NOT NULL OR keys_changed IS NOT NULL THEN
            v_detail := v_detail OPERATOR(pg_catalog.||) (pg_catalog.concat_ws('; ',
                CASE WHEN keys_gone IS NOT NULL
                     THEN pg_catalog.format('Foreign keys of the update refer to keys of 0.1.0 that were dropped (it would stop at the first of them, 42830): %s',
                                            pg_catalog.array_to_string(keys_gone, '; ')) END,
                CASE WHEN keys_changed IS NOT NULL
                     THEN pg_catalog.format('%s keys of 0.1.0 that were made again otherwise under their names, not the primary key 0.1.0 made (it would stop at the first of them, 42830, or keep one unlike a fresh install''s): %s',
                                            CASE WHEN keys_gone IS NOT NULL THEN 'they refer to' ELSE 'Foreign keys of the update refer to' END,
                                            pg_catalog.array_to_string(keys_changed, '; ')) END,
                CASE WHEN key_fkeys_gone IS NOT NULL
                     THEN pg_catalog.format('foreign keys of 0.1.0 to them on other tables than the case tables are gone too (dropped with CASCADE): %s',
                                            pg_catalog.array_to_string(key_fkeys_gone, '; ')) END,
                CASE WHEN yours_fkeys IS NOT NULL
                     THEN pg_catalog.format('foreign keys of yours refer to them, which the CASCADE of the hint''s statements drops and the statements make again after the keys, as they are: %s',
                                            pg_catalog.array_to_string(yours_fkeys, '; ')) END,
                CASE WHEN yours_fkeys_lost IS NOT NULL
                     THEN pg_catalog.format('foreign keys of yours refer to them on other columns than the key 0.1.0 made, which the CASCADE of the hint''s statements drops and which cannot be made again to that key (42830): %s',
                                            pg_catalog.array_to_string(yours_fkeys_lost, '; ')) END,
                CASE WHEN yours_deps IS NOT NULL
                     THEN pg_catalog.format('objects of yours depend on them, which the CASCADE of the hint''s statements drops and the statements do not make again (drop them before the statements and make them again after the update): %s',
                                            pg_catalog.array_to_string(yours_deps, '; ')) END)
                OPERATOR(pg_catalog.||) '.');
        END IF;
        IF cat_fkeys IS NOT NULL THEN
            v_detail := v_detail OPERATOR(pg_catalog.||) pg_catalog.format(
                'Foreign keys of 0.1.0 on the catalog tables were dropped or made again otherwise (the update would stop at 75_catalog_ledger.sql''s DROP CONSTRAINT ledger_name_fkey with 42704, or leave them unlike a fresh install''s): %s.',
                pg_catalog.array_to_string(cat_fkeys, '; '));
        END IF;
        IF reserved IS NOT NULL THEN
            v_detail := v_detail OPERATOR(pg_catalog.||) pg_catalog.format(
                '0.2.0 names the ledger of the catalog''s versions, which the public reads, catalog, and that of the deregistration marks directory: the ledger of a department so coded would be theirs; %s: %s.%s',
                CASE WHEN pg_catalog.cardinality(reserved) OPERATOR(pg_catalog.=) 1 THEN 'one is' ELSE 'two are' END,
                pg_catalog.array_to_string(reserved, '; '),
                CASE WHEN reserved_logged IS NOT NULL
                     THEN pg_catalog.format(' The ledger of %s holds inspection entries, each hashed with its name, in an append-only log: that department cannot be given another code, nor the database be updated to 0.2.0.',
                                            pg_catalog.array_to_string(reserved_logged, ' and '))
                     ELSE '' END);
        END IF;
        RAISE EXCEPTION '%', v_message
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.array_to_string(v_detail, ' '),
                  HINT = pg_catalog.concat_ws(' ',
                         -- the DBA's own objects: his to make again after
                         CASE WHEN found IS NOT NULL OR found_tables IS NOT NULL
                              THEN 'Drop them, run the update, then make them again (doc/deployment.md, "Upgrades")'
                                   OPERATOR(pg_catalog.||) CASE WHEN found_tables IS NOT NULL
                                                                THEN ' over the tables of the same names (a foreign key to a case table cannot be made again: the parents have no key).'
                                                                ELSE '.' END END,
                         -- a relation of the DBA's under the name of a dropped
                         -- index of 0.1.0: the update would drop it, or fail
                         -- to make 0.1.0's (42P07)
                         CASE WHEN taken IS NOT NULL OR keys_taken IS NOT NULL
                              THEN 'Give yours another name (ALTER INDEX ... RENAME TO ...; ALTER TABLE, VIEW or SEQUENCE ... RENAME TO ... for another relation) before the update (doc/deployment.md, "Upgrades").' END,
                         -- an index of 0.1.0 made again otherwise: dropped,
                         -- the update would leave it out (or stop at its DROP INDEX)
                         CASE WHEN changed_indexes IS NOT NULL
                              THEN pg_catalog.format('Make an index named as one of 0.1.0''s again as 0.1.0 made it before the update, and yours under another name after it: %s.',
                                                     pg_catalog.array_to_string(changed_indexes, '; ')) END,
                         -- a foreign key of 0.1.0 made again otherwise: it
                         -- would stay as it is (or, NOT VALID, stop the
                         -- update in the middle on the parent)
                         CASE WHEN changed_fkeys IS NOT NULL
                              THEN pg_catalog.format('Make a foreign key named as one of 0.1.0''s again as 0.1.0 made it before the update, and yours under another name after it: %s.',
                                                     pg_catalog.array_to_string(changed_fkeys, '; ')) END,
                         -- one of the DBA's NOT VALID: validated, it moves
                         -- to the parent with the others
                         CASE WHEN unvalidated
                              THEN 'A foreign key of yours made NOT VALID can also stay: validate it first (ALTER TABLE ... VALIDATE CONSTRAINT ...), a partitioned table takes none NOT VALID.' END,
                         -- a key of 0.1.0 the update's foreign keys need:
                         -- made again by the DBA, with the foreign keys to
                         -- it that went with it (those of the case tables
                         -- the update makes again itself)
                         CASE WHEN keys_gone IS NOT NULL OR keys_changed IS NOT NULL
                              THEN pg_catalog.format('Make the keys again as 0.1.0 made them before the update%s (the update makes those of the case tables again itself; doc/deployment.md, "Upgrades"): %s.',
                                                     CASE WHEN keys_cascade
                                                          THEN pg_catalog.format(', dropping what is under their names first (CASCADE drops the foreign keys that refer to it: the statements make those of 0.1.0 again%s%s), with the foreign keys of 0.1.0%s to them',
                                                                                 CASE WHEN yours_fkeys IS NOT NULL THEN ', and yours named in the detail as they are' ELSE '' END,
                                                                                 CASE WHEN yours_fkeys_lost IS NOT NULL
                                                                                      THEN '; yours to other columns than the key''s, named in the detail, you make again after, over a key of yours on those columns' ELSE '' END
                                                                                 OPERATOR(pg_catalog.||)
                                                                                 CASE WHEN yours_deps IS NOT NULL
                                                                                      THEN '; objects of yours that depend on them, named in the detail, you drop first and make again after' ELSE '' END,
                                                                                 CASE WHEN yours_fkeys IS NOT NULL THEN ' and yours' ELSE '' END)
                                                          WHEN key_fkeys_gone IS NOT NULL THEN ', with the foreign keys of 0.1.0 to them' ELSE '' END,
                                                     pg_catalog.array_to_string(keys_sql, '; ')) END,
                         -- a foreign key of 0.1.0 on the catalog tables, to
                         -- a key that is there, dropped or made again otherwise
                         CASE WHEN cat_fkeys_sql IS NOT NULL
                              THEN pg_catalog.format('Make the foreign keys of 0.1.0 on the catalog tables again as 0.1.0 made them before the update (doc/deployment.md, "Upgrades"): %s.',
                                                     pg_catalog.array_to_string(cat_fkeys_sql, '; ')) END,
                         -- a department coded catalog or directory: a new
                         -- department, its rows pointed at it, the old deleted
                         CASE WHEN reserved_sql IS NOT NULL
                              THEN pg_catalog.format('Give the department another code before the update, in one transaction: a new department under the new code, its rows pointed at it, the old one deleted (UPDATE department SET code is refused, 23503, while cases, inspectors or a ledger refer to it; doc/deployment.md, "From 0.1.0: no department coded catalog"): %s.',
                                                     pg_catalog.array_to_string(reserved_sql, '; ')) END);
    END IF;
    -- An index of the 18 that the DBA dropped (review of 2026-12-06) is made
    -- again as 0.1.0 made it, on the old table, which becomes <t>_active:
    -- it is the extension's, a fresh install of 0.2.0 has it there, the
    -- functions' plans count on it, the foreign keys the update adds to
    -- cases_active, task_active and rating_active need their keys (without
    -- cases_pkey the update stopped in the middle with 42830), and the
    -- updated schema equals a fresh install's.  Not those the update drops
    -- (case_event_case_idx, task_case_idx) or replaces (case_event_pkey, by
    -- one on (case_id, id)): 39_cases_partition.sql and 50_routing.sql take
    -- them as gone.  The DBA who dropped one for space is told, in a
    -- WARNING (an extension's script shows no NOTICE).  A unique one that
    -- the rows written since break stops the update in a 55000 that says
    -- why, PostgreSQL's 23505 (the duplicate key) in its detail.
    FOR i IN 1 .. coalesce(pg_catalog.cardinality(gone_sql), 0) LOOP
        BEGIN
            EXECUTE gone_sql[i];
        EXCEPTION WHEN unique_violation THEN
            GET STACKED DIAGNOSTICS v_err = MESSAGE_TEXT, v_err_detail = PG_EXCEPTION_DETAIL;
            RAISE EXCEPTION 'an index of 0.1.0 was dropped (%), and rows written since then keep the update from making it again', gone_what[i]
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = pg_catalog.format('%s: %s', v_err, v_err_detail),
                      HINT = pg_catalog.format('The update makes it again as 0.1.0 made it (%s); correct the rows first (doc/deployment.md, "Upgrades").', gone_sql[i]);
        END;
    END LOOP;
    IF gone_sql IS NOT NULL THEN
        RAISE WARNING 'indexes of service_affair that were dropped are made again: %', pg_catalog.array_to_string(gone_what, '; ')
            USING DETAIL = '0.1.0 made them, a fresh install of 0.2.0 has them (on the partitions <t>_active), and its functions count on them.',
                  HINT = 'They take time to build and space on disk; doc/deployment.md, "Upgrades".';
    END IF;
    -- A foreign key of the 14 that the DBA dropped (review of 2026-12-06;
    -- with DROP CONSTRAINT cases_pkey CASCADE, task_pkey's or rating_pkey's,
    -- those referring to it went too, and the update made the key again
    -- but not them) is made again as 0.1.0 made it, on the old table, after
    -- the keys it refers to: 39_cases_partition.sql then moves one to the
    -- catalog to the parent and leaves one among the case tables on
    -- <t>_active, where a fresh install has each, and the updated schema
    -- equals a fresh install's.  Said in a WARNING.  Rows written since
    -- that break one (a task of a case deleted meanwhile) stop the update in
    -- a 55000 that says why, PostgreSQL's 23503 (the key) in its detail.
    FOR i IN 1 .. coalesce(pg_catalog.cardinality(fkey_sql), 0) LOOP
        BEGIN
            EXECUTE fkey_sql[i];
        EXCEPTION WHEN foreign_key_violation THEN
            GET STACKED DIAGNOSTICS v_err = MESSAGE_TEXT, v_err_detail = PG_EXCEPTION_DETAIL;
            RAISE EXCEPTION 'a foreign key of 0.1.0 was dropped (%), and rows written since then keep the update from making it again', fkey_what[i]
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = pg_catalog.format('%s: %s', v_err, v_err_detail),
                      HINT = pg_catalog.format('The update makes it again as 0.1.0 made it (%s); correct the rows first (doc/deployment.md, "Upgrades").', fkey_sql[i]);
        END;
    END LOOP;
    IF fkey_sql IS NOT NULL THEN
        RAISE WARNING 'foreign keys of service_affair that were dropped are made again: %', pg_catalog.array_to_string(fkey_what, '; ')
            USING DETAIL = '0.1.0 made them, a fresh install of 0.2.0 has them (those to the catalog on the partitioned tables, the others on the partitions <t>_active), and its functions count on them.',
                  HINT = 'Each checks the rows of its table once; doc/deployment.md, "Upgrades".';
    END IF;
    -- The grants of the functions the update drops (every entry of their
    -- ACLs but their owners'), for 96_function_grants.sql; the argument
    -- types named qualified, as there
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog', true);
    INSERT INTO service_affair.update_function_grants (signature, proname, argtypes, grantee, privilege, grantable)
    SELECT f, pr.proname,
           ARRAY(SELECT pg_catalog.format_type(t, NULL) FROM pg_catalog.unnest(pr.proargtypes::pg_catalog.oid[]) WITH ORDINALITY u(t, o) ORDER BY o),
           a.grantee, a.privilege_type, a.is_grantable
      FROM pg_catalog.unnest(funcs) f,
           LATERAL pg_catalog.to_regprocedure('service_affair.' OPERATOR(pg_catalog.||) f) p,
           pg_catalog.pg_proc pr, pg_catalog.aclexplode(pr.proacl) a
     WHERE p IS NOT NULL AND pr.oid OPERATOR(pg_catalog.=) p::pg_catalog.oid
       AND a.grantee OPERATOR(pg_catalog.<>) pr.proowner;
    PERFORM pg_catalog.set_config('search_path', path, true);
END
$$;
