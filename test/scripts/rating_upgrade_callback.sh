#!/usr/bin/env bash
# Call-backs across the 0.1.0 -> 0.2.0 update (2026-12-07): 0.2.0 settles a
# case only once its bad rating's rectification is closed and its call-back
# recorded (but an appealed rating's), and keeps who recorded a call-back
# (called_back_by).  0.1.0 let a rectification be closed without its
# call-back: after the update such a case stays open until the call-back is
# recorded (doc/deployment.md, "From 0.1.0: a closed rectification waits for
# its call-back") or missed, more than settle.quiet_days days after its due
# day (since 2026-12-07: until then it waited for ever), and a call-back
# 0.1.0 recorded has no role.  Uses the
# running cluster named by PGHOST/PGPORT/PGUSER.  Prints TAP.
#
# Three concluded, delivered cases rated 1 in November 2026 under 0.1.0:
# r1 closed without a call-back, r2 called back and closed, r3 closed
# without a call-back and appealed.
set -u
source "$(dirname "$0")/lib/tap.sh"
scratch_db sa_rating_upgrade_callback
echo "1..8"
check "0.1.0 installs" "$(dbq "CREATE EXTENSION service_affair VERSION '0.1.0'")" "CREATE EXTENSION"
dbq "INSERT INTO service_affair.department (code, name, region) VALUES ('RU', 'Rating upgrade', '330225');
   INSERT INTO service_affair.item (code, name, department, kind, legal_limit, promised_limit)
   VALUES ('ru_item', 'Rating upgrade item', 'RU', 'promised', 20, 5);
   INSERT INTO service_affair.applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Rating Person');
   INSERT INTO service_affair.cases (service, service_kind, item, department, applicant, channel, status, returned,
       submitted_at, accepted_at, due, calendar, promised_limit, legal_limit, concluded_at, decision,
       delivered_at, delivery_method)
   SELECT 'ru_item', 'item', 'ru_item', 'RU', a.id, 'window', 'concluded', false,
          t, t, service_affair.add_workdays(t::date, 5), 'cn', 5, 20, t + interval '1 hour', 'approved',
          t + interval '2 hours', 'window'
     FROM service_affair.applicant a,
          (VALUES ('2026-11-10 09:00+08'::timestamptz), ('2026-11-11 09:00+08'), ('2026-11-12 09:00+08')) v(t);
   -- every case has its submission event (0.1.0's submit() wrote it)
   INSERT INTO service_affair.case_event (case_id, at, kind, to_status)
   SELECT c.id, c.submitted_at, 'submitted', 'accepted' FROM service_affair.cases c;
   INSERT INTO service_affair.rating (case_id, level, channel, comment, at, rater, appealed, appeal_reason, appealed_at, appeal_actor)
   SELECT c.id, 1, 'online', x.comment, c.submitted_at + interval '3 hours', c.applicant,
          x.comment = 'r3', CASE WHEN x.comment = 'r3' THEN 'mistaken' END,
          CASE WHEN x.comment = 'r3' THEN c.submitted_at + interval '5 hours' END,
          CASE WHEN x.comment = 'r3' THEN current_user END
     FROM service_affair.cases c
     JOIN (VALUES ('2026-11-10 09:00+08'::timestamptz, 'r1'), ('2026-11-11 09:00+08', 'r2'), ('2026-11-12 09:00+08', 'r3')) x(t, comment)
       ON x.t = c.submitted_at;
   INSERT INTO service_affair.rectification (rating_id, callback_due, fix_due, called_back_at, closed_at, closed_on, note, closed_by)
   SELECT r.id, service_affair.add_workdays(r.at::date, 1), service_affair.add_workdays(r.at::date, 15),
          CASE WHEN r.comment = 'r2' THEN r.at + interval '1 hour' END,
          r.at + interval '2 hours', (r.at + interval '2 hours')::date, 'fixed', current_user
     FROM service_affair.rating r;" >/dev/null
check "0.1.0: three rectifications, closed, one called back" \
	"$(dbq "SELECT count(*), count(closed_at), count(called_back_at) FROM service_affair.rectification")" "3|3|1"
check "the update to 0.2.0 runs" "$(dbq "ALTER EXTENSION service_affair UPDATE TO '0.2.0'")" "ALTER EXTENSION"
check "called_back_by: NULL for the call-back 0.1.0 recorded (it kept no role) and for those not made" \
	"$(dbq "SELECT count(*) FROM service_affair.rectification WHERE called_back_by IS NOT NULL")" "0"
check "the query of doc/deployment.md finds the closed rectification whose call-back is owed, not the appealed one" \
	"$(dbq "SELECT string_agg(r.comment, ',' ORDER BY r.comment)
	          FROM service_affair.rectification f
	          JOIN service_affair.rating r ON r.id = f.rating_id AND NOT r.appealed
	         WHERE f.closed_at IS NOT NULL AND f.called_back_at IS NULL")" "r1"
# r1's call-back, due 2026-11-11, is owed through 2027-02-09 (settle.quiet_days
# 90 days after it) and missed from 02-10; r2 is quiet from 2027-02-09 12:00,
# r3 (appealed 11-12 14:00) from 02-10 14:00
check "settling on 2027-02-09 takes the called back case; r1's waits for its call-back, r3 is not quiet yet" \
	"$(dbq "SELECT service_affair.settle_cases('2027-02-09 13:00+08');
	        SELECT string_agg(r.comment || ':' || c.settled, ',' ORDER BY r.comment)
	          FROM service_affair.rating r JOIN service_affair.cases c ON c.id = r.case_id")" \
	"1
r1:false,r2:true,r3:false"
check "the call-back owed is recorded after the update, by the role that makes it" \
	"$(dbq "SELECT service_affair.record_callback(r.id, '2027-02-09 14:00+08') FROM service_affair.rating r WHERE r.comment = 'r1';
	        SELECT f.called_back_by = current_user FROM service_affair.rectification f
	          JOIN service_affair.rating r ON r.id = f.rating_id WHERE r.comment = 'r1'")" "
t"
check "then r1's case and the appealed one settle at the next run (their quiet periods long over)" \
	"$(dbq "SELECT service_affair.settle_cases('2027-06-01 12:00+08')")" "2"
