-- The constraints of service_affair.setting, validated in one place.  Every
-- setting_* constraint that 0.2.0 adds (60_ratings: setting_rating_names,
-- setting_area; 62_complaints: setting_complaint_days; 63_settle:
-- setting_settle_days; 64_history: setting_history; 71_credit_targets:
-- setting_credit) is added NOT VALID by its part and validated here, the
-- same in a fresh install (a table holding only the shipped rows) and in the
-- update from 0.1.0, whose file is a link to this one.  0.1.0 took any
-- area.name and read only rating.callback_days and rating.fix_days, so its
-- table may hold rows 0.2.0 refuses: a misspelt name (rating.fix_day,
-- ratings.fix_days, complaint.reply_days) or a value no 0.2.0 setting takes
-- (settle.quiet_days = 'abc').  Rather than stop on PostgreSQL's bare "check
-- constraint ... is violated by some row" (one constraint, no row) or keep
-- them NOT VALID (a row refused would stay, misleading whoever reads the
-- table, and a dump of it would not restore into a fresh 0.2.0), the update
-- names the rows refused (the first 20, the others counted), their values
-- and each constraint refusing them, and stops (23514; the update is one
-- transaction and changes nothing).  The
-- rows are found by the constraints' own expressions (pg_constraint), so no
-- rule is spelt twice and a constraint a later part adds NOT VALID is
-- covered without naming it here.
--
-- Only the constraints this script added: the CHECKs of the table not yet
-- validated whose pg_constraint row this transaction wrote (xmin: the
-- transaction of CREATE EXTENSION or ALTER EXTENSION UPDATE, which runs the
-- whole script) by a command of the script (cmin: not before the first
-- object the script creates, require_private_schema() of 00_header.sql; a
-- DBA may run the update in a transaction of his own after his own DDL:
-- until 2026-12-05 a CHECK he added NOT VALID in it, before ALTER
-- EXTENSION, was taken for the script's, a review).  A CHECK a DBA added
-- NOT VALID before the update (on
-- purpose: old rows it refuses kept, new ones checked) is not the
-- extension's to validate; until 2026-12-05 every CHECK of the table not
-- yet validated was taken, and the update validated the DBA's constraint
-- or stopped, naming the rows it refuses as refused by 0.2.0.  A part adds
-- its setting_* constraint by a plain statement of the script, as every one
-- does (inside a DO block with an exception handler a subtransaction would
-- write the row under another transaction id and leave the constraint NOT
-- VALID, which test/scripts/setting_upgrade.sh reports).
-- doc/ratings.md, "Settings"; test/scripts/setting_upgrade.sh.
DO $$
DECLARE
    v_own name[];
    v_parts text[];
    v_rows text;
    v_count bigint;
    k name;
BEGIN
    SELECT pg_catalog.array_agg(c.conname ORDER BY c.conname),
           pg_catalog.array_agg(pg_catalog.format(
               'SELECT s.name, s.value, %L AS conname FROM service_affair.setting s WHERE NOT (%s)',
               c.conname, pg_catalog.pg_get_expr(c.conbin, c.conrelid)) ORDER BY c.conname)
      INTO v_own, v_parts
      FROM pg_catalog.pg_constraint c
     WHERE c.conrelid = 'service_affair.setting'::pg_catalog.regclass
       AND c.contype = 'c' AND NOT c.convalidated
       AND c.xmin OPERATOR(pg_catalog.=) pg_catalog.pg_current_xact_id()::pg_catalog.xid
       -- and by a command of this script: not before the first object
       -- it creates (00_header.sql, in the install and the update)
       AND c.cmin::text::bigint OPERATOR(pg_catalog.>=)
           (SELECT p.cmin::text::bigint FROM pg_catalog.pg_proc p
             WHERE p.oid = 'service_affair.require_private_schema(text)'::pg_catalog.regprocedure
               AND p.xmin OPERATOR(pg_catalog.=) pg_catalog.pg_current_xact_id()::pg_catalog.xid);
    IF v_parts IS NULL THEN
        RETURN;
    END IF;
    -- the first 20 rows named (names cut as values are), the others counted:
    -- until 2026-12-05 every one, a DETAIL of ~900 MB for 3 million rows
    -- of 300 bytes refused (past 1 GB it could not be built at all)
    EXECUTE pg_catalog.format(
        'SELECT pg_catalog.string_agg(pg_catalog.format(%L, pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(r.name, 64))),
                                                        pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(r.value, 64))), r.cons),
                                      %L ORDER BY r.name COLLATE "C") FILTER (WHERE r.n <= 20),
                pg_catalog.count(*)
           FROM (SELECT v.name, v.value, pg_catalog.string_agg(v.conname, %L ORDER BY v.conname) AS cons,
                        pg_catalog.row_number() OVER (ORDER BY v.name COLLATE "C") AS n
                   FROM (%s) v GROUP BY v.name, v.value) r',
        '%s = %s (%s)', ', ', ', ', pg_catalog.array_to_string(v_parts, ' UNION ALL ')) INTO v_rows, v_count;
    IF v_count > 0 THEN
        RAISE EXCEPTION 'service_affair.setting holds rows that its constraints refuse'
            USING ERRCODE = 'check_violation',
                  DETAIL = pg_catalog.format('0.1.0 took these rows and read none of them, the defaults staying in force: %s%s.', v_rows,
                                             CASE WHEN v_count > 20
                                                  THEN pg_catalog.format(', and %s more rows refused', v_count - 20)
                                                  ELSE '' END),
                  HINT = 'A misspelt name: give its value to the setting it meant if it is to count (UPDATE service_affair.setting SET value = ''5'' WHERE name = ''rating.fix_days''), then delete it; a value refused: correct it or delete the row (the default applies); then run ALTER EXTENSION service_affair UPDATE again (doc/ratings.md, "Settings").';
    END IF;
    FOREACH k IN ARRAY v_own
    LOOP
        EXECUTE pg_catalog.format('ALTER TABLE service_affair.setting VALIDATE CONSTRAINT %I', k);
    END LOOP;
END
$$;
