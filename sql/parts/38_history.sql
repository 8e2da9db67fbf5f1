-- Partitioned history, ids (issue 17, part 1.1; doc/scale.md "One node holds a
-- province"): every case id carries the month of its submission, and the ids of
-- its tasks and rating carry the same month, so that the history can be
-- partitioned by month of the case id and a by-id lookup reaches one month.
--
--   case id = month_index × 10^10 + n mod 10^10
--   month_index = (year − 2000) × 12 + month of the submission (UTC): 2026-11 is 323
--   n = nextval of the table's sequence (one sequence, as before)
-- Ids issued before 0.2 (below 10^10) keep their values: they are month 0.

CREATE FUNCTION service_affair.case_id(at timestamptz, n bigint) RETURNS bigint
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m integer := (pg_catalog.date_part('year', at AT TIME ZONE 'UTC')::integer - 2000) * 12
                 + pg_catalog.date_part('month', at AT TIME ZONE 'UTC')::integer;
BEGIN
    IF m < 1 OR m >= 100000 OR n < 0 THEN
        RAISE EXCEPTION 'time outside the range of case ids'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before 2000-01-01 or after 10333-03-31 UTC, or sequence value %s is negative.', at, n);
    END IF;
    RETURN m::bigint * 10000000000 + n % 10000000000;
END
$$;
COMMENT ON FUNCTION service_affair.case_id(timestamptz, bigint) IS
  'The case id of a submission at the given time with sequence value n: month index ((year − 2000) × 12 + month, UTC) × 10^10 + n mod 10^10 (2026-11: 3230000000000 + n); 22023 before 2000 or after month 99999';

CREATE FUNCTION service_affair.month_floor(id bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN id - id % 10000000000;
COMMENT ON FUNCTION service_affair.month_floor(bigint) IS
  'The lowest id of the month an id carries (id − id mod 10^10): the lower bound of its history partition; a task or rating id gives the month of its case';

CREATE FUNCTION service_affair.month_id(of_id bigint, n bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN service_affair.month_floor(of_id) + n % 10000000000;
COMMENT ON FUNCTION service_affair.month_id(bigint, bigint) IS
  'Internal: an id in the month of another id (the case of a task or rating) with sequence value n: month_floor(of_id) + n mod 10^10';
REVOKE EXECUTE ON FUNCTION service_affair.month_id(bigint, bigint) FROM PUBLIC;
