-- An error's detail repeats a caller's text only through printable()
-- (06_arguments.sql): no control character of it reaches the detail, where
-- a line feed ends the server log's line and writes one of the caller's own
-- after it.  Until 2026-12-07 only mask_identifier() and
-- check_intake_place() echoed through it, and some forty details that cut
-- a caller's text to its first characters repeated it as typed (a second
-- read).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(6);
\ir error_detail.inc

-- the one spelling: every body of the extension that cuts a text to echo it
-- passes it through printable()
SELECT is((SELECT pg_catalog.array_agg(p.oid::regprocedure::text ORDER BY p.oid::regprocedure::text)
             FROM pg_catalog.pg_proc p
             JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
             JOIN pg_catalog.pg_extension x ON x.oid = d.refobjid AND x.extname = 'service_affair'
            WHERE p.prosrc LIKE '%quote_literal(pg_catalog.left(%'),
          NULL, 'no function of the extension quotes a cut text without printable()');
SELECT cmp_ok((SELECT count(*) FROM pg_catalog.pg_proc p
                WHERE p.pronamespace = 'service_affair'::regnamespace
                  AND p.prosrc LIKE '%quote_literal(service_affair.printable(pg_catalog.left(%'), '>=', 20::bigint,
              'and some twenty functions do with it');

-- as the details read: an unknown service, an applicant kind, a channel
SELECT is(pg_temp.detail_of($q$SELECT service_affair.check_service_applicant(E'no\nsuch\u2028service', 1)$q$),
          'No item or bundle has code ''no?such?service''.', 'an unknown service: its line feed and line separator are ?');
SELECT is(pg_temp.detail_of($q$SELECT service_affair.register_applicant(E'per\rson\u202e', '11010519491231002X', 'X')$q$),
          'Kind ''per?son?'' is not one of person, org.', 'an applicant kind: its carriage return and right-to-left override are ?');
SELECT ok(pg_temp.detail_of($q$SELECT service_affair.register_applicant(E'per\rson\u202e', '11010519491231002X', 'X')$q$)
          !~ '[\u0001-\u001f\u007f-\u009f\u202e]', 'no control character in it');
-- a cut text stays cut, to its first characters, then made printable
SELECT is(pg_temp.detail_of(format($q$SELECT service_affair.check_service_applicant(%L, 1)$q$, repeat(E'\x01', 100))),
          format('No item or bundle has code %L.', repeat('?', 64)), 'a long code: its first 64 characters, each ?');

SELECT * FROM finish();
ROLLBACK;
