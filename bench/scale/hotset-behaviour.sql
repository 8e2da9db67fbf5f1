-- PostgreSQL 15 behaviours that design S (doc/scale.md, "A third design")
-- relies on or runs into; run by bench/scale/hotset.sh, errors expected and
-- shown (ON_ERROR_STOP off).  Two months of history, tiny tables.
\set ON_ERROR_STOP 0
\pset pager off
CREATE SCHEMA b;
\echo '=== 1. PRIMARY KEY (id, archived) on the LIST parent with RANGE sub-partitions'
CREATE TABLE b.cases (id bigint NOT NULL, archived boolean NOT NULL DEFAULT false, status text NOT NULL DEFAULT 'accepted', PRIMARY KEY (id, archived)) PARTITION BY LIST (archived);
CREATE TABLE b.cases_open PARTITION OF b.cases FOR VALUES IN (false);
CREATE TABLE b.cases_hist PARTITION OF b.cases FOR VALUES IN (true) PARTITION BY RANGE (id);
CREATE TABLE b.cases_h323 PARTITION OF b.cases_hist FOR VALUES FROM (3230000000000) TO (3240000000000);
CREATE TABLE b.cases_h324 PARTITION OF b.cases_hist FOR VALUES FROM (3240000000000) TO (3250000000000);
\echo '--- a partition cannot have a primary key of its own next to the inherited one; UNIQUE (id) it can'
ALTER TABLE b.cases_open ADD PRIMARY KEY (id);
ALTER TABLE b.cases_open ADD UNIQUE (id);
ALTER TABLE b.cases_h324 ADD UNIQUE (id);
ALTER TABLE b.cases_h323 ADD UNIQUE (id);
\echo '--- PRIMARY KEY (id) alone on the LIST parent is refused'
CREATE TABLE b.x (id bigint, archived boolean, PRIMARY KEY (id)) PARTITION BY LIST (archived);
\echo '=== 2. identity column on the partitioned parent'
CREATE TABLE b.ev (id bigint GENERATED ALWAYS AS IDENTITY, case_id bigint NOT NULL, archived boolean NOT NULL DEFAULT false, kind text) PARTITION BY LIST (archived);
CREATE TABLE b.ev_open PARTITION OF b.ev FOR VALUES IN (false);
CREATE TABLE b.ev_hist PARTITION OF b.ev FOR VALUES IN (true) PARTITION BY RANGE (case_id);
CREATE TABLE b.ev_h323 PARTITION OF b.ev_hist FOR VALUES FROM (3230000000000) TO (3240000000000);
CREATE TABLE b.ev_h324 PARTITION OF b.ev_hist FOR VALUES FROM (3240000000000) TO (3250000000000);
ALTER TABLE b.ev_open ADD PRIMARY KEY (id);
ALTER TABLE b.ev_h324 ADD PRIMARY KEY (id);
ALTER TABLE b.ev_h323 ADD PRIMARY KEY (id);
\echo '=== 3. DEFERRABLE foreign keys per partition'
ALTER TABLE b.ev_open ADD FOREIGN KEY (case_id) REFERENCES b.cases_open (id) DEFERRABLE;
ALTER TABLE b.ev_h324 ADD FOREIGN KEY (case_id) REFERENCES b.cases_h324 (id) DEFERRABLE;
ALTER TABLE b.ev_h323 ADD FOREIGN KEY (case_id) REFERENCES b.cases_h323 (id) DEFERRABLE;
INSERT INTO b.cases (id) VALUES (3240000000001), (3240000000002);
INSERT INTO b.ev (case_id, kind) VALUES (3240000000001, 'submitted'), (3240000000002, 'submitted');
\echo '--- identity through the parent works; inserted into the partition directly it gets no value (PostgreSQL 15)'
INSERT INTO b.ev_open (case_id, kind) VALUES (3240000000001, 'direct');
SELECT tableoid::regclass, * FROM b.ev ORDER BY id;
\echo '=== 4. the settle move'
\echo '--- children first, constraints immediate: the history FK refuses (the case is not in its month yet)'
BEGIN;
UPDATE b.ev SET archived = true WHERE case_id = 3240000000001 AND NOT archived;
ROLLBACK;
\echo '--- children first, deferred: accepted'
BEGIN;
SET CONSTRAINTS ALL DEFERRED;
UPDATE b.ev SET archived = true WHERE case_id = 3240000000001 AND NOT archived;
UPDATE b.cases SET archived = true WHERE id = 3240000000001 AND NOT archived;
COMMIT;
\echo '--- case first, deferred: accepted'
BEGIN;
SET CONSTRAINTS ALL DEFERRED;
UPDATE b.cases SET archived = true WHERE id = 3240000000002 AND NOT archived;
UPDATE b.ev SET archived = true WHERE case_id = 3240000000002 AND NOT archived;
COMMIT;
SELECT tableoid::regclass, * FROM b.cases ORDER BY id;
SELECT tableoid::regclass, * FROM b.ev ORDER BY id;
\echo '--- a child row for a settled case inserted as open (archived = false): refused by the open FK'
INSERT INTO b.ev (case_id, kind) VALUES (3240000000001, 'late');
\echo '--- a child row for an open case inserted as history: refused by the month FK'
INSERT INTO b.cases (id) VALUES (3240000000004);
INSERT INTO b.ev (case_id, archived, kind) VALUES (3240000000004, true, 'x');
\echo '--- the same id open and in history: the parent key (id, archived) allows it, the per-partition UNIQUE (id) cannot see across'
INSERT INTO b.cases (id, archived) VALUES (3240000000004, true);
SELECT tableoid::regclass, * FROM b.cases WHERE id = 3240000000004;
\echo '--- a case whose month has no partition cannot be settled'
INSERT INTO b.cases (id) VALUES (3250000000001);
UPDATE b.cases SET archived = true WHERE id = 3250000000001;
\echo '=== 5. row triggers on the move: an append-only BEFORE UPDATE trigger and a BEFORE DELETE one both fire'
CREATE FUNCTION b.noupd() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN RAISE EXCEPTION 'append-only (% % on %)', TG_WHEN, TG_OP, TG_TABLE_NAME; END $f$;
CREATE TRIGGER noupd BEFORE UPDATE ON b.ev FOR EACH ROW EXECUTE FUNCTION b.noupd();
CREATE TRIGGER nodel BEFORE DELETE ON b.ev FOR EACH ROW EXECUTE FUNCTION b.noupd();
INSERT INTO b.cases (id) VALUES (3240000000005); INSERT INTO b.ev (case_id, kind) VALUES (3240000000005, 'y');
UPDATE b.ev SET archived = true WHERE case_id = 3240000000005;
DROP TRIGGER noupd ON b.ev;
UPDATE b.ev SET archived = true WHERE case_id = 3240000000005;
DROP TRIGGER nodel ON b.ev;
\echo '--- the order of row triggers on a move: BEFORE UPDATE (source), BEFORE DELETE (source), BEFORE INSERT (target), AFTER DELETE, AFTER INSERT; no UPDATE trigger on the target'
CREATE FUNCTION b.show() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN RAISE NOTICE '% % % on %', TG_WHEN, TG_OP, TG_LEVEL, TG_TABLE_NAME; RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END; END $f$;
CREATE TRIGGER s1 BEFORE UPDATE OR DELETE OR INSERT ON b.ev FOR EACH ROW EXECUTE FUNCTION b.show();
CREATE TRIGGER s2 AFTER UPDATE OR DELETE OR INSERT ON b.ev FOR EACH ROW EXECUTE FUNCTION b.show();
INSERT INTO b.cases (id) VALUES (3240000000006); INSERT INTO b.ev (case_id, kind) VALUES (3240000000006, 'y');
BEGIN; SET CONSTRAINTS ALL DEFERRED; UPDATE b.ev SET archived = true WHERE case_id = 3240000000006; UPDATE b.cases SET archived = true WHERE id = 3240000000006; COMMIT;
\echo '=== 6. ON DELETE CASCADE per partition: moving the case first DELETES its open children (the move is a delete on cases_open)'
CREATE TABLE b.mat (case_id bigint NOT NULL, archived boolean NOT NULL DEFAULT false, m text) PARTITION BY LIST (archived);
CREATE TABLE b.mat_open PARTITION OF b.mat FOR VALUES IN (false);
CREATE TABLE b.mat_hist PARTITION OF b.mat FOR VALUES IN (true) PARTITION BY RANGE (case_id);
CREATE TABLE b.mat_h324 PARTITION OF b.mat_hist FOR VALUES FROM (3240000000000) TO (3250000000000);
ALTER TABLE b.mat_open ADD FOREIGN KEY (case_id) REFERENCES b.cases_open (id) ON DELETE CASCADE DEFERRABLE;
ALTER TABLE b.mat_h324 ADD FOREIGN KEY (case_id) REFERENCES b.cases_h324 (id) ON DELETE CASCADE DEFERRABLE;
INSERT INTO b.cases (id) VALUES (3240000000007); INSERT INTO b.mat (case_id, m) VALUES (3240000000007, 'a');
BEGIN; SET CONSTRAINTS ALL DEFERRED; UPDATE b.cases SET archived = true WHERE id = 3240000000007; SELECT count(*) AS materials_left FROM b.mat WHERE case_id = 3240000000007; COMMIT;
\echo '=== 7. a FK on the parents (case_id, archived) -> cases (id, archived) ON UPDATE CASCADE moves the children with the case (PostgreSQL 15 fires it as an UPDATE of the root)'
CREATE TABLE b.leg (case_id bigint NOT NULL, archived boolean NOT NULL DEFAULT false, leg int, FOREIGN KEY (case_id, archived) REFERENCES b.cases (id, archived) ON UPDATE CASCADE) PARTITION BY LIST (archived);
CREATE TABLE b.leg_open PARTITION OF b.leg FOR VALUES IN (false);
CREATE TABLE b.leg_hist PARTITION OF b.leg FOR VALUES IN (true) PARTITION BY RANGE (case_id);
CREATE TABLE b.leg_h323 PARTITION OF b.leg_hist FOR VALUES FROM (3230000000000) TO (3240000000000);
CREATE TABLE b.leg_h324 PARTITION OF b.leg_hist FOR VALUES FROM (3240000000000) TO (3250000000000);
INSERT INTO b.cases (id) VALUES (3240000000008); INSERT INTO b.leg (case_id, leg) VALUES (3240000000008, 1);
UPDATE b.cases SET archived = true WHERE id = 3240000000008;
SELECT tableoid::regclass, * FROM b.leg;
\echo '--- ... but its RI check reads the partitioned parent: relation locks per insert of a leg (generic plan after 5 calls) grow with the months'
CREATE FUNCTION b.add_leg(c bigint) RETURNS int LANGUAGE plpgsql AS $f$ BEGIN
 INSERT INTO b.leg (case_id, leg) VALUES (c, 1);
 RETURN (SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation'); END $f$;
INSERT INTO b.cases (id) SELECT 3240000000100 + g FROM generate_series(1, 12) g;
BEGIN; SELECT g AS call, b.add_leg(3240000000100 + g) AS locks FROM generate_series(1, 8) g; ROLLBACK;
\echo '=== 8. a table outside the family referring to (id, archived) NO ACTION refuses the move; ON UPDATE CASCADE follows it'
CREATE TABLE b.complaint (id int PRIMARY KEY, case_id bigint, case_archived boolean, FOREIGN KEY (case_id, case_archived) REFERENCES b.cases (id, archived));
INSERT INTO b.cases (id) VALUES (3240000000003);
INSERT INTO b.complaint VALUES (1, 3240000000003, false);
UPDATE b.cases SET archived = true WHERE id = 3240000000003;
ALTER TABLE b.complaint DROP CONSTRAINT complaint_case_id_case_archived_fkey;
ALTER TABLE b.complaint ADD FOREIGN KEY (case_id, case_archived) REFERENCES b.cases (id, archived) ON UPDATE CASCADE;
UPDATE b.cases SET archived = true WHERE id = 3240000000003;
SELECT * FROM b.complaint;
DROP SCHEMA b CASCADE;
