-- The case state machine has one home (src/core/case_state.c): the SQL
-- function, the trigger of cases, its message and withdraw() all follow it.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(8);
\ir intake_fixture.inc
CREATE FUNCTION pg_temp.detail(stmt text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
    EXECUTE stmt;
    RETURN NULL;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
    RETURN d;
END $$;

-- the whole table, as the documents state it
SELECT is((SELECT string_agg(f || '>' || t, ' ' ORDER BY f, t)
             FROM unnest(ARRAY['returned', 'accepted', 'concluded', 'withdrawn', 'revoked']) f,
                  unnest(ARRAY['returned', 'accepted', 'concluded', 'withdrawn', 'revoked']) t
            WHERE f <> t AND case_transition_allowed(f, t)),
          'accepted>concluded accepted>revoked accepted>withdrawn concluded>revoked returned>accepted returned>withdrawn',
          'case_transition_allowed: exactly the six transitions of API.md');
SELECT ok(NOT case_transition_allowed('Accepted', 'accepted') AND NOT case_transition_allowed('x', 'x')
          AND case_transition_allowed('revoked', 'revoked'),
          'unknown names lead nowhere; a known status may stay as it is');
SELECT is(ARRAY[case_next_states('returned'), case_next_states('accepted'), case_next_states('concluded'),
                case_next_states('withdrawn'), case_next_states(repeat('z', 100000))],
          ARRAY['accepted, withdrawn', 'concluded, withdrawn, revoked', 'revoked', 'none', 'none'],
          'case_next_states lists the same table for messages');

-- the trigger asks it (even the owner cannot write a forbidden transition)
CREATE TEMP TABLE k AS
SELECT submit('it_biz', (SELECT id FROM applicant WHERE name = 'Good Org'), '{form, charter, lease, pledge}',
              'online', '{}', '2026-11-02 10:00+08') AS c;
SELECT is((SELECT status FROM cases WHERE id = (SELECT c FROM k)), 'accepted', 'fixture: an accepted case');
SELECT withdraw(c, '2026-11-03 10:00+08') FROM k;
SELECT throws_ok(format('UPDATE service_affair.cases SET status = %L WHERE id = %s', 'accepted', c), '55000',
                 format('case %s cannot go from withdrawn to accepted', c),
                 'a direct UPDATE of a withdrawn case back to accepted: 55000') FROM k;
SELECT is((SELECT pg_temp.detail(format('UPDATE service_affair.cases SET status = %L WHERE id = %s', 'accepted', c)) FROM k),
          format('Case %s is withdrawn; allowed next states: none.', (SELECT c FROM k)),
          'its detail names the next states from the same table');
SELECT throws_ok(format('SELECT service_affair.withdraw(%s, %L)', c, '2026-11-04 10:00+08'), '55000', NULL,
                 'withdraw() of a withdrawn case: 55000 (withdrawn is final)') FROM k;
SELECT is((SELECT count(*) FROM case_event WHERE case_id = (SELECT c FROM k) AND kind = 'withdrawn'), 1::bigint,
          'and nothing was recorded twice');

SELECT * FROM finish();
ROLLBACK;
