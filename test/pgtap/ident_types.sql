-- pgTAP: uscc and resident_id, table-driven over valid and invalid literals.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(92);

-- Valid literals are accepted, whatever their case or spacing ------------- 12
SELECT lives_ok(format('SELECT %L::service_affair.uscc', v), format('uscc %L is accepted', v))
  FROM unnest(ARRAY['91110000600037341L', '91350100M000100Y43', '91350100m000100y43',
                    ' 9135 0100 M000 100Y 43 ', '913301001432052307', 'Y1110000000000000Q']) AS v;
SELECT lives_ok(format('SELECT %L::service_affair.resident_id', v), format('resident_id %L is accepted', v))
  FROM unnest(ARRAY['11010519491231002X', '11010519491231002x', '110105 19491231 002X',
                    '330106200002290045', '110105185001010013', '110105209912319998']) AS v;

-- Invalid literals raise 22P02 naming the type and the value --------------- 24
SELECT throws_ok(format('SELECT %L::service_affair.uscc', v), '22P02',
                 format('invalid input syntax for type uscc: "%s"', v),
                 format('uscc %L is rejected with 22P02', v))
  FROM unnest(ARRAY['', '91110000600037341', '91110000600037341LL', '9111000060003734IL',
                    '91110000600037341O', '91110000600037341M', '91110000600037431L',
                    '9111000060003734-1L', '九1110000600037341L', '91110000600037341L　',
                    '91110000600037341L.', 'null']) AS v;
SELECT throws_ok(format('SELECT %L::service_affair.resident_id', v), '22P02',
                 format('invalid input syntax for type resident_id: "%s"', v),
                 format('resident_id %L is rejected with 22P02', v))
  FROM unnest(ARRAY['', '110105491231002', '11010519491231002', '11010519491231002X0',
                    '1101051949123100X2', '11010519491231002Y', '110105194912310021',
                    '110105194913310021', '110105190002290017', '110105184912310012',
                    '110105210001010015', '１１0105194912310021']) AS v;

-- is_valid_* agrees with the input function, never raises ------------------ 24
SELECT is(is_valid_uscc(v), want, format('is_valid_uscc(%s) = %s', left(to_json(v)::text, 40), want))
  FROM (VALUES ('91110000600037341L', true), ('91350100m000100y43', true),
               (' 9135 0100 M000 100Y 43 ', true), ('91110000600037341M', false),
               ('9111000060003734IL', false), ('', false), ('九', false),
               (repeat('9', 100000), false), (E'\x7f', false),
               ('11010519491231002X', false), ('91110000600037341', false),
               ('000000000000000000', true)) AS t(v, want);
SELECT is(is_valid_resident_id(v), want, format('is_valid_resident_id(%s) = %s', left(to_json(v)::text, 40), want))
  FROM (VALUES ('11010519491231002X', true), ('11010519491231002x', true),
               ('110105 19491231 002X', true), ('110105194912310021', false),
               ('110105194913310021', false), ('110105184912310012', false),
               ('110105491231002', false), ('', false), ('九', false),
               (repeat('1', 100000), false), ('91110000600037341L', false),
               ('330106200002290045', true)) AS t(v, want);

-- NULL in, NULL out ----------------------------------------------------------- 2
SELECT is(is_valid_uscc(NULL), NULL, 'is_valid_uscc(NULL) is NULL');
SELECT is(is_valid_resident_id(NULL), NULL, 'is_valid_resident_id(NULL) is NULL');

-- Canonical output ------------------------------------------------------------ 4
SELECT is(v::service_affair.uscc::text, want, format('uscc %s prints as %s', to_json(v), want))
  FROM (VALUES ('91350100m000100y43', '91350100M000100Y43'),
               (E'\t91110000 600037341l\n', '91110000600037341L')) AS t(v, want);
SELECT is(v::service_affair.resident_id::text, want, format('resident_id %L prints as %s', v, want))
  FROM (VALUES ('11010519491231002x', '11010519491231002X'),
               (' 330106 20000229 0045 ', '330106200002290045')) AS t(v, want);

-- Error details say exactly what is wrong ------------------------------------ 10
CREATE FUNCTION pg_temp.detail_of(val text, typ text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE det text;
BEGIN
    EXECUTE format('SELECT %L::service_affair.%s', val, typ);
    RETURN NULL;
EXCEPTION WHEN invalid_text_representation THEN
    GET STACKED DIAGNOSTICS det = PG_EXCEPTION_DETAIL;
    RETURN det;
END $$;
SELECT is(pg_temp.detail_of(v, typ), want, format('%s %L: %s', typ, v, want))
  FROM (VALUES
    ('uscc', '91110000600037341M', 'Check character is "M", should be "L".'),
    ('uscc', '91110000600037341', 'The value has 17 characters not counting white space; a uscc has 18.'),
    ('uscc', '9111000060003734 I L', 'Character "I" at position 18 is not in the uscc alphabet 0123456789ABCDEFGHJKLMNPQRTUWXY.'),
    ('uscc', '九', 'Character "九" at position 1 is not in the uscc alphabet 0123456789ABCDEFGHJKLMNPQRTUWXY.'),
    ('uscc', 'x', 'The value has 1 character not counting white space; a uscc has 18.'),
    ('resident_id', '110105194912310021', 'Check character is "1", should be "X".'),
    ('resident_id', '110105194913310021', 'Birth date 1949-13-31 (positions 7 to 14) is not a valid date.'),
    ('resident_id', '110105184912310012', 'Birth year 1849 is outside the accepted range 1850 to 2099.'),
    ('resident_id', '11010519491231002Y', 'Character "Y" at position 18 is not allowed: a resident_id has digits in positions 1 to 17 and a digit or X in position 18.'),
    ('resident_id', '1101051949123100', 'The value has 16 characters not counting white space; a resident_id has 18.')
  ) AS t(typ, v, want);

-- Accessors ------------------------------------------------------------------- 8
SELECT is(uscc_region('91350100M000100Y43'), '350100', 'uscc_region gives characters 3-8');
SELECT is(resident_id_birth_date('11010519491231002X'), date '1949-12-31', 'resident_id_birth_date');
SELECT is(resident_id_birth_date('330106200002290045'), date '2000-02-29', 'resident_id_birth_date on a leap day');
SELECT is(resident_id_sex('11010519491231002X'), 'F', 'even 17th digit is F');
SELECT is(resident_id_sex('330106199003071236'), 'M', 'odd 17th digit is M');
SELECT is(resident_id_region('11010519491231002X'), '110105', 'resident_id_region gives characters 1-6');
SELECT is(mask('11010519491231002X'), '110105********002X', 'mask keeps the first 6 and last 4');
SELECT is(mask('330106200002290045'), '330106********0045', 'mask hides the birth date');

-- Operators and opclasses ------------------------------------------------------ 8
SELECT ok('91350100m000100y43'::uscc = '91350100M000100Y43'::uscc, 'uscc = ignores input case');
SELECT ok('91110000600037341L'::uscc < '91350100M000100Y43'::uscc, 'uscc < follows text order');
SELECT ok('11010519491231002x'::resident_id = '11010519491231002X'::resident_id, 'resident_id = ignores x case');
SELECT ok('11010519491231002X'::resident_id < '330106199003071236'::resident_id, 'resident_id < follows text order');
SELECT is((SELECT count(*)::int FROM pg_opclass c JOIN pg_type t ON t.oid = c.opcintype
            WHERE t.typname = 'uscc' AND c.opcdefault), 2, 'uscc has default btree and hash opclasses');
SELECT is((SELECT count(*)::int FROM pg_opclass c JOIN pg_type t ON t.oid = c.opcintype
            WHERE t.typname = 'resident_id' AND c.opcdefault), 2, 'resident_id has default btree and hash opclasses');
SELECT ok((SELECT bool_and(oprcanhash AND oprcanmerge) FROM pg_operator
            WHERE oprname = '=' AND oprleft IN ('service_affair.uscc'::regtype, 'service_affair.resident_id'::regtype)),
          '= is HASHES and MERGES for both types');
-- a uniqueness constraint sees values that differ only in case as equal
CREATE TEMP TABLE t_uniq (v service_affair.uscc UNIQUE);
INSERT INTO t_uniq VALUES ('91350100M000100Y43');
SELECT throws_ok($$INSERT INTO t_uniq VALUES ('91350100m000100y43')$$, '23505', NULL,
                 'unique index on uscc treats lower-case input as the same value');

SELECT * FROM finish();
ROLLBACK;
