-- The levels argument of the period rollups (doc/indicators.md, "Every
-- level, every period, one formula"): a NULL element or a name that is no
-- level of the rollup is 22023 naming it (through printable()), not a
-- call that answers no row at all, the overall one included, without a
-- word (until 2026-12-07, a hostile review: levels => '{departments}').
-- The levels that exist, an empty array and NULL still answer as before.
-- 18 to 25: the analysts and the administrators, whose period functions
-- call period_levels_checked() as themselves (the rollups are no SECURITY
-- DEFINER), run them; until its role_grant rows (a second read of
-- 97062597) every period function was 42501 'permission denied for
-- function period_levels_checked' to them.  19 to 25 fail on that code.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(25);
\ir error_detail.inc

SELECT is(pg_temp.err_of($$SELECT * FROM efficiency_period_rollup('2026-01-01', '2026-03-01', '{departments}')$$),
          '22023 | invalid level | Level ''departments'' is not one of service, department, region, point, overall.',
          'efficiency_period_rollup: a typo of a level is 22023 naming it');
SELECT is(pg_temp.err_of($$SELECT * FROM efficiency_period_rollup('2026-01-01', '2026-03-01', '{department,NULL}')$$),
          '22023 | invalid level | Level NULL is not one of service, department, region, point, overall.',
          'efficiency_period_rollup: a NULL level is 22023');
SELECT is(pg_temp.err_of($$SELECT * FROM efficiency_period_rollup('2026-01-01', '2026-03-01', ARRAY[E'over\nall'])$$),
          '22023 | invalid level | Level ''over?all'' is not one of service, department, region, point, overall.',
          'efficiency_period_rollup: the level is echoed printable');
SELECT is(pg_temp.err_of($$SELECT * FROM satisfaction_period_rollup('2026-01-01', '2026-03-01', '{Overall}')$$),
          '22023 | invalid level | Level ''Overall'' is not one of service, department, region, point, overall.',
          'satisfaction_period_rollup: an unknown level is 22023 naming it');
SELECT is(pg_temp.err_of($$SELECT * FROM satisfaction_period_rollup('2026-01-01', '2026-03-01', '{{region},{NULL}}')$$),
          '22023 | invalid level | Level NULL is not one of service, department, region, point, overall.',
          'satisfaction_period_rollup: a NULL level of a two-dimensional array is 22023');
SELECT is(pg_temp.err_of($$SELECT * FROM complaint_period_rollup('2026-01-01', '2026-03-01', '{service}')$$),
          '22023 | invalid level | Level ''service'' is not one of department, region, point, overall.',
          'complaint_period_rollup: service is no level of the complaints');
SELECT is(pg_temp.err_of($$SELECT * FROM complaint_period_rollup('2026-01-01', '2026-03-01', '{NULL}')$$),
          '22023 | invalid level | Level NULL is not one of department, region, point, overall.',
          'complaint_period_rollup: a NULL level is 22023');

SELECT is(pg_temp.err_of($$SELECT * FROM complaint_period_rollup('2026-01-01', '2026-03-01', ARRAY[repeat('x', 1000000)])$$),
          '22023 | invalid level | Level ''' || repeat('x', 64) || ''' is not one of department, region, point, overall.',
          'complaint_period_rollup: a level of a megabyte is echoed cut to 64 characters');

-- the one list of levels, which the province's rollups call too
SELECT is(pg_temp.err_of($$SELECT service_affair.period_levels_checked('ratings', '{overall}')$$),
          '22023 | unknown period rollup | Rollup ''ratings'' is not one of efficiency, satisfaction, complaint.',
          'period_levels_checked: a rollup it has no levels for is 22023');
SELECT ok(service_affair.period_levels_checked('complaint', NULL) AND service_affair.period_levels_checked('efficiency', '{service,overall}'),
          'period_levels_checked: NULL and levels of the rollup pass');

-- what answered still answers: the overall row of an empty period, nothing for '{}'
SELECT is((SELECT count(*) FROM efficiency_period_rollup('1990-01-01', '1990-03-01', '{service,department,region,point,overall}') WHERE level = 'overall'),
          1::bigint, 'efficiency_period_rollup: every level named: the overall row');
SELECT is((SELECT count(*) FROM efficiency_period_rollup('1990-01-01', '1990-03-01', NULL) WHERE level = 'overall'),
          1::bigint, 'efficiency_period_rollup: NULL, every level: the overall row');
SELECT is((SELECT count(*) FROM efficiency_period_rollup('1990-01-01', '1990-03-01', '{}')),
          0::bigint, 'efficiency_period_rollup: no level asked, no row');
SELECT is((SELECT count(*) FROM satisfaction_period_rollup('1990-01-01', '1990-03-01', '{overall}')),
          1::bigint, 'satisfaction_period_rollup: the overall row');
SELECT is((SELECT count(*) FROM complaint_period_rollup('1990-01-01', '1990-03-01', '{department,region,point,overall}') WHERE level = 'overall'),
          1::bigint, 'complaint_period_rollup: every level named: the overall row');
-- the period functions, which ask for their own levels, are unchanged
SELECT is((SELECT count(*) FROM satisfaction_period('1990-01-01', '1990-03-01') WHERE overall),
          1::bigint, 'satisfaction_period: the overall row');
SELECT is((SELECT count(*) FROM complaint_period_point('1990-01-01', '1990-03-01') WHERE overall),
          1::bigint, 'complaint_period_point: the overall row');

-- the lowest roles that run the period functions: their rollups call
-- period_levels_checked() as the caller
SELECT lives_ok('SELECT create_roles()', 'create_roles()');
SET LOCAL ROLE service_affair_analyst;
SELECT is((SELECT count(*) FROM efficiency_period('1990-01-01', '1990-03-01') WHERE overall),
          1::bigint, 'an analyst runs efficiency_period');
SELECT is((SELECT count(*) FROM satisfaction_period_region('1990-01-01', '1990-03-01') WHERE overall),
          1::bigint, 'an analyst runs satisfaction_period_region');
SELECT is((SELECT count(*) FROM complaint_period_point('1990-01-01', '1990-03-01') WHERE overall),
          1::bigint, 'an analyst runs complaint_period_point');
SELECT is(pg_temp.err_of($$SELECT * FROM efficiency_period_rollup('2026-01-01', '2026-03-01', '{departments}')$$),
          '22023 | invalid level | Level ''departments'' is not one of service, department, region, point, overall.',
          'an analyst: efficiency_period_rollup of a typo is 22023, not 42501');
SELECT is(pg_temp.err_of($$SELECT * FROM complaint_period_rollup('2026-01-01', '2026-03-01', '{service}')$$),
          '22023 | invalid level | Level ''service'' is not one of department, region, point, overall.',
          'an analyst: complaint_period_rollup of a level it has not is 22023, not 42501');
RESET ROLE;
SET LOCAL ROLE service_affair_admin;
SELECT is((SELECT count(*) FROM satisfaction_period('1990-01-01', '1990-03-01') WHERE overall),
          1::bigint, 'an administrator runs satisfaction_period');
SELECT is((SELECT count(*) FROM complaint_period_region('1990-01-01', '1990-03-01') WHERE overall),
          1::bigint, 'an administrator runs complaint_period_region');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
