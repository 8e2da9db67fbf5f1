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
