# shellcheck shell=bash
# Sourced by the backup and upgrade tests (needs q(), lib/tap.sh).
# db_state DATABASE: per table of the extension's schemas (partitions one by
# one, not their parents) its row count and an md5 over every row; per
# sequence its value ('unused' before the first nextval); sorted.
db_state() {
	q -d "$1" <<'SQL'
CREATE FUNCTION pg_temp.digest(rel regclass) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE r text;
BEGIN
    EXECUTE format('SELECT count(*) || '' '' || coalesce(md5(string_agg(t::text, ''|'' ORDER BY t::text)), '''') FROM ONLY %s t', rel) INTO r;
    RETURN r;
END $f$;
SELECT n.nspname || '.' || c.relname || ' ' || pg_temp.digest(c.oid)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname ~ '^service_affair' AND c.relkind = 'r'
UNION ALL
SELECT s.schemaname || '.' || s.sequencename || ' ' || coalesce(s.last_value::text, 'unused') FROM pg_sequences s WHERE s.schemaname ~ '^service_affair'
ORDER BY 1;
SQL
}
