-- uscc (统一社会信用代码) and resident_id (居民身份证号码): literals, errors,
-- operators, plans, binary I/O, accessors.
SET search_path = service_affair, public;

--
-- Literals and canonical output
--
SELECT '91110000600037341L'::uscc AS canonical,
       '91350100m000100y43'::uscc AS lower_case,
       ' 9111 0000 6000 3734 1l '::uscc AS spaced,
       E'91110000600037341L\t\n\r\x0b\f'::uscc AS ascii_whitespace;
SELECT '11010519491231002X'::resident_id AS canonical,
       '11010519491231002x'::resident_id AS lower_x,
       '110105 19491231 002x'::resident_id AS spaced,
       '330106200002290045'::resident_id AS leap_day,
       '110105185001010013'::resident_id AS earliest_year,
       '110105209912319998'::resident_id AS latest_year;
-- the extremes of the body: all zeros is a valid uscc; 000000 region is accepted
SELECT '000000000000000000'::uscc, '000000185001010002'::resident_id,
       '999999209912319993'::resident_id;
-- text casts both ways
SELECT '91350100m000100y43'::text::uscc::text AS via_text,
       pg_typeof('11010519491231002x'::resident_id::text);

--
-- Errors: 22P02 with a detail naming the fault.  try() runs the cast and
-- shows SQLSTATE, message, detail and hint.
--
CREATE FUNCTION pg_temp.try(val text, typ text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE st text; msg text; det text; hin text;
BEGIN
    EXECUTE format('SELECT %L::service_affair.%s', val, typ);
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
                            det = PG_EXCEPTION_DETAIL, hin = PG_EXCEPTION_HINT;
    RETURN st || ' | ' || msg || ' | ' || det || CASE WHEN hin <> '' THEN ' | ' || hin ELSE '' END;
END $$;

SELECT v AS uscc, pg_temp.try(v, 'uscc') AS outcome
  FROM unnest(ARRAY[
    '91110000600037341L',       -- ok
    '',                         -- empty
    '   ',                      -- only spaces
    '91110000600037341',        -- 17 characters
    '91110000600037341LL',      -- 19 characters
    '9111000060003734IL',       -- I is not in the alphabet
    '91110000600037341o',       -- o (lower-case O) neither
    '9111000060003734-1L',      -- punctuation
    '91110000 60003734 1L ',    -- ok, spaces
    '91110000600037341M',       -- wrong check character
    '91110000600037431L',       -- transposition
    '9111000060003734１L',      -- full-width digit one
    '九1110000600037341L',      -- CJK character at position 1
    '91110000600037341L　'      -- ideographic space U+3000 is not white space here
  ]) AS v;

SELECT v AS resident_id, pg_temp.try(v, 'resident_id') AS outcome
  FROM unnest(ARRAY[
    '11010519491231002X',       -- ok
    '',                         -- empty
    '11010519491231002',        -- 17 characters
    '110105491231002',          -- 15 digits: first-generation number, with hint
    '11010519491231002X0',      -- 19 characters
    '1101051949123100X2',       -- X before position 18
    '11010519491231002Y',       -- Y as check character
    'A1010519491231002X',       -- letter
    '11010519491231002-',       -- punctuation as check character
    '110105194912310021',       -- wrong check digit
    '110105194912310020',       -- wrong check digit (X expected, 0 given)
    '110105194913310029',       -- month 13, wrong check: the check character is reported first
    '110105194913310021',       -- month 13 (check character right)
    '110105194900010011',       -- month 00
    '110105194912000013',       -- day 00
    '110105190002290017',       -- 1900-02-29: not a leap year
    '110105200002300015',       -- 2000-02-30
    '110105200004310014',       -- April 31
    '110105000101010017',       -- year 0001 outside the range
    '110105184912310012',       -- 1849 outside the range
    '110105210001010015'        -- 2100 outside the range
  ]) AS v;

-- The same errors as psql shows them.
SELECT '9111000060003734IL'::uscc;
SELECT '11010519491231002Y'::resident_id;
SELECT '110105491231002'::resident_id;
-- a control character is named by its code point (in the message: ?, as an error echoes it)
SELECT replace(pg_temp.try(E'9111000060003734\x01L', 'uscc'), E'\x01', '<01>');

--
-- Comparison operators, one comparator
--
CREATE TEMP TABLE u (v uscc);
INSERT INTO u VALUES ('91350100M000100Y43'), ('91110000600037341L'), ('Y1110000000000000Q'),
    ('913301001432052307'), ('91330106MA27XJ1P0H'), ('121000004000101751'), ('000000000000000000');
SELECT v FROM u ORDER BY v;
SELECT v FROM u ORDER BY v DESC LIMIT 2;
SELECT a.v AS a, b.v AS b, a.v = b.v AS eq, a.v <> b.v AS ne, a.v < b.v AS lt,
       a.v <= b.v AS le, a.v > b.v AS gt, a.v >= b.v AS ge, uscc_cmp(a.v, b.v) AS cmp
  FROM (VALUES ('91110000600037341L'::uscc), ('91350100M000100Y43'::uscc)) a(v),
       (VALUES ('91110000600037341L'::uscc), ('91350100M000100Y43'::uscc)) b(v)
 ORDER BY 1, 2;
-- equal values written differently are equal and hash equally
SELECT '91350100m000100y43'::uscc = ' 91350100M000100Y43'::uscc AS eq,
       uscc_hash('91350100m000100y43') = uscc_hash('91350100M000100Y43') AS hash_eq,
       uscc_hash_extended('91350100m000100y43', 7) = uscc_hash_extended('91350100M000100Y43', 7) AS hash_ext_eq;

CREATE TEMP TABLE r (v resident_id);
INSERT INTO r VALUES ('11010519491231002X'), ('330106199003071236'), ('330106200002290045'),
    ('440305199912315517'), ('110105185001010013'), ('000000185001010002'), ('999999209912319993');
SELECT v FROM r ORDER BY v;
SELECT a.v AS a, b.v AS b, a.v = b.v AS eq, a.v <> b.v AS ne, a.v < b.v AS lt,
       a.v <= b.v AS le, a.v > b.v AS gt, a.v >= b.v AS ge, resident_id_cmp(a.v, b.v) AS cmp
  FROM (VALUES ('11010519491231002X'::resident_id), ('330106199003071236'::resident_id)) a(v),
       (VALUES ('11010519491231002X'::resident_id), ('330106199003071236'::resident_id)) b(v)
 ORDER BY 1, 2;
SELECT '11010519491231002x'::resident_id = '110105 19491231 002X'::resident_id AS eq,
       resident_id_hash('11010519491231002x') = resident_id_hash('11010519491231002X') AS hash_eq,
       resident_id_hash_extended('11010519491231002x', 7)
           = resident_id_hash_extended('11010519491231002X', 7) AS hash_ext_eq;
-- ORDER BY agrees with the order of the canonical text (C collation)
SELECT (SELECT array_agg(v ORDER BY v) FROM u)::text[]
     = (SELECT array_agg(v::text ORDER BY v::text COLLATE "C") FROM u) AS uscc_text_order,
       (SELECT array_agg(v ORDER BY v) FROM r)::text[]
     = (SELECT array_agg(v::text ORDER BY v::text COLLATE "C") FROM r) AS rid_text_order;
-- the operators are declared completely
SELECT o.oprname, t.typname, o.oprcanhash, o.oprcanmerge,
       c.oprname AS commutator, n.oprname AS negator
  FROM pg_operator o
  JOIN pg_type t ON t.oid = o.oprleft
  LEFT JOIN pg_operator c ON c.oid = o.oprcom
  LEFT JOIN pg_operator n ON n.oid = o.oprnegate
 WHERE t.typname IN ('uscc', 'resident_id')
   AND o.oprnamespace = 'service_affair'::regnamespace
 ORDER BY t.typname, o.oprname;
SELECT am.amname, opc.opcname, opc.opcdefault, t.typname
  FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
  JOIN pg_type t ON t.oid = opc.opcintype
 WHERE t.typname IN ('uscc', 'resident_id')
 ORDER BY t.typname, am.amname;
SELECT typname, typlen, typbyval, typalign, typstorage
  FROM pg_type WHERE typname IN ('uscc', 'resident_id') ORDER BY typname;

--
-- Plans: index scans, hash join, merge join
--
CREATE TEMP TABLE org (id int, code uscc);
INSERT INTO org SELECT row_number() OVER (), v FROM u;
CREATE TEMP TABLE person (id int, rid resident_id);
INSERT INTO person SELECT row_number() OVER (), v FROM r;
CREATE INDEX ON org (code);
CREATE INDEX ON person (rid);
ANALYZE org, person;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM org WHERE code = '91350100m000100y43';
SELECT * FROM org WHERE code = '91350100m000100y43';
EXPLAIN (COSTS OFF) SELECT code FROM org WHERE code > '91330106MA27XJ1P0H' ORDER BY code;
SELECT code FROM org WHERE code > '91330106MA27XJ1P0H' ORDER BY code;
EXPLAIN (COSTS OFF) SELECT * FROM person WHERE rid BETWEEN '110105185001010013' AND '330106200002290045';
SELECT rid FROM person WHERE rid BETWEEN '110105185001010013' AND '330106200002290045' ORDER BY rid;
CREATE INDEX org_code_hash ON org USING hash (code);
DROP INDEX org_code_idx;
EXPLAIN (COSTS OFF) SELECT * FROM org WHERE code = '91350100m000100y43';
RESET enable_seqscan;
RESET enable_bitmapscan;

SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT * FROM org a JOIN org b ON a.code = b.code;
SELECT count(*) FROM org a JOIN org b ON a.code = b.code;
EXPLAIN (COSTS OFF) SELECT * FROM person a JOIN person b ON a.rid = b.rid;
SELECT count(*) FROM person a JOIN person b ON a.rid = b.rid;
RESET enable_mergejoin;
SET enable_hashjoin = off;
EXPLAIN (COSTS OFF) SELECT * FROM org a JOIN org b ON a.code = b.code;
SELECT count(*) FROM org a JOIN org b ON a.code = b.code;
EXPLAIN (COSTS OFF) SELECT * FROM person a JOIN person b ON a.rid = b.rid;
SELECT count(*) FROM person a JOIN person b ON a.rid = b.rid;
RESET enable_hashjoin;
RESET enable_nestloop;
-- hash aggregation and DISTINCT use the hash opclass
SET enable_sort = off;
SELECT count(DISTINCT v) FROM (SELECT v FROM u UNION ALL SELECT v FROM u) s;
SELECT count(*) FROM (SELECT v FROM r UNION SELECT v FROM r) s;
RESET enable_sort;

--
-- Sorting many values (abbreviated keys for uscc, int8 comparator for
-- resident_id) agrees with the canonical text order, and btree indexes built
-- by sorting pass amcheck.  Real codes share long prefixes; so do these.
--
CREATE FUNCTION pg_temp.mk_uscc(body text) RETURNS service_affair.uscc
LANGUAGE sql AS $$
  SELECT (body || substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
          (31 - (SELECT sum((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(body, i, 1)) - 1)
                            * ('{1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28}'::int[])[i])
                   FROM generate_series(1, 17) i)::int % 31) % 31 + 1, 1))::service_affair.uscc
$$;
CREATE FUNCTION pg_temp.mk_rid(body text) RETURNS service_affair.resident_id
LANGUAGE sql AS $$
  SELECT (body || substr('10X98765432',
          (SELECT sum(substr(body, i, 1)::int * ('{7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2}'::int[])[i])
             FROM generate_series(1, 17) i)::int % 11 + 1, 1))::service_affair.resident_id
$$;
SELECT setseed(0.5);
CREATE TEMP TABLE many AS
SELECT pg_temp.mk_uscc((ARRAY['91330106', '91330106', '92330106', '91110000', '12100000'])[1 + (g % 5)]
                       || (SELECT string_agg(substr('0123456789ABCDEFGHJKLMNPQRTUWXY', 1 + floor(random() * (CASE WHEN i < 3 THEN 2 ELSE 31 END))::int, 1), '')
                             FROM generate_series(1, 9) i WHERE g > 0)) AS u,
       pg_temp.mk_rid((ARRAY['330106', '110105', '440305'])[1 + (g % 3)]
                      || to_char(date '1950-01-01' + (g % 300), 'YYYYMMDD')
                      || lpad((g % 997)::text, 3, '0')) AS r
  FROM generate_series(1, 20000) g;
SELECT count(*), count(DISTINCT u) AS distinct_uscc, count(DISTINCT r) AS distinct_rid FROM many;
SELECT (SELECT array_agg(u ORDER BY u) FROM many)::text[]
     = (SELECT array_agg(u::text ORDER BY u::text COLLATE "C") FROM many) AS uscc_sorted_as_text,
       (SELECT array_agg(r ORDER BY r) FROM many)::text[]
     = (SELECT array_agg(r::text ORDER BY r::text COLLATE "C") FROM many) AS rid_sorted_as_text,
       (SELECT array_agg(u ORDER BY u DESC) FROM many)::text[]
     = (SELECT array_agg(u::text ORDER BY u::text COLLATE "C" DESC) FROM many) AS uscc_desc;
CREATE INDEX many_u ON many (u);
CREATE INDEX many_r ON many (r);
CREATE EXTENSION amcheck;
SELECT bt_index_check('many_u', true), bt_index_check('many_r', true);
DROP EXTENSION amcheck;

--
-- Binary I/O: version byte 1 then the 18 canonical characters
--
SELECT uscc_send('91350100m000100y43'), resident_id_send('11010519491231002x');
SELECT '/tmp/sa_ident_' || pg_backend_pid() || '.bin' AS binfile \gset
COPY (SELECT u.v, r.v AS w FROM u, r ORDER BY 1, 2) TO :'binfile' (FORMAT binary);
CREATE TEMP TABLE both_back (v uscc, w resident_id);
COPY both_back FROM :'binfile' (FORMAT binary);
SELECT count(*) AS rows,
       count(*) = (SELECT count(*) FROM u, r) AS all_back,
       (SELECT count(*) FROM (SELECT u.v, r.v FROM u, r EXCEPT SELECT v, w FROM both_back) d) AS missing
  FROM both_back;
-- recv checks the version byte and the payload: craft binary fields as bytea
CREATE TEMP TABLE bin_u (v uscc);
CREATE TEMP TABLE bin_r (v resident_id);
CREATE FUNCTION pg_temp.recv(payload bytea, tab text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE st text; msg text; det text; f text := '/tmp/sa_ident_' || pg_backend_pid() || '.field';
BEGIN
    EXECUTE format('COPY (SELECT %L::bytea) TO %L (FORMAT binary)', payload, f);
    EXECUTE format('COPY %I FROM %L (FORMAT binary)', tab, f);
    EXECUTE format('SELECT v::text FROM %I', tab) INTO msg;
    EXECUTE format('TRUNCATE %I', tab);
    RETURN 'ok: ' || msg;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
    RETURN st || ' | ' || msg || ' | ' || det;
END $$;
SELECT p AS payload, pg_temp.recv(p, 'bin_u') AS outcome
  FROM unnest(ARRAY[
    '\x01' || convert_to('91350100M000100Y43', 'UTF8'),           -- ok
    '\x'::bytea,                                                  -- empty
    '\x02' || convert_to('91350100M000100Y43', 'UTF8'),           -- version 2
    '\x00' || convert_to('91350100M000100Y43', 'UTF8'),           -- version 0
    '\x01' || convert_to('91350100M000100Y4', 'UTF8'),            -- 17 bytes
    '\x01' || convert_to('91350100M000100Y433', 'UTF8'),          -- 19 bytes
    '\x01' || convert_to('91350100m000100y43', 'UTF8'),           -- lower case: not canonical
    '\x01' || convert_to('91350100M000100Y44', 'UTF8'),           -- bad check character
    '\x01' || convert_to('91350100I000100Y43', 'UTF8'),           -- I
    '\x01' || convert_to('91350100 000100Y43', 'UTF8'),           -- space
    '\x01393133353031303000303030313030593433'::bytea             -- NUL byte
  ]) AS p;
SELECT p AS payload, pg_temp.recv(p, 'bin_r') AS outcome
  FROM unnest(ARRAY[
    '\x01' || convert_to('11010519491231002X', 'UTF8'),           -- ok
    '\x02' || convert_to('11010519491231002X', 'UTF8'),           -- version 2
    '\x01' || convert_to('11010519491231002x', 'UTF8'),           -- lower-case x: not canonical
    '\x01' || convert_to('110105194912310021', 'UTF8'),           -- bad check character
    '\x01' || convert_to('110105194913310021', 'UTF8'),           -- month 13
    '\x01' || convert_to('110105210001010015', 'UTF8'),           -- year 2100
    '\x01' || convert_to('1101051949123100', 'UTF8'),             -- 16 bytes
    '\x01' || convert_to('11010519491231002X', 'UTF8') || '\xff'::bytea  -- 19 bytes
  ]) AS p;

--
-- Accessors
--
SELECT uscc_region('91110000600037341L'), uscc_region('91350100M000100Y43');
SELECT v, resident_id_birth_date(v), resident_id_sex(v), resident_id_region(v), mask(v)
  FROM r ORDER BY v;
SELECT resident_id_birth_date('11010519491231002X') = date '1949-12-31' AS birth,
       resident_id_sex('11010519491231002X') AS sex_of_2,
       resident_id_sex('330106199003071236') AS sex_of_3;
SELECT uscc_region(NULL), resident_id_sex(NULL), mask(NULL::resident_id);

--
-- Validators never raise
--
SELECT left(v, 20) AS v, length(v) AS len, is_valid_uscc(v) AS uscc, is_valid_resident_id(v) AS resident_id
  FROM unnest(ARRAY['91110000600037341L', '91350100m000100y43', '11010519491231002X',
                    '11010519491231002x', '', ' ', 'garbage', '九', E'\x7f',
                    repeat('9', 10000), '110105194913310029', '91110000600037341M',
                    NULL]) AS v;
SELECT is_valid_uscc(NULL), is_valid_resident_id(NULL);

--
-- Every object of the identifiers part documents itself (COMMENT ON).
--
SELECT 'function' AS kind, p.oid::regprocedure::text AS object
  FROM pg_proc p
 WHERE p.pronamespace = 'service_affair'::regnamespace
   AND (p.proname ~ '^(uscc|resident_id)_' OR p.proname IN ('mask', 'is_valid_uscc', 'is_valid_resident_id'))
   AND obj_description(p.oid, 'pg_proc') IS NULL
UNION ALL
SELECT 'type', t.typname FROM pg_type t
 WHERE t.typname IN ('uscc', 'resident_id') AND obj_description(t.oid, 'pg_type') IS NULL
UNION ALL
SELECT 'operator', o.oid::regoperator::text FROM pg_operator o
 WHERE o.oprleft IN ('service_affair.uscc'::regtype, 'service_affair.resident_id'::regtype)
   AND obj_description(o.oid, 'pg_operator') IS NULL
UNION ALL
SELECT 'operator class', c.opcname FROM pg_opclass c
 WHERE c.opcintype IN ('service_affair.uscc'::regtype, 'service_affair.resident_id'::regtype)
   AND obj_description(c.oid, 'pg_opclass') IS NULL
UNION ALL
SELECT 'operator family', f.opfname FROM pg_opfamily f
 WHERE f.opfnamespace = 'service_affair'::regnamespace AND f.opfname ~ '^(uscc|resident_id)_ops$'
   AND obj_description(f.oid, 'pg_opfamily') IS NULL;
-- and they are all executable by PUBLIC (utilities)
SELECT p.oid::regprocedure AS not_public
  FROM pg_proc p
 WHERE p.pronamespace = 'service_affair'::regnamespace
   AND (p.proname ~ '^(uscc|resident_id)_' OR p.proname IN ('mask', 'is_valid_uscc', 'is_valid_resident_id'))
   AND NOT has_function_privilege('public', p.oid, 'EXECUTE');
SELECT count(*) AS identifier_functions
  FROM pg_proc p
 WHERE p.pronamespace = 'service_affair'::regnamespace
   AND (p.proname ~ '^(uscc|resident_id)_' OR p.proname IN ('mask', 'is_valid_uscc', 'is_valid_resident_id'));

-- remove the files the binary tests wrote
CREATE EXTENSION adminpack;
SELECT pg_file_unlink(:'binfile') AS removed_copy_file,
       pg_file_unlink('/tmp/sa_ident_' || pg_backend_pid() || '.field') AS removed_field_file;
DROP EXTENSION adminpack;
