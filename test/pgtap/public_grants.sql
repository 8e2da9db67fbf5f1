-- What PUBLIC (every login of the database, including ones the extension
-- never heard of) may use, as one list: each function executable by
-- PUBLIC and each relation PUBLIC may read is named here with the reason it
-- must be.  A function created without its REVOKE ... FROM PUBLIC (the
-- default grant of CREATE FUNCTION) fails the first assertion by name:
-- until 2026-12-05 require_after_breach() was such a function, in the part
-- and the update alike, and no test saw it (the per-area tests list their
-- own functions only).  The update from 0.1.0 is held to the same list by
-- test/scripts/upgrade_county.sh's catalog comparison.
BEGIN;
SET search_path = public;  -- regprocedure and regclass print qualified names
SELECT plan(6);

CREATE TEMP TABLE public_functions (fn text PRIMARY KEY, why text NOT NULL);
INSERT INTO public_functions VALUES
  -- the identifier types: input/output, operators, btree and hash support,
  -- and their documented utilities (doc/identifiers.md); a type whose I/O
  -- functions PUBLIC may not call cannot be read or written by anyone but
  -- its owner
  ('service_affair.is_valid_resident_id(text)', 'identifier utility'),
  ('service_affair.is_valid_uscc(text)', 'identifier utility'),
  ('service_affair.mask(service_affair.resident_id)', 'identifier utility'),
  ('service_affair.mask_identifier(text)', 'masking utility (views analysts read)'),
  ('service_affair.mask_name(text)', 'masking utility (views analysts read)'),
  ('service_affair.printable(text)', 'masking utility: every echo of a caller''s text, in invoker-rights functions and the companion extensions too'),
  ('service_affair.resident_id_birth_date(service_affair.resident_id)', 'identifier utility'),
  ('service_affair.resident_id_region(service_affair.resident_id)', 'identifier utility'),
  ('service_affair.resident_id_sex(service_affair.resident_id)', 'identifier utility'),
  ('service_affair.uscc_region(service_affair.uscc)', 'identifier utility'),
  -- the calendar: public data (calendar and calendar_day are readable by
  -- PUBLIC, below) and its documented arithmetic (doc/calendar.md)
  ('service_affair.add_workdays(date,integer,text)', 'calendar arithmetic'),
  ('service_affair.workdays_between(date,date,text)', 'calendar arithmetic'),
  ('service_affair.is_workday(date,text)', 'calendar arithmetic'),
  ('service_affair.is_provisional(date,text)', 'calendar arithmetic'),
  ('service_affair.shifted_due(date,integer,integer,text)', 'calendar arithmetic'),
  ('service_affair.local_day(timestamp with time zone,text)', 'calendar arithmetic'),
  ('service_affair.local_day_start(date,text)', 'calendar arithmetic'),
  ('service_affair.local_month(timestamp with time zone,text)', 'calendar arithmetic'),
  ('service_affair.is_valid_timezone(text)', 'calendar arithmetic'),
  ('service_affair.calendar_is_shipped(text)', 'calendar: which rows are the shipped ones'),
  ('service_affair.calendar_day_is_shipped(text,date)', 'calendar: which rows are the shipped ones'),
  ('service_affair.calendar_shipped(text)', 'calendar: which rows are the shipped ones'),
  ('service_affair.calendar_shipped_days(text)', 'calendar: which rows are the shipped ones'),
  -- pure rules the views and CHECK constraints evaluate as the reader or
  -- the writer (an expression's functions are checked for EXECUTE by the
  -- role running it); each reads nothing but its arguments
  ('service_affair.bundle_days(integer,integer,integer,bigint,bigint)', 'pure rule of a view'),
  ('service_affair.case_next_states(text)', 'pure rule: the case state machine'),
  ('service_affair.case_transition_allowed(text,text)', 'pure rule: the case state machine'),
  ('service_affair.case_material_row_ok(text,text,integer)', 'CHECK constraint'),
  ('service_affair.cases_row_ok(text,text,text,text,text,text,text,timestamp with time zone,text,text,integer,integer,text,text,text,integer,integer,integer,integer,integer)', 'CHECK constraint'),
  ('service_affair.task_row_ok(integer,text,integer,integer,timestamp with time zone,date,text,timestamp with time zone,boolean,integer,integer,timestamp with time zone,text,text)', 'CHECK constraint'),
  ('service_affair.licence_row_ok(text,text,text,text,text,boolean,boolean)', 'CHECK constraint'),
  ('service_affair.catalog_key(text,jsonb)', 'pure rule of a view'),
  ('service_affair.clock_stopped_at(text,boolean,timestamp with time zone,timestamp with time zone)', 'pure rule of a view (aggregate)'),
  ('service_affair.item_case_due_at(timestamp with time zone,text,integer,integer,date,timestamp with time zone,date,integer,integer,timestamp with time zone)', 'pure rule of a view'),
  ('service_affair.item_legal_days(integer)', 'pure rule of a view'),
  ('service_affair.item_promised_days(text,integer,integer)', 'pure rule of a view'),
  ('service_affair.joint_handling_limits()', 'pure rule of a view'),
  ('service_affair.credit_effective_grade(text,text,boolean)', 'pure rule of a view'),
  ('service_affair.credit_grade(integer,integer,integer,integer,integer)', 'pure rule of a view'),
  ('service_affair.credit_ok_of(integer,integer,integer,integer,integer)', 'pure rule of a view'),
  ('service_affair.credit_now()', 'the instant a view is computed for'),
  ('service_affair.credit_today()', 'the instant a view is computed for'),
  ('service_affair.rating_channel_valid(text)', 'CHECK constraint'),
  ('service_affair.rating_is_bad(integer)', 'pure rule of a view'),
  ('service_affair.rating_level_valid(integer)', 'CHECK constraint'),
  ('service_affair.sla_as_of()', 'the instant a view is computed for'),
  ('service_affair.sla_provisional(date,text)', 'pure rule of a view'),
  ('service_affair.sla_state(date,text,timestamp with time zone,boolean,timestamp with time zone)', 'pure rule of a view'),
  ('service_affair.sla_workdays_left(date,text,timestamp with time zone)', 'pure rule of a view'),
  ('service_affair.callback_state(date,timestamp with time zone,text,timestamp with time zone,integer)', 'pure rule of a view (case_followups): whether a call-back is owed or missed'),
  ('service_affair.settle_quiet_days(text)', 'pure rule of a view (case_followups): the quiet period from the setting''s value'),
  ('service_affair.fix_state(date,timestamp with time zone,text,timestamp with time zone,integer)', 'pure rule of a view (case_followups): whether a rectification is open or lapsed'),
  ('service_affair.followup_past_quiet(date,text,timestamp with time zone,integer)', 'pure rule of a view (case_followups): the day arithmetic of the miss and the lapse'),
  -- anyone can check a hash chain (doc/inspection.md: the logs nobody can
  -- quietly edit are verifiable by all)
  ('service_affair.log_entry_bytes(text,bigint,timestamp with time zone,text,jsonb,bytea)', 'verifiable by anyone'),
  ('service_affair.log_entry_hash(text,text,bigint,timestamp with time zone,text,jsonb,bytea)', 'verifiable by anyone'),
  ('service_affair.insp_verify_chain(text,text)', 'verifiable by anyone'),
  ('service_affair.insp_verify_chains(text)', 'verifiable by anyone'),
  -- row security: a policy's functions run as the role reading the table,
  -- so every role a policy applies to calls them; each answers about the
  -- caller only (doc/access.md)
  ('service_affair.actor()', 'row security: who is asking'),
  ('service_affair.session_by_superuser()', 'row security: who is asking'),
  ('service_affair.acting_departments(text)', 'row security: the caller''s own'),
  ('service_affair.acts_as(text)', 'row security: the caller''s own'),
  ('service_affair.may_act(text,text)', 'row security: the caller''s own'),
  ('service_affair.my_clerk_regions()', 'row security: the caller''s own'),
  ('service_affair.my_departments(text)', 'row security: the caller''s own'),
  ('service_affair.my_points()', 'row security: the caller''s own'),
  ('service_affair.my_regions(text)', 'row security: the caller''s own'),
  ('service_affair.my_task_cases()', 'row security: the caller''s own'),
  ('service_affair.sees_all_tasks()', 'row security: the caller''s own'),
  ('service_affair.staff_departments()', 'row security: the caller''s own'),
  ('service_affair.case_followups_visible(text,text)', 'row security: the caller''s own'),
  ('service_affair.commitment_check_visible(text)', 'row security: the caller''s own'),
  ('service_affair.complaint_visible(text)', 'row security: the caller''s own'),
  ('service_affair.credit_event_visible()', 'row security: the caller''s own');
INSERT INTO public_functions
SELECT p.oid::regprocedure::text, 'identifier type support (I/O, operators, btree, hash)'
  FROM pg_proc p
 WHERE p.pronamespace = 'service_affair'::regnamespace
   AND p.proname ~ '^(uscc|resident_id)_(in|out|recv|send|eq|ne|lt|le|gt|ge|cmp|hash|hash_extended|sortsupport)$';

SELECT cmp_ok((SELECT count(*) FROM public_functions WHERE why LIKE 'identifier type support%'), '=', 28::bigint,
  'the identifier types have their 28 support functions (14 each) in the list');

SELECT is((SELECT array_agg(p.oid::regprocedure::text ORDER BY p.oid::regprocedure::text)
             FROM pg_proc p
            WHERE p.pronamespace = 'service_affair'::regnamespace
              AND has_function_privilege('public', p.oid, 'EXECUTE')
              AND p.oid::regprocedure::text NOT IN (SELECT fn FROM public_functions)),
          NULL,
  'PUBLIC executes no function of the extension beyond the list (a new one needs its REVOKE ... FROM PUBLIC, or a reason here)');

SELECT is((SELECT array_agg(f.fn ORDER BY f.fn) FROM public_functions f
            WHERE to_regprocedure(f.fn) IS NULL
               OR NOT has_function_privilege('public', to_regprocedure(f.fn), 'EXECUTE')),
          NULL,
  'every function of the list exists and PUBLIC executes it (the list is not stale)');

SELECT is((SELECT array_agg(p.oid::regprocedure::text ORDER BY 1)
             FROM pg_proc p
            WHERE p.pronamespace = 'service_affair'::regnamespace AND p.prosecdef
              AND has_function_privilege('public', p.oid, 'EXECUTE')
              AND p.oid::regprocedure::text NOT IN (SELECT fn FROM public_functions WHERE why LIKE 'row security%')),
          NULL,
  'the only SECURITY DEFINER functions PUBLIC executes are the row-security helpers that answer about the caller');

-- relations: the calendar is public data (doc/calendar.md); nothing else
SELECT is((SELECT array_agg(format('%I.%I %s', 'service_affair', c.relname, a.privilege_type) ORDER BY 1)
             FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
            WHERE c.relnamespace = 'service_affair'::regnamespace AND a.grantee = 0),
          ARRAY['service_affair.calendar SELECT', 'service_affair.calendar_day SELECT'],
  'PUBLIC reads the two calendar tables and nothing else of the extension, and writes nothing');

SELECT is((SELECT array_agg(a.privilege_type ORDER BY 1)
             FROM pg_namespace n CROSS JOIN LATERAL aclexplode(n.nspacl) a
            WHERE n.nspname = 'service_affair' AND a.grantee = 0),
          ARRAY['USAGE'],
  'PUBLIC has USAGE on the schema (its types and utilities) and may not CREATE in it');

SELECT * FROM finish();
ROLLBACK;
