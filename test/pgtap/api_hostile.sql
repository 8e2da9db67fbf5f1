-- A hostile user's calls of the 0.2 functions (licences, credit, complaints):
-- bad arguments are refused with their SQLSTATE and a detail naming the
-- value (never a multi-MB message), and a refused call writes nothing.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(42);
\ir licence_fixture.inc
SELECT create_roles();
CREATE ROLE ah_clerk LOGIN IN ROLE service_affair_clerk;
CREATE ROLE ah_reviewer LOGIN IN ROLE service_affair_reviewer;
INSERT INTO staff (login, department) VALUES ('ah_clerk', 'LC_MKT'), ('ah_reviewer', 'LC_MKT'), ('ah_reviewer', 'LC_HLT');

-- SQLSTATE, message and detail of a call, or 'ok'
CREATE FUNCTION pg_temp.outcome(call text) RETURNS TABLE (state text, message text, detail text)
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE call;
  RETURN QUERY SELECT 'ok'::text, NULL::text, NULL::text;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
  RETURN NEXT;
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.outcome(text) TO PUBLIC;
-- everything a licence call may write
CREATE FUNCTION pg_temp.licence_state() RETURNS text LANGUAGE sql AS $$
  SELECT (SELECT string_agg(l::text, '|' ORDER BY l.id) FROM service_affair.licence l) || '#' ||
         (SELECT string_agg(n::text, '|' ORDER BY n.evidence_type, n.region, n.year) FROM service_affair.licence_counter n) || '#' ||
         (SELECT count(*) FROM service_affair.case_event)::text
$$;

-- ------------------------------------------------------------ record_evidence(valid_until)
-- an approved case of the person, whose valid business licence the recording would supersede
SELECT submit('lc_sign', :p, '{form,bizlic}', 'window', '{}', '2026-08-03 09:00+08') AS c1 \gset
SELECT pg_temp.decide(:c1, 'approved', '2026-08-04 10:00+08');
SELECT record_evidence(:c1, 'lc_bizlic', 'paper BL-1', (current_date + 365)) AS l1 \gset
SELECT pg_temp.licence_state() AS before \gset
SET ROLE ah_clerk;
SELECT results_eq(format($$SELECT state, message, detail FROM pg_temp.outcome('SELECT service_affair.record_evidence(%s, ''lc_bizlic'', ''x'', ''infinity'')')$$, :c1),
  $$VALUES ('22023'::text, 'valid_until must be a finite date'::text, 'The last valid day infinity is not a finite date.'::text)$$,
  'record_evidence(): valid_until infinity: 22023 naming it');
SELECT results_eq(format($$SELECT state, detail FROM pg_temp.outcome('SELECT service_affair.record_evidence(%s, ''lc_bizlic'', ''x'', ''-infinity'')')$$, :c1),
  $$VALUES ('22023'::text, 'The last valid day -infinity is not a finite date.'::text)$$,
  'record_evidence(): valid_until -infinity: 22023 naming it');
SELECT results_eq(format($$SELECT state, message, detail FROM pg_temp.outcome('SELECT service_affair.record_evidence(%s, ''lc_bizlic'', ''x'', ''2000-01-01'')')$$, :c1),
  format($$VALUES ('22023'::text, 'valid_until precedes the day of recording'::text,
                   'The last valid day 2000-01-01 is before %s, the day the licence is recorded; an expired licence is no evidence.'::text)$$,
         (now() AT TIME ZONE 'Asia/Shanghai')::date),
  'record_evidence(): a licence already expired: 22023 naming the day');
RESET ROLE;
SELECT is(pg_temp.licence_state(), :'before', 'the refused recordings wrote nothing (licences, counters, case events)');
SELECT is((SELECT status FROM licence WHERE id = :l1), 'valid', 'the holder''s current licence is not superseded');
SET ROLE ah_clerk;
SELECT lives_ok(format($$SELECT service_affair.record_evidence(%s, 'lc_bizlic', 'paper BL-2', current_date)$$, :c1),
  'record_evidence(): a licence valid until today is recorded');
RESET ROLE;
SELECT is((SELECT status FROM licence WHERE id = :l1), 'superseded', 'and it supersedes the current one');

-- ------------------------------------------------------------ credit: a subject that is no identifier
-- a resident id with a wrong check character is personal data all the same:
-- masked in the detail as submit() masks it, and a huge one cut
SELECT results_eq($$SELECT state, detail FROM pg_temp.outcome('SELECT service_affair.record_credit_event(''11010519491231002Y'', ''minor'', ''n'')')$$,
  $$VALUES ('22P02'::text, '110105********002Y is neither a valid USCC nor a valid resident id.'::text)$$,
  'record_credit_event(): an invalid subject is echoed masked');
SELECT results_eq($$SELECT state, length(detail) < 100 FROM pg_temp.outcome('SELECT service_affair.record_credit_event(repeat(''9'', 10000000), ''minor'', ''n'')')$$,
  $$VALUES ('22P02'::text, true)$$,
  'record_credit_event(): a 10 MB subject gives a short detail');

-- ------------------------------------------------------------ credit: NULL and backdated follow-ups
SELECT record_credit_event('91110000600037341L', 'serious', 'fact', '2026-11-02 10:00+08', true) AS f1 \gset
SELECT results_eq($$SELECT state, detail FROM pg_temp.outcome('SELECT service_affair.record_credit_event(''91110000600037341L'', ''minor'', ''n'', NULL)')$$,
  $$VALUES ('22023'::text, 'The time is NULL; give the time of the call.'::text)$$,
  'record_credit_event(): at NULL: 22023 with a detail');
SELECT results_eq(format($$SELECT state, detail FROM pg_temp.outcome('SELECT service_affair.review_credit_event(%s, NULL)')$$, :f1),
  format($$VALUES ('22023'::text, 'The review of credit event %s confirms it (true) or dismisses it (false), not NULL.'::text)$$, :f1),
  'review_credit_event(): confirm NULL: 22023 with a detail');
SELECT results_eq(format($$SELECT state, message FROM pg_temp.outcome('SELECT service_affair.review_credit_event(%s, true, ''x'', ''2026-11-01 10:00+08'')')$$, :f1),
  format($$VALUES ('22023'::text, 'time precedes credit event %s'::text)$$, :f1),
  'review_credit_event(): a review dated before the fact: 22023');
SELECT results_eq(format($$SELECT state, detail FROM pg_temp.outcome('SELECT service_affair.repair_credit_event(%s, ''x'', ''2020-01-01 10:00+08'')')$$, :f1),
  format($$VALUES ('22023'::text, 'Time 2020-01-01 10:00:00+08 is before credit event %s was recorded at 2026-11-02 10:00:00+08.'::text)$$, :f1),
  'repair_credit_event(): a repair dated before the fact: 22023 naming both times');
SELECT is((SELECT count(*) FROM credit_event WHERE refers_to = :f1), 0::bigint, 'the refused follow-ups wrote nothing');
SELECT ok((SELECT length(detail) < 200 FROM pg_temp.outcome($$SELECT service_affair.record_credit_event(repeat('9', 10000000), 'minor', 'n')$$)),
  'record_credit_event(): a 10 MB subject is echoed truncated');

-- ------------------------------------------------------------ complaints: NULL time
SELECT results_eq($$SELECT state, detail FROM pg_temp.outcome('SELECT service_affair.complaint_sla_sweep(NULL)')$$,
  $$VALUES ('22023'::text, 'A complaint is handled at a given time, not NULL.'::text)$$,
  'complaint_sla_sweep(NULL): 22023 with a detail');
SELECT results_eq($$SELECT state, detail FROM pg_temp.outcome('SELECT service_affair.receive_complaint(''12345'', ''complaint'', ''b'', NULL)')$$,
  $$VALUES ('22023'::text, 'A complaint is handled at a given time, not NULL.'::text)$$,
  'receive_complaint(at => NULL): 22023 with a detail');
SELECT ok((SELECT state = '22023' AND length(detail) < 200 FROM pg_temp.outcome($$SELECT service_affair.receive_complaint('12345', 'complaint', repeat('长', 10000000))$$)),
  'receive_complaint(): a 10 MB body is refused with a short detail');

-- ------------------------------------------------------------ propose_catalog_change(): values that do not fit
SELECT ok((SELECT state = '22023' AND length(message) < 100 AND length(detail) < 500
             FROM pg_temp.outcome($$SELECT service_affair.propose_catalog_change(('{"table": "item", "op": "update", "key": {"code": "lc_reg"}, "row": {"legal_limit": "' || repeat('9', 10000000) || '"}}')::jsonb)$$)),
  'propose_catalog_change(): a 10 MB number for an integer column: 22023, a short message and detail (was 22003 with a 10 MB message)');
SELECT results_eq($$SELECT state, detail FROM pg_temp.outcome('SELECT service_affair.propose_catalog_change(''{"table": "item", "op": "update", "key": {"code": "lc_reg"}, "row": {"legal_limit": "abc"}}'')')$$,
  $$VALUES ('22P02'::text, 'The change of item {"code": "lc_reg"}: invalid input syntax for type integer: "abc"'::text)$$,
  'propose_catalog_change(): a malformed integer: 22P02 naming the change and the value');
-- a foreign key's value is echoed by the server's own detail (Key (col)=(value)):
-- 100,000 characters of it came back whole until 2026-12-03
SELECT ok((SELECT state = '23503' AND length(message) < 300 AND length(detail) <= 201 AND detail LIKE 'Key (evidence_type)=(EEEE%'
             FROM pg_temp.outcome($$SELECT service_affair.propose_catalog_change(jsonb_build_object('table', 'material', 'op', 'insert',
                 'key', jsonb_build_object('item', 'lc_reg', 'code', 'zz'),
                 'row', jsonb_build_object('name', 'Some doc', 'evidence_type', repeat('E', 100000))))$$)),
  'propose_catalog_change(): an unknown 100,000-character evidence type: 23503 with the detail cut short');
-- a value the server's message or detail echoes, under 200 characters: made
-- printable too (until 2026-12-07 only a longer one, cut, was)
SELECT results_eq($$SELECT state, detail FROM pg_temp.outcome(format('SELECT service_affair.propose_catalog_change(%L)',
                      jsonb_build_object('table', 'item', 'op', 'update', 'key', jsonb_build_object('code', 'lc_reg'),
                                         'row', jsonb_build_object('legal_limit', E'a\nb\u202e'))))$$,
  $$VALUES ('22P02'::text, 'The change of item {"code": "lc_reg"}: invalid input syntax for type integer: "a?b?"'::text)$$,
  'propose_catalog_change(): a short malformed integer, its line feed and override ? in the detail');
SELECT ok((SELECT state = '23503' AND detail LIKE 'Key (evidence_type)=(E?E?)%' AND detail !~ E'[\n\u202e]'
             FROM pg_temp.outcome($$SELECT service_affair.propose_catalog_change(jsonb_build_object('table', 'material', 'op', 'insert',
                 'key', jsonb_build_object('item', 'lc_reg', 'code', 'zz'),
                 'row', jsonb_build_object('name', 'Some doc', 'evidence_type', E'E\nE\u202e')))$$)),
  'propose_catalog_change(): a short unknown evidence type, its line feed and override ? in the server''s detail repeated');
SELECT is((SELECT count(*) FROM catalog_change), 0::bigint, 'the refused proposals wrote nothing');

-- ------------------------------------------------------------ verify_licence(): today is the calendar's, not the session's
-- The licence recorded last (l2) is of a case in calendar cn (Asia/Shanghai).  Whatever the instant, UTC-12
-- is a day behind Shanghai or UTC+14 a day ahead: one of the two checks
-- below saw the session's day instead of the licence's.
SELECT id AS l2, number AS n2 FROM licence WHERE reference = 'paper BL-2' \gset
UPDATE licence SET valid_until = local_day(now(), 'cn') - 1 WHERE id = :l2;
SET LOCAL TimeZone = 'Etc/GMT+12';
SELECT is(verify_licence(:'n2', '11010519491231002X'), 'expired',
  'verify_licence(): a licence that ended yesterday in its calendar is expired, in a session at UTC-12 too');
UPDATE licence SET valid_until = local_day(now(), 'cn') WHERE id = :l2;
SET LOCAL TimeZone = 'Etc/GMT-14';
SELECT is(verify_licence(:'n2', '11010519491231002X'), 'valid',
  'verify_licence(): a licence valid until today in its calendar is valid, in a session at UTC+14 too');
SET LOCAL TimeZone = 'Asia/Shanghai';

-- ------------------------------------------------------------ times at the end of the range of timestamps
SELECT results_eq($$SELECT state FROM pg_temp.outcome('SELECT service_affair.record_credit_event(''91110000600037341L'', ''grave'', ''n'', ''8999-12-31 23:59+00'')')$$,
  $$VALUES ('ok'::text)$$,
  'record_credit_event(): a fact of the last recordable minute (8999-12-31 23:59 UTC), whose 3 years end in 9002, is recorded');
SELECT results_eq($$SELECT state, message FROM pg_temp.outcome('SELECT service_affair.record_credit_event(''91110000600037341L'', ''grave'', ''n'', ''294276-06-01'')')$$,
  $$VALUES ('22023'::text, 'at is too late'::text)$$,
  'record_credit_event(): a fact of 294276: 22023, times end with the year 9999 (was 22008 without a detail, then 22023 for 3 years beyond the range of timestamps)');
SELECT results_eq($$SELECT state, detail FROM pg_temp.outcome('SELECT service_affair.record_credit_event(''91110000600037341L'', ''minor'', ''n'', ''1899-12-31 12:00:00+00'')')$$,
  $$VALUES ('22023'::text, 'A credit event dated 1899-12-31 is before 1900-01-01, the first day of the calendars.'::text)$$,
  'record_credit_event(): a fact of 1899: 22023 (a fact of 4714 BC was recorded for good, and credit_indicators failed for every reader)');
SELECT results_eq($$SELECT state, message FROM pg_temp.outcome('SELECT service_affair.record_credit_event(''91110000600037341L'', ''minor'', ''n'', ''4714-11-24 00:00:00+00 BC'')')$$,
  $$VALUES ('22023'::text, 'at is too early'::text)$$,
  'record_credit_event(): a fact of 4714 BC: 22023, recorded times begin with the year 1');
SELECT lives_ok('SELECT count(*) FROM service_affair.credit_indicators', 'credit_indicators is read after the attempt');
SELECT results_eq($$SELECT state, detail FROM pg_temp.outcome('SELECT service_affair.propose_catalog_change(''{"table": "item", "op": "update", "key": {"code": "lc_reg"}, "row": {"name": "X"}}'', ''5874897-12-31'')')$$,
  $$VALUES ('22023'::text, 'effective_from 5874897-12-31 lies beyond the range of timestamps.'::text)$$,
  'propose_catalog_change(): an effective_from beyond the range of timestamps: 22023 naming it (was 22008 without a detail)');
SELECT results_eq($$SELECT state, detail FROM pg_temp.outcome('SELECT service_affair.propose_catalog_change(''{"table": "item", "op": "update", "key": {"code": "lc_reg"}, "row": {"name": "X"}}'', ''4714-11-24 BC'')')$$,
  $$VALUES ('22023'::text, 'effective_from 4714-11-24 BC lies beyond the range of timestamps.'::text)$$,
  'propose_catalog_change(): an effective_from whose first instant in Shanghai precedes the range of timestamps: 22023 naming it (was 22008 without a detail)');
-- their details spell a day or a time by DateStyle (and TimeZone): STABLE, as
-- history_check_month() (IMMUTABLE until 2026-12-07; a review)
SELECT is((SELECT provolatile::text FROM pg_proc WHERE oid = 'service_affair.catalog_check_day(text,date)'::regprocedure), 's',
  'catalog_check_day() is STABLE: its detail depends on DateStyle');
SELECT is((SELECT provolatile::text FROM pg_proc WHERE oid = 'service_affair.check_case_args(timestamptz,text[],text,text,text)'::regprocedure), 's',
  'check_case_args() is STABLE: refuse_unrecordable_time()''s detail depends on TimeZone and DateStyle');
SELECT results_eq($$SELECT state, message FROM pg_temp.outcome('SELECT service_affair.propose_catalog_change(''{"table": "item", "op": "update", "key": {"code": "lc_reg"}, "row": {"name": "X"}}'', ''10000-01-01'')')$$,
  $$VALUES ('22023'::text, 'effective_from is too late'::text)$$,
  'propose_catalog_change(): an effective_from after 9999-12-31: 22023 (recorded days end with the year 9999)');

-- ------------------------------------------------------------ catalog reasons and review notes are bounded
SELECT results_eq($$SELECT state, detail FROM pg_temp.outcome('SELECT service_affair.propose_catalog_change(jsonb_build_object(''table'', ''item'', ''op'', ''update'', ''key'', ''{"code": "lc_reg"}''::jsonb, ''row'', ''{"name": "X"}''::jsonb, ''reason'', repeat(''r'', 10000000)))')$$,
  $$VALUES ('22023'::text, 'The reason has 10000000 bytes; at most 4000 are kept.'::text)$$,
  'propose_catalog_change(): a 10 MB reason: 22023');
SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "lc_reg"}, "row": {"name": "X"}}') AS ch \gset
SET ROLE ah_reviewer;
SELECT results_eq(format($$SELECT state, detail FROM pg_temp.outcome('SELECT service_affair.review_catalog_change(%s, true, repeat(''n'', 10000000))')$$, :ch),
  $$VALUES ('22023'::text, 'The note has 10000000 bytes; at most 4000 are kept.'::text)$$,
  'review_catalog_change(): a 10 MB note: 22023');
SELECT results_eq($$SELECT state, detail FROM pg_temp.outcome('SELECT service_affair.review_catalog_version((SELECT max(id) FROM service_affair.catalog_version WHERE NOT reviewed AND actor <> ''ah_reviewer''), repeat(''n'', 10000000))')$$,
  $$VALUES ('22023'::text, 'The note has 10000000 bytes; at most 4000 are kept.'::text)$$,
  'review_catalog_version(): a 10 MB note: 22023');
RESET ROLE;
SELECT is((SELECT count(*) FROM catalog_change WHERE status <> 'proposed'), 0::bigint, 'nothing was reviewed');

-- ------------------------------------------------------------ a direct catalog write's reason
-- bounded as a proposal's (4000 bytes): it goes into the append-only ledger
SELECT count(*) AS ledger_before FROM inspection_log WHERE ledger = 'catalog' \gset
SELECT set_config('service_affair.catalog_reason', repeat('x', 10000000), true) IS NOT NULL AS reason_set;
SELECT results_eq($$SELECT state, detail FROM pg_temp.outcome('UPDATE service_affair.item SET name = name || '' '' WHERE code = ''lc_sign''')$$,
  $$VALUES ('22023'::text, 'The service_affair.catalog_reason has 10000000 bytes; at most 4000 are kept.'::text)$$,
  'a direct write with a 10 MB reason: 22023 with a short detail');
SELECT set_config('service_affair.catalog_reason', '', true) = '' AS reason_reset;
SELECT is((SELECT count(*) FROM inspection_log WHERE ledger = 'catalog'), :ledger_before::bigint,
  'and nothing written to the catalog ledger');

SELECT * FROM finish();
ROLLBACK;
