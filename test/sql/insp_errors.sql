-- Random inspections: error texts (message and detail) and the canonical
-- log encoding as text.
SET search_path = service_affair, public;
\set VERBOSITY default
\set SHOW_CONTEXT never
\set ON_ERROR_ROLLBACK on
BEGIN;
INSERT INTO department (code, name) VALUES ('insp_r1', 'one'), ('insp_r2', 'two');
INSERT INTO target (uscc, name, risk) VALUES ('91350100M000100Y43', 'first', 'D'), ('91110000600037341L', 'second', 'C');
INSERT INTO inspector (id, name, department) VALUES ('r-1', 'a', 'insp_r1'), ('r-2', 'b', 'insp_r2'), ('r-3', 'c', 'insp_r2');
SELECT create_plan('', ARRAY['insp_r1'], ARRAY[0,0,0,1], sha256('s'));
SELECT create_plan('p', ARRAY['insp_r1','nowhere'], ARRAY[0,0,0,1], sha256('s'));
SELECT create_plan('p', ARRAY['insp_r1'], ARRAY[0,0,2,1], sha256('s'));
SELECT create_plan('p', ARRAY['insp_r1'], ARRAY[0,0,0,1], '\x00'::bytea);
SELECT create_plan('p', ARRAY['insp_r1'], ARRAY[0,0,0,1], sha256('s'), 1);
-- 0.2.0: subscripts, bounds, filters, the empty seed, long inputs truncated
SELECT create_plan('p', ARRAY['insp_r1'], '[0:3]={0,0,0,1}'::numeric[], sha256('s'));
SELECT create_plan('p', ARRAY['insp_r1'], ARRAY[0,0,0,'NaN']::numeric[], sha256('s'));
SELECT create_plan('p', '[2:2]={insp_r1}'::text[], ARRAY[0,0,0,1], sha256('s'));
SELECT create_plan('p', ARRAY['insp_r1'], ARRAY[0,0,0,1], sha256('s'), 65);
SELECT create_plan('p', ARRAY['insp_r1'], ARRAY[0,0,0,1], sha256('s'), 2, ARRAY[NULL]::text[]);
SELECT create_plan('p', ARRAY['insp_r1'], ARRAY[0,0,0,1], sha256(''::bytea));
SELECT create_plan(repeat('长', 300), ARRAY['insp_r1'], ARRAY[0,0,0,1], sha256('s'));
SELECT create_plan('p', ARRAY['insp_r1', repeat('x', 5000)], ARRAY[0,0,0,1], sha256('s'));
SELECT create_plan('p', ARRAY['insp_r1','insp_r2'], ARRAY[0,0,1,1], sha256('s'), 2) AS plan_id \gset
SELECT draw(:plan_id, 'not s');
SELECT draw(:plan_id + 1000, 's');
SELECT draw(:plan_id, 's') AS draw_id \gset
SELECT draw(:plan_id, 's');
SELECT target, uscc, risk, inspectors, rank FROM draw_selection ORDER BY rank;
SELECT verify_draw(:draw_id);
SELECT record_result(:draw_id, (SELECT id FROM target WHERE uscc = '91350100M000100Y43'), 'maybe', NULL);
SELECT record_result(:draw_id, (SELECT id FROM target WHERE uscc = '91350100M000100Y43'), 'pass', repeat('f', 10001));
SELECT record_result(:draw_id, (SELECT id FROM target WHERE uscc = '91350100M000100Y43'), 'pass', NULL, '2026-01-05 10:00+08');
SELECT record_result(:draw_id, (SELECT id FROM target WHERE uscc = '91350100M000100Y43'), 'pass', NULL, '2026-01-05 10:00+08');
UPDATE inspection_log SET kind = 'plan';
SELECT create_ledger('insp_r1', 'sha3');
SELECT create_ledger('insp_r1');
-- a plan whose only department has one inspector cannot staff a team of two
SELECT create_plan('q', ARRAY['insp_r1'], ARRAY[0,0,0,1], sha256('t'), 2) AS plan2 \gset
SELECT draw(:plan2, 't');
SELECT convert_from(log_entry_bytes('insp_r1', 7, '2026-01-05 10:00:00+08', 'result',
                                    '{"z": [1, 2], "a": "甲\n乙"}', '\x0a0b'), 'UTF8');
SELECT ledger, entries, ok, first_bad_seq FROM verify_log();
ROLLBACK;
