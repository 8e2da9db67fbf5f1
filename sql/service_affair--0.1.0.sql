-- service_affair install script, assembled from sql/parts/*.sql.
-- Conventions (see doc/development.md):
--   * every name is schema-qualified; no CREATE OR REPLACE, no IF NOT EXISTS;
--   * SQL-language and SECURITY DEFINER functions pin search_path;
--   * every object gets a COMMENT ON;
--   * EXECUTE is revoked from PUBLIC on anything that reads or writes case data;
--     create_roles() grants it to the group roles.
\echo Use "CREATE EXTENSION service_affair" to load this file. \quit

COMMENT ON SCHEMA service_affair IS
  'Run-at-most-once (最多跑一次) government service: catalog, intake, routing, working-day limits, ratings, inspections';

-- Identifier and calendar functions are public utilities; everything else is
-- granted explicitly.
GRANT USAGE ON SCHEMA service_affair TO PUBLIC;
-- Organisation: departments, who works for them, and the grant matrix.  Every later table that
-- names a department references this one.

CREATE TABLE service_affair.department (
    code   text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_.-]{1,64}$'),
    name   text NOT NULL CHECK (name <> ''),
    region text CHECK (region ~ '^[0-9]{6}$')
);
COMMENT ON TABLE service_affair.department IS
  'Back-office departments (委办局) that decide items and run inspections';
COMMENT ON COLUMN service_affair.department.code IS 'Stable department code used by every other table';
COMMENT ON COLUMN service_affair.department.name IS 'Official name';
COMMENT ON COLUMN service_affair.department.region IS 'GB/T 2260 administrative division code (6 digits) of the department';
SELECT pg_catalog.pg_extension_config_dump('service_affair.department', '');

CREATE TABLE service_affair.staff (
    login      name NOT NULL,
    department text NOT NULL REFERENCES service_affair.department ON UPDATE CASCADE,
    PRIMARY KEY (login, department)
);
COMMENT ON TABLE service_affair.staff IS
  'Which departments a login role works for; reviewers and inspectors act only within these';
COMMENT ON COLUMN service_affair.staff.login IS 'Login role name (a member of one of the service_affair_* group roles)';
COMMENT ON COLUMN service_affair.staff.department IS 'Department the login works for';
SELECT pg_catalog.pg_extension_config_dump('service_affair.staff', '');

CREATE FUNCTION service_affair.actor() RETURNS name
    AS 'MODULE_PATHNAME', 'sa_actor'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.actor() IS
  'The role on whose behalf the current call runs: the caller of a SECURITY DEFINER function, not its owner';

-- The grant matrix: each part of the install script (and each upgrade script)
-- adds the rows for the objects it creates, right beside them; the function
-- create_roles() (90_access.sql) creates the group roles and applies it.
CREATE TABLE service_affair.role_grant (
    role      text NOT NULL CHECK (role IN ('admin','clerk','reviewer','inspector','analyst','public')),
    privilege text NOT NULL CHECK (privilege IN ('EXECUTE','SELECT','INSERT','UPDATE','DELETE')),
    object    text NOT NULL,
    PRIMARY KEY (role, privilege, object)
);
COMMENT ON TABLE service_affair.role_grant IS
  'Grant matrix applied by create_roles(): which group role gets which privilege on which object';
COMMENT ON COLUMN service_affair.role_grant.role IS 'Group role suffix: service_affair_<role>';
COMMENT ON COLUMN service_affair.role_grant.privilege IS 'EXECUTE for functions, SELECT/INSERT/UPDATE/DELETE for tables and views';
COMMENT ON COLUMN service_affair.role_grant.object IS 'Function signature (regprocedure text) or table/view name, schema-qualified';

INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.department'),
    ('admin', 'INSERT', 'service_affair.department'),
    ('admin', 'UPDATE', 'service_affair.department'),
    ('admin', 'DELETE', 'service_affair.department'),
    ('admin', 'SELECT', 'service_affair.staff'),
    ('admin', 'INSERT', 'service_affair.staff'),
    ('admin', 'UPDATE', 'service_affair.staff'),
    ('admin', 'DELETE', 'service_affair.staff'),
    ('admin', 'SELECT', 'service_affair.role_grant');
-- Identifiers with check characters: 统一社会信用代码 (uscc, GB 32100-2015) and
-- 居民身份证号码 (resident_id, GB 11643-1999).  C base types with validated
-- input, canonical output, binary I/O with a format-version byte, btree and
-- hash operator classes, accessors and never-raising validators.  These are
-- public utilities: EXECUTE stays granted to PUBLIC.  See doc/identifiers.md.

-- ---------------------------------------------------------------------------
-- uscc — 统一社会信用代码 (unified social credit code, GB 32100-2015)
-- ---------------------------------------------------------------------------
CREATE TYPE service_affair.uscc;

CREATE FUNCTION service_affair.uscc_in(cstring) RETURNS service_affair.uscc
    AS 'MODULE_PATHNAME', 'uscc_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.uscc_in(cstring) IS
  'uscc text input: 18 characters of 0-9 and A-Y except I O S V, either case, ASCII white space ignored; raises 22P02 with the exact fault';

CREATE FUNCTION service_affair.uscc_out(service_affair.uscc) RETURNS cstring
    AS 'MODULE_PATHNAME', 'uscc_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.uscc_out(service_affair.uscc) IS
  'uscc text output: the canonical 18 upper-case characters';

CREATE FUNCTION service_affair.uscc_recv(internal) RETURNS service_affair.uscc
    AS 'MODULE_PATHNAME', 'uscc_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.uscc_recv(internal) IS
  'uscc binary input: format-version byte 1, then the 18 canonical characters (validated)';

CREATE FUNCTION service_affair.uscc_send(service_affair.uscc) RETURNS bytea
    AS 'MODULE_PATHNAME', 'uscc_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.uscc_send(service_affair.uscc) IS
  'uscc binary output: format-version byte 1, then the 18 canonical characters';

CREATE TYPE service_affair.uscc (
    INPUT = service_affair.uscc_in,
    OUTPUT = service_affair.uscc_out,
    RECEIVE = service_affair.uscc_recv,
    SEND = service_affair.uscc_send,
    INTERNALLENGTH = 18,
    ALIGNMENT = char,
    STORAGE = plain
);
COMMENT ON TYPE service_affair.uscc IS
  '统一社会信用代码 (unified social credit code, GB 32100-2015), validated (check character); stored as 18 fixed bytes (the canonical characters)';

CREATE FUNCTION service_affair.uscc_cmp(service_affair.uscc, service_affair.uscc) RETURNS integer
    AS 'MODULE_PATHNAME', 'uscc_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.uscc_cmp(service_affair.uscc, service_affair.uscc) IS
  'Compare two uscc values in canonical text order: -1, 0 or 1 (btree support)';

CREATE FUNCTION service_affair.uscc_eq(service_affair.uscc, service_affair.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME', 'uscc_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION service_affair.uscc_eq(service_affair.uscc, service_affair.uscc) IS 'Implementation of uscc =';

CREATE FUNCTION service_affair.uscc_ne(service_affair.uscc, service_affair.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME', 'uscc_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION service_affair.uscc_ne(service_affair.uscc, service_affair.uscc) IS 'Implementation of uscc <>';

CREATE FUNCTION service_affair.uscc_lt(service_affair.uscc, service_affair.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME', 'uscc_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION service_affair.uscc_lt(service_affair.uscc, service_affair.uscc) IS 'Implementation of uscc <';

CREATE FUNCTION service_affair.uscc_le(service_affair.uscc, service_affair.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME', 'uscc_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION service_affair.uscc_le(service_affair.uscc, service_affair.uscc) IS 'Implementation of uscc <=';

CREATE FUNCTION service_affair.uscc_gt(service_affair.uscc, service_affair.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME', 'uscc_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION service_affair.uscc_gt(service_affair.uscc, service_affair.uscc) IS 'Implementation of uscc >';

CREATE FUNCTION service_affair.uscc_ge(service_affair.uscc, service_affair.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME', 'uscc_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION service_affair.uscc_ge(service_affair.uscc, service_affair.uscc) IS 'Implementation of uscc >=';

CREATE FUNCTION service_affair.uscc_hash(service_affair.uscc) RETURNS integer
    AS 'MODULE_PATHNAME', 'uscc_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.uscc_hash(service_affair.uscc) IS
  'Hash of a uscc, equal for equal values (hash support 1)';

CREATE FUNCTION service_affair.uscc_hash_extended(service_affair.uscc, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'uscc_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.uscc_hash_extended(service_affair.uscc, bigint) IS
  '64-bit seeded hash of a uscc (hash support 2)';

CREATE FUNCTION service_affair.uscc_sortsupport(internal) RETURNS void
    AS 'MODULE_PATHNAME', 'uscc_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.uscc_sortsupport(internal) IS
  'Sort support for uscc: memcmp comparator and 60-bit abbreviated keys of the first 12 characters (btree support 2)';

CREATE OPERATOR service_affair.= (
    LEFTARG = service_affair.uscc, RIGHTARG = service_affair.uscc,
    FUNCTION = service_affair.uscc_eq,
    COMMUTATOR = OPERATOR(service_affair.=), NEGATOR = OPERATOR(service_affair.<>),
    RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel, HASHES, MERGES
);
COMMENT ON OPERATOR service_affair.= (service_affair.uscc, service_affair.uscc) IS 'equal';

CREATE OPERATOR service_affair.<> (
    LEFTARG = service_affair.uscc, RIGHTARG = service_affair.uscc,
    FUNCTION = service_affair.uscc_ne,
    COMMUTATOR = OPERATOR(service_affair.<>), NEGATOR = OPERATOR(service_affair.=),
    RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
COMMENT ON OPERATOR service_affair.<> (service_affair.uscc, service_affair.uscc) IS 'not equal';

CREATE OPERATOR service_affair.< (
    LEFTARG = service_affair.uscc, RIGHTARG = service_affair.uscc,
    FUNCTION = service_affair.uscc_lt,
    COMMUTATOR = OPERATOR(service_affair.>), NEGATOR = OPERATOR(service_affair.>=),
    RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel
);
COMMENT ON OPERATOR service_affair.< (service_affair.uscc, service_affair.uscc) IS 'less than (canonical text order)';

CREATE OPERATOR service_affair.<= (
    LEFTARG = service_affair.uscc, RIGHTARG = service_affair.uscc,
    FUNCTION = service_affair.uscc_le,
    COMMUTATOR = OPERATOR(service_affair.>=), NEGATOR = OPERATOR(service_affair.>),
    RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel
);
COMMENT ON OPERATOR service_affair.<= (service_affair.uscc, service_affair.uscc) IS 'less than or equal (canonical text order)';

CREATE OPERATOR service_affair.> (
    LEFTARG = service_affair.uscc, RIGHTARG = service_affair.uscc,
    FUNCTION = service_affair.uscc_gt,
    COMMUTATOR = OPERATOR(service_affair.<), NEGATOR = OPERATOR(service_affair.<=),
    RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel
);
COMMENT ON OPERATOR service_affair.> (service_affair.uscc, service_affair.uscc) IS 'greater than (canonical text order)';

CREATE OPERATOR service_affair.>= (
    LEFTARG = service_affair.uscc, RIGHTARG = service_affair.uscc,
    FUNCTION = service_affair.uscc_ge,
    COMMUTATOR = OPERATOR(service_affair.<=), NEGATOR = OPERATOR(service_affair.<),
    RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel
);
COMMENT ON OPERATOR service_affair.>= (service_affair.uscc, service_affair.uscc) IS 'greater than or equal (canonical text order)';

CREATE OPERATOR CLASS service_affair.uscc_ops
    DEFAULT FOR TYPE service_affair.uscc USING btree AS
        OPERATOR 1 service_affair.<,
        OPERATOR 2 service_affair.<=,
        OPERATOR 3 service_affair.=,
        OPERATOR 4 service_affair.>=,
        OPERATOR 5 service_affair.>,
        FUNCTION 1 service_affair.uscc_cmp(service_affair.uscc, service_affair.uscc),
        FUNCTION 2 service_affair.uscc_sortsupport(internal);
COMMENT ON OPERATOR CLASS service_affair.uscc_ops USING btree IS 'Default btree operator class for uscc (canonical text order)';
COMMENT ON OPERATOR FAMILY service_affair.uscc_ops USING btree IS 'btree operator family for uscc';

CREATE OPERATOR CLASS service_affair.uscc_ops
    DEFAULT FOR TYPE service_affair.uscc USING hash AS
        OPERATOR 1 service_affair.=,
        FUNCTION 1 service_affair.uscc_hash(service_affair.uscc),
        FUNCTION 2 service_affair.uscc_hash_extended(service_affair.uscc, bigint);
COMMENT ON OPERATOR CLASS service_affair.uscc_ops USING hash IS 'Default hash operator class for uscc';
COMMENT ON OPERATOR FAMILY service_affair.uscc_ops USING hash IS 'hash operator family for uscc';

-- ---------------------------------------------------------------------------
-- resident_id — 居民身份证号码 (resident identity card number, GB 11643-1999)
-- ---------------------------------------------------------------------------
CREATE TYPE service_affair.resident_id;

CREATE FUNCTION service_affair.resident_id_in(cstring) RETURNS service_affair.resident_id
    AS 'MODULE_PATHNAME', 'resident_id_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.resident_id_in(cstring) IS
  'resident_id text input: 17 digits and a check digit or X (either case), ASCII white space ignored; raises 22P02 with the exact fault';

CREATE FUNCTION service_affair.resident_id_out(service_affair.resident_id) RETURNS cstring
    AS 'MODULE_PATHNAME', 'resident_id_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.resident_id_out(service_affair.resident_id) IS
  'resident_id text output: the canonical 18 upper-case characters';

CREATE FUNCTION service_affair.resident_id_recv(internal) RETURNS service_affair.resident_id
    AS 'MODULE_PATHNAME', 'resident_id_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.resident_id_recv(internal) IS
  'resident_id binary input: format-version byte 1, then the 18 canonical characters (validated)';

CREATE FUNCTION service_affair.resident_id_send(service_affair.resident_id) RETURNS bytea
    AS 'MODULE_PATHNAME', 'resident_id_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.resident_id_send(service_affair.resident_id) IS
  'resident_id binary output: format-version byte 1, then the 18 canonical characters';

CREATE TYPE service_affair.resident_id (
    INPUT = service_affair.resident_id_in,
    OUTPUT = service_affair.resident_id_out,
    RECEIVE = service_affair.resident_id_recv,
    SEND = service_affair.resident_id_send,
    INTERNALLENGTH = 8,
    PASSEDBYVALUE,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE service_affair.resident_id IS
  '居民身份证号码 (resident identity card number, GB 11643-1999), validated (check character and birth date 1850-2099); stored as int8: the first 17 digits as a number';

CREATE FUNCTION service_affair.resident_id_cmp(service_affair.resident_id, service_affair.resident_id) RETURNS integer
    AS 'MODULE_PATHNAME', 'resident_id_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.resident_id_cmp(service_affair.resident_id, service_affair.resident_id) IS
  'Compare two resident_id values in canonical text order: -1, 0 or 1 (btree support)';

CREATE FUNCTION service_affair.resident_id_eq(service_affair.resident_id, service_affair.resident_id) RETURNS boolean
    AS 'MODULE_PATHNAME', 'resident_id_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION service_affair.resident_id_eq(service_affair.resident_id, service_affair.resident_id) IS 'Implementation of resident_id =';

CREATE FUNCTION service_affair.resident_id_ne(service_affair.resident_id, service_affair.resident_id) RETURNS boolean
    AS 'MODULE_PATHNAME', 'resident_id_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION service_affair.resident_id_ne(service_affair.resident_id, service_affair.resident_id) IS 'Implementation of resident_id <>';

CREATE FUNCTION service_affair.resident_id_lt(service_affair.resident_id, service_affair.resident_id) RETURNS boolean
    AS 'MODULE_PATHNAME', 'resident_id_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION service_affair.resident_id_lt(service_affair.resident_id, service_affair.resident_id) IS 'Implementation of resident_id <';

CREATE FUNCTION service_affair.resident_id_le(service_affair.resident_id, service_affair.resident_id) RETURNS boolean
    AS 'MODULE_PATHNAME', 'resident_id_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION service_affair.resident_id_le(service_affair.resident_id, service_affair.resident_id) IS 'Implementation of resident_id <=';

CREATE FUNCTION service_affair.resident_id_gt(service_affair.resident_id, service_affair.resident_id) RETURNS boolean
    AS 'MODULE_PATHNAME', 'resident_id_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION service_affair.resident_id_gt(service_affair.resident_id, service_affair.resident_id) IS 'Implementation of resident_id >';

CREATE FUNCTION service_affair.resident_id_ge(service_affair.resident_id, service_affair.resident_id) RETURNS boolean
    AS 'MODULE_PATHNAME', 'resident_id_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION service_affair.resident_id_ge(service_affair.resident_id, service_affair.resident_id) IS 'Implementation of resident_id >=';

CREATE FUNCTION service_affair.resident_id_hash(service_affair.resident_id) RETURNS integer
    AS 'MODULE_PATHNAME', 'resident_id_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.resident_id_hash(service_affair.resident_id) IS
  'Hash of a resident_id, equal for equal values (hash support 1)';

CREATE FUNCTION service_affair.resident_id_hash_extended(service_affair.resident_id, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'resident_id_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.resident_id_hash_extended(service_affair.resident_id, bigint) IS
  '64-bit seeded hash of a resident_id (hash support 2)';

CREATE FUNCTION service_affair.resident_id_sortsupport(internal) RETURNS void
    AS 'MODULE_PATHNAME', 'resident_id_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.resident_id_sortsupport(internal) IS
  'Sort support for resident_id: the server signed 64-bit datum comparator (btree support 2)';

CREATE OPERATOR service_affair.= (
    LEFTARG = service_affair.resident_id, RIGHTARG = service_affair.resident_id,
    FUNCTION = service_affair.resident_id_eq,
    COMMUTATOR = OPERATOR(service_affair.=), NEGATOR = OPERATOR(service_affair.<>),
    RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel, HASHES, MERGES
);
COMMENT ON OPERATOR service_affair.= (service_affair.resident_id, service_affair.resident_id) IS 'equal';

CREATE OPERATOR service_affair.<> (
    LEFTARG = service_affair.resident_id, RIGHTARG = service_affair.resident_id,
    FUNCTION = service_affair.resident_id_ne,
    COMMUTATOR = OPERATOR(service_affair.<>), NEGATOR = OPERATOR(service_affair.=),
    RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
COMMENT ON OPERATOR service_affair.<> (service_affair.resident_id, service_affair.resident_id) IS 'not equal';

CREATE OPERATOR service_affair.< (
    LEFTARG = service_affair.resident_id, RIGHTARG = service_affair.resident_id,
    FUNCTION = service_affair.resident_id_lt,
    COMMUTATOR = OPERATOR(service_affair.>), NEGATOR = OPERATOR(service_affair.>=),
    RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel
);
COMMENT ON OPERATOR service_affair.< (service_affair.resident_id, service_affair.resident_id) IS 'less than (canonical text order)';

CREATE OPERATOR service_affair.<= (
    LEFTARG = service_affair.resident_id, RIGHTARG = service_affair.resident_id,
    FUNCTION = service_affair.resident_id_le,
    COMMUTATOR = OPERATOR(service_affair.>=), NEGATOR = OPERATOR(service_affair.>),
    RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel
);
COMMENT ON OPERATOR service_affair.<= (service_affair.resident_id, service_affair.resident_id) IS 'less than or equal (canonical text order)';

CREATE OPERATOR service_affair.> (
    LEFTARG = service_affair.resident_id, RIGHTARG = service_affair.resident_id,
    FUNCTION = service_affair.resident_id_gt,
    COMMUTATOR = OPERATOR(service_affair.<), NEGATOR = OPERATOR(service_affair.<=),
    RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel
);
COMMENT ON OPERATOR service_affair.> (service_affair.resident_id, service_affair.resident_id) IS 'greater than (canonical text order)';

CREATE OPERATOR service_affair.>= (
    LEFTARG = service_affair.resident_id, RIGHTARG = service_affair.resident_id,
    FUNCTION = service_affair.resident_id_ge,
    COMMUTATOR = OPERATOR(service_affair.<=), NEGATOR = OPERATOR(service_affair.<),
    RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel
);
COMMENT ON OPERATOR service_affair.>= (service_affair.resident_id, service_affair.resident_id) IS 'greater than or equal (canonical text order)';

CREATE OPERATOR CLASS service_affair.resident_id_ops
    DEFAULT FOR TYPE service_affair.resident_id USING btree AS
        OPERATOR 1 service_affair.<,
        OPERATOR 2 service_affair.<=,
        OPERATOR 3 service_affair.=,
        OPERATOR 4 service_affair.>=,
        OPERATOR 5 service_affair.>,
        FUNCTION 1 service_affair.resident_id_cmp(service_affair.resident_id, service_affair.resident_id),
        FUNCTION 2 service_affair.resident_id_sortsupport(internal);
COMMENT ON OPERATOR CLASS service_affair.resident_id_ops USING btree IS 'Default btree operator class for resident_id (canonical text order)';
COMMENT ON OPERATOR FAMILY service_affair.resident_id_ops USING btree IS 'btree operator family for resident_id';

CREATE OPERATOR CLASS service_affair.resident_id_ops
    DEFAULT FOR TYPE service_affair.resident_id USING hash AS
        OPERATOR 1 service_affair.=,
        FUNCTION 1 service_affair.resident_id_hash(service_affair.resident_id),
        FUNCTION 2 service_affair.resident_id_hash_extended(service_affair.resident_id, bigint);
COMMENT ON OPERATOR CLASS service_affair.resident_id_ops USING hash IS 'Default hash operator class for resident_id';
COMMENT ON OPERATOR FAMILY service_affair.resident_id_ops USING hash IS 'hash operator family for resident_id';

-- ---------------------------------------------------------------------------
-- Accessors and validators
-- ---------------------------------------------------------------------------
CREATE FUNCTION service_affair.uscc_region(service_affair.uscc) RETURNS text
    AS 'MODULE_PATHNAME', 'uscc_region' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.uscc_region(service_affair.uscc) IS
  'Characters 3-8 of a uscc: the GB/T 2260 region code of the registering authority';

CREATE FUNCTION service_affair.resident_id_birth_date(service_affair.resident_id) RETURNS date
    AS 'MODULE_PATHNAME', 'resident_id_birth_date' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.resident_id_birth_date(service_affair.resident_id) IS
  'Birth date of a resident_id (characters 7-14, YYYYMMDD)';

CREATE FUNCTION service_affair.resident_id_sex(service_affair.resident_id) RETURNS text
    AS 'MODULE_PATHNAME', 'resident_id_sex' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.resident_id_sex(service_affair.resident_id) IS
  'Sex recorded in a resident_id: M when the 17th digit is odd, F when even';

CREATE FUNCTION service_affair.resident_id_region(service_affair.resident_id) RETURNS text
    AS 'MODULE_PATHNAME', 'resident_id_region' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.resident_id_region(service_affair.resident_id) IS
  'Characters 1-6 of a resident_id: the GB/T 2260 region code of first registration';

CREATE FUNCTION service_affair.mask(service_affair.resident_id) RETURNS text
    AS 'MODULE_PATHNAME', 'resident_id_mask' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.mask(service_affair.resident_id) IS
  'resident_id for display with the birth date hidden: first 6 and last 4 characters kept (110105********002X)';

CREATE FUNCTION service_affair.is_valid_uscc(text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'is_valid_uscc' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.is_valid_uscc(text) IS
  'Whether the text is accepted as a uscc (same rules as the type input); never raises';

CREATE FUNCTION service_affair.is_valid_resident_id(text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'is_valid_resident_id' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.is_valid_resident_id(text) IS
  'Whether the text is accepted as a resident_id (same rules as the type input); never raises';
-- Working-day calendars: a weekmask plus dated overrides (statutory days off
-- on weekdays, make-up working days on weekends).  The arithmetic is in C
-- (src/calendar.c, src/core/workday.c) and reads each calendar once per
-- backend; a statement trigger on both tables tells every backend to read
-- again after an edit commits.  See doc/calendar.md.

CREATE FUNCTION service_affair.is_valid_timezone(name text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_is_valid_timezone'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.is_valid_timezone(text) IS
  'True when the text names a time zone the calendar functions can use (a tz database name such as Asia/Shanghai, or a POSIX zone); never raises';

CREATE TABLE service_affair.calendar (
    name          text PRIMARY KEY CHECK (name <> ''),
    weekmask      text NOT NULL DEFAULT '1111100'
                  CHECK (weekmask ~ '^[01]{7}$' AND pg_catalog.strpos(weekmask, '1') > 0),
    timezone      text NOT NULL DEFAULT 'Asia/Shanghai'
                  CHECK (service_affair.is_valid_timezone(timezone)),
    covered_until date CHECK (covered_until > '-infinity' AND covered_until < 'infinity')
);
COMMENT ON TABLE service_affair.calendar IS
  'Working-day calendars; the days of calendar_day override the weekmask';
COMMENT ON COLUMN service_affair.calendar.name IS 'Calendar name used by the working-day functions (''cn'': mainland China, shipped with the extension)';
COMMENT ON COLUMN service_affair.calendar.weekmask IS 'Working weekdays Monday..Sunday, 1 = working, e.g. 1111100';
COMMENT ON COLUMN service_affair.calendar.timezone IS 'Time zone whose midnight starts a calendar day (local_day)';
COMMENT ON COLUMN service_affair.calendar.covered_until IS 'Last day covered by published official notices; results after it are provisional (NULL: nothing is provisional)';

CREATE TABLE service_affair.calendar_day (
    calendar   text NOT NULL REFERENCES service_affair.calendar ON UPDATE CASCADE ON DELETE CASCADE,
    day        date NOT NULL CHECK (day >= '1900-01-01' AND day < '2200-01-01'),
    is_workday boolean NOT NULL,
    note       text,
    PRIMARY KEY (calendar, day)
);
COMMENT ON TABLE service_affair.calendar_day IS
  'Overrides of a calendar''s weekmask: statutory days off and make-up working days (调休)';
COMMENT ON COLUMN service_affair.calendar_day.calendar IS 'Calendar the day belongs to';
COMMENT ON COLUMN service_affair.calendar_day.day IS 'The day (1900-01-01 .. 2199-12-31)';
COMMENT ON COLUMN service_affair.calendar_day.is_workday IS 'Whether the day is a working day, whatever its weekday';
COMMENT ON COLUMN service_affair.calendar_day.note IS 'Why: the holiday name, e.g. 春节';

-- Every backend caches calendars; this statement trigger queues a relcache
-- invalidation of the edited table, delivered to all backends at commit.
-- ENABLE ALWAYS: it fires under session_replication_role = replica too
-- (logical replication apply, some restore tools).
CREATE FUNCTION service_affair.calendar_changed() RETURNS trigger
    AS 'MODULE_PATHNAME', 'sa_calendar_changed'
    LANGUAGE C;
COMMENT ON FUNCTION service_affair.calendar_changed() IS
  'Trigger: tell every session to re-read its cached calendars once the edit commits';

CREATE TRIGGER calendar_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.calendar
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.calendar_changed();
ALTER TABLE service_affair.calendar ENABLE ALWAYS TRIGGER calendar_changed;
CREATE TRIGGER calendar_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.calendar_day
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.calendar_changed();
ALTER TABLE service_affair.calendar_day ENABLE ALWAYS TRIGGER calendar_changed;
COMMENT ON TRIGGER calendar_changed ON service_affair.calendar IS
  'Drops the cached calendars of every session when the edit commits';
COMMENT ON TRIGGER calendar_changed ON service_affair.calendar_day IS
  'Drops the cached calendars of every session when the edit commits';

-- The working-day functions.  STABLE (they read the calendar tables), STRICT,
-- PARALLEL SAFE, and without a SET clause: they are on the hot path.
CREATE FUNCTION service_affair.is_workday(day date, cal text DEFAULT 'cn') RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_is_workday_sql'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.is_workday(date, text) IS
  'Whether day is a working day of calendar cal (weekmask, overridden by calendar_day)';

CREATE FUNCTION service_affair.add_workdays(start date, n integer, cal text DEFAULT 'cn') RETURNS date
    AS 'MODULE_PATHNAME', 'sa_add_workdays_sql'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.add_workdays(date, integer, text) IS
  'The n-th working day after start (start not counted); n = 0: start if it works, else the next working day; n < 0 counts backwards';

CREATE FUNCTION service_affair.workdays_between(from_day date, to_day date, cal text DEFAULT 'cn') RETURNS integer
    AS 'MODULE_PATHNAME', 'sa_workdays_between_sql'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.workdays_between(date, date, text) IS
  'Working days d with from_day < d <= to_day; minus the count of to_day < d <= from_day when to_day < from_day';

CREATE FUNCTION service_affair.local_day(at timestamptz, cal text DEFAULT 'cn') RETURNS date
    AS 'MODULE_PATHNAME', 'sa_local_day_sql'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.local_day(timestamptz, text) IS
  'The date of instant at in the time zone of calendar cal (day boundaries are local midnight)';

CREATE FUNCTION service_affair.is_provisional(day date, cal text DEFAULT 'cn') RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_is_provisional_sql'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.is_provisional(date, text) IS
  'Whether day lies after the covered_until of calendar cal, so that results reaching it may move when the next notice is entered (false when covered_until is NULL)';

-- Dump and restore.  CREATE EXTENSION loads the shipped calendar 'cn'
-- (21_calendar_data.sql); pg_dump dumps only the rows that differ from what
-- is shipped: calendars and days a user added, and shipped rows a user changed
-- (a new covered_until, a corrected day).  On restore the changed rows meet
-- their shipped originals, which CREATE EXTENSION has just loaded; the
-- BEFORE INSERT triggers below turn an INSERT that collides with an unchanged
-- shipped row into an UPDATE of it.  Any other duplicate still fails with
-- 23505.  (A deleted shipped day cannot be dumped and comes back on restore;
-- doc/calendar.md says to update it to the weekmask's value instead.)
CREATE FUNCTION service_affair.calendar_row_is_shipped(name text, weekmask text, timezone text, covered_until date)
    RETURNS boolean
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM service_affair.calendar_shipped($1) s
                    WHERE s.weekmask = $2 AND s.timezone = $3
                      AND s.covered_until IS NOT DISTINCT FROM $4);
END
$$;
COMMENT ON FUNCTION service_affair.calendar_row_is_shipped(text, text, text, date) IS
  'True when these calendar values are exactly as this version of the extension ships them';

CREATE FUNCTION service_affair.calendar_day_is_shipped(cal text, day date, is_workday boolean, note text)
    RETURNS boolean
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM service_affair.calendar_shipped_days($1) s
                    WHERE s.day = $2 AND s.is_workday = $3
                      AND s.note IS NOT DISTINCT FROM $4);
END
$$;
COMMENT ON FUNCTION service_affair.calendar_day_is_shipped(text, date, boolean, text) IS
  'True when this calendar_day row is exactly as this version of the extension ships it';

CREATE FUNCTION service_affair.calendar_replace_shipped() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    c service_affair.calendar;
    d service_affair.calendar_day;
BEGIN
    IF TG_TABLE_NAME = 'calendar' THEN
        SELECT * INTO c FROM service_affair.calendar x WHERE x.name = NEW.name FOR UPDATE;
        IF FOUND AND service_affair.calendar_row_is_shipped(c.name, c.weekmask, c.timezone, c.covered_until) THEN
            UPDATE service_affair.calendar x
               SET weekmask = NEW.weekmask, timezone = NEW.timezone, covered_until = NEW.covered_until
             WHERE x.name = NEW.name;
            RETURN NULL;
        END IF;
    ELSE
        SELECT * INTO d FROM service_affair.calendar_day x
         WHERE x.calendar = NEW.calendar AND x.day = NEW.day FOR UPDATE;
        IF FOUND AND service_affair.calendar_day_is_shipped(d.calendar, d.day, d.is_workday, d.note) THEN
            UPDATE service_affair.calendar_day x
               SET is_workday = NEW.is_workday, note = NEW.note
             WHERE x.calendar = NEW.calendar AND x.day = NEW.day;
            RETURN NULL;
        END IF;
    END IF;
    RETURN NEW;                 -- a new key, or a duplicate the primary key refuses
END
$$;
COMMENT ON FUNCTION service_affair.calendar_replace_shipped() IS
  'Trigger: an INSERT colliding with an unchanged shipped calendar or day updates it (so that a dump of an edited shipped calendar restores)';

CREATE TRIGGER calendar_replace_shipped
    BEFORE INSERT ON service_affair.calendar
    FOR EACH ROW EXECUTE FUNCTION service_affair.calendar_replace_shipped();
CREATE TRIGGER calendar_replace_shipped
    BEFORE INSERT ON service_affair.calendar_day
    FOR EACH ROW EXECUTE FUNCTION service_affair.calendar_replace_shipped();
COMMENT ON TRIGGER calendar_replace_shipped ON service_affair.calendar IS
  'An INSERT meeting the unchanged shipped calendar updates it (restore of an edited shipped calendar)';
COMMENT ON TRIGGER calendar_replace_shipped ON service_affair.calendar_day IS
  'An INSERT meeting an unchanged shipped day updates it (restore of an edited shipped calendar)';

SELECT pg_catalog.pg_extension_config_dump('service_affair.calendar',
    'WHERE NOT service_affair.calendar_row_is_shipped(name, weekmask, timezone, covered_until)');
SELECT pg_catalog.pg_extension_config_dump('service_affair.calendar_day',
    'WHERE NOT service_affair.calendar_day_is_shipped(calendar, day, is_workday, note)');
-- GENERATED by tools/gen-calendar-data.sh from cn-workday-overrides.csv; do not edit.
-- Calendar 'cn': every statutory day off on a weekday and every make-up
-- working day on a weekend published by the State Council, covered until
-- 2026-12-31.

CREATE FUNCTION service_affair.calendar_shipped(cal text)
    RETURNS TABLE (weekmask text, timezone text, covered_until date)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT '1111100'::text, 'Asia/Shanghai'::text, date '2026-12-31' WHERE cal = 'cn' $$;
COMMENT ON FUNCTION service_affair.calendar_shipped(text) IS
  'The calendar row as shipped by this version of the extension (no row for a calendar it does not ship)';

CREATE FUNCTION service_affair.calendar_shipped_days(cal text)
    RETURNS TABLE (day date, is_workday boolean, note text)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
SELECT v.day::date, v.is_workday, v.note FROM (VALUES
    ('2020-01-01', false, '元旦'),
    ('2020-01-19', true, '春节'),
    ('2020-01-24', false, '春节'),
    ('2020-01-27', false, '春节'),
    ('2020-01-28', false, '春节'),
    ('2020-01-29', false, '春节'),
    ('2020-01-30', false, '春节'),
    ('2020-01-31', false, '春节'),
    ('2020-04-06', false, '清明节'),
    ('2020-04-26', true, '劳动节'),
    ('2020-05-01', false, '劳动节'),
    ('2020-05-04', false, '劳动节'),
    ('2020-05-05', false, '劳动节'),
    ('2020-05-09', true, '劳动节'),
    ('2020-06-25', false, '端午节'),
    ('2020-06-26', false, '端午节'),
    ('2020-06-28', true, '端午节'),
    ('2020-09-27', true, '国庆节、中秋节'),
    ('2020-10-01', false, '国庆节、中秋节'),
    ('2020-10-02', false, '国庆节、中秋节'),
    ('2020-10-05', false, '国庆节、中秋节'),
    ('2020-10-06', false, '国庆节、中秋节'),
    ('2020-10-07', false, '国庆节、中秋节'),
    ('2020-10-08', false, '国庆节、中秋节'),
    ('2020-10-10', true, '国庆节、中秋节'),
    ('2021-01-01', false, '元旦'),
    ('2021-02-07', true, '春节'),
    ('2021-02-11', false, '春节'),
    ('2021-02-12', false, '春节'),
    ('2021-02-15', false, '春节'),
    ('2021-02-16', false, '春节'),
    ('2021-02-17', false, '春节'),
    ('2021-02-20', true, '春节'),
    ('2021-04-05', false, '清明节'),
    ('2021-04-25', true, '劳动节'),
    ('2021-05-03', false, '劳动节'),
    ('2021-05-04', false, '劳动节'),
    ('2021-05-05', false, '劳动节'),
    ('2021-05-08', true, '劳动节'),
    ('2021-06-14', false, '端午节'),
    ('2021-09-18', true, '中秋节'),
    ('2021-09-20', false, '中秋节'),
    ('2021-09-21', false, '中秋节'),
    ('2021-09-26', true, '国庆节'),
    ('2021-10-01', false, '国庆节'),
    ('2021-10-04', false, '国庆节'),
    ('2021-10-05', false, '国庆节'),
    ('2021-10-06', false, '国庆节'),
    ('2021-10-07', false, '国庆节'),
    ('2021-10-09', true, '国庆节'),
    ('2022-01-03', false, '元旦'),
    ('2022-01-29', true, '春节'),
    ('2022-01-30', true, '春节'),
    ('2022-01-31', false, '春节'),
    ('2022-02-01', false, '春节'),
    ('2022-02-02', false, '春节'),
    ('2022-02-03', false, '春节'),
    ('2022-02-04', false, '春节'),
    ('2022-04-02', true, '清明节'),
    ('2022-04-04', false, '清明节'),
    ('2022-04-05', false, '清明节'),
    ('2022-04-24', true, '劳动节'),
    ('2022-05-02', false, '劳动节'),
    ('2022-05-03', false, '劳动节'),
    ('2022-05-04', false, '劳动节'),
    ('2022-05-07', true, '劳动节'),
    ('2022-06-03', false, '端午节'),
    ('2022-09-12', false, '中秋节'),
    ('2022-10-03', false, '国庆节'),
    ('2022-10-04', false, '国庆节'),
    ('2022-10-05', false, '国庆节'),
    ('2022-10-06', false, '国庆节'),
    ('2022-10-07', false, '国庆节'),
    ('2022-10-08', true, '国庆节'),
    ('2022-10-09', true, '国庆节'),
    ('2023-01-02', false, '元旦'),
    ('2023-01-23', false, '春节'),
    ('2023-01-24', false, '春节'),
    ('2023-01-25', false, '春节'),
    ('2023-01-26', false, '春节'),
    ('2023-01-27', false, '春节'),
    ('2023-01-28', true, '春节'),
    ('2023-01-29', true, '春节'),
    ('2023-04-05', false, '清明节'),
    ('2023-04-23', true, '劳动节'),
    ('2023-05-01', false, '劳动节'),
    ('2023-05-02', false, '劳动节'),
    ('2023-05-03', false, '劳动节'),
    ('2023-05-06', true, '劳动节'),
    ('2023-06-22', false, '端午节'),
    ('2023-06-23', false, '端午节'),
    ('2023-06-25', true, '端午节'),
    ('2023-09-29', false, '中秋节、国庆节'),
    ('2023-10-02', false, '中秋节、国庆节'),
    ('2023-10-03', false, '中秋节、国庆节'),
    ('2023-10-04', false, '中秋节、国庆节'),
    ('2023-10-05', false, '中秋节、国庆节'),
    ('2023-10-06', false, '中秋节、国庆节'),
    ('2023-10-07', true, '中秋节、国庆节'),
    ('2023-10-08', true, '中秋节、国庆节'),
    ('2024-01-01', false, '元旦'),
    ('2024-02-04', true, '春节'),
    ('2024-02-12', false, '春节'),
    ('2024-02-13', false, '春节'),
    ('2024-02-14', false, '春节'),
    ('2024-02-15', false, '春节'),
    ('2024-02-16', false, '春节'),
    ('2024-02-18', true, '春节'),
    ('2024-04-04', false, '清明节'),
    ('2024-04-05', false, '清明节'),
    ('2024-04-07', true, '清明节'),
    ('2024-04-28', true, '劳动节'),
    ('2024-05-01', false, '劳动节'),
    ('2024-05-02', false, '劳动节'),
    ('2024-05-03', false, '劳动节'),
    ('2024-05-11', true, '劳动节'),
    ('2024-06-10', false, '端午节'),
    ('2024-09-14', true, '中秋节'),
    ('2024-09-16', false, '中秋节'),
    ('2024-09-17', false, '中秋节'),
    ('2024-09-29', true, '国庆节'),
    ('2024-10-01', false, '国庆节'),
    ('2024-10-02', false, '国庆节'),
    ('2024-10-03', false, '国庆节'),
    ('2024-10-04', false, '国庆节'),
    ('2024-10-07', false, '国庆节'),
    ('2024-10-12', true, '国庆节'),
    ('2025-01-01', false, '元旦'),
    ('2025-01-26', true, '春节'),
    ('2025-01-28', false, '春节'),
    ('2025-01-29', false, '春节'),
    ('2025-01-30', false, '春节'),
    ('2025-01-31', false, '春节'),
    ('2025-02-03', false, '春节'),
    ('2025-02-04', false, '春节'),
    ('2025-02-08', true, '春节'),
    ('2025-04-04', false, '清明节'),
    ('2025-04-27', true, '劳动节'),
    ('2025-05-01', false, '劳动节'),
    ('2025-05-02', false, '劳动节'),
    ('2025-05-05', false, '劳动节'),
    ('2025-06-02', false, '端午节'),
    ('2025-09-28', true, '国庆节、中秋节'),
    ('2025-10-01', false, '国庆节、中秋节'),
    ('2025-10-02', false, '国庆节、中秋节'),
    ('2025-10-03', false, '国庆节、中秋节'),
    ('2025-10-06', false, '国庆节、中秋节'),
    ('2025-10-07', false, '国庆节、中秋节'),
    ('2025-10-08', false, '国庆节、中秋节'),
    ('2025-10-11', true, '国庆节、中秋节'),
    ('2026-01-01', false, '元旦'),
    ('2026-01-02', false, '元旦'),
    ('2026-01-04', true, '元旦'),
    ('2026-02-14', true, '春节'),
    ('2026-02-16', false, '春节'),
    ('2026-02-17', false, '春节'),
    ('2026-02-18', false, '春节'),
    ('2026-02-19', false, '春节'),
    ('2026-02-20', false, '春节'),
    ('2026-02-23', false, '春节'),
    ('2026-02-28', true, '春节'),
    ('2026-04-06', false, '清明节'),
    ('2026-05-01', false, '劳动节'),
    ('2026-05-04', false, '劳动节'),
    ('2026-05-05', false, '劳动节'),
    ('2026-05-09', true, '劳动节'),
    ('2026-06-19', false, '端午节'),
    ('2026-09-20', true, '国庆节'),
    ('2026-09-25', false, '中秋节'),
    ('2026-10-01', false, '国庆节'),
    ('2026-10-02', false, '国庆节'),
    ('2026-10-05', false, '国庆节'),
    ('2026-10-06', false, '国庆节'),
    ('2026-10-07', false, '国庆节'),
    ('2026-10-10', true, '国庆节')
) v(day, is_workday, note) WHERE cal = 'cn'
$$;
COMMENT ON FUNCTION service_affair.calendar_shipped_days(text) IS
  'The overrides of a calendar as shipped by this version of the extension (none for a calendar it does not ship)';

INSERT INTO service_affair.calendar (name, weekmask, timezone, covered_until)
    SELECT 'cn', s.weekmask, s.timezone, s.covered_until FROM service_affair.calendar_shipped('cn') s;
INSERT INTO service_affair.calendar_day (calendar, day, is_workday, note)
    SELECT 'cn', s.day, s.is_workday, s.note FROM service_affair.calendar_shipped_days('cn') s;
-- Catalog (办事指南): items, their materials, bundles ("一件事") of items.
-- department lives in 05_org.sql.  Codes name a service: an item or a bundle,
-- never both.

CREATE TABLE service_affair.item (
    code            text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_.-]{1,64}$'),
    name            text NOT NULL CHECK (name <> ''),
    department      text NOT NULL REFERENCES service_affair.department ON UPDATE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('immediate', 'promised')),
    legal_limit     integer CHECK (legal_limit >= 0),
    promised_limit  integer CHECK (promised_limit >= 0),
    max_visits      integer NOT NULL DEFAULT 1 CHECK (max_visits >= 0),
    online          boolean NOT NULL DEFAULT false,
    extension_limit integer NOT NULL DEFAULT 10 CHECK (extension_limit >= 0),
    tolerance_days  integer NOT NULL DEFAULT 5 CHECK (tolerance_days >= 0),
    calendar        text NOT NULL DEFAULT 'cn' REFERENCES service_affair.calendar ON UPDATE CASCADE,
    CONSTRAINT item_promised_within_legal CHECK (promised_limit <= legal_limit),
    CONSTRAINT item_immediate_no_promised_days CHECK (kind = 'promised' OR promised_limit IS NULL OR promised_limit = 0)
);
COMMENT ON TABLE service_affair.item IS
  'Service items (事项) as published in the implementation list; limits in working days';
COMMENT ON COLUMN service_affair.item.code IS 'Item code; also a service code (never shared with a bundle)';
COMMENT ON COLUMN service_affair.item.name IS 'Published name of the item';
COMMENT ON COLUMN service_affair.item.department IS 'Department that decides the item';
COMMENT ON COLUMN service_affair.item.kind IS 'immediate (即办件, done on the spot) or promised (承诺件, done within promised_limit)';
COMMENT ON COLUMN service_affair.item.legal_limit IS 'Legal time limit (法定时限) in working days; NULL means the default of 20';
COMMENT ON COLUMN service_affair.item.promised_limit IS 'Published promised limit (承诺时限) in working days, at most legal_limit; NULL or 0 for an immediate item';
COMMENT ON COLUMN service_affair.item.max_visits IS 'Published maximum number of in-person visits (0 or 1 under 最多跑一次)';
COMMENT ON COLUMN service_affair.item.online IS 'Whether the item can be applied for online (网上可办)';
COMMENT ON COLUMN service_affair.item.extension_limit IS 'Largest single extension (延期) in working days';
COMMENT ON COLUMN service_affair.item.tolerance_days IS 'Working days to supply tolerated (容缺) materials after acceptance';
COMMENT ON COLUMN service_affair.item.calendar IS 'Working-day calendar of the item''s limits';
COMMENT ON CONSTRAINT item_promised_within_legal ON service_affair.item IS 'The promised limit never exceeds the legal limit';
COMMENT ON CONSTRAINT item_immediate_no_promised_days ON service_affair.item IS 'An immediate item promises no days';
CREATE INDEX ON service_affair.item (department);
SELECT pg_catalog.pg_extension_config_dump('service_affair.item', '');

CREATE TABLE service_affair.material (
    item               text NOT NULL REFERENCES service_affair.item ON UPDATE CASCADE ON DELETE CASCADE,
    code               text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,64}$'),
    name               text NOT NULL CHECK (name <> ''),
    required           boolean NOT NULL DEFAULT true,
    tolerable          boolean NOT NULL DEFAULT false,
    evidence_type      text CHECK (evidence_type <> ''),
    commitment_allowed boolean NOT NULL DEFAULT false,
    applies_to         text NOT NULL DEFAULT 'any' CHECK (applies_to IN ('any', 'person', 'org')),
    PRIMARY KEY (item, code)
);
COMMENT ON TABLE service_affair.material IS
  'Application materials (申请材料) of an item; the same code in several items of a bundle is one material';
COMMENT ON COLUMN service_affair.material.item IS 'Item the material belongs to';
COMMENT ON COLUMN service_affair.material.code IS 'Material code, unique within the item; the same code across items means the same document';
COMMENT ON COLUMN service_affair.material.name IS 'Name shown in completeness results and notices';
COMMENT ON COLUMN service_affair.material.required IS 'Whether the item requires it (false: optional)';
COMMENT ON COLUMN service_affair.material.tolerable IS 'On the item''s tolerable list (容缺): its absence does not block acceptance for applicants with good credit';
COMMENT ON COLUMN service_affair.material.evidence_type IS 'Type of shared evidence (数据共享/电子证照) that satisfies it when on file and unexpired';
COMMENT ON COLUMN service_affair.material.commitment_allowed IS 'Whether a written commitment (告知承诺) may replace it';
COMMENT ON COLUMN service_affair.material.applies_to IS 'Applicant kind it applies to: any, person or org';
SELECT pg_catalog.pg_extension_config_dump('service_affair.material', '');

CREATE TABLE service_affair.bundle (
    code            text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_.-]{1,64}$'),
    name            text NOT NULL CHECK (name <> ''),
    lead_department text NOT NULL REFERENCES service_affair.department ON UPDATE CASCADE,
    promised_limit  integer CHECK (promised_limit >= 0)
);
COMMENT ON TABLE service_affair.bundle IS
  'Bundles ("一件事"): several items applied for with one set of materials';
COMMENT ON COLUMN service_affair.bundle.code IS 'Bundle code; also a service code (never shared with an item)';
COMMENT ON COLUMN service_affair.bundle.name IS 'Published name of the bundle';
COMMENT ON COLUMN service_affair.bundle.lead_department IS 'Department that leads the bundle; its region is the default case region';
COMMENT ON COLUMN service_affair.bundle.promised_limit IS 'Promised limit in working days; NULL: the sum over stages of the largest member limit';
SELECT pg_catalog.pg_extension_config_dump('service_affair.bundle', '');

CREATE TABLE service_affair.bundle_item (
    bundle text NOT NULL REFERENCES service_affair.bundle ON UPDATE CASCADE ON DELETE CASCADE,
    item   text NOT NULL REFERENCES service_affair.item ON UPDATE CASCADE,
    stage  integer NOT NULL DEFAULT 1 CHECK (stage >= 1),
    PRIMARY KEY (bundle, item)
);
COMMENT ON TABLE service_affair.bundle_item IS
  'Items of a bundle; same stage: handled in parallel, stage k+1 starts when stage k is finished';
COMMENT ON COLUMN service_affair.bundle_item.bundle IS 'The bundle';
COMMENT ON COLUMN service_affair.bundle_item.item IS 'A member item';
COMMENT ON COLUMN service_affair.bundle_item.stage IS 'Stage number, from 1';
CREATE INDEX ON service_affair.bundle_item (item);
SELECT pg_catalog.pg_extension_config_dump('service_affair.bundle_item', '');

-- Item and bundle codes share one namespace.  Both triggers take the same
-- transaction-level advisory lock on the code, so two sessions creating an
-- item and a bundle with one code cannot both succeed.
CREATE FUNCTION service_affair.service_code_unique() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('service_affair.service:' || NEW.code));
    IF (TG_TABLE_NAME = 'item' AND EXISTS (SELECT 1 FROM service_affair.bundle b WHERE b.code = NEW.code))
       OR (TG_TABLE_NAME = 'bundle' AND EXISTS (SELECT 1 FROM service_affair.item i WHERE i.code = NEW.code)) THEN
        RAISE EXCEPTION 'service code "%" is already used', NEW.code
            USING ERRCODE = 'unique_violation',
                  DETAIL = pg_catalog.format('Code "%s" already names %s; items and bundles share one set of codes.',
                                             NEW.code, CASE TG_TABLE_NAME WHEN 'item' THEN 'a bundle' ELSE 'an item' END);
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION service_affair.service_code_unique() IS
  'Trigger: refuses an item code that names a bundle and a bundle code that names an item (23505)';

CREATE TRIGGER item_code_unique BEFORE INSERT OR UPDATE OF code ON service_affair.item
    FOR EACH ROW EXECUTE FUNCTION service_affair.service_code_unique();
COMMENT ON TRIGGER item_code_unique ON service_affair.item IS 'Item codes never name a bundle';
CREATE TRIGGER bundle_code_unique BEFORE INSERT OR UPDATE OF code ON service_affair.bundle
    FOR EACH ROW EXECUTE FUNCTION service_affair.service_code_unique();
COMMENT ON TRIGGER bundle_code_unique ON service_affair.bundle IS 'Bundle codes never name an item';

-- The effective limits of a service, used when a case is accepted: an item
-- promises 0 days when immediate, else promised_limit, else legal_limit, else
-- 20; its legal limit is legal_limit or 20; a bundle promises its own limit,
-- else the sum over stages of the largest member promise (legal likewise).
CREATE FUNCTION service_affair.service_info(service text,
    OUT kind text, OUT department text, OUT region text, OUT calendar text,
    OUT promised_days integer, OUT legal_days integer, OUT online boolean)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    SELECT 'item', i.department, d.region, i.calendar,
           CASE WHEN i.kind = 'immediate' THEN 0 ELSE COALESCE(i.promised_limit, i.legal_limit, 20) END, COALESCE(i.legal_limit, 20),
           i.online
      INTO kind, department, region, calendar, promised_days, legal_days, online
      FROM service_affair.item i JOIN service_affair.department d ON d.code = i.department
     WHERE i.code = service;
    IF FOUND THEN
        RETURN;
    END IF;
    SELECT 'bundle', b.lead_department, d.region,
           COALESCE((SELECT i.calendar FROM service_affair.bundle_item bi JOIN service_affair.item i ON i.code = bi.item
                      WHERE bi.bundle = b.code ORDER BY bi.stage, bi.item LIMIT 1), 'cn'),
           COALESCE(b.promised_limit,
                    (SELECT COALESCE(pg_catalog.sum(s.days), 0)::integer FROM
                       (SELECT pg_catalog.max(CASE WHEN i.kind = 'immediate' THEN 0 ELSE COALESCE(i.promised_limit, i.legal_limit, 20) END) AS days
                          FROM service_affair.bundle_item bi JOIN service_affair.item i ON i.code = bi.item
                         WHERE bi.bundle = b.code GROUP BY bi.stage) s)),
           (SELECT COALESCE(pg_catalog.sum(s.days), 0)::integer FROM
              (SELECT pg_catalog.max(COALESCE(i.legal_limit, 20)) AS days
                 FROM service_affair.bundle_item bi JOIN service_affair.item i ON i.code = bi.item
                WHERE bi.bundle = b.code GROUP BY bi.stage) s),
           COALESCE((SELECT pg_catalog.bool_and(i.online) FROM service_affair.bundle_item bi
                       JOIN service_affair.item i ON i.code = bi.item WHERE bi.bundle = b.code), false)
      INTO kind, department, region, calendar, promised_days, legal_days, online
      FROM service_affair.bundle b JOIN service_affair.department d ON d.code = b.lead_department
     WHERE b.code = service;
END
$$;
COMMENT ON FUNCTION service_affair.service_info(text) IS
  'Kind (item or bundle), department (a bundle''s lead department), its region, calendar (a bundle: its first item''s), promised and legal days, and whether it is handled online (a bundle: every item) of a service; all NULL when the code names nothing';
-- Applicants and the shared evidence (数据共享 / 电子证照) government holds on them.

CREATE TABLE service_affair.applicant (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('person', 'org')),
    resident_id service_affair.resident_id UNIQUE,
    uscc        service_affair.uscc UNIQUE,
    name        text NOT NULL CHECK (name <> ''),
    credit_ok   boolean NOT NULL DEFAULT true,
    CONSTRAINT applicant_identifier CHECK (
        (kind = 'person' AND resident_id IS NOT NULL AND uscc IS NULL)
        OR (kind = 'org' AND uscc IS NOT NULL AND resident_id IS NULL))
);
COMMENT ON TABLE service_affair.applicant IS
  'Applicants: persons (identified by resident_id) and organisations (identified by uscc)';
COMMENT ON COLUMN service_affair.applicant.id IS 'Applicant id';
COMMENT ON COLUMN service_affair.applicant.kind IS 'person or org';
COMMENT ON COLUMN service_affair.applicant.resident_id IS 'Resident identity number (居民身份证号码) of a person; NULL for an org';
COMMENT ON COLUMN service_affair.applicant.uscc IS 'Unified social credit code (统一社会信用代码) of an org; NULL for a person';
COMMENT ON COLUMN service_affair.applicant.name IS 'Name of the person or organisation';
COMMENT ON COLUMN service_affair.applicant.credit_ok IS 'false for bad credit or an earlier false commitment: no commitments, no tolerated materials';
COMMENT ON CONSTRAINT applicant_identifier ON service_affair.applicant IS
  'A person carries a resident_id and no uscc, an org a uscc and no resident_id';
SELECT pg_catalog.pg_extension_config_dump('service_affair.applicant', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.applicant_id_seq', '');

CREATE TABLE service_affair.evidence (
    applicant     bigint NOT NULL REFERENCES service_affair.applicant ON DELETE CASCADE,
    evidence_type text NOT NULL CHECK (evidence_type <> ''),
    reference     text,
    valid_until   date,
    PRIMARY KEY (applicant, evidence_type)
);
COMMENT ON TABLE service_affair.evidence IS
  'Shared data and e-licences on file for an applicant; a material whose evidence_type is on file and unexpired is not asked for';
COMMENT ON COLUMN service_affair.evidence.applicant IS 'The applicant it is about';
COMMENT ON COLUMN service_affair.evidence.evidence_type IS 'Type of evidence, matched against material.evidence_type';
COMMENT ON COLUMN service_affair.evidence.reference IS 'Reference of the record or licence in the source system';
COMMENT ON COLUMN service_affair.evidence.valid_until IS 'Last day it is valid (calendar-local day of the item); NULL: no expiry';
SELECT pg_catalog.pg_extension_config_dump('service_affair.evidence', '');
-- Cases (办件): submission, the one-time notice (一次性告知), supplements (补正),
-- tolerated materials (容缺), withdrawal, visits and delivery.
--
-- Partition readiness: cases, case_material and case_event are reached only
-- through the case id by the API, every case row carries submitted_at and
-- region, and no function depends on physical order; doc/intake.md describes
-- the migration to range partitions by submitted_at and distribution by region.

-- The pure completeness engine (src/core/completeness.c) behind one C function.
CREATE FUNCTION service_affair.classify_materials(
    service text, codes text[], names text[], flags integer[], tolerance_days integer[],
    materials text[], commitments text[], credit_ok boolean)
    RETURNS TABLE (material text, name text, status text, tolerance_days integer, required boolean)
    AS 'MODULE_PATHNAME', 'sa_classify_materials'
    LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION service_affair.classify_materials(text, text[], text[], integer[], integer[], text[], text[], boolean) IS
  'Internal: classify catalog material entries (flags: 1 required, 2 tolerable, 4 commitment allowed, 8 shared evidence on file, 16 applies to the applicant) against submitted and committed codes; one row per applicable material with its status, tolerance days (tolerated only) and whether it is required; 22023 names every unknown code';

-- Catalog entries of a service for one applicant at one instant, classified.
CREATE FUNCTION service_affair.assess(service text, applicant bigint, applicant_kind text, credit_ok boolean,
    materials text[], commitments text[], at timestamptz)
    RETURNS TABLE (material text, name text, status text, tolerance_days integer, required boolean)
    LANGUAGE plpgsql STABLE ROWS 10
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- PL/pgSQL rather than SQL: the plan of this query is cached per session
    RETURN QUERY
    SELECT c.material, c.name, c.status, c.tolerance_days, c.required
      FROM (
             SELECT pg_catalog.array_agg(m.code) AS codes,
                    pg_catalog.array_agg(m.name) AS names,
                    pg_catalog.array_agg(m.required::integer
                                         | (m.tolerable::integer << 1)
                                         | (m.commitment_allowed::integer << 2)
                                         | ((e.applicant IS NOT NULL)::integer << 3)
                                         | ((m.applies_to = 'any' OR m.applies_to = assess.applicant_kind)::integer << 4)) AS flags,
                    pg_catalog.array_agg(i.tolerance_days) AS tol
               FROM service_affair.material m
               JOIN service_affair.item i ON i.code = m.item
               LEFT JOIN service_affair.evidence e
                      ON e.applicant = assess.applicant AND e.evidence_type = m.evidence_type
                     AND (e.valid_until IS NULL OR e.valid_until >= service_affair.local_day(assess.at, i.calendar))
              WHERE m.item = assess.service
                 OR m.item IN (SELECT bi.item FROM service_affair.bundle_item bi WHERE bi.bundle = assess.service)
           ) m,
           LATERAL service_affair.classify_materials(assess.service, m.codes, m.names, m.flags, m.tol,
                                                     assess.materials, assess.commitments, assess.credit_ok) c;
END
$$;
COMMENT ON FUNCTION service_affair.assess(text, bigint, text, boolean, text[], text[], timestamptz) IS
  'Internal: the completeness of a submission by an applicant of the given kind and credit (service and applicant must exist); evidence counts when valid on the calendar-local day of at';

-- Shared argument checks of the case functions.
CREATE FUNCTION service_affair.check_service_applicant(service text, applicant bigint)
    RETURNS service_affair.applicant
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a service_affair.applicant;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM service_affair.item i WHERE i.code = service)
       AND NOT EXISTS (SELECT 1 FROM service_affair.bundle b WHERE b.code = service) THEN
        RAISE EXCEPTION 'unknown service'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No item or bundle has code %s.', COALESCE(pg_catalog.quote_literal(service), 'NULL'));
    END IF;
    SELECT * INTO a FROM service_affair.applicant x WHERE x.id = applicant;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown applicant'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No applicant has id %s.', COALESCE(applicant::text, 'NULL'));
    END IF;
    RETURN a;
END
$$;
COMMENT ON FUNCTION service_affair.check_service_applicant(text, bigint) IS
  'Internal: raises 23503 for an unknown service or applicant, else returns the applicant row';

CREATE FUNCTION service_affair.completeness(service text, applicant bigint, materials text[],
    commitments text[] DEFAULT '{}', at timestamptz DEFAULT pg_catalog.now())
    RETURNS TABLE (material text, name text, status text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 10
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a service_affair.applicant;
BEGIN
    a := service_affair.check_service_applicant(service, applicant);
    IF at IS NULL THEN
        RAISE EXCEPTION 'at must not be null' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
        SELECT x.material, x.name, x.status
          FROM service_affair.assess(service, applicant, a.kind, a.credit_ok, materials, commitments, at) x;
END
$$;
COMMENT ON FUNCTION service_affair.completeness(text, bigint, text[], text[], timestamptz) IS
  'Classifies every material of a service that applies to the applicant as present, shared, committed, tolerated, missing or optional; no side effects';
REVOKE EXECUTE ON FUNCTION service_affair.classify_materials(text, text[], text[], integer[], integer[], text[], text[], boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.assess(text, bigint, text, boolean, text[], text[], timestamptz) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.check_service_applicant(text, bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.completeness(text, bigint, text[], text[], timestamptz) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.service_info(text) FROM PUBLIC;

CREATE TABLE service_affair.cases (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service         text NOT NULL,
    service_kind    text NOT NULL CHECK (service_kind IN ('item', 'bundle')),
    item            text REFERENCES service_affair.item,
    bundle          text REFERENCES service_affair.bundle,
    department      text NOT NULL REFERENCES service_affair.department,
    region          text CHECK (region ~ '^[0-9]{6}$'),
    applicant       bigint NOT NULL REFERENCES service_affair.applicant,
    channel         text NOT NULL CHECK (channel IN ('window', 'online', 'mobile', 'kiosk')),
    status          text NOT NULL CHECK (status IN ('returned', 'accepted', 'concluded', 'withdrawn', 'revoked')),
    returned        boolean NOT NULL,
    tolerated       boolean NOT NULL DEFAULT false,
    submitted_at    timestamptz NOT NULL,
    accepted_at     timestamptz,
    due             date,
    tolerance_due   date,
    calendar        text NOT NULL,
    promised_limit  integer NOT NULL,
    legal_limit     integer NOT NULL,
    concluded_at    timestamptz,
    decision        text CHECK (decision IN ('approved', 'denied')),
    withdrawn_at    timestamptz,
    revoked_at      timestamptz,
    delivered_at    timestamptz,
    delivery_method text CHECK (delivery_method IN ('window', 'mail', 'electronic')),
    visits          integer NOT NULL DEFAULT 0 CHECK (visits >= 0),
    CONSTRAINT cases_service_kind CHECK (
        (service_kind = 'item' AND item = service AND bundle IS NULL)
        OR (service_kind = 'bundle' AND bundle = service AND item IS NULL)),
    CONSTRAINT cases_accepted_has_clock CHECK (
        status = 'returned' OR accepted_at IS NOT NULL OR status = 'withdrawn')
);
COMMENT ON TABLE service_affair.cases IS
  'Cases (办件): one row per submission, whatever its outcome; written only through submit(), supplement(), withdraw(), record_visit(), deliver() and the routing functions';
COMMENT ON COLUMN service_affair.cases.id IS 'Case id';
COMMENT ON COLUMN service_affair.cases.service IS 'Service code applied for (an item or a bundle)';
COMMENT ON COLUMN service_affair.cases.service_kind IS 'item or bundle';
COMMENT ON COLUMN service_affair.cases.item IS 'The item, when the service is an item';
COMMENT ON COLUMN service_affair.cases.bundle IS 'The bundle, when the service is a bundle';
COMMENT ON COLUMN service_affair.cases.department IS 'Department of the item, or lead department of the bundle';
COMMENT ON COLUMN service_affair.cases.region IS 'Region (GB/T 2260) of the service centre where it was submitted; defaults to the department''s region';
COMMENT ON COLUMN service_affair.cases.applicant IS 'The applicant';
COMMENT ON COLUMN service_affair.cases.channel IS 'Submission channel: window, online, mobile or kiosk';
COMMENT ON COLUMN service_affair.cases.status IS 'returned, accepted, concluded, withdrawn or revoked';
COMMENT ON COLUMN service_affair.cases.returned IS 'Whether the submission got a one-time notice (whatever happened later)';
COMMENT ON COLUMN service_affair.cases.tolerated IS 'Whether the case was accepted with at least one tolerated (容缺) material pending';
COMMENT ON COLUMN service_affair.cases.submitted_at IS 'Submission time';
COMMENT ON COLUMN service_affair.cases.accepted_at IS 'Acceptance time (at submission or at the completing supplement); starts the clock';
COMMENT ON COLUMN service_affair.cases.due IS 'Due date: the promised limit in working days after the calendar-local acceptance day';
COMMENT ON COLUMN service_affair.cases.tolerance_due IS 'Earliest deadline of tolerated materials still pending; NULL when none';
COMMENT ON COLUMN service_affair.cases.calendar IS 'Calendar of the limits (snapshot at submission)';
COMMENT ON COLUMN service_affair.cases.promised_limit IS 'Promised working days (snapshot at submission; 0 for an immediate item)';
COMMENT ON COLUMN service_affair.cases.legal_limit IS 'Legal working days (snapshot at submission)';
COMMENT ON COLUMN service_affair.cases.concluded_at IS 'Conclusion time (set by routing)';
COMMENT ON COLUMN service_affair.cases.decision IS 'approved or denied (set by routing)';
COMMENT ON COLUMN service_affair.cases.withdrawn_at IS 'Withdrawal time';
COMMENT ON COLUMN service_affair.cases.revoked_at IS 'Revocation time (tolerated materials not supplied in time)';
COMMENT ON COLUMN service_affair.cases.delivered_at IS 'Delivery time of the result';
COMMENT ON COLUMN service_affair.cases.delivery_method IS 'window, mail or electronic';
COMMENT ON COLUMN service_affair.cases.visits IS 'In-person visits: window submission, window supplements, recorded visits and window delivery';
COMMENT ON CONSTRAINT cases_service_kind ON service_affair.cases IS 'item or bundle matches service';
COMMENT ON CONSTRAINT cases_accepted_has_clock ON service_affair.cases IS 'Every case past acceptance has an acceptance time';
CREATE INDEX cases_applicant_idx ON service_affair.cases (applicant);
CREATE INDEX cases_submitted_at_idx ON service_affair.cases (submitted_at);
CREATE INDEX cases_tolerance_due_idx ON service_affair.cases (tolerance_due) WHERE tolerance_due IS NOT NULL;
SELECT pg_catalog.pg_extension_config_dump('service_affair.cases', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.cases_id_seq', '');

CREATE TABLE service_affair.case_material (
    case_id        bigint NOT NULL REFERENCES service_affair.cases ON DELETE CASCADE,
    material       text NOT NULL,
    name           text NOT NULL,
    required       boolean NOT NULL,
    initial_status text NOT NULL CHECK (initial_status IN ('present', 'shared', 'committed', 'tolerated', 'missing', 'optional')),
    status         text NOT NULL CHECK (status IN ('present', 'shared', 'committed', 'tolerated', 'missing', 'optional')),
    tolerance_days integer,
    due            date,
    supplied_at    timestamptz,
    PRIMARY KEY (case_id, material)
);
COMMENT ON TABLE service_affair.case_material IS
  'Status of every applicable material of a case: as classified at submission and as it stands now';
COMMENT ON COLUMN service_affair.case_material.case_id IS 'The case';
COMMENT ON COLUMN service_affair.case_material.material IS 'Material code';
COMMENT ON COLUMN service_affair.case_material.name IS 'Material name (snapshot)';
COMMENT ON COLUMN service_affair.case_material.required IS 'Whether the service requires it (snapshot at submission; false: optional)';
COMMENT ON COLUMN service_affair.case_material.initial_status IS 'Status at submission; the notice lists the missing and tolerated ones';
COMMENT ON COLUMN service_affair.case_material.status IS 'Current status; supplying a material makes it present';
COMMENT ON COLUMN service_affair.case_material.tolerance_days IS 'Working days allowed to supply a tolerated material after acceptance';
COMMENT ON COLUMN service_affair.case_material.due IS 'Deadline of a tolerated material (set at acceptance)';
COMMENT ON COLUMN service_affair.case_material.supplied_at IS 'When it was supplied (submission or supplement)';
SELECT pg_catalog.pg_extension_config_dump('service_affair.case_material', '');

CREATE TABLE service_affair.case_event (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     bigint NOT NULL REFERENCES service_affair.cases,
    at          timestamptz NOT NULL,
    actor       name NOT NULL DEFAULT service_affair.actor(),
    kind        text NOT NULL,
    from_status text,
    to_status   text,
    detail      jsonb NOT NULL DEFAULT '{}'
);
COMMENT ON TABLE service_affair.case_event IS
  'Append-only history of every case: submission, supplements, status changes, visits, delivery';
COMMENT ON COLUMN service_affair.case_event.id IS 'Event id, increasing';
COMMENT ON COLUMN service_affair.case_event.case_id IS 'The case';
COMMENT ON COLUMN service_affair.case_event.at IS 'When it happened (the at argument of the call)';
COMMENT ON COLUMN service_affair.case_event.actor IS 'Role that made the call (service_affair.actor())';
COMMENT ON COLUMN service_affair.case_event.kind IS 'submitted, supplemented, withdrawn, visit, delivered, or a kind added by routing (concluded, revoked, ...)';
COMMENT ON COLUMN service_affair.case_event.from_status IS 'Status before (NULL at submission)';
COMMENT ON COLUMN service_affair.case_event.to_status IS 'Status after';
COMMENT ON COLUMN service_affair.case_event.detail IS 'Details: channel, materials, purpose, method, ...';
CREATE INDEX case_event_case_idx ON service_affair.case_event (case_id, id);
SELECT pg_catalog.pg_extension_config_dump('service_affair.case_event', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.case_event_id_seq', '');

CREATE FUNCTION service_affair.case_event_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'case history is append-only'
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = pg_catalog.format('%s on service_affair.case_event is not allowed.', TG_OP);
END
$$;
COMMENT ON FUNCTION service_affair.case_event_append_only() IS
  'Trigger: refuses UPDATE, DELETE and TRUNCATE of the case history (42501)';
CREATE TRIGGER case_event_no_change BEFORE UPDATE OR DELETE ON service_affair.case_event
    FOR EACH ROW EXECUTE FUNCTION service_affair.case_event_append_only();
COMMENT ON TRIGGER case_event_no_change ON service_affair.case_event IS 'History rows are never changed or deleted';
CREATE TRIGGER case_event_no_truncate BEFORE TRUNCATE ON service_affair.case_event
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.case_event_append_only();
COMMENT ON TRIGGER case_event_no_truncate ON service_affair.case_event IS 'History is never truncated';

-- The state machine, enforced on the table so that every writer obeys it:
--   returned → accepted | withdrawn
--   accepted → concluded | withdrawn | revoked
--   concluded, withdrawn, revoked: final
CREATE FUNCTION service_affair.case_transition_allowed(from_status text, to_status text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN from_status = to_status
    OR (from_status = 'returned' AND to_status IN ('accepted', 'withdrawn'))
    OR (from_status = 'accepted' AND to_status IN ('concluded', 'withdrawn', 'revoked'))
    OR (from_status = 'concluded' AND to_status = 'revoked');
COMMENT ON FUNCTION service_affair.case_transition_allowed(text, text) IS
  'The case state machine: returned → accepted/withdrawn; accepted → concluded/withdrawn/revoked; concluded → revoked (tolerated materials never supplied)';

CREATE FUNCTION service_affair.case_state_machine() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT service_affair.case_transition_allowed(OLD.status, NEW.status) THEN
        RAISE EXCEPTION 'case % cannot go from % to %', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Case %s is %s; allowed next states: %s.', OLD.id, OLD.status,
                      CASE OLD.status WHEN 'returned' THEN 'accepted, withdrawn'
                                      WHEN 'accepted' THEN 'concluded, withdrawn, revoked'
                                      WHEN 'concluded' THEN 'revoked'
                                      ELSE 'none' END);
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION service_affair.case_state_machine() IS
  'Trigger: refuses a status change the case state machine does not allow (55000)';
CREATE TRIGGER cases_state_machine BEFORE UPDATE OF status ON service_affair.cases
    FOR EACH ROW EXECUTE FUNCTION service_affair.case_state_machine();
COMMENT ON TRIGGER cases_state_machine ON service_affair.cases IS 'Enforces the case state machine';

-- Internal: lock a case for a transition; 23503 when it does not exist,
-- 22023 when at is null or precedes the submission.
CREATE FUNCTION service_affair.lock_case(case_id bigint, at timestamptz)
    RETURNS service_affair.cases
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.cases;
BEGIN
    SELECT * INTO c FROM service_affair.cases x WHERE x.id = lock_case.case_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown case'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No case has id %s.', COALESCE(case_id::text, 'NULL'));
    END IF;
    PERFORM service_affair.require_case(c.id);  -- 42501 (90_access.sql)
    IF at IS NULL THEN
        RAISE EXCEPTION 'at must not be null' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF at < c.submitted_at THEN
        RAISE EXCEPTION 'time precedes the submission of case %', c.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before the submission of case %s at %s.', at, c.id, c.submitted_at);
    END IF;
    RETURN c;
END
$$;
COMMENT ON FUNCTION service_affair.lock_case(bigint, timestamptz) IS
  'Internal: the case row locked FOR UPDATE; 23503 unknown case, 22023 at null or before submission';
REVOKE EXECUTE ON FUNCTION service_affair.lock_case(bigint, timestamptz) FROM PUBLIC;

-- Internal: 22023 when a transition is dated before an earlier step of the
-- case (acceptance, conclusion), so that the times the analysts' views
-- measure never run backwards.
CREATE FUNCTION service_affair.require_not_before(case_id bigint, at timestamptz, since timestamptz, step text)
    RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF since IS NOT NULL AND at < since THEN
        RAISE EXCEPTION 'time precedes the % of case %', step, case_id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before the %s of case %s at %s.', at, step, case_id, since);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.require_not_before(bigint, timestamptz, timestamptz, text) IS
  'Internal: 22023 when a transition of a case is dated before one of its earlier steps';
REVOKE EXECUTE ON FUNCTION service_affair.require_not_before(bigint, timestamptz, timestamptz, text) FROM PUBLIC;

-- Internal: start the clock of a case accepted at "at": due date and the
-- deadlines of its tolerated materials.
CREATE FUNCTION service_affair.start_clock(case_id bigint, at timestamptz, cal text, promised integer,
    OUT due date, OUT tolerance_due date)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    day date := service_affair.local_day(at, cal);
BEGIN
    due := service_affair.add_workdays(day, promised, cal);
    UPDATE service_affair.case_material m
       SET due = service_affair.add_workdays(day, m.tolerance_days, cal)
     WHERE m.case_id = start_clock.case_id AND m.status = 'tolerated';
    SELECT pg_catalog.min(m.due) INTO tolerance_due
      FROM service_affair.case_material m
     WHERE m.case_id = start_clock.case_id AND m.status = 'tolerated';
END
$$;
COMMENT ON FUNCTION service_affair.start_clock(bigint, timestamptz, text, integer) IS
  'Internal: due date (promised working days after the local acceptance day) and tolerated-material deadlines of a case accepted at the given time';
REVOKE EXECUTE ON FUNCTION service_affair.start_clock(bigint, timestamptz, text, integer) FROM PUBLIC;

CREATE FUNCTION service_affair.submit(service text, applicant bigint, materials text[],
    channel text DEFAULT 'window', commitments text[] DEFAULT '{}',
    at timestamptz DEFAULT pg_catalog.now(), region text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET service_affair.accepting = 'on'  -- routing creates tasks inside this call only
AS $$
DECLARE
    svc record;
    codes text[];
    names text[];
    statuses text[];
    tols integer[];
    reqs boolean[];
    nmissing integer;
    ntolerated integer;
    v_status text;
    v_id bigint;
    v_day date;
    v_due date;
    v_tolerance_due date;
    v_missing text[];
    v_tolerated text[];
    a_kind text;
    a_credit boolean;
BEGIN
    SELECT * INTO svc FROM service_affair.service_info(service);
    IF svc.kind IS NULL THEN
        PERFORM service_affair.check_service_applicant(service, applicant);  -- raises 23503
    END IF;
    SELECT x.kind, x.credit_ok INTO a_kind, a_credit FROM service_affair.applicant x WHERE x.id = applicant;
    IF NOT FOUND THEN
        PERFORM service_affair.check_service_applicant(service, applicant);  -- raises 23503
    END IF;
    IF channel IS NULL OR channel NOT IN ('window', 'online', 'mobile', 'kiosk') THEN
        RAISE EXCEPTION 'invalid channel'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Channel %s is not one of window, online, mobile, kiosk.',
                                             COALESCE(pg_catalog.quote_literal(channel), 'NULL'));
    END IF;
    IF channel IN ('online', 'mobile') AND svc.kind IS NOT NULL AND NOT svc.online THEN
        RAISE EXCEPTION 'service % is not handled online', service
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Channel %s needs a service marked online (网上可办); %s is not.', channel, service),
                  HINT = 'Submit it at a window or a kiosk.';
    END IF;
    IF at IS NULL THEN
        RAISE EXCEPTION 'at must not be null' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF region !~ '^[0-9]{6}$' THEN
        RAISE EXCEPTION 'invalid region'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Region %s is not a 6-digit GB/T 2260 code.', pg_catalog.quote_literal(region));
    END IF;
    PERFORM service_affair.require_region(COALESCE(submit.region, svc.region));  -- 42501 (90_access.sql)

    SELECT pg_catalog.array_agg(x.material), pg_catalog.array_agg(x.name),
           pg_catalog.array_agg(x.status), pg_catalog.array_agg(x.tolerance_days), pg_catalog.array_agg(x.required),
           pg_catalog.array_agg(x.material) FILTER (WHERE x.status = 'missing'),
           pg_catalog.array_agg(x.material) FILTER (WHERE x.status = 'tolerated')
      INTO codes, names, statuses, tols, reqs, v_missing, v_tolerated
      FROM service_affair.assess(service, applicant, a_kind, a_credit, materials, commitments, at) x;
    nmissing := COALESCE(pg_catalog.cardinality(v_missing), 0);
    ntolerated := COALESCE(pg_catalog.cardinality(v_tolerated), 0);
    IF nmissing > 0 THEN
        v_status := 'returned';
    ELSE
        -- accepted: the clock starts (same rule as start_clock(), computed
        -- before the insert so that the case row is written once)
        v_status := 'accepted';
        v_day := service_affair.local_day(at, svc.calendar);
        v_due := service_affair.add_workdays(v_day, svc.promised_days, svc.calendar);
        IF ntolerated > 0 THEN
            SELECT pg_catalog.min(service_affair.add_workdays(v_day, u.tol, svc.calendar)) INTO v_tolerance_due
              FROM ROWS FROM (pg_catalog.unnest(statuses), pg_catalog.unnest(tols)) AS u(status, tol)
             WHERE u.status = 'tolerated';
        END IF;
    END IF;

    INSERT INTO service_affair.cases AS c
           (service, service_kind, item, bundle, department, region, applicant, channel, status,
            returned, tolerated, submitted_at, accepted_at, due, tolerance_due, calendar, promised_limit, legal_limit, visits)
    VALUES (service, svc.kind,
            CASE WHEN svc.kind = 'item' THEN service END,
            CASE WHEN svc.kind = 'bundle' THEN service END,
            svc.department, COALESCE(submit.region, svc.region), applicant, channel, v_status,
            nmissing > 0, nmissing = 0 AND ntolerated > 0, at, CASE WHEN nmissing = 0 THEN at END, v_due, v_tolerance_due,
            svc.calendar, svc.promised_days, svc.legal_days,
            CASE WHEN channel = 'window' THEN 1 ELSE 0 END)
    RETURNING c.id INTO v_id;

    INSERT INTO service_affair.case_material (case_id, material, name, required, initial_status, status, tolerance_days, due, supplied_at)
    SELECT v_id, u.code, u.name, u.req, u.status, u.status, u.tol,
           CASE WHEN u.status = 'tolerated' AND nmissing = 0 THEN service_affair.add_workdays(v_day, u.tol, svc.calendar) END,
           CASE WHEN u.status = 'present' THEN at END
      FROM ROWS FROM (pg_catalog.unnest(codes), pg_catalog.unnest(names), pg_catalog.unnest(statuses),
                      pg_catalog.unnest(tols), pg_catalog.unnest(reqs))
           AS u(code, name, status, tol, req);

    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    VALUES (v_id, at, 'submitted', NULL, v_status,
            pg_catalog.jsonb_build_object('channel', channel, 'materials', COALESCE(materials, '{}'),
                'commitments', COALESCE(commitments, '{}'),
                'missing', COALESCE(v_missing, '{}'), 'tolerated', COALESCE(v_tolerated, '{}')));
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION service_affair.submit(text, bigint, text[], text, text[], timestamptz, text) IS
  'Records a case with its material statuses: accepted when nothing is missing (clock started, tolerated materials get deadlines), else returned with a one-time notice; returns the case id';
REVOKE EXECUTE ON FUNCTION service_affair.submit(text, bigint, text[], text, text[], timestamptz, text) FROM PUBLIC;

CREATE FUNCTION service_affair.notice(case_id bigint)
    RETURNS TABLE (material text, name text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 5
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM service_affair.cases c WHERE c.id = notice.case_id) THEN
        RAISE EXCEPTION 'unknown case'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No case has id %s.', COALESCE(case_id::text, 'NULL'));
    END IF;
    PERFORM service_affair.require_case(notice.case_id);  -- 42501 (90_access.sql)
    RETURN QUERY
        SELECT m.material, m.name FROM service_affair.case_material m
         WHERE m.case_id = notice.case_id AND m.initial_status IN ('missing', 'tolerated')
         ORDER BY m.material;
END
$$;
COMMENT ON FUNCTION service_affair.notice(bigint) IS
  'The one-time notice (一次性告知) of a case: every material not satisfied at submission, tolerable ones included';
REVOKE EXECUTE ON FUNCTION service_affair.notice(bigint) FROM PUBLIC;

CREATE FUNCTION service_affair.supplement(case_id bigint, materials text[],
    at timestamptz DEFAULT pg_catalog.now(), channel text DEFAULT 'online')
    RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET service_affair.accepting = 'on'  -- routing creates tasks inside this call only
AS $$
DECLARE
    c service_affair.cases;
    bad text[];
    v_status text;
    clock record;
BEGIN
    IF channel IS NULL OR channel NOT IN ('window', 'online', 'mobile', 'kiosk') THEN
        RAISE EXCEPTION 'invalid channel'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Channel %s is not one of window, online, mobile, kiosk.',
                                             COALESCE(pg_catalog.quote_literal(channel), 'NULL'));
    END IF;
    c := service_affair.lock_case(case_id, at);
    -- a case concluded before its tolerated materials' deadline still takes them
    IF c.status NOT IN ('returned', 'accepted', 'concluded')
       OR (c.status IN ('accepted', 'concluded') AND NOT EXISTS (SELECT 1 FROM service_affair.case_material m
                                                 WHERE m.case_id = c.id AND m.status = 'tolerated')) THEN
        RAISE EXCEPTION 'case % takes no supplement', c.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Case %s is %s%s; only returned cases and accepted or concluded cases with tolerated materials pending take supplements.',
                                             c.id, c.status, CASE WHEN c.status IN ('accepted', 'concluded') THEN ' with nothing pending' ELSE '' END);
    END IF;
    PERFORM service_affair.require_not_before(c.id, at, c.accepted_at, 'acceptance');
    IF pg_catalog.array_position(materials, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'materials must not contain null' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT pg_catalog.array_agg(DISTINCT u.x ORDER BY u.x) INTO bad
      FROM pg_catalog.unnest(materials) u(x)
     WHERE NOT EXISTS (SELECT 1 FROM service_affair.case_material m WHERE m.case_id = c.id AND m.material = u.x);
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'unknown material codes for case %', c.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Unknown material codes for case %s (service "%s"): %s.',
                                             c.id, c.service, pg_catalog.array_to_string(bad, ', '));
    END IF;

    UPDATE service_affair.case_material m SET status = 'present', supplied_at = at, due = NULL
     WHERE m.case_id = c.id AND m.material = ANY (materials)
       AND m.status IN ('missing', 'tolerated', 'optional');

    v_status := c.status;
    IF c.status = 'returned' THEN
        IF NOT EXISTS (SELECT 1 FROM service_affair.case_material m WHERE m.case_id = c.id AND m.status = 'missing') THEN
            v_status := 'accepted';
            clock := service_affair.start_clock(c.id, at, c.calendar, c.promised_limit);
            UPDATE service_affair.cases x
               SET status = 'accepted', accepted_at = at, due = clock.due, tolerance_due = clock.tolerance_due,
                   tolerated = clock.tolerance_due IS NOT NULL,
                   visits = x.visits + CASE WHEN supplement.channel = 'window' THEN 1 ELSE 0 END
             WHERE x.id = c.id;
        ELSIF channel = 'window' THEN
            UPDATE service_affair.cases x SET visits = x.visits + 1 WHERE x.id = c.id;
        END IF;
    ELSE
        -- accepted or concluded: supplying the last tolerated material clears the pending revocation
        UPDATE service_affair.cases x
           SET tolerance_due = (SELECT pg_catalog.min(m.due) FROM service_affair.case_material m
                                 WHERE m.case_id = c.id AND m.status = 'tolerated'),
               visits = x.visits + CASE WHEN supplement.channel = 'window' THEN 1 ELSE 0 END
         WHERE x.id = c.id;
    END IF;

    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    VALUES (c.id, at, 'supplemented', c.status, v_status,
            pg_catalog.jsonb_build_object('channel', channel, 'materials', COALESCE(materials, '{}'),
                'pending', (SELECT COALESCE(pg_catalog.array_agg(m.material ORDER BY m.material), '{}')
                              FROM service_affair.case_material m
                             WHERE m.case_id = c.id AND m.status IN ('missing', 'tolerated'))));
    RETURN v_status;
END
$$;
COMMENT ON FUNCTION service_affair.supplement(bigint, text[], timestamptz, text) IS
  'Supplies materials (补正): a returned case becomes accepted once nothing is missing; on an accepted case it clears tolerated materials; returns the new status';
REVOKE EXECUTE ON FUNCTION service_affair.supplement(bigint, text[], timestamptz, text) FROM PUBLIC;

CREATE FUNCTION service_affair.withdraw(case_id bigint, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.cases;
BEGIN
    c := service_affair.lock_case(case_id, at);
    IF c.status NOT IN ('returned', 'accepted') THEN
        RAISE EXCEPTION 'case % cannot be withdrawn', c.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Case %s is %s; only returned and accepted cases can be withdrawn.', c.id, c.status);
    END IF;
    PERFORM service_affair.require_not_before(c.id, at, c.accepted_at, 'acceptance');
    UPDATE service_affair.cases x SET status = 'withdrawn', withdrawn_at = at, tolerance_due = NULL
     WHERE x.id = c.id;
    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status)
    VALUES (c.id, at, 'withdrawn', c.status, 'withdrawn');
END
$$;
COMMENT ON FUNCTION service_affair.withdraw(bigint, timestamptz) IS
  'Withdraws a returned or accepted case';
REVOKE EXECUTE ON FUNCTION service_affair.withdraw(bigint, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.record_visit(case_id bigint, at timestamptz DEFAULT pg_catalog.now(),
    purpose text DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.cases;
BEGIN
    c := service_affair.lock_case(case_id, at);
    UPDATE service_affair.cases x SET visits = x.visits + 1 WHERE x.id = c.id;
    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    VALUES (c.id, at, 'visit', c.status, c.status,
            pg_catalog.jsonb_build_object('purpose', purpose, 'visits', c.visits + 1));
END
$$;
COMMENT ON FUNCTION service_affair.record_visit(bigint, timestamptz, text) IS
  'Records an in-person visit of the applicant for a case (any status); adds one to cases.visits';
REVOKE EXECUTE ON FUNCTION service_affair.record_visit(bigint, timestamptz, text) FROM PUBLIC;

CREATE FUNCTION service_affair.deliver(case_id bigint, method text, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.cases;
BEGIN
    IF method IS NULL OR method NOT IN ('window', 'mail', 'electronic') THEN
        RAISE EXCEPTION 'invalid delivery method'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Method %s is not one of window, mail, electronic.',
                                             COALESCE(pg_catalog.quote_literal(method), 'NULL'));
    END IF;
    c := service_affair.lock_case(case_id, at);
    IF c.status <> 'concluded' OR c.delivered_at IS NOT NULL THEN
        RAISE EXCEPTION 'case % cannot be delivered', c.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = CASE WHEN c.delivered_at IS NOT NULL
                                THEN pg_catalog.format('Case %s was already delivered at %s.', c.id, c.delivered_at)
                                ELSE pg_catalog.format('Case %s is %s; only concluded cases are delivered.', c.id, c.status) END;
    END IF;
    PERFORM service_affair.require_not_before(c.id, at, c.concluded_at, 'conclusion');
    UPDATE service_affair.cases x
       SET delivered_at = at, delivery_method = method,
           visits = x.visits + CASE WHEN method = 'window' THEN 1 ELSE 0 END
     WHERE x.id = c.id;
    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    VALUES (c.id, at, 'delivered', c.status, c.status, pg_catalog.jsonb_build_object('method', method));
END
$$;
COMMENT ON FUNCTION service_affair.deliver(bigint, text, timestamptz) IS
  'Delivers the result of a concluded case, once (出件); method window counts as a visit';
REVOKE EXECUTE ON FUNCTION service_affair.deliver(bigint, text, timestamptz) FROM PUBLIC;
-- Routing and time limits (前台综合受理、后台分类审批、综合窗口出件): an accepted
-- case fans out into one task per item, to the item's department; the stages
-- of a bundle open one after the other; every clock counts working days of
-- the item's calendar.  See doc/routing.md.
--
-- Locking protocol (doc/routing.md, "Concurrency"):
--   * every function that acts on a task locks the case row first, then the
--     task row; so two departments finishing the last tasks of one case at
--     the same instant serialize on the case and it concludes exactly once;
--   * every path that computes a due date holds the shared advisory lock
--     (21313, 1) for the rest of its transaction, and a calendar edit takes it
--     exclusively before recomputing stored due dates: a due date is computed
--     either after the edit committed (with the new calendar) or before the
--     edit's recomputation runs (which then sees and fixes it).

-- ---- extra columns of cases --------------------------------------------------
ALTER TABLE service_affair.cases
    ADD COLUMN due_shift integer NOT NULL DEFAULT 0 CHECK (due_shift >= 0),
    ADD COLUMN suspended boolean NOT NULL DEFAULT false,
    ADD COLUMN sla_state text CHECK (sla_state IN ('warning', 'overdue'));
COMMENT ON COLUMN service_affair.cases.due_shift IS
  'Routing: working days the case due moved by its tasks'' extensions and suspensions (sum over stages of the largest shift of a task of the stage)';
COMMENT ON COLUMN service_affair.cases.suspended IS
  'Routing: true while every unfinished task of the case is suspended (特别程序) and at least one is';
COMMENT ON COLUMN service_affair.cases.sla_state IS
  'Routing: last time-limit state recorded by sla_sweep (warning or overdue), NULL when running';

-- ---- tasks ---------------------------------------------------------------------
CREATE TABLE service_affair.task (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id            bigint NOT NULL REFERENCES service_affair.cases,
    item               text NOT NULL REFERENCES service_affair.item ON UPDATE CASCADE,
    department         text NOT NULL REFERENCES service_affair.department ON UPDATE CASCADE,
    stage              integer NOT NULL CHECK (stage >= 1),
    status             text NOT NULL CHECK (status IN ('waiting', 'open', 'suspended', 'done')),
    calendar           text NOT NULL REFERENCES service_affair.calendar ON UPDATE CASCADE,
    limit_days         integer NOT NULL CHECK (limit_days >= 0),
    extension_limit    integer NOT NULL CHECK (extension_limit >= 0),
    opened_at          timestamptz,
    due                date,
    assignee           text,
    claimed_at         timestamptz,
    decision           text CHECK (decision IN ('approved', 'denied')),
    finished_at        timestamptz,
    cancelled          boolean NOT NULL DEFAULT false,
    extension_days     integer NOT NULL DEFAULT 0 CHECK (extension_days >= 0),
    extension_reason   text,
    extended_at        timestamptz,
    suspended_workdays integer NOT NULL DEFAULT 0 CHECK (suspended_workdays >= 0),
    suspended_at       timestamptz,
    suspend_reason     text CHECK (suspend_reason IN ('hearing', 'tender', 'auction', 'inspection',
                                                      'testing', 'quarantine', 'appraisal', 'expert_review')),
    sla_state          text CHECK (sla_state IN ('warning', 'overdue')),
    note               text,
    CONSTRAINT task_case_item UNIQUE (case_id, item),
    CONSTRAINT task_clock CHECK (
        (status = 'waiting' AND opened_at IS NULL AND due IS NULL)
        OR (status IN ('open', 'suspended') AND opened_at IS NOT NULL AND due IS NOT NULL)
        OR (status = 'done' AND finished_at IS NOT NULL)),
    CONSTRAINT task_decision CHECK (
        (status = 'done' AND NOT cancelled) = (decision IS NOT NULL)),
    CONSTRAINT task_suspension CHECK (
        (status = 'suspended') = (suspended_at IS NOT NULL AND suspend_reason IS NOT NULL)),
    CONSTRAINT task_cancelled CHECK (NOT cancelled OR status = 'done')
);
COMMENT ON TABLE service_affair.task IS
  'Routing: one task per item of an accepted case, for the item''s department; written only by the routing functions';
COMMENT ON COLUMN service_affair.task.id IS 'Task id';
COMMENT ON COLUMN service_affair.task.case_id IS 'The case';
COMMENT ON COLUMN service_affair.task.item IS 'The item this task decides';
COMMENT ON COLUMN service_affair.task.department IS 'Department that decides the item (snapshot at acceptance)';
COMMENT ON COLUMN service_affair.task.stage IS 'Stage within the bundle (1 for a single item); a stage opens when every task of the previous stage is done';
COMMENT ON COLUMN service_affair.task.status IS 'waiting (a later stage), open, suspended (特别程序) or done (decided, or cancelled with its case)';
COMMENT ON COLUMN service_affair.task.calendar IS 'Calendar of the item (snapshot at acceptance)';
COMMENT ON COLUMN service_affair.task.limit_days IS 'Promised working days of the item (snapshot; 0 for an immediate item)';
COMMENT ON COLUMN service_affair.task.extension_limit IS 'Most working days one extension may add (item.extension_limit, snapshot)';
COMMENT ON COLUMN service_affair.task.opened_at IS 'When the department received the task (acceptance, or the end of the previous stage)';
COMMENT ON COLUMN service_affair.task.due IS 'Due date: add_workdays(add_workdays(local day opened, limit_days), extension_days + suspended_workdays)';
COMMENT ON COLUMN service_affair.task.assignee IS 'Who claimed the task (claim_task), or who completed it unclaimed';
COMMENT ON COLUMN service_affair.task.claimed_at IS 'When it was claimed';
COMMENT ON COLUMN service_affair.task.decision IS 'approved or denied; NULL while unfinished and for cancelled tasks';
COMMENT ON COLUMN service_affair.task.finished_at IS 'When it was decided or cancelled';
COMMENT ON COLUMN service_affair.task.cancelled IS 'True for a task stopped because its case was withdrawn or revoked (status done, no decision)';
COMMENT ON COLUMN service_affair.task.extension_days IS 'Working days of the one extension (延期), 0 when none';
COMMENT ON COLUMN service_affair.task.extension_reason IS 'Reason given for the extension';
COMMENT ON COLUMN service_affair.task.extended_at IS 'When the extension was granted';
COMMENT ON COLUMN service_affair.task.suspended_workdays IS 'Working days spent suspended, over all finished suspensions (task_suspension)';
COMMENT ON COLUMN service_affair.task.suspended_at IS 'Start of the current suspension; NULL unless suspended';
COMMENT ON COLUMN service_affair.task.suspend_reason IS 'Reason of the current suspension (特别程序 of 行政许可法 Art 45)';
COMMENT ON COLUMN service_affair.task.sla_state IS 'Last time-limit state recorded by sla_sweep (warning or overdue), NULL when running';
COMMENT ON COLUMN service_affair.task.note IS 'Note of the decision';
COMMENT ON CONSTRAINT task_case_item ON service_affair.task IS 'One task per item of a case';
COMMENT ON CONSTRAINT task_clock ON service_affair.task IS 'A waiting task has no clock; an open or suspended task has one; a done task has a finish time';
COMMENT ON CONSTRAINT task_decision ON service_affair.task IS 'Exactly the decided tasks carry a decision';
COMMENT ON CONSTRAINT task_suspension ON service_affair.task IS 'A suspended task names when and why';
COMMENT ON CONSTRAINT task_cancelled ON service_affair.task IS 'Only done tasks are cancelled';
CREATE INDEX task_case_idx ON service_affair.task (case_id, stage);
CREATE INDEX task_queue_idx ON service_affair.task (department, due, id) WHERE status = 'open' AND assignee IS NULL;
CREATE INDEX task_open_due_idx ON service_affair.task (due) WHERE status = 'open';
SELECT pg_catalog.pg_extension_config_dump('service_affair.task', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.task_id_seq', '');

CREATE TABLE service_affair.task_suspension (
    task_id      bigint NOT NULL REFERENCES service_affair.task,
    suspended_at timestamptz NOT NULL,
    reason       text NOT NULL CHECK (reason IN ('hearing', 'tender', 'auction', 'inspection',
                                                 'testing', 'quarantine', 'appraisal', 'expert_review')),
    resumed_at   timestamptz CHECK (resumed_at >= suspended_at),
    PRIMARY KEY (task_id, suspended_at)
);
COMMENT ON TABLE service_affair.task_suspension IS
  'Routing: every suspension (特别程序) of a task; the working days between the local days suspended and resumed are not counted';
COMMENT ON COLUMN service_affair.task_suspension.task_id IS 'The task';
COMMENT ON COLUMN service_affair.task_suspension.suspended_at IS 'When it was suspended';
COMMENT ON COLUMN service_affair.task_suspension.reason IS 'hearing, tender, auction, inspection, testing, quarantine, appraisal or expert_review';
COMMENT ON COLUMN service_affair.task_suspension.resumed_at IS 'When it was resumed; NULL while suspended';
SELECT pg_catalog.pg_extension_config_dump('service_affair.task_suspension', '');

-- ---- row-level security ------------------------------------------------------
-- Who may act on (and see) the tasks of a department: superusers, members of
-- service_affair_admin, and logins with a staff row for the department.
CREATE FUNCTION service_affair.may_act_for(department text) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    who name := service_affair.actor();
BEGIN
    -- staff first: the common case of a reviewer acting for his department
    IF EXISTS (SELECT FROM service_affair.staff s WHERE s.login = who AND s.department = may_act_for.department) THEN
        RETURN true;
    END IF;
    -- pg_authid rather than the pg_roles view (readable here: SECURITY DEFINER, owned by the superuser who installed the extension)
    IF EXISTS (SELECT FROM pg_catalog.pg_authid r WHERE r.rolname = who AND r.rolsuper) THEN
        RETURN true;
    END IF;
    RETURN EXISTS (SELECT FROM pg_catalog.pg_authid r WHERE r.rolname = 'service_affair_admin')
       AND pg_catalog.pg_has_role(who, 'service_affair_admin', 'MEMBER');
END
$$;
COMMENT ON FUNCTION service_affair.may_act_for(text) IS
  'True when the calling role (actor()) is a superuser, a member of service_affair_admin, or on the staff of the department';
REVOKE EXECUTE ON FUNCTION service_affair.may_act_for(text) FROM PUBLIC;

CREATE FUNCTION service_affair.sees_all_tasks() RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    who name := service_affair.actor();
    g text;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname = who AND r.rolsuper) THEN
        RETURN true;
    END IF;
    FOREACH g IN ARRAY ARRAY['service_affair_admin', 'service_affair_analyst'] LOOP
        IF EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname = g)
           AND pg_catalog.pg_has_role(who, g, 'MEMBER') THEN
            RETURN true;
        END IF;
    END LOOP;
    RETURN false;
END
$$;
COMMENT ON FUNCTION service_affair.sees_all_tasks() IS
  'True when the calling role may read every task: superusers and members of service_affair_admin or service_affair_analyst';

CREATE FUNCTION service_affair.staff_departments() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
RETURN (SELECT COALESCE(pg_catalog.array_agg(s.department), '{}') FROM service_affair.staff s
         WHERE s.login = service_affair.actor());
COMMENT ON FUNCTION service_affair.staff_departments() IS
  'Departments the calling role (actor()) works for, from service_affair.staff';

ALTER TABLE service_affair.task ENABLE ROW LEVEL SECURITY;
CREATE POLICY task_by_department ON service_affair.task FOR SELECT
    USING (service_affair.sees_all_tasks()
           OR department OPERATOR(pg_catalog.=) ANY (service_affair.staff_departments()));
COMMENT ON POLICY task_by_department ON service_affair.task IS
  'Reviewers read the tasks of their departments (staff); admins, analysts and superusers read all';
ALTER TABLE service_affair.task_suspension ENABLE ROW LEVEL SECURITY;
CREATE POLICY task_suspension_by_department ON service_affair.task_suspension FOR SELECT
    USING (EXISTS (SELECT FROM service_affair.task t WHERE t.id = task_id));
COMMENT ON POLICY task_suspension_by_department ON service_affair.task_suspension IS
  'A suspension is visible to whoever sees its task';

-- ---- due-date arithmetic -------------------------------------------------------
-- Shared lock of every due computation; calendar edits take it exclusively.
CREATE FUNCTION service_affair.due_lock_shared() RETURNS void
    LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.pg_advisory_xact_lock_shared(21313, 1);
COMMENT ON FUNCTION service_affair.due_lock_shared() IS
  'Internal: the shared advisory lock (21313, 1) taken by every path that computes a stored due date; a calendar edit takes it exclusively';
REVOKE EXECUTE ON FUNCTION service_affair.due_lock_shared() FROM PUBLIC;

CREATE FUNCTION service_affair.shifted_due(opened date, limit_days integer, shift integer, cal text)
    RETURNS date
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN service_affair.add_workdays(service_affair.add_workdays(opened, limit_days, cal), shift, cal);
COMMENT ON FUNCTION service_affair.shifted_due(date, integer, integer, text) IS
  'The due date of a clock started on local day opened: limit_days working days later (0: that day or the next working day), then moved by shift working days';

-- ---- history -------------------------------------------------------------------
CREATE FUNCTION service_affair.task_event(t service_affair.task, at timestamptz, kind text, detail jsonb)
    RETURNS void
    LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    SELECT t.case_id, at, kind, c.status, c.status,
           pg_catalog.jsonb_build_object('task_id', t.id, 'item', t.item, 'department', t.department,
                                         'task_status', t.status, 'due', t.due) OPERATOR(pg_catalog.||) detail
      FROM service_affair.cases c WHERE c.id = t.case_id;
END;
COMMENT ON FUNCTION service_affair.task_event(service_affair.task, timestamptz, text, jsonb) IS
  'Internal: append a task event to the case history (task id, item, department, task status and due after the change, plus detail)';
REVOKE EXECUTE ON FUNCTION service_affair.task_event(service_affair.task, timestamptz, text, jsonb) FROM PUBLIC;

-- ---- case due ------------------------------------------------------------------
-- A case's due is its acceptance day plus its promised limit, moved by the sum
-- over stages of the largest (extension + suspended working days) of a task of
-- that stage: parallel tasks overlap in time, sequential stages add up.
CREATE FUNCTION service_affair.refresh_case_clock(case_id bigint) RETURNS void
    AS 'MODULE_PATHNAME', 'sa_refresh_case_clock'
    LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION service_affair.refresh_case_clock(bigint) IS
  'Internal: recompute due_shift, due and suspended of an accepted case from its tasks';
REVOKE EXECUTE ON FUNCTION service_affair.refresh_case_clock(bigint) FROM PUBLIC;

-- ---- routing at acceptance -------------------------------------------------------
CREATE FUNCTION service_affair.route_case() RETURNS trigger
    AS 'MODULE_PATHNAME', 'sa_route_case'
    LANGUAGE C;
COMMENT ON FUNCTION service_affair.route_case() IS
  'Trigger: on acceptance, one task per item for the item''s department; the first stage opens at the acceptance time';

CREATE FUNCTION service_affair.route_advance(case_id bigint, at timestamptz) RETURNS text
    AS 'MODULE_PATHNAME', 'sa_route_advance'
    LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION service_affair.route_advance(bigint, timestamptz) IS
  'Internal: after a task of the (locked) case finished, open the next stage at "at" (''opened''), conclude the case at "at" (''concluded'', approved only if every decided task was), or nothing (''running'')';
REVOKE EXECUTE ON FUNCTION service_affair.route_advance(bigint, timestamptz) FROM PUBLIC;

CREATE TRIGGER route_on_insert AFTER INSERT ON service_affair.cases
    FOR EACH ROW WHEN (NEW.status = 'accepted') EXECUTE FUNCTION service_affair.route_case();
COMMENT ON TRIGGER route_on_insert ON service_affair.cases IS 'A case accepted at submission is routed';
CREATE TRIGGER route_on_accept AFTER UPDATE OF status ON service_affair.cases
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.status = 'accepted')
    EXECUTE FUNCTION service_affair.route_case();
COMMENT ON TRIGGER route_on_accept ON service_affair.cases IS 'A case accepted by a supplement is routed';

CREATE FUNCTION service_affair.cancel_tasks() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE service_affair.task t
       SET status = 'done', cancelled = true, suspended_at = NULL, suspend_reason = NULL, sla_state = NULL,
           finished_at = COALESCE(CASE NEW.status WHEN 'withdrawn' THEN NEW.withdrawn_at ELSE NEW.revoked_at END,
                                  pg_catalog.now())
     WHERE t.case_id = NEW.id AND t.status <> 'done';
    UPDATE service_affair.task_suspension s
       SET resumed_at = COALESCE(CASE NEW.status WHEN 'withdrawn' THEN NEW.withdrawn_at ELSE NEW.revoked_at END,
                                 pg_catalog.now())
     WHERE s.resumed_at IS NULL AND s.task_id IN (SELECT t.id FROM service_affair.task t WHERE t.case_id = NEW.id);
    UPDATE service_affair.cases c SET suspended = false, sla_state = NULL
     WHERE c.id = NEW.id AND (c.suspended OR c.sla_state IS NOT NULL);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.cancel_tasks() IS
  'Trigger: a withdrawn or revoked case stops its unfinished tasks (status done, cancelled, no decision)';
CREATE TRIGGER route_cancel AFTER UPDATE OF status ON service_affair.cases
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.status IN ('withdrawn', 'revoked'))
    EXECUTE FUNCTION service_affair.cancel_tasks();
COMMENT ON TRIGGER route_cancel ON service_affair.cases IS 'Withdrawal and revocation stop the case''s tasks';

-- ---- acting on a task ---------------------------------------------------------------
-- Internal: the task locked for a change (case row first, then the task);
-- 23503 unknown task, 42501 not the caller's department, 22023 at null.
CREATE FUNCTION service_affair.lock_task(task_id bigint, at timestamptz)
    RETURNS service_affair.task
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t service_affair.task;
BEGIN
    SELECT * INTO t FROM service_affair.task x WHERE x.id = lock_task.task_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown task'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No task has id %s.', COALESCE(task_id::text, 'NULL'));
    END IF;
    IF NOT service_affair.may_act_for(t.department) THEN
        RAISE EXCEPTION 'permission denied for task %', t.id
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is not on the staff of department %s, which handles task %s.',
                                             pg_catalog.quote_ident(service_affair.actor()), t.department, t.id);
    END IF;
    IF at IS NULL THEN
        RAISE EXCEPTION 'at must not be null' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM FROM service_affair.cases c WHERE c.id = t.case_id FOR UPDATE;
    SELECT * INTO t FROM service_affair.task x WHERE x.id = lock_task.task_id FOR UPDATE;
    IF at < t.opened_at THEN
        RAISE EXCEPTION 'time precedes the opening of task %', t.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before task %s opened at %s.', at, t.id, t.opened_at);
    END IF;
    RETURN t;
END
$$;
COMMENT ON FUNCTION service_affair.lock_task(bigint, timestamptz) IS
  'Internal: the task locked FOR UPDATE after its case; 23503 unknown task, 42501 not the caller''s department, 22023 at null or before the task opened';
REVOKE EXECUTE ON FUNCTION service_affair.lock_task(bigint, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.wrong_task_state(t service_affair.task, action text, allowed text)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'cannot % task %', action, t.id
        USING ERRCODE = 'object_not_in_prerequisite_state',
              DETAIL = pg_catalog.format('Task %s is %s%s; only %s tasks can be %s.', t.id,
                                         CASE WHEN t.cancelled THEN 'cancelled' ELSE t.status END,
                                         CASE WHEN t.status = 'done' AND t.decision IS NOT NULL
                                              THEN ' (' || t.decision || ')' ELSE '' END,
                                         allowed,
                                         CASE action WHEN 'complete' THEN 'completed' WHEN 'suspend' THEN 'suspended'
                                                     WHEN 'resume' THEN 'resumed' WHEN 'extend' THEN 'extended'
                                                     ELSE action || 'ed' END);
END
$$;
COMMENT ON FUNCTION service_affair.wrong_task_state(service_affair.task, text, text) IS
  'Internal: raise 55000 for an action the task''s state does not allow';
REVOKE EXECUTE ON FUNCTION service_affair.wrong_task_state(service_affair.task, text, text) FROM PUBLIC;

CREATE FUNCTION service_affair.claim_task(department text, assignee text, at timestamptz DEFAULT pg_catalog.now())
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t service_affair.task;
BEGIN
    IF NOT EXISTS (SELECT FROM service_affair.department d WHERE d.code = claim_task.department) THEN
        RAISE EXCEPTION 'unknown department'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No department has code %s.', COALESCE(pg_catalog.quote_literal(department), 'NULL'));
    END IF;
    IF NOT service_affair.may_act_for(department) THEN
        RAISE EXCEPTION 'permission denied for the work queue of department %', department
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is not on the staff of department %s.',
                                             pg_catalog.quote_ident(service_affair.actor()), department);
    END IF;
    IF assignee IS NULL OR pg_catalog.btrim(assignee) = '' THEN
        RAISE EXCEPTION 'invalid assignee'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Assignee %s is empty; name who takes the task.',
                                             COALESCE(pg_catalog.quote_literal(assignee), 'NULL'));
    END IF;
    IF at IS NULL THEN
        RAISE EXCEPTION 'at must not be null' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE service_affair.task x
       SET assignee = claim_task.assignee, claimed_at = claim_task.at
      FROM (SELECT q.id FROM service_affair.task q
             WHERE q.department = claim_task.department AND q.status = 'open' AND q.assignee IS NULL
             ORDER BY q.due, q.id
             LIMIT 1
             FOR UPDATE SKIP LOCKED) q
     WHERE x.id = q.id
    RETURNING x.* INTO t;
    IF t.id IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM service_affair.task_event(t, at, 'task_claimed', pg_catalog.jsonb_build_object('assignee', assignee));
    RETURN t.id;
END
$$;
COMMENT ON FUNCTION service_affair.claim_task(text, text, timestamptz) IS
  'Assigns the open, unassigned task of the department with the earliest due date (then lowest id) to assignee and returns its id; NULL when none; concurrent callers skip each other''s rows';
REVOKE EXECUTE ON FUNCTION service_affair.claim_task(text, text, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.complete_task(task_id bigint, decision text,
    at timestamptz DEFAULT pg_catalog.now(), note text DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t service_affair.task;
BEGIN
    t := service_affair.lock_task(task_id, at);
    IF decision IS NULL OR decision NOT IN ('approved', 'denied') THEN
        RAISE EXCEPTION 'invalid decision'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Decision %s is not one of approved, denied.',
                                             COALESCE(pg_catalog.quote_literal(decision), 'NULL'));
    END IF;
    IF t.status <> 'open' THEN
        PERFORM service_affair.wrong_task_state(t, 'complete', 'open');
    END IF;
    UPDATE service_affair.task x
       SET status = 'done', decision = complete_task.decision, finished_at = at, note = complete_task.note,
           assignee = COALESCE(x.assignee, service_affair.actor()), sla_state = NULL
     WHERE x.id = t.id
    RETURNING x.* INTO t;
    PERFORM service_affair.task_event(t, at, 'task_completed',
        pg_catalog.jsonb_build_object('decision', decision, 'note', note, 'assignee', t.assignee));

    -- A stage finishes when its last task does, which need not be this call:
    -- decisions may be recorded out of order.  The next stage opens (or the
    -- case concludes) at the latest finish of the stage.
    PERFORM service_affair.route_advance(t.case_id,
        (SELECT pg_catalog.max(x.finished_at) FROM service_affair.task x
          WHERE x.case_id = t.case_id AND x.stage = t.stage));
END
$$;
COMMENT ON FUNCTION service_affair.complete_task(bigint, text, timestamptz, text) IS
  'Decides an open task (approved or denied); the last task of a stage opens the next stage, the last task of the case concludes it (approved only if every task was approved)';
REVOKE EXECUTE ON FUNCTION service_affair.complete_task(bigint, text, timestamptz, text) FROM PUBLIC;

CREATE FUNCTION service_affair.suspend(task_id bigint, reason text, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t service_affair.task;
BEGIN
    t := service_affair.lock_task(task_id, at);
    IF reason IS NULL OR reason NOT IN ('hearing', 'tender', 'auction', 'inspection',
                                        'testing', 'quarantine', 'appraisal', 'expert_review') THEN
        RAISE EXCEPTION 'invalid suspension reason'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Reason %s is not one of hearing, tender, auction, inspection, testing, quarantine, appraisal, expert_review.',
                                             COALESCE(pg_catalog.quote_literal(reason), 'NULL'));
    END IF;
    IF t.status <> 'open' THEN
        PERFORM service_affair.wrong_task_state(t, 'suspend', 'open');
    END IF;
    -- suspensions of a task never overlap, and one starts at most once per instant
    IF EXISTS (SELECT FROM service_affair.task_suspension p
                WHERE p.task_id = t.id AND p.resumed_at > suspend.at) THEN
        RAISE EXCEPTION 'time precedes the last resumption of task %', t.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before task %s was last resumed.', at, t.id);
    END IF;
    IF EXISTS (SELECT FROM service_affair.task_suspension p
                WHERE p.task_id = t.id AND p.suspended_at = suspend.at) THEN
        RAISE EXCEPTION 'task % was already suspended at %', t.id, at
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'A task starts at most one suspension per instant; resume it later than it was suspended, or suspend it at a later time.';
    END IF;
    INSERT INTO service_affair.task_suspension (task_id, suspended_at, reason) VALUES (t.id, at, reason);
    UPDATE service_affair.task x SET status = 'suspended', suspended_at = at, suspend_reason = reason
     WHERE x.id = t.id
    RETURNING x.* INTO t;
    PERFORM service_affair.task_event(t, at, 'task_suspended', pg_catalog.jsonb_build_object('reason', reason));
    PERFORM service_affair.refresh_case_clock(t.case_id);
END
$$;
COMMENT ON FUNCTION service_affair.suspend(bigint, text, timestamptz) IS
  'Suspends an open task for a special procedure (特别程序): hearing, tender, auction, inspection, testing, quarantine, appraisal or expert_review';
REVOKE EXECUTE ON FUNCTION service_affair.suspend(bigint, text, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.resume(task_id bigint, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t service_affair.task;
    days integer;
BEGIN
    t := service_affair.lock_task(task_id, at);
    IF t.status <> 'suspended' THEN
        PERFORM service_affair.wrong_task_state(t, 'resume', 'suspended');
    END IF;
    IF at < t.suspended_at THEN
        RAISE EXCEPTION 'time precedes the suspension of task %', t.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before task %s was suspended at %s.', at, t.id, t.suspended_at);
    END IF;
    PERFORM service_affair.due_lock_shared();
    days := service_affair.workdays_between(service_affair.local_day(t.suspended_at, t.calendar),
                                            service_affair.local_day(at, t.calendar), t.calendar);
    UPDATE service_affair.task_suspension s SET resumed_at = at
     WHERE s.task_id = t.id AND s.resumed_at IS NULL;
    UPDATE service_affair.task x
       SET status = 'open', suspended_at = NULL, suspend_reason = NULL,
           suspended_workdays = x.suspended_workdays + days,
           due = service_affair.shifted_due(service_affair.local_day(x.opened_at, x.calendar), x.limit_days,
                                            x.extension_days + x.suspended_workdays + days, x.calendar)
     WHERE x.id = t.id
    RETURNING x.* INTO t;
    PERFORM service_affair.task_event(t, at, 'task_resumed',
        pg_catalog.jsonb_build_object('workdays', days, 'suspended_workdays', t.suspended_workdays));
    PERFORM service_affair.refresh_case_clock(t.case_id);
END
$$;
COMMENT ON FUNCTION service_affair.resume(bigint, timestamptz) IS
  'Resumes a suspended task; its due date (and its case''s) moves by the working days between the local days suspended and resumed';
REVOKE EXECUTE ON FUNCTION service_affair.resume(bigint, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.extend(task_id bigint, workdays integer, reason text,
    at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t service_affair.task;
BEGIN
    t := service_affair.lock_task(task_id, at);
    IF t.status NOT IN ('open', 'suspended') THEN
        PERFORM service_affair.wrong_task_state(t, 'extend', 'open or suspended');
    END IF;
    IF t.extended_at IS NOT NULL THEN
        RAISE EXCEPTION 'task % was already extended', t.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Task %s was extended by %s working days at %s; a task is extended once.',
                                             t.id, t.extension_days, t.extended_at);
    END IF;
    IF workdays IS NULL OR workdays < 1 OR workdays > t.extension_limit THEN
        RAISE EXCEPTION 'extension out of range'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('An extension of task %s must be 1 to %s working days (extension_limit of item %s), not %s.',
                                             t.id, t.extension_limit, t.item, COALESCE(workdays::text, 'NULL'));
    END IF;
    IF reason IS NULL OR pg_catalog.btrim(reason) = '' THEN
        RAISE EXCEPTION 'an extension needs a reason' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = pg_catalog.format('No reason was given for extending task %s.', t.id);
    END IF;
    PERFORM service_affair.due_lock_shared();
    UPDATE service_affair.task x
       SET extension_days = workdays, extension_reason = reason, extended_at = at,
           due = service_affair.shifted_due(service_affair.local_day(x.opened_at, x.calendar), x.limit_days,
                                            workdays + x.suspended_workdays, x.calendar)
     WHERE x.id = t.id
    RETURNING x.* INTO t;
    PERFORM service_affair.task_event(t, at, 'task_extended',
        pg_catalog.jsonb_build_object('workdays', workdays, 'reason', reason));
    PERFORM service_affair.refresh_case_clock(t.case_id);
END
$$;
COMMENT ON FUNCTION service_affair.extend(bigint, integer, text, timestamptz) IS
  'Extends an open or suspended task once (延期) by 1 to item.extension_limit working days; its due date and its case''s move';
REVOKE EXECUTE ON FUNCTION service_affair.extend(bigint, integer, text, timestamptz) FROM PUBLIC;

-- ---- time-limit views --------------------------------------------------------------
CREATE FUNCTION service_affair.sla_as_of() RETURNS timestamptz
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN COALESCE(NULLIF(pg_catalog.current_setting('service_affair.as_of', true), '')::timestamptz,
                pg_catalog.now());
COMMENT ON FUNCTION service_affair.sla_as_of() IS
  'The instant task_sla and case_sla are computed for: the setting service_affair.as_of when set (a timestamptz), else now()';

-- The per-row state in C: "today" is computed once per calendar and statement
-- (a join with the calendar table would cost more than the arithmetic).
CREATE FUNCTION service_affair.sla_workdays_left(due date, cal text, finished_at timestamptz) RETURNS integer
    AS 'MODULE_PATHNAME', 'sa_sla_workdays_left'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.sla_workdays_left(date, text, timestamptz) IS
  'workdays_between(day, due, cal) where day is the local day of finished_at, or the local day of sla_as_of() when finished_at is NULL; NULL when due or cal is NULL';
CREATE FUNCTION service_affair.sla_state(due date, cal text, finished_at timestamptz, suspended boolean) RETURNS text
    AS 'MODULE_PATHNAME', 'sa_sla_state'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.sla_state(date, text, timestamptz, boolean) IS
  'Time-limit state as of sla_as_of(): met or missed when finished_at is given (its local day on or before due, or after), else suspended, overdue (today after due), warning (workdays_left <= 1) or running';
CREATE FUNCTION service_affair.sla_provisional(due date, cal text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_sla_provisional'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.sla_provisional(date, text) IS
  'True when due lies after the covered_until of calendar cal (false when covered_until is NULL)';

-- finished_at is set exactly for done tasks (cancelled ones are left out) and
-- concluded_at exactly for concluded cases, so they are passed as they are.
CREATE VIEW service_affair.task_sla WITH (security_invoker = true) AS
SELECT t.id AS task_id, t.case_id, t.department, t.due,
       service_affair.sla_workdays_left(t.due, t.calendar, t.finished_at) AS workdays_left,
       service_affair.sla_state(t.due, t.calendar, t.finished_at, t.status = 'suspended') AS state,
       service_affair.sla_provisional(t.due, t.calendar) AS provisional
  FROM service_affair.task t
 WHERE t.status <> 'waiting' AND NOT t.cancelled;
COMMENT ON VIEW service_affair.task_sla IS
  'Time limit of every opened, not cancelled task as of sla_as_of(): working days left, state (running, warning, overdue, suspended, met, missed) and whether the due date is provisional; rows filtered by the task policy';
COMMENT ON COLUMN service_affair.task_sla.task_id IS 'The task';
COMMENT ON COLUMN service_affair.task_sla.case_id IS 'Its case';
COMMENT ON COLUMN service_affair.task_sla.department IS 'Department handling it';
COMMENT ON COLUMN service_affair.task_sla.due IS 'Due date (task.due)';
COMMENT ON COLUMN service_affair.task_sla.workdays_left IS 'workdays_between(today, due); for a done task, from the local day it finished';
COMMENT ON COLUMN service_affair.task_sla.state IS 'running; warning (workdays_left <= 1); overdue (today after due); suspended; met or missed (done on or before / after due)';
COMMENT ON COLUMN service_affair.task_sla.provisional IS 'True when the due date lies after the calendar''s covered_until';

CREATE VIEW service_affair.case_sla AS
SELECT c.id AS case_id, c.due,
       service_affair.sla_workdays_left(c.due, c.calendar, c.concluded_at) AS workdays_left,
       service_affair.sla_state(c.due, c.calendar, c.concluded_at, c.suspended) AS state,
       service_affair.sla_provisional(c.due, c.calendar) AS provisional
  FROM service_affair.cases c
 WHERE c.status IN ('accepted', 'concluded');
COMMENT ON VIEW service_affair.case_sla IS
  'Time limit of every accepted or concluded case as of sla_as_of(): working days left, state and whether the due date is provisional';
COMMENT ON COLUMN service_affair.case_sla.case_id IS 'The case';
COMMENT ON COLUMN service_affair.case_sla.due IS 'Due date (cases.due, moved by its tasks'' extensions and suspensions)';
COMMENT ON COLUMN service_affair.case_sla.workdays_left IS 'workdays_between(today, due); for a concluded case, from the local day it concluded';
COMMENT ON COLUMN service_affair.case_sla.state IS 'running; warning (workdays_left <= 1); overdue; suspended (every unfinished task suspended); met or missed';
COMMENT ON COLUMN service_affair.case_sla.provisional IS 'True when the due date lies after the calendar''s covered_until';
CREATE INDEX cases_open_due_idx ON service_affair.cases (due) WHERE status = 'accepted';

-- ---- the sweep -------------------------------------------------------------------------
CREATE FUNCTION service_affair.sla_sweep(at timestamptz DEFAULT pg_catalog.now()) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n integer := 0;
    r record;
    st text;
    pending text[];
    payload jsonb;
BEGIN
    IF at IS NULL THEN
        RAISE EXCEPTION 'at must not be null' USING ERRCODE = 'invalid_parameter_value';
    END IF;

    -- 1. tolerated materials not supplied in time: revoke the acceptance (撤销受理),
    --    also of a case the departments concluded before the deadline
    FOR r IN
        SELECT c.id, c.status, c.tolerance_due, c.calendar FROM service_affair.cases c
         WHERE c.status IN ('accepted', 'concluded') AND c.tolerance_due IS NOT NULL
           AND c.tolerance_due < service_affair.local_day(at, c.calendar)
         ORDER BY c.id
           FOR UPDATE SKIP LOCKED
    LOOP
        SELECT pg_catalog.array_agg(m.material ORDER BY m.material) INTO pending
          FROM service_affair.case_material m
         WHERE m.case_id = r.id AND m.status = 'tolerated' AND m.due < service_affair.local_day(at, r.calendar);
        CONTINUE WHEN pending IS NULL;
        UPDATE service_affair.cases c SET status = 'revoked', revoked_at = at, tolerance_due = NULL WHERE c.id = r.id;
        payload := pg_catalog.jsonb_build_object('kind', 'revoked', 'case_id', r.id, 'due', r.tolerance_due,
                                                 'materials', pending, 'at', at);
        INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
        VALUES (r.id, at, 'revoked', r.status, 'revoked',
                pg_catalog.jsonb_build_object('reason', 'tolerated materials not supplied by their deadline',
                                              'materials', pending, 'tolerance_due', r.tolerance_due));
        PERFORM pg_catalog.pg_notify('service_affair_sla', payload::text);
        n := n + 1;
    END LOOP;

    -- 2. open tasks entering warning or overdue
    FOR r IN
        SELECT t.id, t.case_id, t.department, t.due, t.sla_state, t.calendar,
               service_affair.workdays_between(k.today, t.due, t.calendar) AS left_days, k.today
          FROM service_affair.task t
          JOIN (SELECT x.name, service_affair.local_day(at, x.name) AS today FROM service_affair.calendar x OFFSET 0) k
            ON k.name = t.calendar
         WHERE t.status = 'open' AND (t.due <= k.today + 60 OR t.sla_state IS NOT NULL)
         ORDER BY t.id
    LOOP
        st := CASE WHEN r.today > r.due THEN 'overdue' WHEN r.left_days <= 1 THEN 'warning' END;
        CONTINUE WHEN st IS NOT DISTINCT FROM r.sla_state;
        -- lock as everyone does (case, then task) but never wait: a busy row is
        -- taken care of by the next sweep
        PERFORM FROM service_affair.cases c WHERE c.id = r.case_id FOR UPDATE SKIP LOCKED;
        CONTINUE WHEN NOT FOUND;
        PERFORM FROM service_affair.task t WHERE t.id = r.id AND t.status = 'open'
                                              AND t.due = r.due AND t.sla_state IS NOT DISTINCT FROM r.sla_state
                   FOR UPDATE SKIP LOCKED;
        CONTINUE WHEN NOT FOUND;
        UPDATE service_affair.task t SET sla_state = st WHERE t.id = r.id;
        CONTINUE WHEN st IS NULL;      -- back to running (an extension): no notice
        payload := pg_catalog.jsonb_build_object('kind', 'task_' || st, 'task_id', r.id, 'case_id', r.case_id,
                                                 'department', r.department, 'due', r.due,
                                                 'workdays_left', r.left_days, 'at', at);
        INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
        VALUES (r.case_id, at, 'task_' || st, 'accepted', 'accepted', payload - 'kind' - 'at');
        PERFORM pg_catalog.pg_notify('service_affair_sla', payload::text);
        n := n + 1;
    END LOOP;

    -- 3. accepted, running cases entering warning or overdue
    FOR r IN
        SELECT c.id, c.department, c.due, c.sla_state,
               service_affair.workdays_between(k.today, c.due, c.calendar) AS left_days, k.today
          FROM service_affair.cases c
          JOIN (SELECT x.name, service_affair.local_day(at, x.name) AS today FROM service_affair.calendar x OFFSET 0) k
            ON k.name = c.calendar
         WHERE c.status = 'accepted' AND NOT c.suspended AND (c.due <= k.today + 60 OR c.sla_state IS NOT NULL)
         ORDER BY c.id
    LOOP
        st := CASE WHEN r.today > r.due THEN 'overdue' WHEN r.left_days <= 1 THEN 'warning' END;
        CONTINUE WHEN st IS NOT DISTINCT FROM r.sla_state;
        PERFORM FROM service_affair.cases c WHERE c.id = r.id AND c.status = 'accepted' AND c.due = r.due
                                               AND c.sla_state IS NOT DISTINCT FROM r.sla_state
                   FOR UPDATE SKIP LOCKED;
        CONTINUE WHEN NOT FOUND;
        UPDATE service_affair.cases c SET sla_state = st WHERE c.id = r.id;
        CONTINUE WHEN st IS NULL;
        payload := pg_catalog.jsonb_build_object('kind', 'case_' || st, 'case_id', r.id, 'department', r.department,
                                                 'due', r.due, 'workdays_left', r.left_days, 'at', at);
        INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
        VALUES (r.id, at, 'case_' || st, 'accepted', 'accepted', payload - 'kind' - 'at');
        PERFORM pg_catalog.pg_notify('service_affair_sla', payload::text);
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair.sla_sweep(timestamptz) IS
  'Records time-limit transitions as of at: revokes acceptances whose tolerated materials passed their deadline, marks open tasks and running cases that entered warning or overdue; one case_event and one NOTIFY service_affair_sla (JSON) per change; returns the number of changes; idempotent';
REVOKE EXECUTE ON FUNCTION service_affair.sla_sweep(timestamptz) FROM PUBLIC;

-- ---- calendar edits: recompute every stored due date ------------------------------------
CREATE FUNCTION service_affair.recompute_dues() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM pg_catalog.pg_advisory_xact_lock(21313, 1);
    -- tasks: suspended working days and due dates
    WITH s AS (
        SELECT ts.task_id,
               pg_catalog.sum(service_affair.workdays_between(service_affair.local_day(ts.suspended_at, t.calendar),
                                                              service_affair.local_day(ts.resumed_at, t.calendar),
                                                              t.calendar))::integer AS days
          FROM service_affair.task_suspension ts JOIN service_affair.task t ON t.id = ts.task_id
         WHERE ts.resumed_at IS NOT NULL AND t.status IN ('open', 'suspended')
         GROUP BY ts.task_id),
    chg AS (
        SELECT t.id, t.due AS old_due, x.susp,
               service_affair.shifted_due(service_affair.local_day(t.opened_at, t.calendar), t.limit_days,
                                          t.extension_days + x.susp, t.calendar) AS new_due
          FROM service_affair.task t
          LEFT JOIN s ON s.task_id = t.id,
          LATERAL (SELECT COALESCE(s.days, 0) AS susp) x
         WHERE t.status IN ('open', 'suspended')),
    u AS (
        UPDATE service_affair.task t SET due = chg.new_due, suspended_workdays = chg.susp
          FROM chg
         WHERE t.id = chg.id AND (t.due, t.suspended_workdays) IS DISTINCT FROM (chg.new_due, chg.susp)
        RETURNING t.id, t.case_id, t.item, t.department, t.status, t.due, chg.old_due)
    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    SELECT u.case_id, pg_catalog.now(), 'task_due_recomputed', 'accepted', 'accepted',
           pg_catalog.jsonb_build_object('task_id', u.id, 'item', u.item, 'department', u.department,
                                         'task_status', u.status, 'due', u.due, 'old_due', u.old_due,
                                         'reason', 'calendar edited')
      FROM u;
    -- cases: the shift from their tasks, then the due date
    PERFORM service_affair.refresh_case_clock(c.id)
       FROM service_affair.cases c
      WHERE c.status = 'accepted'
        AND c.due_shift <> (SELECT COALESCE(pg_catalog.sum(m.shift), 0)
                              FROM (SELECT pg_catalog.max(t.extension_days + t.suspended_workdays) AS shift
                                      FROM service_affair.task t
                                     WHERE t.case_id = c.id AND NOT t.cancelled GROUP BY t.stage) m);
    WITH chg AS (
        SELECT c.id, c.due AS old_due,
               service_affair.shifted_due(service_affair.local_day(c.accepted_at, c.calendar), c.promised_limit,
                                          c.due_shift, c.calendar) AS new_due
          FROM service_affair.cases c
         WHERE c.status = 'accepted'),
    u AS (
        UPDATE service_affair.cases c SET due = chg.new_due
          FROM chg
         WHERE c.id = chg.id AND c.due IS DISTINCT FROM chg.new_due
        RETURNING c.id, c.due, chg.old_due)
    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    SELECT u.id, pg_catalog.now(), 'due_recomputed', 'accepted', 'accepted',
           pg_catalog.jsonb_build_object('due', u.due, 'old_due', u.old_due, 'reason', 'calendar edited')
      FROM u;
    -- deadlines of tolerated materials still pending
    UPDATE service_affair.case_material m
       SET due = service_affair.add_workdays(service_affair.local_day(c.accepted_at, c.calendar), m.tolerance_days, c.calendar)
      FROM service_affair.cases c
     WHERE c.id = m.case_id AND c.status = 'accepted' AND m.status = 'tolerated'
       AND m.due IS DISTINCT FROM
           service_affair.add_workdays(service_affair.local_day(c.accepted_at, c.calendar), m.tolerance_days, c.calendar);
    UPDATE service_affair.cases c
       SET tolerance_due = x.due
      FROM (SELECT m.case_id, pg_catalog.min(m.due) AS due FROM service_affair.case_material m
             WHERE m.status = 'tolerated' GROUP BY m.case_id) x
     WHERE c.id = x.case_id AND c.status = 'accepted' AND c.tolerance_due IS DISTINCT FROM x.due;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.recompute_dues() IS
  'Trigger: after any edit of calendar or calendar_day, recompute the stored due dates of open and suspended tasks, accepted cases and pending tolerated materials (each change is in the case history)';
CREATE TRIGGER route_recompute_dues
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.calendar
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.recompute_dues();
COMMENT ON TRIGGER route_recompute_dues ON service_affair.calendar IS 'A calendar edit leaves no stale due date behind';
CREATE TRIGGER route_recompute_dues
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.calendar_day
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.recompute_dues();
COMMENT ON TRIGGER route_recompute_dues ON service_affair.calendar_day IS 'A calendar edit leaves no stale due date behind';

-- ---- grants --------------------------------------------------------------------------
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('reviewer', 'EXECUTE', 'service_affair.claim_task(text,text,timestamptz)'),
    ('reviewer', 'EXECUTE', 'service_affair.complete_task(bigint,text,timestamptz,text)'),
    ('reviewer', 'EXECUTE', 'service_affair.suspend(bigint,text,timestamptz)'),
    ('reviewer', 'EXECUTE', 'service_affair.resume(bigint,timestamptz)'),
    ('reviewer', 'EXECUTE', 'service_affair.extend(bigint,integer,text,timestamptz)'),
    ('reviewer', 'SELECT', 'service_affair.task'),
    ('reviewer', 'SELECT', 'service_affair.task_suspension'),
    ('reviewer', 'SELECT', 'service_affair.task_sla'),
    ('reviewer', 'SELECT', 'service_affair.calendar'),
    ('admin', 'EXECUTE', 'service_affair.claim_task(text,text,timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.complete_task(bigint,text,timestamptz,text)'),
    ('admin', 'EXECUTE', 'service_affair.suspend(bigint,text,timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.resume(bigint,timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.extend(bigint,integer,text,timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.sla_sweep(timestamptz)'),
    ('admin', 'SELECT', 'service_affair.task'),
    ('admin', 'SELECT', 'service_affair.task_suspension'),
    ('admin', 'SELECT', 'service_affair.task_sla'),
    ('admin', 'SELECT', 'service_affair.case_sla'),
    ('admin', 'SELECT', 'service_affair.calendar'),
    ('analyst', 'SELECT', 'service_affair.task'),
    ('analyst', 'SELECT', 'service_affair.task_sla'),
    ('analyst', 'SELECT', 'service_affair.case_sla'),
    ('analyst', 'SELECT', 'service_affair.calendar')
ON CONFLICT DO NOTHING;
-- Ratings (好差评) and the rectification of bad ratings (差评整改).
--
-- One real-name rating per case (一事一评), five levels; levels 1-2 are bad
-- ratings and open a rectification with a call-back due and a fix due counted
-- in working days of the case's calendar from the local day of the rating
-- (settings rating.callback_days and rating.fix_days, defaults 1 and 15).
-- A rating shown to be mistaken or malicious is appealed: it stays on record
-- but the analyst views leave it out.

-- Settings a DBA edits (one row per setting).  The shipped rows are inserted
-- by CREATE EXTENSION; pg_dump dumps every row, and on restore the BEFORE
-- INSERT trigger turns an insert of a name that already exists into an update
-- of its value, so that edited values survive a dump and restore.
CREATE TABLE service_affair.setting (
    name        text PRIMARY KEY CHECK (name ~ '^[a-z_]+\.[a-z_]+$'),
    value       text NOT NULL,
    description text NOT NULL DEFAULT '',
    CONSTRAINT setting_rating_days CHECK (
        name NOT IN ('rating.callback_days', 'rating.fix_days')
        OR (value ~ '^[0-9]{1,3}$' AND value::integer BETWEEN 0 AND 365))
);
COMMENT ON TABLE service_affair.setting IS
  'Configurable rules a DBA edits: rating.callback_days (default 1) and rating.fix_days (default 15), working days';
COMMENT ON COLUMN service_affair.setting.name IS 'Setting name, area.name';
COMMENT ON COLUMN service_affair.setting.value IS 'Value as text (the working-day settings: an integer 0..365)';
COMMENT ON COLUMN service_affair.setting.description IS 'What the setting controls';
COMMENT ON CONSTRAINT setting_rating_days ON service_affair.setting IS
  'The rating day counts are integers between 0 and 365';
SELECT pg_catalog.pg_extension_config_dump('service_affair.setting', '');

CREATE FUNCTION service_affair.setting_upsert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE service_affair.setting s SET value = NEW.value, description = NEW.description
     WHERE s.name = NEW.name;
    IF FOUND THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION service_affair.setting_upsert() IS
  'Trigger: an INSERT of a setting that exists updates its value instead (keeps edited settings across dump and restore)';
CREATE TRIGGER setting_upsert BEFORE INSERT ON service_affair.setting
    FOR EACH ROW EXECUTE FUNCTION service_affair.setting_upsert();
COMMENT ON TRIGGER setting_upsert ON service_affair.setting IS
  'INSERT of an existing setting name updates it (restore of a dump over the shipped rows)';

INSERT INTO service_affair.setting (name, value, description) VALUES
    ('rating.callback_days', '1', 'Working days after a bad rating (levels 1-2) within which the rater is called back'),
    ('rating.fix_days', '15', 'Working days after a bad rating (levels 1-2) within which the rectification is closed (some cities use 5)');

CREATE FUNCTION service_affair.setting_days(name text, fallback integer) RETURNS integer
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN COALESCE((SELECT s.value::integer FROM service_affair.setting s WHERE s.name = setting_days.name), fallback);
COMMENT ON FUNCTION service_affair.setting_days(text, integer) IS
  'Internal: an integer setting, or the fallback when the row was deleted';
REVOKE EXECUTE ON FUNCTION service_affair.setting_days(text, integer) FROM PUBLIC;

CREATE TABLE service_affair.rating (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id       bigint NOT NULL UNIQUE REFERENCES service_affair.cases,
    level         integer NOT NULL CHECK (level BETWEEN 1 AND 5),
    channel       text NOT NULL CHECK (channel IN ('window', 'online', 'mobile', 'kiosk', 'sms', 'phone')),
    comment       text,
    at            timestamptz NOT NULL,
    rater         bigint NOT NULL REFERENCES service_affair.applicant,
    actor         name NOT NULL DEFAULT service_affair.actor(),
    appealed      boolean NOT NULL DEFAULT false,
    appeal_reason text,
    appealed_at   timestamptz,
    appeal_actor  name,
    CONSTRAINT rating_appeal_complete CHECK (
        (appealed AND appeal_reason IS NOT NULL AND appealed_at IS NOT NULL)
        OR (NOT appealed AND appeal_reason IS NULL AND appealed_at IS NULL))
);
COMMENT ON TABLE service_affair.rating IS
  'Ratings (好差评): one real-name rating per accepted case, written only through rate() and appeal_rating()';
COMMENT ON COLUMN service_affair.rating.id IS 'Rating id';
COMMENT ON COLUMN service_affair.rating.case_id IS 'The rated case (one rating per case)';
COMMENT ON COLUMN service_affair.rating.level IS '5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意';
COMMENT ON COLUMN service_affair.rating.channel IS 'Where the rating was given: window (on-site device), online, mobile, kiosk, sms or phone';
COMMENT ON COLUMN service_affair.rating.comment IS 'Free text of the rater';
COMMENT ON COLUMN service_affair.rating.at IS 'When the rating was given';
COMMENT ON COLUMN service_affair.rating.rater IS 'Who rated (real name): the case''s applicant';
COMMENT ON COLUMN service_affair.rating.actor IS 'Role that recorded the rating (service_affair.actor())';
COMMENT ON COLUMN service_affair.rating.appealed IS 'Shown mistaken or malicious on appeal: kept, but left out of the analyst views';
COMMENT ON COLUMN service_affair.rating.appeal_reason IS 'Why the appeal was upheld';
COMMENT ON COLUMN service_affair.rating.appealed_at IS 'When the appeal was upheld';
COMMENT ON COLUMN service_affair.rating.appeal_actor IS 'Role that recorded the appeal';
COMMENT ON CONSTRAINT rating_appeal_complete ON service_affair.rating IS
  'An appealed rating has a reason and a time; any other has neither';
SELECT pg_catalog.pg_extension_config_dump('service_affair.rating', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.rating_id_seq', '');

CREATE TABLE service_affair.rectification (
    rating_id      bigint PRIMARY KEY REFERENCES service_affair.rating,
    callback_due   date NOT NULL,
    fix_due        date NOT NULL,
    called_back_at timestamptz,
    closed_at      timestamptz,
    closed_on      date,
    note           text,
    closed_by      name,
    CONSTRAINT rectification_closed_complete CHECK ((closed_at IS NULL) = (closed_on IS NULL))
);
COMMENT ON TABLE service_affair.rectification IS
  'Rectification (差评整改) of a bad rating (levels 1-2): call the rater back by callback_due, close the fix by fix_due';
COMMENT ON COLUMN service_affair.rectification.rating_id IS 'The bad rating';
COMMENT ON COLUMN service_affair.rectification.callback_due IS 'Last day (case calendar) for the call-back: rating.callback_days working days after the local day of the rating';
COMMENT ON COLUMN service_affair.rectification.fix_due IS 'Last day (case calendar) for closing the rectification: rating.fix_days working days after the local day of the rating';
COMMENT ON COLUMN service_affair.rectification.called_back_at IS 'When the rater was called back (record_callback())';
COMMENT ON COLUMN service_affair.rectification.closed_at IS 'When the rectification was closed (close_rectification())';
COMMENT ON COLUMN service_affair.rectification.closed_on IS 'Local day (case calendar) of closed_at; on time when closed_on <= fix_due';
COMMENT ON COLUMN service_affair.rectification.note IS 'What was done';
COMMENT ON COLUMN service_affair.rectification.closed_by IS 'Role that closed it';
COMMENT ON CONSTRAINT rectification_closed_complete ON service_affair.rectification IS
  'closed_on is set exactly when closed_at is';
CREATE INDEX rectification_open_idx ON service_affair.rectification (fix_due) WHERE closed_at IS NULL;
SELECT pg_catalog.pg_extension_config_dump('service_affair.rectification', '');

-- Internal: a rating locked for a change, with its case's department and calendar.
CREATE FUNCTION service_affair.lock_rating(rating_id bigint, at timestamptz,
    OUT r service_affair.rating, OUT department text, OUT calendar text)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    SELECT * INTO r FROM service_affair.rating x WHERE x.id = lock_rating.rating_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown rating'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No rating has id %s.', COALESCE(rating_id::text, 'NULL'));
    END IF;
    IF at IS NULL THEN
        RAISE EXCEPTION 'at must not be null' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF at < r.at THEN
        RAISE EXCEPTION 'time precedes rating %', r.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before rating %s was given at %s.', at, r.id, r.at);
    END IF;
    SELECT c.department, c.calendar INTO department, calendar
      FROM service_affair.cases c WHERE c.id = r.case_id;
END
$$;
COMMENT ON FUNCTION service_affair.lock_rating(bigint, timestamptz) IS
  'Internal: the rating row locked FOR UPDATE with its case''s department and calendar; 23503 unknown rating, 22023 at null or before the rating';
REVOKE EXECUTE ON FUNCTION service_affair.lock_rating(bigint, timestamptz) FROM PUBLIC;

-- Internal: the rectification of a locked rating, locked in turn; 55000 when
-- the rating's level opened none.
CREATE FUNCTION service_affair.lock_rectification(r service_affair.rating)
    RETURNS service_affair.rectification
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    f service_affair.rectification;
BEGIN
    SELECT * INTO f FROM service_affair.rectification t WHERE t.rating_id = r.id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'rating % has no rectification', r.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Rating %s has level %s; only levels 1 and 2 are rectified.', r.id, r.level);
    END IF;
    RETURN f;
END
$$;
COMMENT ON FUNCTION service_affair.lock_rectification(service_affair.rating) IS
  'Internal: the rectification of a rating locked FOR UPDATE; 55000 when the rating opened none';
REVOKE EXECUTE ON FUNCTION service_affair.lock_rectification(service_affair.rating) FROM PUBLIC;

-- Internal: may the caller act for this department?  Superusers and members
-- of service_affair_admin may act for all; anyone else needs a staff row.
CREATE FUNCTION service_affair.check_department_staff(department text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    who name := service_affair.actor();
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = who AND r.rolsuper)
       OR (EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = 'service_affair_admin')
           AND pg_catalog.pg_has_role(who, 'service_affair_admin', 'MEMBER'))
       OR EXISTS (SELECT 1 FROM service_affair.staff s WHERE s.login = who AND s.department = check_department_staff.department) THEN
        RETURN;
    END IF;
    RAISE EXCEPTION 'permission denied for department %', department
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = pg_catalog.format('Role %s does not work for department %s (no row in service_affair.staff).', who, department);
END
$$;
COMMENT ON FUNCTION service_affair.check_department_staff(text) IS
  'Internal: raises 42501 unless the caller is a superuser, a member of service_affair_admin, or staff of the department';
REVOKE EXECUTE ON FUNCTION service_affair.check_department_staff(text) FROM PUBLIC;

CREATE FUNCTION service_affair.rate(case_id bigint, level integer, channel text DEFAULT 'online',
    comment text DEFAULT NULL, at timestamptz DEFAULT pg_catalog.now())
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.cases;
    v_id bigint;
    v_day date;
BEGIN
    SELECT * INTO c FROM service_affair.cases x WHERE x.id = rate.case_id FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown case'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No case has id %s.', COALESCE(case_id::text, 'NULL'));
    END IF;
    PERFORM service_affair.require_case(case_id);  -- a clerk rates cases of its own region
    IF level IS NULL OR level NOT BETWEEN 1 AND 5 THEN
        RAISE EXCEPTION 'invalid rating level'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Level %s is not between 1 (非常不满意) and 5 (非常满意).', COALESCE(level::text, 'NULL'));
    END IF;
    IF channel IS NULL OR channel NOT IN ('window', 'online', 'mobile', 'kiosk', 'sms', 'phone') THEN
        RAISE EXCEPTION 'invalid rating channel'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Channel %s is not one of window, online, mobile, kiosk, sms, phone.',
                                             COALESCE(pg_catalog.quote_literal(channel), 'NULL'));
    END IF;
    IF at IS NULL THEN
        RAISE EXCEPTION 'at must not be null' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF c.accepted_at IS NULL THEN
        RAISE EXCEPTION 'case % cannot be rated', c.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Case %s is %s and was never accepted; only accepted cases are rated.', c.id, c.status);
    END IF;
    IF at < c.accepted_at THEN
        RAISE EXCEPTION 'time precedes the acceptance of case %', c.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before case %s was accepted at %s.', at, c.id, c.accepted_at);
    END IF;
    IF EXISTS (SELECT 1 FROM service_affair.rating r WHERE r.case_id = c.id) THEN
        RAISE EXCEPTION 'case % is already rated', c.id
            USING ERRCODE = 'unique_violation',
                  DETAIL = pg_catalog.format('Case %s has rating %s; a case is rated once.', c.id,
                                             (SELECT r.id FROM service_affair.rating r WHERE r.case_id = c.id));
    END IF;
    BEGIN
        INSERT INTO service_affair.rating AS r (case_id, level, channel, comment, at, rater)
        VALUES (c.id, level, channel, comment, at, c.applicant)
        RETURNING r.id INTO v_id;
    EXCEPTION WHEN unique_violation THEN
        -- a concurrent rating of the same case committed first
        RAISE EXCEPTION 'case % is already rated', c.id
            USING ERRCODE = 'unique_violation',
                  DETAIL = pg_catalog.format('Case %s was rated by a concurrent call; a case is rated once.', c.id);
    END;
    IF level <= 2 THEN
        v_day := service_affair.local_day(at, c.calendar);
        INSERT INTO service_affair.rectification (rating_id, callback_due, fix_due)
        VALUES (v_id,
                service_affair.add_workdays(v_day, service_affair.setting_days('rating.callback_days', 1), c.calendar),
                service_affair.add_workdays(v_day, service_affair.setting_days('rating.fix_days', 15), c.calendar));
    END IF;
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION service_affair.rate(bigint, integer, text, text, timestamptz) IS
  'Records the real-name rating (好差评, level 1-5) of an accepted case by its applicant, once per case; levels 1-2 open a rectification; returns the rating id';
REVOKE EXECUTE ON FUNCTION service_affair.rate(bigint, integer, text, text, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.record_callback(rating_id bigint, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    x record;
    f service_affair.rectification;
BEGIN
    x := service_affair.lock_rating(rating_id, at);
    PERFORM service_affair.check_department_staff(x.department);
    f := service_affair.lock_rectification(x.r);
    IF f.called_back_at IS NOT NULL THEN
        RAISE EXCEPTION 'rating % was already called back', (x.r).id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('The rater of rating %s was called back at %s.', (x.r).id, f.called_back_at);
    END IF;
    UPDATE service_affair.rectification t SET called_back_at = record_callback.at WHERE t.rating_id = (x.r).id;
END
$$;
COMMENT ON FUNCTION service_affair.record_callback(bigint, timestamptz) IS
  'Records the call-back (回访) of the rater of a bad rating, once';
REVOKE EXECUTE ON FUNCTION service_affair.record_callback(bigint, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.close_rectification(rating_id bigint, note text, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    x record;
    f service_affair.rectification;
BEGIN
    x := service_affair.lock_rating(rating_id, at);
    PERFORM service_affair.check_department_staff(x.department);
    IF note IS NULL OR pg_catalog.btrim(note) = '' THEN
        RAISE EXCEPTION 'a rectification needs a note'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Closing the rectification of rating %s needs a note saying what was done.', (x.r).id);
    END IF;
    f := service_affair.lock_rectification(x.r);
    IF f.closed_at IS NOT NULL THEN
        RAISE EXCEPTION 'rectification of rating % is already closed', (x.r).id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('The rectification of rating %s was closed at %s.', (x.r).id, f.closed_at);
    END IF;
    UPDATE service_affair.rectification t
       SET closed_at = close_rectification.at, closed_on = service_affair.local_day(close_rectification.at, x.calendar),
           note = close_rectification.note, closed_by = service_affair.actor()
     WHERE t.rating_id = (x.r).id;
END
$$;
COMMENT ON FUNCTION service_affair.close_rectification(bigint, text, timestamptz) IS
  'Closes the rectification (差评整改) of a bad rating with a note; on time when its local day is on or before fix_due';
REVOKE EXECUTE ON FUNCTION service_affair.close_rectification(bigint, text, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.appeal_rating(rating_id bigint, reason text, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    x record;
BEGIN
    x := service_affair.lock_rating(rating_id, at);
    PERFORM service_affair.check_department_staff(x.department);
    IF reason IS NULL OR pg_catalog.btrim(reason) = '' THEN
        RAISE EXCEPTION 'an appeal needs a reason'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Appealing rating %s needs the reason it is mistaken or malicious.', (x.r).id);
    END IF;
    IF (x.r).appealed THEN
        RAISE EXCEPTION 'rating % is already appealed', (x.r).id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Rating %s was appealed at %s.', (x.r).id, (x.r).appealed_at);
    END IF;
    UPDATE service_affair.rating r
       SET appealed = true, appeal_reason = appeal_rating.reason, appealed_at = appeal_rating.at, appeal_actor = service_affair.actor()
     WHERE r.id = (x.r).id;
END
$$;
COMMENT ON FUNCTION service_affair.appeal_rating(bigint, text, timestamptz) IS
  'Upholds an appeal against a mistaken or malicious rating: the rating is kept but left out of the analyst views';
REVOKE EXECUTE ON FUNCTION service_affair.appeal_rating(bigint, text, timestamptz) FROM PUBLIC;

INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('clerk', 'EXECUTE', 'service_affair.rate(bigint,integer,text,text,timestamp with time zone)'),
    ('reviewer', 'EXECUTE', 'service_affair.record_callback(bigint,timestamp with time zone)'),
    ('reviewer', 'EXECUTE', 'service_affair.close_rectification(bigint,text,timestamp with time zone)'),
    ('admin', 'EXECUTE', 'service_affair.rate(bigint,integer,text,text,timestamp with time zone)'),
    ('admin', 'EXECUTE', 'service_affair.record_callback(bigint,timestamp with time zone)'),
    ('admin', 'EXECUTE', 'service_affair.close_rectification(bigint,text,timestamp with time zone)'),
    ('admin', 'EXECUTE', 'service_affair.appeal_rating(bigint,text,timestamp with time zone)'),
    ('admin', 'SELECT', 'service_affair.setting'),
    ('admin', 'UPDATE', 'service_affair.setting'),
    ('admin', 'INSERT', 'service_affair.setting'),
    ('admin', 'SELECT', 'service_affair.rating'),
    ('admin', 'SELECT', 'service_affair.rectification'),
    ('reviewer', 'SELECT', 'service_affair.setting');
-- Analyst views: the indicators the reform is judged by (doc/indicators.md).
--
-- Two layers.  efficiency_counts and satisfaction_counts hold the additive
-- numerators and denominators per (department, service, month); every rate
-- view divides sums of them, so that the department and overall views and
-- the period functions re-aggregate counts, never rates.  Grouping: the
-- case's department (a bundle's lead department, cases.department), its
-- service code, and month = first day of the local month of submission in
-- the time zone of the case's calendar.  Rates are numeric in [0,1], NULL
-- when the denominator is 0.  No view shows personal data.

CREATE VIEW service_affair.efficiency_counts AS
SELECT c.department,
       c.service,
       pg_catalog.date_trunc('month', service_affair.local_day(c.submitted_at, c.calendar)::timestamp)::date AS month,
       pg_catalog.count(*) AS submitted,
       pg_catalog.count(*) FILTER (WHERE c.accepted_at IS NOT NULL) AS accepted,
       pg_catalog.count(*) FILTER (WHERE c.returned) AS returned,
       pg_catalog.count(*) FILTER (WHERE c.tolerated) AS tolerated,
       pg_catalog.count(*) FILTER (WHERE c.channel IN ('online', 'mobile')) AS online,
       pg_catalog.count(*) FILTER (WHERE c.concluded_at IS NOT NULL) AS concluded,
       pg_catalog.count(*) FILTER (WHERE c.concluded_at IS NOT NULL AND c.visits = 0) AS zero_visit,
       pg_catalog.count(*) FILTER (WHERE c.concluded_at IS NOT NULL AND c.visits <= 1) AS at_most_once,
       pg_catalog.count(*) FILTER (WHERE c.concluded_at IS NOT NULL
                                     AND service_affair.local_day(c.concluded_at, c.calendar)
                                         = service_affair.local_day(c.accepted_at, c.calendar)) AS immediate,
       pg_catalog.count(*) FILTER (WHERE c.concluded_at IS NOT NULL
                                     AND service_affair.local_day(c.concluded_at, c.calendar) > c.due) AS overdue,
       COALESCE(pg_catalog.sum(service_affair.workdays_between(service_affair.local_day(c.accepted_at, c.calendar),
                                                               service_affair.local_day(c.concluded_at, c.calendar), c.calendar))
                FILTER (WHERE c.concluded_at IS NOT NULL), 0)::bigint AS workdays,
       COALESCE(pg_catalog.sum(m.reduced) FILTER (WHERE c.accepted_at IS NOT NULL), 0)::bigint AS reduced_materials,
       COALESCE(pg_catalog.sum(m.required) FILTER (WHERE c.accepted_at IS NOT NULL), 0)::bigint AS required_materials,
       COALESCE(pg_catalog.sum(c.promised_limit) FILTER (WHERE c.accepted_at IS NOT NULL), 0)::bigint AS promised_days,
       COALESCE(pg_catalog.sum(c.legal_limit) FILTER (WHERE c.accepted_at IS NOT NULL), 0)::bigint AS legal_days
  FROM service_affair.cases c
  LEFT JOIN (SELECT cm.case_id,
                    pg_catalog.count(*) FILTER (WHERE cm.required AND cm.status IN ('shared', 'committed')) AS reduced,
                    pg_catalog.count(*) FILTER (WHERE cm.required) AS required
               FROM service_affair.case_material cm
              GROUP BY cm.case_id) m ON m.case_id = c.id
 GROUP BY 1, 2, 3;
COMMENT ON VIEW service_affair.efficiency_counts IS
  'Additive counts behind the efficiency indicators per department, service and local month of submission (sum them to re-aggregate; never average the rates)';
COMMENT ON COLUMN service_affair.efficiency_counts.department IS 'Department of the case (a bundle: its lead department)';
COMMENT ON COLUMN service_affair.efficiency_counts.service IS 'Service code (item or bundle)';
COMMENT ON COLUMN service_affair.efficiency_counts.month IS 'First day of the local month (case calendar time zone) of submission';

COMMENT ON COLUMN service_affair.efficiency_counts.submitted IS 'Cases submitted';
COMMENT ON COLUMN service_affair.efficiency_counts.accepted IS 'Cases accepted (accepted_at set)';
COMMENT ON COLUMN service_affair.efficiency_counts.returned IS 'Cases whose submission got a notice';
COMMENT ON COLUMN service_affair.efficiency_counts.tolerated IS 'Cases accepted with a tolerated material';
COMMENT ON COLUMN service_affair.efficiency_counts.online IS 'Cases submitted online or by mobile';
COMMENT ON COLUMN service_affair.efficiency_counts.concluded IS 'Cases concluded';
COMMENT ON COLUMN service_affair.efficiency_counts.zero_visit IS 'Concluded cases with 0 visits';
COMMENT ON COLUMN service_affair.efficiency_counts.at_most_once IS 'Concluded cases with at most 1 visit';
COMMENT ON COLUMN service_affair.efficiency_counts.immediate IS 'Concluded cases concluded on their local acceptance day';
COMMENT ON COLUMN service_affair.efficiency_counts.overdue IS 'Concluded cases concluded (local day) after their due date';
COMMENT ON COLUMN service_affair.efficiency_counts.workdays IS 'Σ working days from acceptance day to conclusion day over concluded cases';
COMMENT ON COLUMN service_affair.efficiency_counts.reduced_materials IS 'Required materials of accepted cases satisfied by shared data or a commitment';
COMMENT ON COLUMN service_affair.efficiency_counts.required_materials IS 'Required materials of accepted cases';
COMMENT ON COLUMN service_affair.efficiency_counts.promised_days IS 'Σ promised limits (working days) of accepted cases';
COMMENT ON COLUMN service_affair.efficiency_counts.legal_days IS 'Σ legal limits (working days) of accepted cases';

CREATE VIEW service_affair.efficiency AS
SELECT x.department, x.service, x.month,
       submitted AS submitted,
       accepted AS accepted,
       returned AS returned,
       tolerated AS tolerated,
       online::numeric / NULLIF(submitted, 0) AS online_rate,
       zero_visit::numeric / NULLIF(concluded, 0) AS zero_visit_rate,
       at_most_once::numeric / NULLIF(concluded, 0) AS at_most_once_rate,
       immediate::numeric / NULLIF(concluded, 0) AS immediate_rate,
       reduced_materials::numeric / NULLIF(required_materials, 0) AS material_reduction_rate,
       1 - promised_days::numeric / NULLIF(legal_days, 0) AS time_compression,
       workdays::numeric / NULLIF(concluded, 0) AS avg_workdays,
       overdue::numeric / NULLIF(concluded, 0) AS overdue_rate
  FROM service_affair.efficiency_counts x;
COMMENT ON VIEW service_affair.efficiency IS
  'Efficiency indicators (最多跑一次实现率, 跑零次率, 网办率, 即办率, 材料减免率, 时限压缩比) per department, service and local month of submission; formulas in doc/indicators.md';
COMMENT ON COLUMN service_affair.efficiency.department IS 'Department of the cases (a bundle: its lead department)';
COMMENT ON COLUMN service_affair.efficiency.service IS 'Service code (item or bundle)';
COMMENT ON COLUMN service_affair.efficiency.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.efficiency.submitted IS 'Cases submitted (every outcome)';
COMMENT ON COLUMN service_affair.efficiency.accepted IS 'Cases accepted, at submission or after a supplement (受理)';
COMMENT ON COLUMN service_affair.efficiency.returned IS 'Cases whose submission got a one-time notice (一次性告知), whatever happened later';
COMMENT ON COLUMN service_affair.efficiency.tolerated IS 'Cases accepted with at least one tolerated material (容缺受理)';
COMMENT ON COLUMN service_affair.efficiency.online_rate IS '网办率: cases submitted online or by mobile ÷ submitted; NULL when nothing was submitted';
COMMENT ON COLUMN service_affair.efficiency.zero_visit_rate IS '跑零次率: concluded cases with no in-person visit ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency.at_most_once_rate IS '最多跑一次实现率: concluded cases with at most one visit ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency.immediate_rate IS '即办率: concluded cases concluded on their (local) acceptance day ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency.material_reduction_rate IS '材料减免率: required materials of accepted cases satisfied by shared data (数据共享/电子证照) or a commitment (告知承诺) ÷ required materials of accepted cases; NULL when none';
COMMENT ON COLUMN service_affair.efficiency.time_compression IS '时限压缩比: 1 − Σ promised limits ÷ Σ legal limits over accepted cases (an immediate item promises 0 days); NULL when Σ legal limits is 0';
COMMENT ON COLUMN service_affair.efficiency.avg_workdays IS 'Mean working days from the local acceptance day to the local conclusion day over concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency.overdue_rate IS '超期率: concluded cases concluded after their due date ÷ concluded cases; NULL when none concluded';

CREATE VIEW service_affair.efficiency_department AS
SELECT x.department, x.month,
       pg_catalog.sum(x.submitted)::bigint AS submitted,
       pg_catalog.sum(x.accepted)::bigint AS accepted,
       pg_catalog.sum(x.returned)::bigint AS returned,
       pg_catalog.sum(x.tolerated)::bigint AS tolerated,
       pg_catalog.sum(x.online)::bigint::numeric / NULLIF(pg_catalog.sum(x.submitted)::bigint, 0) AS online_rate,
       pg_catalog.sum(x.zero_visit)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS zero_visit_rate,
       pg_catalog.sum(x.at_most_once)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS at_most_once_rate,
       pg_catalog.sum(x.immediate)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS immediate_rate,
       pg_catalog.sum(x.reduced_materials)::bigint::numeric / NULLIF(pg_catalog.sum(x.required_materials)::bigint, 0) AS material_reduction_rate,
       1 - pg_catalog.sum(x.promised_days)::bigint::numeric / NULLIF(pg_catalog.sum(x.legal_days)::bigint, 0) AS time_compression,
       pg_catalog.sum(x.workdays)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS avg_workdays,
       pg_catalog.sum(x.overdue)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS overdue_rate
  FROM service_affair.efficiency_counts x
 GROUP BY x.department, x.month;
COMMENT ON VIEW service_affair.efficiency_department IS
  'Efficiency indicators per department and local month of submission, from the summed counts';
COMMENT ON COLUMN service_affair.efficiency_department.department IS 'Department of the cases (a bundle: its lead department)';
COMMENT ON COLUMN service_affair.efficiency_department.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.efficiency_department.submitted IS 'Cases submitted (every outcome)';
COMMENT ON COLUMN service_affair.efficiency_department.accepted IS 'Cases accepted, at submission or after a supplement (受理)';
COMMENT ON COLUMN service_affair.efficiency_department.returned IS 'Cases whose submission got a one-time notice (一次性告知), whatever happened later';
COMMENT ON COLUMN service_affair.efficiency_department.tolerated IS 'Cases accepted with at least one tolerated material (容缺受理)';
COMMENT ON COLUMN service_affair.efficiency_department.online_rate IS '网办率: cases submitted online or by mobile ÷ submitted; NULL when nothing was submitted';
COMMENT ON COLUMN service_affair.efficiency_department.zero_visit_rate IS '跑零次率: concluded cases with no in-person visit ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_department.at_most_once_rate IS '最多跑一次实现率: concluded cases with at most one visit ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_department.immediate_rate IS '即办率: concluded cases concluded on their (local) acceptance day ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_department.material_reduction_rate IS '材料减免率: required materials of accepted cases satisfied by shared data (数据共享/电子证照) or a commitment (告知承诺) ÷ required materials of accepted cases; NULL when none';
COMMENT ON COLUMN service_affair.efficiency_department.time_compression IS '时限压缩比: 1 − Σ promised limits ÷ Σ legal limits over accepted cases (an immediate item promises 0 days); NULL when Σ legal limits is 0';
COMMENT ON COLUMN service_affair.efficiency_department.avg_workdays IS 'Mean working days from the local acceptance day to the local conclusion day over concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_department.overdue_rate IS '超期率: concluded cases concluded after their due date ÷ concluded cases; NULL when none concluded';

CREATE VIEW service_affair.efficiency_overall AS
SELECT x.month,
       pg_catalog.sum(x.submitted)::bigint AS submitted,
       pg_catalog.sum(x.accepted)::bigint AS accepted,
       pg_catalog.sum(x.returned)::bigint AS returned,
       pg_catalog.sum(x.tolerated)::bigint AS tolerated,
       pg_catalog.sum(x.online)::bigint::numeric / NULLIF(pg_catalog.sum(x.submitted)::bigint, 0) AS online_rate,
       pg_catalog.sum(x.zero_visit)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS zero_visit_rate,
       pg_catalog.sum(x.at_most_once)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS at_most_once_rate,
       pg_catalog.sum(x.immediate)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS immediate_rate,
       pg_catalog.sum(x.reduced_materials)::bigint::numeric / NULLIF(pg_catalog.sum(x.required_materials)::bigint, 0) AS material_reduction_rate,
       1 - pg_catalog.sum(x.promised_days)::bigint::numeric / NULLIF(pg_catalog.sum(x.legal_days)::bigint, 0) AS time_compression,
       pg_catalog.sum(x.workdays)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS avg_workdays,
       pg_catalog.sum(x.overdue)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS overdue_rate
  FROM service_affair.efficiency_counts x
 GROUP BY x.month;
COMMENT ON VIEW service_affair.efficiency_overall IS
  'Efficiency indicators over all departments per local month of submission, from the summed counts';
COMMENT ON COLUMN service_affair.efficiency_overall.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.efficiency_overall.submitted IS 'Cases submitted (every outcome)';
COMMENT ON COLUMN service_affair.efficiency_overall.accepted IS 'Cases accepted, at submission or after a supplement (受理)';
COMMENT ON COLUMN service_affair.efficiency_overall.returned IS 'Cases whose submission got a one-time notice (一次性告知), whatever happened later';
COMMENT ON COLUMN service_affair.efficiency_overall.tolerated IS 'Cases accepted with at least one tolerated material (容缺受理)';
COMMENT ON COLUMN service_affair.efficiency_overall.online_rate IS '网办率: cases submitted online or by mobile ÷ submitted; NULL when nothing was submitted';
COMMENT ON COLUMN service_affair.efficiency_overall.zero_visit_rate IS '跑零次率: concluded cases with no in-person visit ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_overall.at_most_once_rate IS '最多跑一次实现率: concluded cases with at most one visit ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_overall.immediate_rate IS '即办率: concluded cases concluded on their (local) acceptance day ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_overall.material_reduction_rate IS '材料减免率: required materials of accepted cases satisfied by shared data (数据共享/电子证照) or a commitment (告知承诺) ÷ required materials of accepted cases; NULL when none';
COMMENT ON COLUMN service_affair.efficiency_overall.time_compression IS '时限压缩比: 1 − Σ promised limits ÷ Σ legal limits over accepted cases (an immediate item promises 0 days); NULL when Σ legal limits is 0';
COMMENT ON COLUMN service_affair.efficiency_overall.avg_workdays IS 'Mean working days from the local acceptance day to the local conclusion day over concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_overall.overdue_rate IS '超期率: concluded cases concluded after their due date ÷ concluded cases; NULL when none concluded';

CREATE VIEW service_affair.satisfaction_counts AS
SELECT c.department,
       c.service,
       pg_catalog.date_trunc('month', service_affair.local_day(c.submitted_at, c.calendar)::timestamp)::date AS month,
       pg_catalog.count(*) AS ratings,
       pg_catalog.count(*) FILTER (WHERE r.level = 5) AS level5,
       pg_catalog.count(*) FILTER (WHERE r.level = 4) AS level4,
       pg_catalog.count(*) FILTER (WHERE r.level = 3) AS level3,
       pg_catalog.count(*) FILTER (WHERE r.level = 2) AS level2,
       pg_catalog.count(*) FILTER (WHERE r.level = 1) AS level1,
       pg_catalog.count(*) FILTER (WHERE r.level <= 2 AND f.closed_on <= f.fix_due) AS rectified_on_time
  FROM service_affair.rating r
  JOIN service_affair.cases c ON c.id = r.case_id
  LEFT JOIN service_affair.rectification f ON f.rating_id = r.id
 WHERE NOT r.appealed
 GROUP BY 1, 2, 3;
COMMENT ON VIEW service_affair.satisfaction_counts IS
  'Additive rating counts per department, service and local month of the rated case''s submission, appealed ratings left out';
COMMENT ON COLUMN service_affair.satisfaction_counts.department IS 'Department of the rated cases (a bundle: its lead department)';
COMMENT ON COLUMN service_affair.satisfaction_counts.service IS 'Service code (item or bundle)';
COMMENT ON COLUMN service_affair.satisfaction_counts.month IS 'First day of the local month (case calendar time zone) of the case''s submission';
COMMENT ON COLUMN service_affair.satisfaction_counts.ratings IS 'Ratings, appealed left out';
COMMENT ON COLUMN service_affair.satisfaction_counts.level5 IS 'Level 5';
COMMENT ON COLUMN service_affair.satisfaction_counts.level4 IS 'Level 4';
COMMENT ON COLUMN service_affair.satisfaction_counts.level3 IS 'Level 3';
COMMENT ON COLUMN service_affair.satisfaction_counts.level2 IS 'Level 2';
COMMENT ON COLUMN service_affair.satisfaction_counts.level1 IS 'Level 1';
COMMENT ON COLUMN service_affair.satisfaction_counts.rectified_on_time IS 'Bad ratings rectified on or before fix_due';

CREATE VIEW service_affair.satisfaction AS
SELECT x.department, x.service, x.month,
       ratings AS ratings,
       level5 AS level5,
       level4 AS level4,
       level3 AS level3,
       level2 AS level2,
       level1 AS level1,
       (level5 + level4)::numeric / NULLIF(ratings, 0) AS good_rate,
       (level2 + level1)::numeric / NULLIF(ratings, 0) AS bad_rate,
       rectified_on_time::numeric / NULLIF(level2 + level1, 0) AS rectified_on_time_rate
  FROM service_affair.satisfaction_counts x;
COMMENT ON VIEW service_affair.satisfaction IS
  'Satisfaction (好差评) per department, service and local month of the rated case''s submission: 好评率, 差评率, 差评整改及时率; appealed ratings left out';
COMMENT ON COLUMN service_affair.satisfaction.department IS 'Department of the cases (a bundle: its lead department)';
COMMENT ON COLUMN service_affair.satisfaction.service IS 'Service code (item or bundle)';
COMMENT ON COLUMN service_affair.satisfaction.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.satisfaction.ratings IS 'Ratings of the group''s cases, appealed ones left out';
COMMENT ON COLUMN service_affair.satisfaction.level5 IS 'Ratings 5 非常满意';
COMMENT ON COLUMN service_affair.satisfaction.level4 IS 'Ratings 4 满意';
COMMENT ON COLUMN service_affair.satisfaction.level3 IS 'Ratings 3 基本满意';
COMMENT ON COLUMN service_affair.satisfaction.level2 IS 'Ratings 2 不满意';
COMMENT ON COLUMN service_affair.satisfaction.level1 IS 'Ratings 1 非常不满意';
COMMENT ON COLUMN service_affair.satisfaction.good_rate IS '好评率: (level5 + level4) ÷ ratings; NULL when no ratings';
COMMENT ON COLUMN service_affair.satisfaction.bad_rate IS '差评率: (level2 + level1) ÷ ratings; NULL when no ratings';
COMMENT ON COLUMN service_affair.satisfaction.rectified_on_time_rate IS '差评整改及时率: bad ratings whose rectification closed on or before its fix due ÷ bad ratings; NULL when no bad ratings';

CREATE VIEW service_affair.satisfaction_department AS
SELECT x.department, x.month,
       pg_catalog.sum(x.ratings)::bigint AS ratings,
       pg_catalog.sum(x.level5)::bigint AS level5,
       pg_catalog.sum(x.level4)::bigint AS level4,
       pg_catalog.sum(x.level3)::bigint AS level3,
       pg_catalog.sum(x.level2)::bigint AS level2,
       pg_catalog.sum(x.level1)::bigint AS level1,
       (pg_catalog.sum(x.level5)::bigint + pg_catalog.sum(x.level4)::bigint)::numeric / NULLIF(pg_catalog.sum(x.ratings)::bigint, 0) AS good_rate,
       (pg_catalog.sum(x.level2)::bigint + pg_catalog.sum(x.level1)::bigint)::numeric / NULLIF(pg_catalog.sum(x.ratings)::bigint, 0) AS bad_rate,
       pg_catalog.sum(x.rectified_on_time)::bigint::numeric / NULLIF(pg_catalog.sum(x.level2)::bigint + pg_catalog.sum(x.level1)::bigint, 0) AS rectified_on_time_rate
  FROM service_affair.satisfaction_counts x
 GROUP BY x.department, x.month;
COMMENT ON VIEW service_affair.satisfaction_department IS
  'Satisfaction per department and local month of submission, from the summed counts';
COMMENT ON COLUMN service_affair.satisfaction_department.department IS 'Department of the cases (a bundle: its lead department)';
COMMENT ON COLUMN service_affair.satisfaction_department.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.satisfaction_department.ratings IS 'Ratings of the group''s cases, appealed ones left out';
COMMENT ON COLUMN service_affair.satisfaction_department.level5 IS 'Ratings 5 非常满意';
COMMENT ON COLUMN service_affair.satisfaction_department.level4 IS 'Ratings 4 满意';
COMMENT ON COLUMN service_affair.satisfaction_department.level3 IS 'Ratings 3 基本满意';
COMMENT ON COLUMN service_affair.satisfaction_department.level2 IS 'Ratings 2 不满意';
COMMENT ON COLUMN service_affair.satisfaction_department.level1 IS 'Ratings 1 非常不满意';
COMMENT ON COLUMN service_affair.satisfaction_department.good_rate IS '好评率: (level5 + level4) ÷ ratings; NULL when no ratings';
COMMENT ON COLUMN service_affair.satisfaction_department.bad_rate IS '差评率: (level2 + level1) ÷ ratings; NULL when no ratings';
COMMENT ON COLUMN service_affair.satisfaction_department.rectified_on_time_rate IS '差评整改及时率: bad ratings whose rectification closed on or before its fix due ÷ bad ratings; NULL when no bad ratings';

CREATE VIEW service_affair.satisfaction_overall AS
SELECT x.month,
       pg_catalog.sum(x.ratings)::bigint AS ratings,
       pg_catalog.sum(x.level5)::bigint AS level5,
       pg_catalog.sum(x.level4)::bigint AS level4,
       pg_catalog.sum(x.level3)::bigint AS level3,
       pg_catalog.sum(x.level2)::bigint AS level2,
       pg_catalog.sum(x.level1)::bigint AS level1,
       (pg_catalog.sum(x.level5)::bigint + pg_catalog.sum(x.level4)::bigint)::numeric / NULLIF(pg_catalog.sum(x.ratings)::bigint, 0) AS good_rate,
       (pg_catalog.sum(x.level2)::bigint + pg_catalog.sum(x.level1)::bigint)::numeric / NULLIF(pg_catalog.sum(x.ratings)::bigint, 0) AS bad_rate,
       pg_catalog.sum(x.rectified_on_time)::bigint::numeric / NULLIF(pg_catalog.sum(x.level2)::bigint + pg_catalog.sum(x.level1)::bigint, 0) AS rectified_on_time_rate
  FROM service_affair.satisfaction_counts x
 GROUP BY x.month;
COMMENT ON VIEW service_affair.satisfaction_overall IS
  'Satisfaction over all departments per local month of submission, from the summed counts';
COMMENT ON COLUMN service_affair.satisfaction_overall.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.satisfaction_overall.ratings IS 'Ratings of the group''s cases, appealed ones left out';
COMMENT ON COLUMN service_affair.satisfaction_overall.level5 IS 'Ratings 5 非常满意';
COMMENT ON COLUMN service_affair.satisfaction_overall.level4 IS 'Ratings 4 满意';
COMMENT ON COLUMN service_affair.satisfaction_overall.level3 IS 'Ratings 3 基本满意';
COMMENT ON COLUMN service_affair.satisfaction_overall.level2 IS 'Ratings 2 不满意';
COMMENT ON COLUMN service_affair.satisfaction_overall.level1 IS 'Ratings 1 非常不满意';
COMMENT ON COLUMN service_affair.satisfaction_overall.good_rate IS '好评率: (level5 + level4) ÷ ratings; NULL when no ratings';
COMMENT ON COLUMN service_affair.satisfaction_overall.bad_rate IS '差评率: (level2 + level1) ÷ ratings; NULL when no ratings';
COMMENT ON COLUMN service_affair.satisfaction_overall.rectified_on_time_rate IS '差评整改及时率: bad ratings whose rectification closed on or before its fix due ÷ bad ratings; NULL when no bad ratings';

CREATE FUNCTION service_affair.efficiency_period(from_month date, to_month date)
    RETURNS TABLE (department text,
    submitted bigint,
    accepted bigint,
    returned bigint,
    tolerated bigint,
    online_rate numeric,
    zero_visit_rate numeric,
    at_most_once_rate numeric,
    immediate_rate numeric,
    material_reduction_rate numeric,
    time_compression numeric,
    avg_workdays numeric,
    overdue_rate numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
SELECT x.department,
       pg_catalog.sum(x.submitted)::bigint AS submitted,
       pg_catalog.sum(x.accepted)::bigint AS accepted,
       pg_catalog.sum(x.returned)::bigint AS returned,
       pg_catalog.sum(x.tolerated)::bigint AS tolerated,
       pg_catalog.sum(x.online)::bigint::numeric / NULLIF(pg_catalog.sum(x.submitted)::bigint, 0) AS online_rate,
       pg_catalog.sum(x.zero_visit)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS zero_visit_rate,
       pg_catalog.sum(x.at_most_once)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS at_most_once_rate,
       pg_catalog.sum(x.immediate)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS immediate_rate,
       pg_catalog.sum(x.reduced_materials)::bigint::numeric / NULLIF(pg_catalog.sum(x.required_materials)::bigint, 0) AS material_reduction_rate,
       1 - pg_catalog.sum(x.promised_days)::bigint::numeric / NULLIF(pg_catalog.sum(x.legal_days)::bigint, 0) AS time_compression,
       pg_catalog.sum(x.workdays)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS avg_workdays,
       pg_catalog.sum(x.overdue)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS overdue_rate
  FROM service_affair.efficiency_counts x
 WHERE x.month >= pg_catalog.date_trunc('month', from_month)::date
   AND x.month <= to_month
 GROUP BY GROUPING SETS ((x.department), ())
 ORDER BY x.department NULLS LAST;
END;
COMMENT ON FUNCTION service_affair.efficiency_period(date, date) IS
  'Efficiency indicators over the cases submitted in the local months from_month..to_month: one row per department, then the overall row (department NULL)';

CREATE FUNCTION service_affair.satisfaction_period(from_month date, to_month date)
    RETURNS TABLE (department text,
    ratings bigint,
    level5 bigint,
    level4 bigint,
    level3 bigint,
    level2 bigint,
    level1 bigint,
    good_rate numeric,
    bad_rate numeric,
    rectified_on_time_rate numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
SELECT x.department,
       pg_catalog.sum(x.ratings)::bigint AS ratings,
       pg_catalog.sum(x.level5)::bigint AS level5,
       pg_catalog.sum(x.level4)::bigint AS level4,
       pg_catalog.sum(x.level3)::bigint AS level3,
       pg_catalog.sum(x.level2)::bigint AS level2,
       pg_catalog.sum(x.level1)::bigint AS level1,
       (pg_catalog.sum(x.level5)::bigint + pg_catalog.sum(x.level4)::bigint)::numeric / NULLIF(pg_catalog.sum(x.ratings)::bigint, 0) AS good_rate,
       (pg_catalog.sum(x.level2)::bigint + pg_catalog.sum(x.level1)::bigint)::numeric / NULLIF(pg_catalog.sum(x.ratings)::bigint, 0) AS bad_rate,
       pg_catalog.sum(x.rectified_on_time)::bigint::numeric / NULLIF(pg_catalog.sum(x.level2)::bigint + pg_catalog.sum(x.level1)::bigint, 0) AS rectified_on_time_rate
  FROM service_affair.satisfaction_counts x
 WHERE x.month >= pg_catalog.date_trunc('month', from_month)::date
   AND x.month <= to_month
 GROUP BY GROUPING SETS ((x.department), ())
 ORDER BY x.department NULLS LAST;
END;
COMMENT ON FUNCTION service_affair.satisfaction_period(date, date) IS
  'Satisfaction over the rated cases submitted in the local months from_month..to_month: one row per department, then the overall row (department NULL)';

INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('analyst', 'SELECT', 'service_affair.efficiency_counts'),
    ('analyst', 'SELECT', 'service_affair.efficiency'),
    ('analyst', 'SELECT', 'service_affair.efficiency_department'),
    ('analyst', 'SELECT', 'service_affair.efficiency_overall'),
    ('analyst', 'SELECT', 'service_affair.satisfaction_counts'),
    ('analyst', 'SELECT', 'service_affair.satisfaction'),
    ('analyst', 'SELECT', 'service_affair.satisfaction_department'),
    ('analyst', 'SELECT', 'service_affair.satisfaction_overall'),
    ('analyst', 'EXECUTE', 'service_affair.efficiency_period(date,date)'),
    ('analyst', 'EXECUTE', 'service_affair.satisfaction_period(date,date)'),
    ('admin', 'SELECT', 'service_affair.efficiency_counts'),
    ('admin', 'SELECT', 'service_affair.efficiency'),
    ('admin', 'SELECT', 'service_affair.efficiency_department'),
    ('admin', 'SELECT', 'service_affair.efficiency_overall'),
    ('admin', 'SELECT', 'service_affair.satisfaction_counts'),
    ('admin', 'SELECT', 'service_affair.satisfaction'),
    ('admin', 'SELECT', 'service_affair.satisfaction_department'),
    ('admin', 'SELECT', 'service_affair.satisfaction_overall'),
    ('admin', 'EXECUTE', 'service_affair.efficiency_period(date,date)'),
    ('admin', 'EXECUTE', 'service_affair.satisfaction_period(date,date)');
REVOKE EXECUTE ON FUNCTION service_affair.efficiency_period(date, date) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.satisfaction_period(date, date) FROM PUBLIC;
-- Random inspections (双随机、一公开): directories, plans with a committed
-- seed, draws computed in C from the seed and a recorded pool, results,
-- publication, and a hash-chained append-only log per ledger (department).
-- See doc/inspection.md.

-- ---------------------------------------------------------------------------
-- Directories

CREATE TABLE service_affair.target (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uscc     service_affair.uscc UNIQUE NOT NULL,
    name     text NOT NULL CHECK (name <> ''),
    region   text,
    industry text,
    risk     text NOT NULL CHECK (risk IN ('A', 'B', 'C', 'D'))
);
COMMENT ON TABLE service_affair.target IS
  'Directory of inspection targets (检查对象名录): market entities with their credit-risk grade';
COMMENT ON COLUMN service_affair.target.id IS 'Stable target id; recorded in draw pools';
COMMENT ON COLUMN service_affair.target.uscc IS 'Unified social credit code (统一社会信用代码); the key of the target ranking';
COMMENT ON COLUMN service_affair.target.name IS 'Registered name';
COMMENT ON COLUMN service_affair.target.region IS 'Administrative division code used by plan region filters';
COMMENT ON COLUMN service_affair.target.industry IS 'Industry code used by plan industry filters';
COMMENT ON COLUMN service_affair.target.risk IS 'Credit-risk grade A (lowest risk) to D (highest)';
SELECT pg_catalog.pg_extension_config_dump('service_affair.target', '');
-- the identity sequence too, so that ids continue after a restore
SELECT pg_catalog.pg_extension_config_dump('service_affair.target_id_seq', '');

CREATE TABLE service_affair.inspector (
    id         text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
    name       text NOT NULL CHECK (name <> ''),
    department text NOT NULL REFERENCES service_affair.department,
    region     text,
    active     boolean NOT NULL DEFAULT true
);
COMMENT ON TABLE service_affair.inspector IS
  'Directory of law-enforcement inspectors (执法检查人员名录)';
COMMENT ON COLUMN service_affair.inspector.id IS 'Inspector id (badge number); letters, digits, _ . - only';
COMMENT ON COLUMN service_affair.inspector.name IS 'Name';
COMMENT ON COLUMN service_affair.inspector.department IS 'Department the inspector belongs to';
COMMENT ON COLUMN service_affair.inspector.region IS 'Administrative division code (informative)';
COMMENT ON COLUMN service_affair.inspector.active IS 'Only active inspectors are drawn';
SELECT pg_catalog.pg_extension_config_dump('service_affair.inspector', '');

CREATE TABLE service_affair.recusal (
    inspector text REFERENCES service_affair.inspector,
    target    bigint REFERENCES service_affair.target,
    PRIMARY KEY (inspector, target)
);
COMMENT ON TABLE service_affair.recusal IS
  'Recusals (回避): the inspector has a direct interest in the target and is never drawn for it';
COMMENT ON COLUMN service_affair.recusal.inspector IS 'Recused inspector';
COMMENT ON COLUMN service_affair.recusal.target IS 'Target the inspector may not inspect';
CREATE INDEX ON service_affair.recusal (target);
SELECT pg_catalog.pg_extension_config_dump('service_affair.recusal', '');

-- ---------------------------------------------------------------------------
-- Append-only refusal

CREATE FUNCTION service_affair.insp_refuse_change() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = '42501',
        MESSAGE = pg_catalog.format('%s is append-only', TG_TABLE_NAME),
        DETAIL = pg_catalog.format('%s on service_affair.%s is refused; records of plans, draws, results and the log are never changed.',
                                   TG_OP, TG_TABLE_NAME);
END
$$;
COMMENT ON FUNCTION service_affair.insp_refuse_change() IS
  'Trigger: refuses UPDATE, DELETE and TRUNCATE on the append-only inspection records (SQLSTATE 42501)';

-- ---------------------------------------------------------------------------
-- Ledgers and the hash-chained log

CREATE TABLE service_affair.ledger (
    name       text PRIMARY KEY REFERENCES service_affair.department,
    algorithm  text NOT NULL DEFAULT 'sha256' CHECK (algorithm IN ('sha256', 'sm3')),
    head_seq   bigint NOT NULL DEFAULT 0 CHECK (head_seq >= 0),
    head_hash  bytea NOT NULL DEFAULT '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea,
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE service_affair.ledger IS
  'One hash chain per department: its algorithm and head (last seq and hash); the head row is locked to serialise appends';
COMMENT ON COLUMN service_affair.ledger.name IS 'Ledger name = department code';
COMMENT ON COLUMN service_affair.ledger.algorithm IS 'Hash algorithm of the chain: sha256 (default) or sm3 (GB/T 32905)';
COMMENT ON COLUMN service_affair.ledger.head_seq IS 'Sequence number of the last entry (0 = empty)';
COMMENT ON COLUMN service_affair.ledger.head_hash IS 'Hash of the last entry (32 zero bytes when empty); publish it to anchor the chain';
COMMENT ON COLUMN service_affair.ledger.created_at IS 'When the ledger was opened';
SELECT pg_catalog.pg_extension_config_dump('service_affair.ledger', '');

CREATE TABLE service_affair.inspection_log (
    ledger    text NOT NULL REFERENCES service_affair.ledger,
    seq       bigint NOT NULL CHECK (seq >= 1),
    at        timestamptz NOT NULL,
    kind      text NOT NULL CHECK (kind IN ('plan', 'draw', 'result', 'publication')),
    payload   jsonb NOT NULL,
    prev_hash bytea NOT NULL,
    hash      bytea NOT NULL,
    PRIMARY KEY (ledger, seq)
);
COMMENT ON TABLE service_affair.inspection_log IS
  'Append-only hash-chained log of plans, draws, results and publications; hash = H(canonical bytes), see doc/inspection.md';
COMMENT ON COLUMN service_affair.inspection_log.ledger IS 'Ledger (department) whose chain holds the entry';
COMMENT ON COLUMN service_affair.inspection_log.seq IS 'Position in the chain, 1, 2, 3, ...';
COMMENT ON COLUMN service_affair.inspection_log.at IS 'When the entry was appended';
COMMENT ON COLUMN service_affair.inspection_log.kind IS 'plan, draw, result or publication';
COMMENT ON COLUMN service_affair.inspection_log.payload IS 'Entry content; hashed in its jsonb text form';
COMMENT ON COLUMN service_affair.inspection_log.prev_hash IS 'Hash of the previous entry (32 zero bytes for seq 1)';
COMMENT ON COLUMN service_affair.inspection_log.hash IS 'H(log_entry_bytes(...)) with the ledger algorithm';
SELECT pg_catalog.pg_extension_config_dump('service_affair.inspection_log', '');
REVOKE ALL ON service_affair.inspection_log FROM PUBLIC;
CREATE TRIGGER inspection_log_append_only BEFORE UPDATE OR DELETE ON service_affair.inspection_log
    FOR EACH ROW EXECUTE FUNCTION service_affair.insp_refuse_change();
CREATE TRIGGER inspection_log_no_truncate BEFORE TRUNCATE ON service_affair.inspection_log
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.insp_refuse_change();

CREATE FUNCTION service_affair.log_entry_bytes(ledger text, seq bigint, at timestamptz,
        kind text, payload jsonb, prev_hash bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'sa_log_entry_bytes'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.log_entry_bytes(text, bigint, timestamptz, text, jsonb, bytea) IS
  'Canonical bytes of a log entry: ledger, seq, UTC time, kind, payload jsonb text, hex prev_hash, joined by LF';

CREATE FUNCTION service_affair.log_entry_hash(algorithm text, ledger text, seq bigint, at timestamptz,
        kind text, payload jsonb, prev_hash bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'sa_log_entry_hash'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.log_entry_hash(text, text, bigint, timestamptz, text, jsonb, bytea) IS
  'Hash (sha256 or sm3) of the canonical bytes of a log entry';

CREATE FUNCTION service_affair.create_ledger(ledger text, algorithm text DEFAULT 'sha256') RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM service_affair.require_admin();  -- 42501 (90_access.sql)
    IF algorithm IS NULL OR algorithm NOT IN ('sha256', 'sm3') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unknown ledger algorithm',
            DETAIL = pg_catalog.format('Algorithm %L is not one of sha256, sm3.', algorithm);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM service_affair.department d WHERE d.code = ledger) THEN
        RAISE EXCEPTION USING ERRCODE = '23503', MESSAGE = 'unknown department',
            DETAIL = pg_catalog.format('Ledger %L must be the code of a department.', ledger);
    END IF;
    INSERT INTO service_affair.ledger (name, algorithm) VALUES (ledger, algorithm)
        ON CONFLICT (name) DO NOTHING;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '23505', MESSAGE = 'ledger already exists',
            DETAIL = pg_catalog.format('Ledger %L exists; its algorithm cannot change.', ledger);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.create_ledger(text, text) IS
  'Opens the ledger of a department with a chosen algorithm (sha256 or sm3) before its first entry; ledgers opened implicitly use sha256';
REVOKE EXECUTE ON FUNCTION service_affair.create_ledger(text, text) FROM PUBLIC;

CREATE FUNCTION service_affair.log_append(ledger text, kind text, payload jsonb) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    h  record;
    s  bigint;
    t  timestamptz;
    nh bytea;
BEGIN
    INSERT INTO service_affair.ledger AS g (name) VALUES (log_append.ledger) ON CONFLICT (name) DO NOTHING;
    SELECT g.algorithm, g.head_seq, g.head_hash INTO h
      FROM service_affair.ledger g WHERE g.name = log_append.ledger FOR UPDATE;
    s := h.head_seq + 1;
    t := pg_catalog.clock_timestamp();
    nh := service_affair.log_entry_hash(h.algorithm, log_append.ledger, s, t, log_append.kind,
                                        log_append.payload, h.head_hash);
    INSERT INTO service_affair.inspection_log (ledger, seq, at, kind, payload, prev_hash, hash)
        VALUES (log_append.ledger, s, t, log_append.kind, log_append.payload, h.head_hash, nh);
    UPDATE service_affair.ledger g SET head_seq = s, head_hash = nh WHERE g.name = log_append.ledger;
    RETURN s;
END
$$;
COMMENT ON FUNCTION service_affair.log_append(text, text, jsonb) IS
  'Appends one entry to a ledger chain (internal): locks the head row, seq = head + 1, prev_hash = head hash';
REVOKE EXECUTE ON FUNCTION service_affair.log_append(text, text, jsonb) FROM PUBLIC;

CREATE FUNCTION service_affair.insp_verify_chain(ledger text, algorithm text) RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'sa_verify_chain'
    LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION service_affair.insp_verify_chain(text, text) IS
  'Walks one chain in seq order and re-hashes it: {entries, last seq, first bad seq or 0} (used by verify_log)';

CREATE FUNCTION service_affair.insp_verify_chains(only_ledger text)
    RETURNS TABLE (ledger_name text, entries bigint, ok boolean, first_bad_seq bigint)
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    g    record;
    r    bigint[];
    bad  bigint;
    hh   bytea;
BEGIN
    FOR g IN SELECT x.name, x.algorithm, x.head_seq, x.head_hash FROM service_affair.ledger x
              WHERE only_ledger IS NULL OR x.name = only_ledger ORDER BY x.name LOOP
        r := service_affair.insp_verify_chain(g.name, g.algorithm);
        bad := NULLIF(r[3], 0);
        -- the last entry must be the head
        IF bad IS NULL THEN
            IF r[2] <> g.head_seq THEN
                bad := LEAST(r[2], g.head_seq) + 1;
            ELSIF g.head_seq > 0 THEN
                SELECT l.hash INTO hh FROM service_affair.inspection_log l WHERE l.ledger = g.name AND l.seq = g.head_seq;
                IF hh IS DISTINCT FROM g.head_hash THEN
                    bad := g.head_seq;
                END IF;
            END IF;
        END IF;
        ledger_name := g.name;
        entries := r[1];
        ok := bad IS NULL;
        first_bad_seq := bad;
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair.insp_verify_chains(text) IS
  'Body of verify_log() (PL/pgSQL cannot name a parameter and an output column alike)';

CREATE FUNCTION service_affair.verify_log(ledger text DEFAULT NULL)
    RETURNS TABLE (ledger text, entries bigint, ok boolean, first_bad_seq bigint)
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT c.ledger_name, c.entries, c.ok, c.first_bad_seq FROM service_affair.insp_verify_chains($1) c
$$;
COMMENT ON FUNCTION service_affair.verify_log(text) IS
  'Re-hashes every entry of one ledger (or all): ok, or the first seq that is missing, out of order, altered or not matching the head';

-- ---------------------------------------------------------------------------
-- Plans and draws

CREATE TABLE service_affair.plan (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text NOT NULL CHECK (name <> ''),
    departments     text[] NOT NULL,
    rates           numeric[] NOT NULL,
    seed_commitment bytea NOT NULL CHECK (pg_catalog.length(seed_commitment) = 32),
    team_size       integer NOT NULL CHECK (team_size >= 2),
    regions         text[],
    industries      text[],
    created_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    created_by      name NOT NULL
);
COMMENT ON TABLE service_affair.plan IS
  'Inspection plans (抽查计划): departments, sampling rates per grade, filters and the commitment sha256(seed)';
COMMENT ON COLUMN service_affair.plan.id IS 'Plan id';
COMMENT ON COLUMN service_affair.plan.name IS 'Plan name';
COMMENT ON COLUMN service_affair.plan.departments IS 'Departments taking part (joint plan when more than one); teams mix them';
COMMENT ON COLUMN service_affair.plan.rates IS 'Sampling rates for risk grades A, B, C, D, each in [0, 1]';
COMMENT ON COLUMN service_affair.plan.seed_commitment IS 'sha256(seed), fixed before the draw';
COMMENT ON COLUMN service_affair.plan.team_size IS 'Inspectors per target (at least 2)';
COMMENT ON COLUMN service_affair.plan.regions IS 'Only targets in these regions (NULL = all)';
COMMENT ON COLUMN service_affair.plan.industries IS 'Only targets in these industries (NULL = all)';
COMMENT ON COLUMN service_affair.plan.created_at IS 'When the plan was created';
COMMENT ON COLUMN service_affair.plan.created_by IS 'actor() who created the plan';
SELECT pg_catalog.pg_extension_config_dump('service_affair.plan', '');
-- the identity sequence too, so that ids continue after a restore
SELECT pg_catalog.pg_extension_config_dump('service_affair.plan_id_seq', '');

CREATE TABLE service_affair.draw (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id          bigint NOT NULL UNIQUE REFERENCES service_affair.plan,
    seed             bytea NOT NULL,
    pool             bytea NOT NULL,
    pool_digest      bytea NOT NULL,
    selection_digest bytea NOT NULL,
    candidates       bigint[] NOT NULL,
    selected         bigint[] NOT NULL,
    targets          bigint[] NOT NULL,
    risks            text[] NOT NULL,
    teams            text[] NOT NULL,
    drawn_at         timestamptz NOT NULL DEFAULT pg_catalog.now(),
    drawn_by         name NOT NULL
);
COMMENT ON TABLE service_affair.draw IS
  'The one draw of a plan: the revealed seed, the recorded pool and the digests that verify_draw() re-checks';
COMMENT ON COLUMN service_affair.draw.id IS 'Draw id';
COMMENT ON COLUMN service_affair.draw.plan_id IS 'Plan drawn (once)';
COMMENT ON COLUMN service_affair.draw.seed IS 'Revealed seed; sha256(seed) = plan.seed_commitment';
COMMENT ON COLUMN service_affair.draw.pool IS 'Pool record (format SAP1, doc/inspection.md): candidate ids and grades, eligible inspectors, exclusions';
COMMENT ON COLUMN service_affair.draw.pool_digest IS 'sha256(pool)';
COMMENT ON COLUMN service_affair.draw.selection_digest IS 'sha256 of the selection listing (doc/inspection.md)';
COMMENT ON COLUMN service_affair.draw.candidates IS 'Candidates per grade A, B, C, D';
COMMENT ON COLUMN service_affair.draw.selected IS 'Targets drawn per grade A, B, C, D = ceil(rate x candidates)';
COMMENT ON COLUMN service_affair.draw.targets IS 'Target ids drawn, in selection order (ascending keyed hash, all grades merged)';
COMMENT ON COLUMN service_affair.draw.risks IS 'Grade of each drawn target in the pool, parallel to targets';
COMMENT ON COLUMN service_affair.draw.teams IS 'Team of each drawn target: inspector ids joined by commas in the order chosen, parallel to targets';
COMMENT ON COLUMN service_affair.draw.drawn_at IS 'When the draw ran';
COMMENT ON COLUMN service_affair.draw.drawn_by IS 'actor() who ran the draw';
SELECT pg_catalog.pg_extension_config_dump('service_affair.draw', '');
-- the identity sequence too, so that ids continue after a restore
SELECT pg_catalog.pg_extension_config_dump('service_affair.draw_id_seq', '');
-- the large columns are stored out of line uncompressed: compressing them
-- costs more than the whole draw's ranking pass
ALTER TABLE service_affair.draw ALTER COLUMN pool SET STORAGE EXTERNAL,
    ALTER COLUMN targets SET STORAGE EXTERNAL, ALTER COLUMN risks SET STORAGE EXTERNAL,
    ALTER COLUMN teams SET STORAGE EXTERNAL;

CREATE TABLE service_affair.inspection_result (
    draw_id     bigint NOT NULL,
    target      bigint NOT NULL,
    outcome     text NOT NULL CHECK (outcome IN ('pass', 'issues', 'fail', 'not_found')),
    findings    text,
    at          timestamptz NOT NULL,
    recorded_by name NOT NULL,
    PRIMARY KEY (draw_id, target),
    FOREIGN KEY (draw_id) REFERENCES service_affair.draw,
    FOREIGN KEY (target) REFERENCES service_affair.target
);
COMMENT ON TABLE service_affair.inspection_result IS 'Result of inspecting one drawn target (once)';
COMMENT ON COLUMN service_affair.inspection_result.draw_id IS 'Draw';
COMMENT ON COLUMN service_affair.inspection_result.target IS 'Target';
COMMENT ON COLUMN service_affair.inspection_result.outcome IS 'pass, issues, fail or not_found';
COMMENT ON COLUMN service_affair.inspection_result.findings IS 'Findings as published';
COMMENT ON COLUMN service_affair.inspection_result.at IS 'When the inspection concluded; the 20-working-day publication limit runs from its local day';
COMMENT ON COLUMN service_affair.inspection_result.recorded_by IS 'actor() who recorded it';
SELECT pg_catalog.pg_extension_config_dump('service_affair.inspection_result', '');

CREATE TABLE service_affair.result_publication (
    draw_id      bigint NOT NULL,
    target       bigint NOT NULL,
    published_at timestamptz NOT NULL,
    published_by name NOT NULL,
    PRIMARY KEY (draw_id, target),
    FOREIGN KEY (draw_id, target) REFERENCES service_affair.inspection_result
);
COMMENT ON TABLE service_affair.result_publication IS 'When each result was published (公示)';
COMMENT ON COLUMN service_affair.result_publication.draw_id IS 'Draw';
COMMENT ON COLUMN service_affair.result_publication.target IS 'Target';
COMMENT ON COLUMN service_affair.result_publication.published_at IS 'Publication time';
COMMENT ON COLUMN service_affair.result_publication.published_by IS 'actor() who published';
SELECT pg_catalog.pg_extension_config_dump('service_affair.result_publication', '');

CREATE TRIGGER plan_append_only BEFORE UPDATE OR DELETE ON service_affair.plan
    FOR EACH ROW EXECUTE FUNCTION service_affair.insp_refuse_change();
CREATE TRIGGER draw_append_only BEFORE UPDATE OR DELETE ON service_affair.draw
    FOR EACH ROW EXECUTE FUNCTION service_affair.insp_refuse_change();
CREATE TRIGGER inspection_result_append_only BEFORE UPDATE OR DELETE ON service_affair.inspection_result
    FOR EACH ROW EXECUTE FUNCTION service_affair.insp_refuse_change();
CREATE TRIGGER result_publication_append_only BEFORE UPDATE OR DELETE ON service_affair.result_publication
    FOR EACH ROW EXECUTE FUNCTION service_affair.insp_refuse_change();
CREATE TRIGGER plan_no_truncate BEFORE TRUNCATE ON service_affair.plan
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.insp_refuse_change();
CREATE TRIGGER draw_no_truncate BEFORE TRUNCATE ON service_affair.draw
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.insp_refuse_change();
CREATE TRIGGER inspection_result_no_truncate BEFORE TRUNCATE ON service_affair.inspection_result
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.insp_refuse_change();
CREATE TRIGGER result_publication_no_truncate BEFORE TRUNCATE ON service_affair.result_publication
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.insp_refuse_change();

-- Appends one entry to the ledger of every department of a plan, in code order.
CREATE FUNCTION service_affair.insp_log_plan(plan_id bigint, kind text, payload jsonb) RETURNS void
    LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT service_affair.require_log_writer($1, $2);  -- 42501 (90_access.sql)
    SELECT pg_catalog.count(service_affair.log_append(d.code, $2, $3))
      FROM (SELECT DISTINCT u.code FROM service_affair.plan p,
                   pg_catalog.unnest(p.departments) AS u(code)
             WHERE p.id = $1 ORDER BY u.code) d;
$$;
COMMENT ON FUNCTION service_affair.insp_log_plan(bigint, text, jsonb) IS
  'Appends one entry to the ledger of each department of a plan, in department-code order (internal)';
REVOKE EXECUTE ON FUNCTION service_affair.insp_log_plan(bigint, text, jsonb) FROM PUBLIC;

CREATE FUNCTION service_affair.create_plan(name text, departments text[], rates numeric[],
        seed_commitment bytea, team_size integer DEFAULT 2,
        regions text[] DEFAULT NULL, industries text[] DEFAULT NULL) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pid     bigint;
    missing text;
BEGIN
    IF name IS NULL OR name = '' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'plan name is empty',
            DETAIL = 'A plan needs a non-empty name.';
    END IF;
    IF departments IS NULL OR pg_catalog.cardinality(departments) = 0 OR pg_catalog.array_position(departments, NULL) IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'plan has no departments',
            DETAIL = pg_catalog.format('Departments %L must list at least one department and no NULL.', departments);
    END IF;
    IF pg_catalog.cardinality(departments) > 4096 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'plan has too many departments',
            DETAIL = pg_catalog.format('A plan names at most 4096 departments, not %s.', pg_catalog.cardinality(departments));
    END IF;
    IF (SELECT pg_catalog.count(DISTINCT d) FROM pg_catalog.unnest(departments) d) <> pg_catalog.cardinality(departments) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'plan lists a department twice',
            DETAIL = pg_catalog.format('Departments %L contain a duplicate.', departments);
    END IF;
    SELECT pg_catalog.min(d) INTO missing FROM pg_catalog.unnest(departments) d
     WHERE NOT EXISTS (SELECT 1 FROM service_affair.department x WHERE x.code = d);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '23503', MESSAGE = 'unknown department',
            DETAIL = pg_catalog.format('Department %L does not exist.', missing);
    END IF;
    IF rates IS NULL OR pg_catalog.cardinality(rates) <> 4 OR pg_catalog.array_ndims(rates) <> 1
       OR EXISTS (SELECT 1 FROM pg_catalog.unnest(rates) r WHERE r IS NULL OR r < 0 OR r > 1) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid sampling rates',
            DETAIL = pg_catalog.format('Rates %L must be four numbers in [0, 1], for grades A, B, C, D.', rates);
    END IF;
    IF seed_commitment IS NULL OR pg_catalog.length(seed_commitment) <> 32 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid seed commitment',
            DETAIL = pg_catalog.format('The commitment must be sha256(seed), 32 bytes; got %s bytes.',
                                       COALESCE(pg_catalog.length(seed_commitment)::text, 'NULL'));
    END IF;
    IF team_size IS NULL OR team_size < 2 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'team size too small',
            DETAIL = pg_catalog.format('Team size %s is below 2; inspections need at least two inspectors.',
                                       COALESCE(team_size::text, 'NULL'));
    END IF;
    INSERT INTO service_affair.plan (name, departments, rates, seed_commitment, team_size, regions, industries, created_by)
        VALUES (create_plan.name, create_plan.departments, create_plan.rates, create_plan.seed_commitment,
                create_plan.team_size, create_plan.regions, create_plan.industries, service_affair.actor())
        RETURNING id INTO pid;
    PERFORM service_affair.insp_log_plan(pid, 'plan', pg_catalog.jsonb_build_object(
        'plan', pid, 'name', create_plan.name, 'departments', pg_catalog.to_jsonb(create_plan.departments),
        'rates', pg_catalog.to_jsonb(create_plan.rates),
        'seed_commitment', pg_catalog.encode(create_plan.seed_commitment, 'hex'),
        'team_size', create_plan.team_size, 'regions', pg_catalog.to_jsonb(create_plan.regions),
        'industries', pg_catalog.to_jsonb(create_plan.industries), 'actor', service_affair.actor()));
    RETURN pid;
END
$$;
COMMENT ON FUNCTION service_affair.create_plan(text, text[], numeric[], bytea, integer, text[], text[]) IS
  'Creates an inspection plan committed to sha256(seed) and logs it in each department ledger; returns the plan id';
REVOKE EXECUTE ON FUNCTION service_affair.create_plan(text, text[], numeric[], bytea, integer, text[], text[]) FROM PUBLIC;

CREATE FUNCTION service_affair.draw(plan_id bigint, seed bytea) RETURNS bigint
    AS 'MODULE_PATHNAME', 'sa_draw'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION service_affair.draw(bigint, bytea) IS
  'Draws the targets and teams of a plan from the revealed seed (once per plan); records the pool and logs the draw; returns the draw id';
REVOKE EXECUTE ON FUNCTION service_affair.draw(bigint, bytea) FROM PUBLIC;

CREATE FUNCTION service_affair.verify_draw(draw_id bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_verify_draw'
    LANGUAGE C STABLE STRICT SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION service_affair.verify_draw(bigint) IS
  'Re-runs a draw from its recorded seed and pool and compares it with the stored selection, teams, digests and log entry';

CREATE VIEW service_affair.draw_selection AS
SELECT d.id AS draw_id, u.target, t.uscc, u.risk,
       pg_catalog.string_to_array(u.team, ',') AS inspectors,
       u.rank::integer AS rank
  FROM service_affair.draw d
 CROSS JOIN LATERAL ROWS FROM (pg_catalog.unnest(d.targets), pg_catalog.unnest(d.risks), pg_catalog.unnest(d.teams)) WITH ORDINALITY AS u(target, risk, team, rank)
  JOIN service_affair.target t ON t.id = u.target;
COMMENT ON VIEW service_affair.draw_selection IS 'Targets and teams of each draw';
COMMENT ON COLUMN service_affair.draw_selection.draw_id IS 'Draw';
COMMENT ON COLUMN service_affair.draw_selection.target IS 'Target id';
COMMENT ON COLUMN service_affair.draw_selection.uscc IS 'Target USCC';
COMMENT ON COLUMN service_affair.draw_selection.risk IS 'Grade in the pool';
COMMENT ON COLUMN service_affair.draw_selection.inspectors IS 'Team, in the order chosen';
COMMENT ON COLUMN service_affair.draw_selection.rank IS 'Selection order';

-- ---------------------------------------------------------------------------
-- Results and publication

CREATE FUNCTION service_affair.record_result(draw_id bigint, target bigint, outcome text, findings text,
        at timestamptz DEFAULT pg_catalog.now()) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pid bigint;
    u   text;
BEGIN
    SELECT d.plan_id INTO pid FROM service_affair.draw d WHERE d.id = record_result.draw_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '23503', MESSAGE = 'unknown draw',
            DETAIL = pg_catalog.format('Draw %s does not exist.', COALESCE(record_result.draw_id::text, 'NULL'));
    END IF;
    PERFORM service_affair.require_department((SELECT p.departments FROM service_affair.plan p WHERE p.id = pid), 'inspector');  -- 42501 (90_access.sql)
    IF NOT EXISTS (SELECT 1 FROM service_affair.draw d
                    WHERE d.id = record_result.draw_id AND record_result.target = ANY (d.targets)) THEN
        RAISE EXCEPTION USING ERRCODE = '23503', MESSAGE = 'target not drawn',
            DETAIL = pg_catalog.format('Target %s was not drawn in draw %s.',
                                       COALESCE(record_result.target::text, 'NULL'), record_result.draw_id);
    END IF;
    IF outcome IS NULL OR outcome NOT IN ('pass', 'issues', 'fail', 'not_found') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid outcome',
            DETAIL = pg_catalog.format('Outcome %L is not one of pass, issues, fail, not_found.', outcome);
    END IF;
    IF at IS NULL OR NOT pg_catalog.isfinite(at) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid result time',
            DETAIL = pg_catalog.format('Result time %L must be a finite timestamp.', at);
    END IF;
    INSERT INTO service_affair.inspection_result AS r (draw_id, target, outcome, findings, at, recorded_by)
        VALUES (record_result.draw_id, record_result.target, record_result.outcome, record_result.findings,
                record_result.at, service_affair.actor())
        ON CONFLICT ON CONSTRAINT inspection_result_pkey DO NOTHING;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '23505', MESSAGE = 'result already recorded',
            DETAIL = pg_catalog.format('Draw %s already has a result for target %s; results are never changed.',
                                       record_result.draw_id, record_result.target);
    END IF;
    SELECT t.uscc::text INTO u FROM service_affair.target t WHERE t.id = record_result.target;
    PERFORM service_affair.insp_log_plan(pid, 'result', pg_catalog.jsonb_build_object(
        'plan', pid, 'draw', record_result.draw_id, 'target', record_result.target, 'uscc', u,
        'outcome', record_result.outcome, 'findings', record_result.findings,
        'at', record_result.at, 'actor', service_affair.actor()));
END
$$;
COMMENT ON FUNCTION service_affair.record_result(bigint, bigint, text, text, timestamptz) IS
  'Records the result of inspecting one drawn target (once) and logs it';
REVOKE EXECUTE ON FUNCTION service_affair.record_result(bigint, bigint, text, text, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.publish_results(draw_id bigint, at timestamptz DEFAULT pg_catalog.now()) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pid bigint;
    n   integer;
    us  text[];
BEGIN
    SELECT d.plan_id INTO pid FROM service_affair.draw d WHERE d.id = publish_results.draw_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '23503', MESSAGE = 'unknown draw',
            DETAIL = pg_catalog.format('Draw %s does not exist.', COALESCE(publish_results.draw_id::text, 'NULL'));
    END IF;
    IF at IS NULL OR NOT pg_catalog.isfinite(at) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid publication time',
            DETAIL = pg_catalog.format('Publication time %L must be a finite timestamp.', at);
    END IF;
    IF EXISTS (SELECT 1 FROM service_affair.inspection_result r
                WHERE r.draw_id = publish_results.draw_id AND r.at > publish_results.at
                  AND NOT EXISTS (SELECT 1 FROM service_affair.result_publication p
                                   WHERE p.draw_id = r.draw_id AND p.target = r.target)) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'publication before result',
            DETAIL = pg_catalog.format('Publication time %s precedes an unpublished result of draw %s.', at, draw_id);
    END IF;
    WITH ins AS (
        INSERT INTO service_affair.result_publication (draw_id, target, published_at, published_by)
        SELECT r.draw_id, r.target, publish_results.at, service_affair.actor()
          FROM service_affair.inspection_result r
         WHERE r.draw_id = publish_results.draw_id
           AND NOT EXISTS (SELECT 1 FROM service_affair.result_publication p
                            WHERE p.draw_id = r.draw_id AND p.target = r.target)
        RETURNING target)
    SELECT pg_catalog.count(*), pg_catalog.array_agg(t.uscc::text ORDER BY t.uscc::text)
      INTO n, us FROM ins JOIN service_affair.target t ON t.id = ins.target;
    IF n > 0 THEN
        PERFORM service_affair.insp_log_plan(pid, 'publication', pg_catalog.jsonb_build_object(
            'plan', pid, 'draw', publish_results.draw_id, 'published_at', publish_results.at,
            'count', n, 'usccs', pg_catalog.to_jsonb(us), 'actor', service_affair.actor()));
    END IF;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair.publish_results(bigint, timestamptz) IS
  'Publishes every recorded, not yet published result of a draw at the given time, logs the publication, returns how many';
REVOKE EXECUTE ON FUNCTION service_affair.publish_results(bigint, timestamptz) FROM PUBLIC;

CREATE VIEW service_affair.public_results AS
SELECT p.id AS plan, p.name AS plan_name, p.departments, t.uscc, t.name, r.outcome, r.findings,
       service_affair.local_day(r.at) AS result_date,
       service_affair.add_workdays(service_affair.local_day(r.at), 20) AS publish_due,
       pb.published_at,
       service_affair.local_day(pb.published_at)
         <= service_affair.add_workdays(service_affair.local_day(r.at), 20) AS deadline_met,
       r.draw_id, r.target
  FROM service_affair.result_publication pb
  JOIN service_affair.inspection_result r ON r.draw_id = pb.draw_id AND r.target = pb.target
  JOIN service_affair.draw d ON d.id = r.draw_id
  JOIN service_affair.plan p ON p.id = d.plan_id
  JOIN service_affair.target t ON t.id = r.target;
COMMENT ON VIEW service_affair.public_results IS
  'Published inspection results (一公开) with the 20-working-day publication limit and whether it was met';
COMMENT ON COLUMN service_affair.public_results.plan IS 'Plan id';
COMMENT ON COLUMN service_affair.public_results.plan_name IS 'Plan name';
COMMENT ON COLUMN service_affair.public_results.departments IS 'Departments of the plan';
COMMENT ON COLUMN service_affair.public_results.uscc IS 'Target USCC';
COMMENT ON COLUMN service_affair.public_results.name IS 'Target name';
COMMENT ON COLUMN service_affair.public_results.outcome IS 'pass, issues, fail or not_found';
COMMENT ON COLUMN service_affair.public_results.findings IS 'Findings';
COMMENT ON COLUMN service_affair.public_results.result_date IS 'Local (cn) day of the result';
COMMENT ON COLUMN service_affair.public_results.publish_due IS '20 working days after the result date';
COMMENT ON COLUMN service_affair.public_results.published_at IS 'When it was published';
COMMENT ON COLUMN service_affair.public_results.deadline_met IS 'Published on or before publish_due (local day)';
COMMENT ON COLUMN service_affair.public_results.draw_id IS 'Draw';
COMMENT ON COLUMN service_affair.public_results.target IS 'Target id';
-- Access model.  Roles are cluster-wide objects, so the install script does
-- not create them: a DBA calls service_affair.create_roles() once per cluster
-- (and again after an upgrade, which is harmless: it is idempotent).
--
-- The grant matrix is data, so that an upgrade script adds the rows of the
-- objects it adds and create_roles() stays the same.  Application roles get
-- EXECUTE on API functions and SELECT on views; nobody but the admin role
-- writes tables directly, and nobody at all can UPDATE or DELETE append-only
-- tables (the history and the inspection log).

CREATE FUNCTION service_affair.create_roles() RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r    text;
    g    record;
BEGIN
    FOREACH r IN ARRAY ARRAY['admin','clerk','reviewer','inspector','analyst','public'] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'service_affair_' || r) THEN
            EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', 'service_affair_' || r);
        END IF;
        EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA service_affair TO %I', 'service_affair_' || r);
    END LOOP;

    FOR g IN SELECT * FROM service_affair.role_grant ORDER BY role, object, privilege LOOP
        IF g.privilege = 'EXECUTE' THEN
            EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO %I',
                                      g.object::pg_catalog.regprocedure, 'service_affair_' || g.role);
        ELSE
            EXECUTE pg_catalog.format('GRANT %s ON TABLE %s TO %I', g.privilege,
                                      g.object::pg_catalog.regclass, 'service_affair_' || g.role);
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair.create_roles() IS
  'Create the NOLOGIN group roles service_affair_{admin,clerk,reviewer,inspector,analyst,public} if missing and apply the grant matrix; idempotent';
REVOKE EXECUTE ON FUNCTION service_affair.create_roles() FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Public reference data and functions that must not be public.
--
-- The working-day functions run with the caller's privileges (they carry no
-- SET clause, see 20_calendar.sql) and read the calendar tables: calendars
-- are published State Council notices, so everybody may read them.
GRANT SELECT ON service_affair.calendar, service_affair.calendar_day TO PUBLIC;
-- verify_log() re-hashes the inspection log, which holds unpublished
-- results; only the roles that may read the log run it.
REVOKE EXECUTE ON FUNCTION service_affair.verify_log(text) FROM PUBLIC;
-- The task policy of 50_routing.sql calls these as the querying role; they
-- answer only about the caller itself.
GRANT EXECUTE ON FUNCTION service_affair.sees_all_tasks(), service_affair.staff_departments() TO PUBLIC;

-- ---------------------------------------------------------------------------
-- Who the caller is.  actor() is the calling role even inside SECURITY
-- DEFINER functions; these helpers answer "is the caller acting as <role>"
-- and "for which departments and regions".  A superuser acts as every role.

CREATE FUNCTION service_affair.acts_as(role text) RETURNS boolean
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    g oid := pg_catalog.to_regrole(pg_catalog.quote_ident('service_affair_' || role));
    who name := service_affair.actor();
BEGIN
    IF g IS NOT NULL THEN
        RETURN pg_catalog.pg_has_role(who, g, 'MEMBER');   -- true for superusers
    END IF;
    RETURN COALESCE((SELECT u.rolsuper FROM pg_catalog.pg_roles u WHERE u.rolname = who), false);
END
$$;
COMMENT ON FUNCTION service_affair.acts_as(text) IS
  'Whether the calling role (actor()) is a superuser or a member of service_affair_<role>; a superuser acts as every role, even before create_roles() made them, everybody else as none';

CREATE FUNCTION service_affair.my_departments(role text) RETURNS text[]
    LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT service_affair.acts_as(role) THEN
        RETURN '{}';
    END IF;
    RETURN (SELECT COALESCE(pg_catalog.array_agg(s.department ORDER BY s.department), '{}')
              FROM service_affair.staff s WHERE s.login = service_affair.actor());
END
$$;
COMMENT ON FUNCTION service_affair.my_departments(text) IS
  'Departments the calling role works for (its staff rows), or an empty array when it does not act as service_affair_<role>';

CREATE FUNCTION service_affair.my_regions(role text) RETURNS text[]
    LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT service_affair.acts_as(role) THEN
        RETURN '{}';
    END IF;
    RETURN (SELECT COALESCE(pg_catalog.array_agg(DISTINCT d.region ORDER BY d.region), '{}')
              FROM service_affair.staff s
              JOIN service_affair.department d ON d.code = s.department
             WHERE s.login = service_affair.actor() AND d.region IS NOT NULL);
END
$$;
COMMENT ON FUNCTION service_affair.my_regions(text) IS
  'Regions (GB/T 2260) of the departments the calling role works for, or an empty array when it does not act as service_affair_<role>';

-- The checks the writing API functions make (42501 when they fail).  An
-- administrator (or a superuser) passes every check.
CREATE FUNCTION service_affair.require_region(region text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF service_affair.acts_as('admin') THEN
        RETURN;
    END IF;
    IF region IS NULL OR NOT region OPERATOR(pg_catalog.=) ANY (service_affair.my_regions('clerk')) THEN
        RAISE EXCEPTION 'permission denied for region %', COALESCE(region, 'NULL')
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is not a clerk of a department in region %s.',
                                             pg_catalog.quote_ident(service_affair.actor()),
                                             COALESCE(pg_catalog.quote_literal(region), 'NULL'));
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.require_region(text) IS
  'Internal: raises 42501 unless the caller is an administrator or a clerk (service_affair_clerk) working for a department of the region';

CREATE FUNCTION service_affair.require_department(departments text[], role text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF service_affair.acts_as('admin') THEN
        RETURN;
    END IF;
    IF departments IS NULL OR NOT (departments OPERATOR(pg_catalog.&&) service_affair.my_departments(role)) THEN
        RAISE EXCEPTION 'permission denied for department %', COALESCE(pg_catalog.array_to_string(departments, ', '), 'NULL')
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is not a %s of department %s.',
                                             pg_catalog.quote_ident(service_affair.actor()), role,
                                             COALESCE(pg_catalog.array_to_string(departments, ' or '), 'NULL'));
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.require_department(text[], text) IS
  'Internal: raises 42501 unless the caller is an administrator or acts as service_affair_<role> for one of the departments';
CREATE FUNCTION service_affair.require_case(case_id bigint) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_region text;
BEGIN
    IF service_affair.acts_as('admin') THEN
        RETURN;
    END IF;
    SELECT c.region INTO v_region FROM service_affair.cases c WHERE c.id = require_case.case_id;
    IF v_region OPERATOR(pg_catalog.=) ANY (service_affair.my_regions('clerk')) THEN
        RETURN;
    END IF;
    RAISE EXCEPTION 'permission denied for case %', COALESCE(case_id::text, 'NULL')
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = pg_catalog.format('Role %s is not a clerk of region %s, where case %s was submitted.',
                                         pg_catalog.quote_ident(service_affair.actor()),
                                         COALESCE(pg_catalog.quote_literal(v_region), 'NULL'), COALESCE(case_id::text, 'NULL'));
END
$$;
COMMENT ON FUNCTION service_affair.require_case(bigint) IS
  'Internal: raises 42501 unless the caller is an administrator or a clerk of the region where the case was submitted';
CREATE FUNCTION service_affair.require_admin() RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT service_affair.acts_as('admin') THEN
        RAISE EXCEPTION 'permission denied: administrators only'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is not a member of service_affair_admin.',
                                             pg_catalog.quote_ident(service_affair.actor()));
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.require_admin() IS
  'Internal: raises 42501 unless the caller is a superuser or a member of service_affair_admin';

-- Every write of the inspection records goes through insp_log_plan(): a
-- result needs an inspector of one of the plan's departments, a plan, a draw
-- and a publication an administrator.
CREATE FUNCTION service_affair.require_log_writer(plan_id bigint, kind text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF kind = 'result' THEN
        PERFORM service_affair.require_department(
            (SELECT p.departments FROM service_affair.plan p WHERE p.id = require_log_writer.plan_id), 'inspector');
    ELSE
        PERFORM service_affair.require_admin();
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.require_log_writer(bigint, text) IS
  'Internal: raises 42501 unless the caller may write this kind of inspection record for the plan (result: an inspector of its departments; plan, draw, publication: an administrator)';
REVOKE EXECUTE ON FUNCTION service_affair.require_region(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.require_admin() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.require_log_writer(bigint, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.require_case(bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.require_department(text[], text) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Personal data seen by analysts: names of persons keep their first
-- character, resident ids keep region and the last four characters;
-- organisations (uscc, registered name) are public records and stay visible.

CREATE FUNCTION service_affair.mask_name(name text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.left(name, 1) OPERATOR(pg_catalog.||)
       pg_catalog.repeat('*', GREATEST(pg_catalog.char_length(name) OPERATOR(pg_catalog.-) 1, 1));
COMMENT ON FUNCTION service_affair.mask_name(text) IS
  'A person''s name with every character after the first replaced by * (张三丰 → 张**; at least one *)';

CREATE VIEW service_affair.applicant_masked AS
SELECT a.id, a.kind,
       service_affair.mask(a.resident_id) AS resident_id,
       a.uscc,
       CASE WHEN a.kind = 'person' THEN service_affair.mask_name(a.name) ELSE a.name END AS name,
       a.credit_ok
  FROM service_affair.applicant a;
COMMENT ON VIEW service_affair.applicant_masked IS
  'Applicants as analysts see them: resident ids and persons'' names masked, organisations in clear';
COMMENT ON COLUMN service_affair.applicant_masked.id IS 'Applicant id';
COMMENT ON COLUMN service_affair.applicant_masked.kind IS 'person or org';
COMMENT ON COLUMN service_affair.applicant_masked.resident_id IS 'mask(resident_id): first 6 and last 4 characters kept (persons)';
COMMENT ON COLUMN service_affair.applicant_masked.uscc IS 'Unified social credit code (organisations), in clear';
COMMENT ON COLUMN service_affair.applicant_masked.name IS 'Person: first character then *; organisation: registered name';
COMMENT ON COLUMN service_affair.applicant_masked.credit_ok IS 'Credit flag';

-- ---------------------------------------------------------------------------
-- Registering applicants at the window: clerks have no INSERT on applicant.

CREATE FUNCTION service_affair.register_applicant(kind text, identifier text, name text,
    credit_ok boolean DEFAULT true)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_id bigint;
BEGIN
    IF NOT (service_affair.acts_as('admin') OR service_affair.acts_as('clerk')) THEN
        RAISE EXCEPTION 'permission denied for function register_applicant'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is neither a clerk nor an administrator.',
                                             pg_catalog.quote_ident(service_affair.actor()));
    END IF;
    IF kind IS NULL OR kind NOT IN ('person', 'org') THEN
        RAISE EXCEPTION 'invalid applicant kind'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Kind %s is not one of person, org.', COALESCE(pg_catalog.quote_literal(kind), 'NULL'));
    END IF;
    IF name IS NULL OR name = '' OR identifier IS NULL OR credit_ok IS NULL THEN
        RAISE EXCEPTION 'applicant identifier, name and credit flag are required'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'An applicant needs an identifier, a non-empty name and a credit flag.';
    END IF;
    IF kind = 'person' THEN
        SELECT a.id INTO v_id FROM service_affair.applicant a
         WHERE a.resident_id OPERATOR(service_affair.=) identifier::service_affair.resident_id;
        IF NOT FOUND THEN
            INSERT INTO service_affair.applicant AS a (kind, resident_id, name, credit_ok)
            VALUES ('person', identifier::service_affair.resident_id, name, credit_ok)
            ON CONFLICT (resident_id) DO NOTHING
            RETURNING a.id INTO v_id;
        END IF;
    ELSE
        SELECT a.id INTO v_id FROM service_affair.applicant a
         WHERE a.uscc OPERATOR(service_affair.=) identifier::service_affair.uscc;
        IF NOT FOUND THEN
            INSERT INTO service_affair.applicant AS a (kind, uscc, name, credit_ok)
            VALUES ('org', identifier::service_affair.uscc, name, credit_ok)
            ON CONFLICT (uscc) DO NOTHING
            RETURNING a.id INTO v_id;
        END IF;
    END IF;
    IF v_id IS NULL THEN
        -- registered concurrently by another session
        SELECT a.id INTO STRICT v_id FROM service_affair.applicant a
         WHERE a.resident_id OPERATOR(service_affair.=) CASE WHEN kind = 'person' THEN identifier::service_affair.resident_id END
            OR a.uscc OPERATOR(service_affair.=) CASE WHEN kind = 'org' THEN identifier::service_affair.uscc END;
    END IF;
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION service_affair.register_applicant(text, text, text, boolean) IS
  'Returns the id of the applicant with this resident id (kind person) or uscc (kind org), registering it first when new; an existing applicant is returned unchanged; clerks and administrators';
REVOKE EXECUTE ON FUNCTION service_affair.register_applicant(text, text, text, boolean) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Row-level security.  The API functions are SECURITY DEFINER and owned by
-- the extension owner, so they see every row; these policies scope what
-- group roles read directly.  Policies name no group role (roles are created
-- after the install script by create_roles()); each asks acts_as() and the
-- staff table instead.  (SELECT f()) makes the planner evaluate the caller's
-- role and departments once per query, not once per row.
ALTER TABLE service_affair.cases ENABLE ROW LEVEL SECURITY;
ALTER TABLE service_affair.case_material ENABLE ROW LEVEL SECURITY;
ALTER TABLE service_affair.case_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE service_affair.applicant ENABLE ROW LEVEL SECURITY;
ALTER TABLE service_affair.evidence ENABLE ROW LEVEL SECURITY;

CREATE POLICY cases_admin ON service_affair.cases FOR SELECT
    USING ((SELECT service_affair.acts_as('admin')));
COMMENT ON POLICY cases_admin ON service_affair.cases IS 'Administrators see every case';
CREATE POLICY cases_clerk ON service_affair.cases FOR SELECT
    USING (region = ANY ((SELECT service_affair.my_regions('clerk'))::text[]));
COMMENT ON POLICY cases_clerk ON service_affair.cases IS
  'Clerks see the cases submitted in the regions of the departments they work for';

-- Reviewers see the cases with a task of their departments.  The policy
-- asks a SECURITY DEFINER function: a subquery on task would need SELECT on
-- task from every role that reads cases (clerks do not have it).
CREATE FUNCTION service_affair.my_task_cases() RETURNS bigint[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    deps text[] := service_affair.my_departments('reviewer');
BEGIN
    IF pg_catalog.cardinality(deps) = 0 THEN
        RETURN '{}';
    END IF;
    RETURN (SELECT COALESCE(pg_catalog.array_agg(DISTINCT t.case_id), '{}')
              FROM service_affair.task t WHERE t.department = ANY (deps));
END
$$;
COMMENT ON FUNCTION service_affair.my_task_cases() IS
  'Ids of the cases having a task of a department the calling role works for as a reviewer (empty for other roles)';

CREATE POLICY cases_reviewer ON service_affair.cases FOR SELECT
    USING (id IN (SELECT pg_catalog.unnest(service_affair.my_task_cases())));
COMMENT ON POLICY cases_reviewer ON service_affair.cases IS
  'Reviewers see the cases that have a task of a department they work for';

CREATE POLICY case_material_visible ON service_affair.case_material FOR SELECT
    USING (EXISTS (SELECT 1 FROM service_affair.cases c WHERE c.id = case_material.case_id));
COMMENT ON POLICY case_material_visible ON service_affair.case_material IS 'Materials of the cases the caller sees';
CREATE POLICY case_event_visible ON service_affair.case_event FOR SELECT
    USING (EXISTS (SELECT 1 FROM service_affair.cases c WHERE c.id = case_event.case_id));
COMMENT ON POLICY case_event_visible ON service_affair.case_event IS 'History of the cases the caller sees';

CREATE POLICY applicant_admin ON service_affair.applicant FOR ALL
    USING ((SELECT service_affair.acts_as('admin'))) WITH CHECK ((SELECT service_affair.acts_as('admin')));
COMMENT ON POLICY applicant_admin ON service_affair.applicant IS 'Administrators see and maintain every applicant';
CREATE POLICY applicant_visible ON service_affair.applicant FOR SELECT
    USING (EXISTS (SELECT 1 FROM service_affair.cases c WHERE c.applicant = applicant.id));
COMMENT ON POLICY applicant_visible ON service_affair.applicant IS 'Applicants of the cases the caller sees';
CREATE POLICY evidence_admin ON service_affair.evidence FOR ALL
    USING ((SELECT service_affair.acts_as('admin'))) WITH CHECK ((SELECT service_affair.acts_as('admin')));
COMMENT ON POLICY evidence_admin ON service_affair.evidence IS 'Administrators see and maintain all shared evidence';
CREATE POLICY evidence_visible ON service_affair.evidence FOR SELECT
    USING (EXISTS (SELECT 1 FROM service_affair.applicant a WHERE a.id = evidence.applicant));
COMMENT ON POLICY evidence_visible ON service_affair.evidence IS 'Evidence of the applicants the caller sees';

-- ---------------------------------------------------------------------------
-- The grant matrix of the objects of 05-49 and 70-79 (routing, ratings and
-- the analyst views add their own rows).  doc/access.md shows it as a table.
INSERT INTO service_affair.role_grant (role, privilege, object)
SELECT 'admin', p, o
  FROM pg_catalog.unnest(ARRAY['SELECT','INSERT','UPDATE','DELETE']) p,
       pg_catalog.unnest(ARRAY['service_affair.calendar', 'service_affair.calendar_day',
                    'service_affair.item', 'service_affair.material', 'service_affair.bundle', 'service_affair.bundle_item',
                    'service_affair.applicant', 'service_affair.evidence',
                    'service_affair.target', 'service_affair.inspector', 'service_affair.recusal']) o
ON CONFLICT DO NOTHING;
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    -- records written only through the API: administrators read them
    ('admin', 'SELECT', 'service_affair.cases'),
    ('admin', 'SELECT', 'service_affair.case_material'),
    ('admin', 'SELECT', 'service_affair.case_event'),
    ('admin', 'SELECT', 'service_affair.ledger'),
    ('admin', 'SELECT', 'service_affair.inspection_log'),
    ('admin', 'SELECT', 'service_affair.plan'),
    ('admin', 'SELECT', 'service_affair.draw'),
    ('admin', 'SELECT', 'service_affair.inspection_result'),
    ('admin', 'SELECT', 'service_affair.result_publication'),
    ('admin', 'SELECT', 'service_affair.draw_selection'),
    ('admin', 'SELECT', 'service_affair.public_results'),
    ('admin', 'SELECT', 'service_affair.applicant_masked'),
    ('admin', 'EXECUTE', 'service_affair.completeness(text,bigint,text[],text[],timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.submit(text,bigint,text[],text,text[],timestamptz,text)'),
    ('admin', 'EXECUTE', 'service_affair.notice(bigint)'),
    ('admin', 'EXECUTE', 'service_affair.supplement(bigint,text[],timestamptz,text)'),
    ('admin', 'EXECUTE', 'service_affair.withdraw(bigint,timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.record_visit(bigint,timestamptz,text)'),
    ('admin', 'EXECUTE', 'service_affair.deliver(bigint,text,timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.register_applicant(text,text,text,boolean)'),
    ('admin', 'EXECUTE', 'service_affair.create_ledger(text,text)'),
    ('admin', 'EXECUTE', 'service_affair.create_plan(text,text[],numeric[],bytea,integer,text[],text[])'),
    ('admin', 'EXECUTE', 'service_affair.draw(bigint,bytea)'),
    ('admin', 'EXECUTE', 'service_affair.record_result(bigint,bigint,text,text,timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.publish_results(bigint,timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.verify_log(text)'),
    -- window clerks: the published guide, their region's cases, the case API
    ('clerk', 'SELECT', 'service_affair.department'),
    ('clerk', 'SELECT', 'service_affair.item'),
    ('clerk', 'SELECT', 'service_affair.material'),
    ('clerk', 'SELECT', 'service_affair.bundle'),
    ('clerk', 'SELECT', 'service_affair.bundle_item'),
    ('clerk', 'SELECT', 'service_affair.applicant'),
    ('clerk', 'SELECT', 'service_affair.evidence'),
    ('clerk', 'SELECT', 'service_affair.cases'),
    ('clerk', 'SELECT', 'service_affair.case_material'),
    ('clerk', 'SELECT', 'service_affair.case_event'),
    ('clerk', 'EXECUTE', 'service_affair.completeness(text,bigint,text[],text[],timestamptz)'),
    ('clerk', 'EXECUTE', 'service_affair.submit(text,bigint,text[],text,text[],timestamptz,text)'),
    ('clerk', 'EXECUTE', 'service_affair.notice(bigint)'),
    ('clerk', 'EXECUTE', 'service_affair.supplement(bigint,text[],timestamptz,text)'),
    ('clerk', 'EXECUTE', 'service_affair.withdraw(bigint,timestamptz)'),
    ('clerk', 'EXECUTE', 'service_affair.record_visit(bigint,timestamptz,text)'),
    ('clerk', 'EXECUTE', 'service_affair.deliver(bigint,text,timestamptz)'),
    ('clerk', 'EXECUTE', 'service_affair.register_applicant(text,text,text,boolean)'),
    -- back-office reviewers: the guide and the cases of their departments' tasks
    ('reviewer', 'SELECT', 'service_affair.department'),
    ('reviewer', 'SELECT', 'service_affair.item'),
    ('reviewer', 'SELECT', 'service_affair.material'),
    ('reviewer', 'SELECT', 'service_affair.bundle'),
    ('reviewer', 'SELECT', 'service_affair.bundle_item'),
    ('reviewer', 'SELECT', 'service_affair.applicant'),
    ('reviewer', 'SELECT', 'service_affair.evidence'),
    ('reviewer', 'SELECT', 'service_affair.cases'),
    ('reviewer', 'SELECT', 'service_affair.case_material'),
    ('reviewer', 'SELECT', 'service_affair.case_event'),
    -- inspectors: directories, plans, draws, their log; record results
    ('inspector', 'SELECT', 'service_affair.department'),
    ('inspector', 'SELECT', 'service_affair.target'),
    ('inspector', 'SELECT', 'service_affair.inspector'),
    ('inspector', 'SELECT', 'service_affair.recusal'),
    ('inspector', 'SELECT', 'service_affair.ledger'),
    ('inspector', 'SELECT', 'service_affair.inspection_log'),
    ('inspector', 'SELECT', 'service_affair.plan'),
    ('inspector', 'SELECT', 'service_affair.draw'),
    ('inspector', 'SELECT', 'service_affair.inspection_result'),
    ('inspector', 'SELECT', 'service_affair.result_publication'),
    ('inspector', 'SELECT', 'service_affair.draw_selection'),
    ('inspector', 'SELECT', 'service_affair.public_results'),
    ('inspector', 'EXECUTE', 'service_affair.record_result(bigint,bigint,text,text,timestamptz)'),
    ('inspector', 'EXECUTE', 'service_affair.verify_log(text)'),
    -- analysts: the guide, masked applicants, published results (+ the analyst views, 65)
    ('analyst', 'SELECT', 'service_affair.department'),
    ('analyst', 'SELECT', 'service_affair.item'),
    ('analyst', 'SELECT', 'service_affair.material'),
    ('analyst', 'SELECT', 'service_affair.bundle'),
    ('analyst', 'SELECT', 'service_affair.bundle_item'),
    ('analyst', 'SELECT', 'service_affair.applicant_masked'),
    ('analyst', 'SELECT', 'service_affair.public_results'),
    -- the public: published inspection results only
    ('public', 'SELECT', 'service_affair.public_results')
ON CONFLICT DO NOTHING;

-- ---------------------------------------------------------------------------
-- Dump and restore.  Every sequence of the extension (the identity columns
-- of cases, applicants, targets, plans, draws, and of the parts before this
-- one) is marked for pg_dump, so that a restored database continues its
-- ids instead of handing out ids the restored rows already use.  Tables mark
-- themselves next to their CREATE TABLE.
DO $$
DECLARE
    s pg_catalog.regclass;
BEGIN
    FOR s IN SELECT c.oid::pg_catalog.regclass
               FROM pg_catalog.pg_class c
               JOIN pg_catalog.pg_depend d ON d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
                                          AND d.objid OPERATOR(pg_catalog.=) c.oid
                                          AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
              WHERE c.relkind OPERATOR(pg_catalog.=) 'S'
                AND c.relnamespace OPERATOR(pg_catalog.=) 'service_affair'::pg_catalog.regnamespace
                AND NOT c.oid OPERATOR(pg_catalog.=) ANY (COALESCE((SELECT e.extconfig FROM pg_catalog.pg_extension e
                                                                     WHERE e.extname OPERATOR(pg_catalog.=) 'service_affair'), '{}'))
              ORDER BY c.relname
    LOOP
        PERFORM pg_catalog.pg_extension_config_dump(s, '');
    END LOOP;
END
$$;
