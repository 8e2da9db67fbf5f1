-- Ids that carry the month of submission (issue 17, part 1.1, its first step;
-- doc/scale.md "Design: the case id carries the month of submission"; the
-- rule's one home is src/core/caseid.c):
--
--   case id = k × 10^15 + month_index × 10^10 + n mod 10^10
--   month_index = (year − 2000) × 12 + month of the submission in UTC (2026-12 is 324)
--   n = nextval of the sequence of cases; k = n div 10^12, the region shard
--       that numbered it (0 on a single node; service_affair_shard.setup_shard())
--
-- A task or a rating takes the month of its case (and, like a case, the
-- shard that drew its sequence value: after a region moved, a shard makes
-- tasks for cases another shard numbered).  So the
-- history can be partitioned by the month of the case id, and a lookup by a
-- case, task or rating id names its month.  Ids issued before 0.2.0 (below
-- 10^10) keep their values and carry month 0.  This part is wholly new in
-- 0.2.0: its update file is a link.

CREATE FUNCTION service_affair.case_id(at timestamptz, n bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'sa_case_id'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.case_id(timestamptz, bigint) IS
  'Internal: the case id of a submission at the given time with sequence value n: (n div 10^12) × 10^15 + month index × 10^10 + n mod 10^10, the month index (year − 2000) × 12 + month in UTC (2026-12, n = 42: 3240000000042); 22023 before 2000-01 or after 10333-03, or for a negative n or one beyond shard 9222';
REVOKE EXECUTE ON FUNCTION service_affair.case_id(timestamptz, bigint) FROM PUBLIC;

CREATE FUNCTION service_affair.month_floor(id bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'sa_month_floor'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.month_floor(bigint) IS
  'Internal: the lowest id of the month (and shard) a case, task or rating id carries, id − id mod 10^10: the lower bound of its month''s range of ids; 22023 for a negative id';
REVOKE EXECUTE ON FUNCTION service_affair.month_floor(bigint) FROM PUBLIC;

CREATE FUNCTION service_affair.month_id(of_id bigint, n bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'sa_month_id'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.month_id(bigint, bigint) IS
  'Internal: the id of a task or rating of case of_id with sequence value n: (n div 10^12) × 10^15 + the month of of_id × 10^10 + n mod 10^10: in the month of its case, in the range of the shard that drew n; 22023 for a negative id or n';
REVOKE EXECUTE ON FUNCTION service_affair.month_id(bigint, bigint) FROM PUBLIC;

CREATE FUNCTION service_affair.case_month(id bigint) RETURNS date
    AS 'MODULE_PATHNAME', 'sa_case_month'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.case_month(bigint) IS
  'The month of submission a case, task or rating number carries, as its first day (case_month(3240000000042) = 2026-12-01, UTC); NULL for a number issued before 0.2.0; 22023 for a negative number';
REVOKE EXECUTE ON FUNCTION service_affair.case_month(bigint) FROM PUBLIC;

-- The bound of a period's scan by id: the indicators' period functions
-- (65_views.sql) add it beside their bound on submitted_at, so that the
-- planner leaves out every month of the history the period does not touch.
CREATE FUNCTION service_affair.month_floor_at(at timestamptz) RETURNS bigint
    AS 'MODULE_PATHNAME', 'sa_month_floor_at'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.month_floor_at(timestamptz) IS
  'The first case number of the month of at (UTC) on a single node, case_id(at, 0): 0 before 2000-01 and for -infinity, the last month''s first number after 10333-03 and for infinity; the id bound of the indicators'' period scans';
REVOKE EXECUTE ON FUNCTION service_affair.month_floor_at(timestamptz) FROM PUBLIC;

-- Whether a case, task or rating number may belong to a case submitted in
-- [from_at, before_at): numbers of 0.1.0 (month 0) and of region shards
-- (≥ 10^15: a shard also holds other shards' numbers) always may; a single
-- node's only when they carry one of the UTC months from_at..before_at.
-- SQL with a standard body, IMMUTABLE: inlined into the period scans, where
-- its bounds fold into constants and prune the history's months.
CREATE FUNCTION service_affair.number_in_months(id bigint, from_at timestamptz, before_at timestamptz) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN id < 10000000000 OR id >= 1000000000000000
        OR (id >= service_affair.month_floor_at(from_at)
            AND id < service_affair.month_floor_at(before_at) + 10000000000);
COMMENT ON FUNCTION service_affair.number_in_months(bigint, timestamptz, timestamptz) IS
  'Whether a case, task or rating number may be of a case submitted from from_at (inclusive) to before_at (exclusive): always for a number of 0.1.0 or of a region shard, else when it carries one of the UTC months of the interval; the id bound of the indicators'' period scans (inlined)';
REVOKE EXECUTE ON FUNCTION service_affair.number_in_months(bigint, timestamptz, timestamptz) FROM PUBLIC;

INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'EXECUTE', 'service_affair.month_floor_at(timestamp with time zone)'),
    ('clerk', 'EXECUTE', 'service_affair.month_floor_at(timestamp with time zone)'),
    ('reviewer', 'EXECUTE', 'service_affair.month_floor_at(timestamp with time zone)'),
    ('inspector', 'EXECUTE', 'service_affair.month_floor_at(timestamp with time zone)'),
    ('analyst', 'EXECUTE', 'service_affair.month_floor_at(timestamp with time zone)'),
    ('public', 'EXECUTE', 'service_affair.month_floor_at(timestamp with time zone)'),
    ('admin', 'EXECUTE', 'service_affair.number_in_months(bigint,timestamp with time zone,timestamp with time zone)'),
    ('clerk', 'EXECUTE', 'service_affair.number_in_months(bigint,timestamp with time zone,timestamp with time zone)'),
    ('reviewer', 'EXECUTE', 'service_affair.number_in_months(bigint,timestamp with time zone,timestamp with time zone)'),
    ('inspector', 'EXECUTE', 'service_affair.number_in_months(bigint,timestamp with time zone,timestamp with time zone)'),
    ('analyst', 'EXECUTE', 'service_affair.number_in_months(bigint,timestamp with time zone,timestamp with time zone)'),
    ('public', 'EXECUTE', 'service_affair.number_in_months(bigint,timestamp with time zone,timestamp with time zone)'),
    ('admin', 'EXECUTE', 'service_affair.case_month(bigint)'),
    ('clerk', 'EXECUTE', 'service_affair.case_month(bigint)'),
    ('reviewer', 'EXECUTE', 'service_affair.case_month(bigint)'),
    ('inspector', 'EXECUTE', 'service_affair.case_month(bigint)'),
    ('analyst', 'EXECUTE', 'service_affair.case_month(bigint)'),
    ('public', 'EXECUTE', 'service_affair.case_month(bigint)')
ON CONFLICT DO NOTHING;
