-- Complaints over the simulated quarter (doc/complaints.md), through the API:
-- about one case in 60 draws a complaint the day after its submission (a
-- returned case: a 办不成事 complaint with its blocker and resolution), by
-- 12345, the window, online or letter; it is assigned to the case's
-- department, sometimes transferred or supervised, replied to within 1-7
-- working days (one in 13 never: overdue at the sweep), and called back (one
-- in 5 unsatisfied: reopened, replied again, satisfied).  Plus 40 anonymous
-- consultations, replied and closed by the administrator, and one bad rating
-- in 3 opening a complaint (complaint_from_rating).  Deterministic:
-- every choice is a hash of the case id.
SET search_path = service_affair, public;
DO $$
DECLARE
    r record;
    c bigint;
    h bigint;
    cat text;
    recv timestamptz;
    rep timestamptz;
    other text;
    depts text[] := (SELECT array_agg(code ORDER BY code) FROM service_affair.department);
BEGIN
    FOR r IN
        SELECT k.id, k.applicant, k.department, k.submitted_at, k.status, k.calendar
          FROM service_affair.cases k
         WHERE k.submitted_at < '2026-09-22' AND abs(hashtext('cpl' || k.id)) % 60 = 0
         ORDER BY k.id
    LOOP
        h := abs(hashtext('h' || r.id));
        cat := CASE WHEN r.status = 'returned' THEN 'cannot_do'
                    ELSE (ARRAY['complaint', 'consultation', 'complaint', 'report', 'suggestion'])[1 + (h / 4) % 5] END;
        recv := r.submitted_at + interval '1 day 2 hours';
        c := service_affair.receive_complaint(
                 CASE WHEN cat = 'cannot_do' THEN 'cannot_do' ELSE (ARRAY['12345', 'window', 'online', 'letter'])[1 + h % 4] END,
                 cat, 'demo: about case ' || r.id, recv, case_id => r.id, applicant => r.applicant,
                 blocker => CASE WHEN cat = 'cannot_do' THEN 'a material could not be obtained' END);
        PERFORM service_affair.assign_complaint(c, r.department, recv + interval '1 hour');
        IF h % 7 = 0 THEN
            other := depts[1 + (h / 7) % array_length(depts, 1)];
            IF other <> r.department THEN
                PERFORM service_affair.transfer_complaint(c, other, 'handled by ' || other, recv + interval '2 hours');
            END IF;
        END IF;
        IF h % 11 = 0 THEN
            PERFORM service_affair.supervise_complaint(c, service_affair.add_workdays(service_affair.local_day(recv, r.calendar), 1, r.calendar),
                                                       recv + interval '3 hours');
        END IF;
        CONTINUE WHEN h % 13 = 0;   -- never replied: overdue
        rep := (service_affair.add_workdays(service_affair.local_day(recv, r.calendar), (1 + (h / 16) % 7)::integer, r.calendar)
                + time '16:00') AT TIME ZONE 'Asia/Shanghai';
        PERFORM service_affair.reply_complaint(c, 'demo reply', rep,
                    CASE WHEN cat = 'cannot_do' THEN 'accepted after the missing material was replaced by a commitment' END);
        IF h % 5 = 0 THEN
            PERFORM service_affair.record_complaint_callback(c, false, rep + interval '1 day');
            PERFORM service_affair.reply_complaint(c, 'demo reply, again', rep + interval '2 days');
            PERFORM service_affair.record_complaint_callback(c, true, rep + interval '3 days');
        ELSE
            PERFORM service_affair.record_complaint_callback(c, true, rep + interval '1 day');
        END IF;
    END LOOP;
    FOR i IN 1..40 LOOP
        recv := timestamptz '2026-07-01 09:30+08' + (i * 2) * interval '1 day';
        c := service_affair.receive_complaint('12345', 'consultation', 'demo: anonymous question ' || i, recv);
        PERFORM service_affair.assign_complaint(c, depts[1 + i % array_length(depts, 1)], recv + interval '10 minutes');
        PERFORM service_affair.reply_complaint(c, 'demo answer', recv + CASE WHEN i % 6 = 0 THEN interval '3 days' ELSE interval '2 hours' END);
        PERFORM service_affair.close_complaint(c, recv + interval '4 days');
    END LOOP;
    -- one bad rating in 3 (not appealed) opens a complaint two hours later
    -- (complaint_from_rating), assigned to the case's department, replied in
    -- 2 working days, called back the working day after (one in 4 on the
    -- fourth: late for complaint.callback_days 3)
    FOR r IN
        SELECT x.id, x.at, k.department, k.calendar
          FROM service_affair.rating x
          JOIN service_affair.rectification f ON f.rating_id = x.id
          JOIN service_affair.cases k ON k.id = x.case_id
         WHERE NOT x.appealed AND x.at < '2026-09-22' AND abs(hashtext('cfr' || x.id)) % 3 = 0
         ORDER BY x.id
    LOOP
        h := abs(hashtext('g' || r.id));
        c := service_affair.complaint_from_rating(r.id, NULL, r.at + interval '2 hours');
        PERFORM service_affair.assign_complaint(c, r.department, r.at + interval '3 hours');
        rep := (service_affair.add_workdays(service_affair.local_day(r.at, r.calendar), 2, r.calendar)
                + time '16:00') AT TIME ZONE 'Asia/Shanghai';
        PERFORM service_affair.reply_complaint(c, 'demo: apologised and fixed', rep);
        PERFORM service_affair.record_complaint_callback(c, h % 3 <> 0,
                    (service_affair.add_workdays(service_affair.local_day(rep, r.calendar),
                                                 CASE WHEN h % 4 = 0 THEN 4 ELSE 1 END, r.calendar)
                     + time '10:00') AT TIME ZONE 'Asia/Shanghai');
    END LOOP;
    PERFORM service_affair.complaint_sla_sweep('2026-09-30 18:00+08');
END
$$;
