-- The manual credit flag in the credit record (56_credit.sql; upgrade only:
-- a fresh install has no applicants).  0.2.0 logs every setting of
-- applicant.credit_ok as a flag_set or flag_cleared entry; an applicant
-- 0.1.0 flagged false would otherwise stand blocked with no entry at all,
-- and a review reading the entries would not know it is blocked (a review
-- of 2026-12-07).  0.1.0 kept no who, when or why: each such applicant gets
-- one flag_set entry that says so, recorded when and by whom it is written
-- (the update's time and day, the role running the update), not a made-up
-- setting of the flag.  doc/deployment.md, "From 0.1.0: the manual credit
-- flag in the credit record"; test/scripts/credit_upgrade.sh.  The
-- subject's kind is the applicant's (person: its resident id; org: its USCC).
INSERT INTO service_affair.credit_event (subject, subject_kind, kind, source, effective_from, note, recorded_at)
SELECT COALESCE(a.uscc::pg_catalog.text, a.resident_id::pg_catalog.text), a.kind, 'flag_set', 'applicant:' OPERATOR(pg_catalog.||) a.id,
       service_affair.local_day(pg_catalog.now(), 'cn'),
       'flag set before the update from 0.1.0, which kept no record of who set it, when or why; entry written by the update',
       pg_catalog.now()
  FROM service_affair.applicant a
 WHERE a.credit_ok IS FALSE
 ORDER BY a.id;
