-- Tasks are created when the API accepts a case, and only then: a restore
-- (COPY of cases, then of tasks) or an administrator's import must not route
-- again, while an API call routes whatever the session's settings are
-- (routing is an explicit call of submit() and supplement(), doc/routing.md).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(6);
\ir route_fixture.inc

-- pg_dump and pg_restore run with row_security = off; an API call made in
-- such a session is still an acceptance and still routes.
SET LOCAL row_security = off;
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-02-13 10:00+08') AS a \gset
SELECT is((SELECT count(*) FROM task WHERE case_id = :a), 1::bigint,
  'submit() routes an accepted case even with row_security off');
RESET row_security;

SELECT submit('rt_biz', :p, '{lease}', 'window', '{}', '2026-02-13 10:00+08') AS r \gset
SELECT is((SELECT count(*) FROM task WHERE case_id = :r), 0::bigint,
  'a returned case has no task');
SELECT is(supplement(:r, '{form}', '2026-02-16 10:00+08', 'online'), 'accepted',
  'the supplement accepts it');
SELECT is((SELECT count(*) FROM task WHERE case_id = :r), 1::bigint,
  'supplement() routes the case it accepts');

-- A case row written directly (as pg_restore does with COPY) is taken as it
-- is: its tasks come with it.
INSERT INTO cases (service, service_kind, item, department, applicant, channel, status, returned,
                   submitted_at, accepted_at, due, calendar, promised_limit, legal_limit)
VALUES ('rt_biz', 'item', 'rt_biz', 'RT_MKT', :p, 'window', 'accepted', false,
        '2026-02-13 10:00+08', '2026-02-13 10:00+08', '2026-02-27', 'cn', 5, 20)
RETURNING id AS d \gset
SELECT is((SELECT count(*) FROM task WHERE case_id = :d), 0::bigint,
  'a case row inserted outside the API gets no task: no trigger routes');
SELECT isnt(coalesce(current_setting('service_affair.accepting', true), ''), 'on',
  'the acceptance flag does not outlive the API call');

SELECT * FROM finish();
ROLLBACK;
