-- Settling (issue 17, part 1.1, slice 2; doc/scale.md, "Slice 2: settling"):
-- a case that can change no more moves, with every row of it, from the open
-- partitions (<t>_active) into the history (<t>_settled, one partition per
-- month of the case id), so that open work stays a small, constant set
-- however much history there is.  The rule has one home, src/core/settle.c;
-- the move is src/settle.c.  New in 0.2.0: its update file is a link.

-- The quiet period, setting settle.quiet_days (default 90 when absent, as
-- the credit settings: the update adds no row to a table of 0.1.0): a case
-- settles only when its last event is this many days old (a rating, a
-- visit, any event restarts it).  After settling, every write to the case
-- is refused (55000): rate() too, which has no time limit of its own, hence
-- a setting.  A DBA sets it with
--   INSERT INTO service_affair.setting (name, value) VALUES ('settle.quiet_days', '180');
ALTER TABLE service_affair.setting ADD CONSTRAINT setting_settle_days CHECK (
    name <> 'settle.quiet_days' OR (value ~ '^[0-9]{1,5}$' AND value::integer <= 36500));
COMMENT ON CONSTRAINT setting_settle_days ON service_affair.setting IS
  'settle.quiet_days is an integer between 0 and 36500 days';

CREATE FUNCTION service_affair.settle_cases(at timestamptz DEFAULT pg_catalog.now(), max_cases integer DEFAULT 1000)
    RETURNS integer
    AS 'MODULE_PATHNAME', 'sa_settle_cases'
    LANGUAGE C VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION service_affair.settle_cases(timestamptz, integer) IS
  'Moves at most max_cases cases that can change no more into the history and returns how many: withdrawn, revoked and returned cases, and concluded ones delivered with no tolerated material owed, with no leg under way, no commitment check and no rectification open, whose last event is at least settle.quiet_days before at; each with all its rows (materials, events, tasks, suspensions, rating, rectification, legs, checks), after a settled event, into the history partitions of its month (made when missing); a case a writer holds is left for the next run; one run at a time; 22023 at null or infinite, max_cases outside 1..100000';
REVOKE EXECUTE ON FUNCTION service_affair.settle_cases(timestamptz, integer) FROM PUBLIC;

-- Internal: the month of a table's history holding an id, made when
-- missing (a region move copies settled rows: service_affair_shard).
CREATE FUNCTION service_affair.history_month(tbl text, id bigint) RETURNS void
    AS 'MODULE_PATHNAME', 'sa_history_month'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION service_affair.history_month(text, bigint) IS
  'Internal: makes the month partition of <tbl>_settled that holds the value id of its range column (named, bounded, keyed and indexed as settle_cases() makes them) when none holds it; 22023 for a table not of the case family';
REVOKE EXECUTE ON FUNCTION service_affair.history_month(text, bigint) FROM PUBLIC;

INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'EXECUTE', 'service_affair.settle_cases(timestamp with time zone,integer)');
