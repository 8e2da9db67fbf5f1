#!/usr/bin/env bash
# Rectifications across the 0.1.0 -> 0.2.0 update (2026-12-03): 0.2.0 keeps
# the working days of a rectification's due dates (callback_days, fix_days)
# so that calendar edits move them; 0.1.0 recorded only the dates, and never
# moved them.  The update infers the counts: today's setting when it gives
# the stored date back, else the count of the first working day on or after
# it, so that no later edit moves a due earlier than 0.1.0 stored it (a date
# a 0.1.0 edit had made a day off counted one day short, and the next
# recomputation, after however unrelated an edit, moved the call-back to
# the rating day); and it moves an open due 0.1.0 left on a day off to
# what its count gives, since an edit now recomputes only the rows whose
# count its changed days reach.  Uses the
# running cluster named by PGHOST/PGPORT/PGUSER.  Prints TAP.
#
# Rectification 1: a bad rating on Mon 2026-11-16 with callback_days 1 and
# fix_days 15 (call-back 11-17, fix 12-07), then Tue 11-17 declared a day off
# under 0.1.0 (which moves neither).  Rectification 2: a bad rating on Sat
# 11-14 with callback_days 0 (call-back Mon 11-16, fix 12-04).
set -u
source "$(dirname "$0")/lib/tap.sh"
scratch_db sa_rating_upgrade
dues="SELECT string_agg(concat_ws(' ', f.callback_due, f.fix_due), ', ' ORDER BY r.comment)
        FROM service_affair.rectification f JOIN service_affair.rating r ON r.id = f.rating_id"
echo "1..9"
check "0.1.0 installs" "$(dbq "CREATE EXTENSION service_affair VERSION '0.1.0'")" "CREATE EXTENSION"
dbq "INSERT INTO service_affair.department (code, name, region) VALUES ('RU', 'Rating upgrade', '330225');
   INSERT INTO service_affair.item (code, name, department, kind, legal_limit, promised_limit)
   VALUES ('ru_item', 'Rating upgrade item', 'RU', 'promised', 20, 5);
   INSERT INTO service_affair.applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Rating Person');
   INSERT INTO service_affair.cases (service, service_kind, item, department, applicant, channel, status, returned,
       submitted_at, accepted_at, due, calendar, promised_limit, legal_limit, concluded_at, decision)
   SELECT 'ru_item', 'item', 'ru_item', 'RU', a.id, 'window', 'concluded', false,
          t, t, service_affair.add_workdays(t::date, 5), 'cn', 5, 20, t + interval '1 hour', 'approved'
     FROM service_affair.applicant a, (VALUES ('2026-11-13 09:00+08'::timestamptz), ('2026-11-12 09:00+08')) v(t);
   INSERT INTO service_affair.rating (case_id, level, channel, comment, at, rater)
   SELECT c.id, 1, 'online', CASE WHEN c.submitted_at = '2026-11-13 09:00+08' THEN 'r1' ELSE 'r2' END,
          CASE WHEN c.submitted_at = '2026-11-13 09:00+08' THEN '2026-11-16 12:00+08'::timestamptz ELSE '2026-11-14 12:00+08' END,
          c.applicant
     FROM service_affair.cases c;
   -- the dates 0.1.0's rate() stored (add_workdays from the local day, the settings 1/15 and 0/15)
   INSERT INTO service_affair.rectification (rating_id, callback_due, fix_due)
   SELECT r.id, service_affair.add_workdays(d, CASE r.comment WHEN 'r1' THEN 1 ELSE 0 END), service_affair.add_workdays(d, 15)
     FROM service_affair.rating r, LATERAL (SELECT (r.at AT TIME ZONE 'Asia/Shanghai')::date AS d) x;
   INSERT INTO service_affair.calendar_day VALUES ('cn', '2026-11-17', false, 'declared');
   UPDATE service_affair.setting SET value = '0' WHERE name = 'rating.callback_days';" >/dev/null
check "0.1.0: the dates stored, and a day off on the first call-back due left it there" "$(dbq "$dues")" \
	"2026-11-17 2026-12-07, 2026-11-16 2026-12-04"
check "the update to 0.2.0 runs" "$(dbq "ALTER EXTENSION service_affair UPDATE TO '0.2.0'")" "ALTER EXTENSION"
check "it moves the open call-back 0.1.0 left on a day off to the first working day after it, and keeps every other date" \
	"$(dbq "$dues")" "2026-11-18 2026-12-07, 2026-11-16 2026-12-04"
check "the counts: the first working day on or after a date, or today's setting where it gives the date back" \
	"$(dbq "SELECT string_agg(concat_ws(' ', f.callback_days, f.fix_days), ', ' ORDER BY r.comment)
	        FROM service_affair.rectification f JOIN service_affair.rating r ON r.id = f.rating_id")" "1 14, 0 14"
dbq "INSERT INTO service_affair.calendar_day VALUES ('cn', '2027-05-06', false, 'unrelated')" >/dev/null
check "an unrelated edit (after every due) recomputes nothing: the dates stay" \
	"$(dbq "$dues")" "2026-11-18 2026-12-07, 2026-11-16 2026-12-04"
dbq "UPDATE service_affair.calendar SET weekmask = weekmask WHERE name = 'cn'" >/dev/null
check "a recomputation of every due (an edit of the calendar row) moves no due: the counts the update inferred give the dates back" \
	"$(dbq "$dues")" "2026-11-18 2026-12-07, 2026-11-16 2026-12-04"
dbq "INSERT INTO service_affair.calendar_day VALUES ('cn', '2026-11-14', true, 'make-up')" >/dev/null
check "Saturday 11-14 made a working day: a call-back of 0 days after a rating that day is due that day" \
	"$(dbq "$dues")" "2026-11-18 2026-12-07, 2026-11-14 2026-12-04"
dbq "DELETE FROM service_affair.calendar_day WHERE calendar = 'cn' AND day IN ('2026-11-14', '2026-11-17')" >/dev/null
# (the 14 days counted for the first fix due end 12-04 once 11-17 works
# again: the update could not know the 15 days 0.1.0 counted before that
# day off, which 0.1.0 never applied to the date either)
check "both days given back: the dues follow the counts the update kept" "$(dbq "$dues")" "2026-11-17 2026-12-04, 2026-11-16 2026-12-03"
