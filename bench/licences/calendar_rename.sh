#!/usr/bin/env bash
# A rename of a calendar (UPDATE calendar SET name: licence.calendar's
# ON UPDATE CASCADE) and the delete of a calendar no row names (the foreign
# key's NO ACTION check, 23503 when a licence names it) with N licences, of
# which M name the renamed calendar: with the index licence_calendar_idx
# and without it (dropped), alternating in one database.  ms per rename and
# per delete, the median of K of each in a round; ROUNDS rounds.
#   N=200000 M=20 K=20 ROUNDS=4 bench/licences/calendar_rename.sh
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
N=${N:-200000} M=${M:-20} K=${K:-20} ROUNDS=${ROUNDS:-4}
sa_build
sa_cluster_start
trap 'sa_cluster_stop' EXIT
sa_createdb sa_bx service_affair
psql -X -q -d sa_bx -v ON_ERROR_STOP=1 -v n="$N" -v m="$M" <<'SQL'
SET search_path = service_affair, public;
INSERT INTO calendar (name, weekmask, timezone) VALUES ('bx_a', '1111100', 'Asia/Shanghai');
INSERT INTO evidence_type (code, name, holder_kind, validity_days) VALUES ('bx_t', 'Type', 'any', 365);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '330225198001010018', 'Holder');
INSERT INTO licence_key (key_id, key, active) SELECT 'bk', '\x00112233445566778899aabbccddeeff'::bytea, true WHERE NOT EXISTS (SELECT FROM licence_key WHERE active);
-- rows inserted directly (superuser), expired: no licence_one_valid conflict
ALTER TABLE licence DROP CONSTRAINT licence_row;
INSERT INTO licence (number, evidence_type, holder, case_id, issued_at, valid_until, status, changed_at, department, origin, key_id, hmac, calendar)
SELECT 'BR' || g, 'bx_t', (SELECT id FROM applicant WHERE name = 'Holder'), g, now() - interval '400 days', local_day(now(), 'cn') - 30,
       'expired', now() - interval '30 days', 'BX', 'issued', 'bk', 'x', CASE WHEN g <= :m THEN 'bx_a' ELSE 'cn' END
  FROM generate_series(1, :n) g;
VACUUM ANALYZE licence;
-- ms per call, median of k: a rename there and back counts as two
CREATE FUNCTION public.tm_rename(k integer) RETURNS numeric LANGUAGE plpgsql AS $f$
DECLARE t timestamptz; d numeric[] := '{}'; i integer;
BEGIN
  FOR i IN 1..k LOOP
    t := clock_timestamp();
    UPDATE service_affair.calendar SET name = CASE name WHEN 'bx_a' THEN 'bx_b' ELSE 'bx_a' END WHERE name IN ('bx_a', 'bx_b');
    d := d || extract(epoch FROM clock_timestamp() - t) * 1e3;
  END LOOP;
  RETURN round((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(d) x)::numeric, 3);
END $f$;
CREATE FUNCTION public.tm_delete(k integer) RETURNS numeric LANGUAGE plpgsql AS $f$
DECLARE t timestamptz; d numeric[] := '{}'; i integer;
BEGIN
  FOR i IN 1..k LOOP
    INSERT INTO service_affair.calendar (name) VALUES ('bx_gone');
    t := clock_timestamp();
    DELETE FROM service_affair.calendar WHERE name = 'bx_gone';
    d := d || extract(epoch FROM clock_timestamp() - t) * 1e3;
  END LOOP;
  RETURN round((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(d) x)::numeric, 3);
END $f$;
SQL
psql -X -At -d sa_bx -c "SELECT 'licences ' || count(*) || ', on bx_a ' || count(*) FILTER (WHERE calendar = 'bx_a') FROM service_affair.licence"
# each arm in a session of its own (the RI query plans are cached per session)
for r in $(seq "$ROUNDS"); do
	with=$(psql -X -At -d sa_bx -c "SELECT public.tm_rename($K) || ' / ' || public.tm_delete($K)")
	psql -X -q -d sa_bx -c 'DROP INDEX service_affair.licence_calendar_idx'
	without=$(psql -X -At -d sa_bx -c "SELECT public.tm_rename($K) || ' / ' || public.tm_delete($K)")
	psql -X -q -d sa_bx -c 'CREATE INDEX licence_calendar_idx ON service_affair.licence (calendar)'
	echo "round $r  rename / delete ms (median of $K): with index $with; without $without"
done
psql -X -At -d sa_bx -c "SELECT 'licences on bx_a after the renames ' || count(*) FROM service_affair.licence WHERE calendar = 'bx_a'"
