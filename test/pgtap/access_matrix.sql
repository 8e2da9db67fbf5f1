-- The privilege matrix, written out here independently of role_grant:
-- each group role x each API function, table and view, from the catalog
-- (has_function_privilege / has_table_privilege) and by calling them under
-- SET ROLE (allowed, or refused with 42501).
BEGIN;
SET search_path = service_affair, public;
\ir access_fixture.inc

-- E = EXECUTE; S I U D T R G = SELECT INSERT UPDATE DELETE TRUNCATE REFERENCES TRIGGER
CREATE TEMP TABLE expected (object text, kind char, admin text, clerk text, reviewer text,
                            inspector text, analyst text, public text);
INSERT INTO expected VALUES
  -- intake API
  ('service_affair.completeness(text,bigint,text[],text[],timestamptz)',          'f', 'E', '', '', '', '', ''),
  ('service_affair.submit(text,bigint,text[],text,text[],timestamptz,text,text)',      'f', 'E', '', '', '', '', ''),
  ('service_affair.completeness(text,text,text[],text[],timestamptz)',            'f', 'E', 'E', '', '', '', ''),
  ('service_affair.submit(text,text,text[],text,text[],timestamptz,text,text,text,text,text)', 'f', 'E', 'E', '', '', '', ''),
  ('service_affair.case_applicant(bigint)',                                       'f', 'E', 'E', 'E', '', '', ''),
  ('service_affair.case_evidence(bigint)',                                        'f', 'E', '', 'E', '', '', ''),
  ('service_affair.notice(bigint)',                                               'f', 'E', 'E', '', '', '', ''),
  ('service_affair.supplement(bigint,text[],timestamptz,text)',                   'f', 'E', 'E', '', '', '', ''),
  ('service_affair.withdraw(bigint,timestamptz)',                                 'f', 'E', 'E', '', '', '', ''),
  ('service_affair.record_visit(bigint,timestamptz,text)',                        'f', 'E', 'E', '', '', '', ''),
  ('service_affair.deliver(bigint,text,timestamptz)',                             'f', 'E', 'E', '', '', '', ''),
  ('service_affair.register_applicant(text,text,text,boolean,text)',              'f', 'E', 'E', '', '', '', ''),
  -- routing API
  ('service_affair.claim_task(text,text,timestamptz)',                            'f', 'E', '', 'E', '', '', ''),
  ('service_affair.complete_task(bigint,text,timestamptz,text)',                  'f', 'E', '', 'E', '', '', ''),
  ('service_affair.suspend(bigint,text,timestamptz)',                             'f', 'E', '', 'E', '', '', ''),
  ('service_affair.resume(bigint,timestamptz)',                                   'f', 'E', '', 'E', '', '', ''),
  ('service_affair.extend(bigint,integer,text,timestamptz)',                      'f', 'E', '', 'E', '', '', ''),
  ('service_affair.sla_sweep(timestamptz)',                                       'f', 'E', '', '', '', '', ''),
  -- ratings API and analyst functions
  ('service_affair.rate(bigint,integer,text,text,timestamptz,text)',              'f', 'E', 'E', '', '', '', ''),
  ('service_affair.record_callback(bigint,timestamptz)',                          'f', 'E', '', 'E', '', '', ''),
  ('service_affair.close_rectification(bigint,text,timestamptz)',                 'f', 'E', '', 'E', '', '', ''),
  ('service_affair.appeal_rating(bigint,text,timestamptz)',                       'f', 'E', '', '', '', '', ''),
  ('service_affair.efficiency_period(date,date)',                                 'f', 'E', '', '', '', 'E', ''),
  ('service_affair.satisfaction_period(date,date)',                               'f', 'E', '', '', '', 'E', ''),
  ('service_affair.setting_days(text,integer)',                                   'f', '', '', '', '', '', ''),
  ('service_affair.lock_rating(bigint,timestamptz)',                              'f', '', '', '', '', '', ''),
  ('service_affair.rating_check_after(service_affair.rating,timestamptz)',       'f', '', '', '', '', '', ''),
  ('service_affair.rating_text(text,text,integer)',                               'f', '', '', '', '', '', ''),
  ('service_affair.check_department_staff(text,bigint)',                          'f', '', '', '', '', '', ''),
  -- inspection API
  ('service_affair.create_ledger(text,text)',                                     'f', 'E', '', '', '', '', ''),
  ('service_affair.create_plan(text,text[],numeric[],bytea,integer,text[],text[])', 'f', 'E', '', '', '', '', ''),
  ('service_affair.draw(bigint,bytea)',                                           'f', 'E', '', '', '', '', ''),
  ('service_affair.publish_results(bigint,timestamptz)',                          'f', 'E', '', '', '', '', ''),
  ('service_affair.record_result(bigint,bigint,text,text,timestamptz)',           'f', 'E', '', '', 'E', '', ''),
  ('service_affair.verify_log(text)',                                             'f', 'E', '', '', 'E', '', ''),
  ('service_affair.verify_draw(bigint)',                                          'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  -- DBA only
  ('service_affair.create_roles()',                                               'f', '', '', '', '', '', ''),
  -- internal helpers: nobody
  ('service_affair.service_info(text)',                                           'f', '', '', '', '', '', ''),
  ('service_affair.classify_materials(text,text[],text[],integer[],integer[],text[],text[],boolean)', 'f', '', '', '', '', '', ''),
  ('service_affair.assess(text,bigint,text,boolean,text[],text[],timestamptz)',   'f', '', '', '', '', '', ''),
  ('service_affair.assess_summary(text,bigint,text,boolean,text[],text[],timestamptz)', 'f', '', '', '', '', '', ''),
  ('service_affair.catalog_entries(text,bigint,text,timestamptz)',                'f', '', '', '', '', '', ''),
  ('service_affair.material_flags(boolean,boolean,boolean,boolean,text,text,boolean)', 'f', '', '', '', '', '', ''),
  ('service_affair.bundle_material_options(text[],integer[],text,jsonb,text,jsonb)', 'f', '', '', '', '', '', ''),
  -- case numbers that carry the month (38_case_ids.sql)
  ('service_affair.case_id(timestamptz,bigint)',                                  'f', '', '', '', '', '', ''),
  ('service_affair.month_floor(bigint)',                                          'f', '', '', '', '', '', ''),
  ('service_affair.month_id(bigint,bigint)',                                      'f', '', '', '', '', '', ''),
  ('service_affair.case_month(bigint)',                                           'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.check_service_applicant(text,bigint)',                         'f', '', '', '', '', '', ''),
  ('service_affair.lock_case(bigint,timestamptz)',                                'f', '', '', '', '', '', ''),
  ('service_affair.lock_open_case(bigint)',                                       'f', '', '', '', '', '', ''),
  ('service_affair.start_clock(bigint,timestamptz,text,integer)',                 'f', '', '', '', '', '', ''),
  ('service_affair.log_append(text,text,jsonb)',                                  'f', '', '', '', '', '', ''),
  ('service_affair.insp_log_plan(bigint,text,jsonb)',                             'f', '', '', '', '', '', ''),
  ('service_affair.require_region(text)',                                         'f', '', '', '', '', '', ''),
  ('service_affair.require_case(bigint)',                                         'f', '', '', '', '', '', ''),
  ('service_affair.require_department(text[],text)',                              'f', '', '', '', '', '', ''),
  ('service_affair.require_admin()',                                              'f', '', '', '', '', '', ''),
  ('service_affair.require_log_writer(bigint,text)',                              'f', '', '', '', '', '', ''),
  ('service_affair.may_act_for(text)',                                            'f', '', '', '', '', '', ''),
  ('service_affair.due_lock_shared()',                                            'f', '', '', '', '', '', ''),
  ('service_affair.task_event(service_affair.task,timestamptz,text,jsonb)',       'f', '', '', '', '', '', ''),
  ('service_affair.refresh_case_clock(bigint)',                                   'f', '', '', '', '', '', ''),
  ('service_affair.case_due_at(bigint,timestamptz)',                              'f', 'E', '', '', '', 'E', ''),  -- case_sla calls it
  ('service_affair.lock_task(bigint,timestamptz)',                                'f', '', '', '', '', '', ''),
  ('service_affair.task_refuse(bigint)',                                          'f', '', '', '', '', '', ''),
  ('service_affair.wrong_task_state(service_affair.task,text,text)',              'f', '', '', '', '', '', ''),
  ('service_affair.route_advance(bigint,timestamptz)',                            'f', '', '', '', '', '', ''),
  -- public utilities: everybody
  ('service_affair.sees_all_tasks()',                                             'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.staff_departments()',                                          'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.sla_as_of()',                                                  'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.shifted_due(date,integer,integer,text)',                       'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.task_row_ok(integer,text,integer,integer,timestamptz,date,text,timestamptz,boolean,integer,integer,timestamptz,text,text)', 'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.is_provisional(date,text)',                                    'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.sla_provisional(date,text)',                                   'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.sla_state(date,text,timestamptz,boolean,timestamptz)',         'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.sla_workdays_left(date,text,timestamptz)',                     'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.add_workdays(date,integer,text)',                              'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.is_workday(date,text)',                                        'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.workdays_between(date,date,text)',                             'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.local_day(timestamptz,text)',                                  'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.mask(service_affair.resident_id)',                             'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.mask_name(text)',                                              'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.is_valid_uscc(text)',                                          'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.is_valid_resident_id(text)',                                   'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.actor()',                                                      'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.acts_as(text)',                                                'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.my_departments(text)',                                         'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.my_regions(text)',                                             'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.my_task_cases()',                                              'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.may_act(text,text)',                                           'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.acting_departments(text)',                                     'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.mask_identifier(text)',                                        'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.printable(text)',                                              'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  -- internal helpers of identification and the access log: nobody
  ('service_affair.applicant_by_identifier(text,text)',                           'f', '', '', '', '', '', ''),
  ('service_affair.require_window()',                                             'f', '', '', '', '', '', ''),
  ('service_affair.require_case_worker(bigint,boolean)',                          'f', '', '', '', '', '', ''),
  ('service_affair.check_intake_place(text,text,text)',                           'f', '', '', '', '', '', ''),
  ('service_affair.log_access(bigint,text,bigint)',                               'f', '', '', '', '', '', ''),
  ('service_affair.access_log_line(bigint,text,bigint)',                          'f', '', '', '', '', '', ''),
  ('service_affair.is_blank(text)',                                               'f', 'E', '', '', '', '', ''),
  ('service_affair.check_material_name(text,text,text)',                         'f', 'E', '', '', '', '', ''),
  ('service_affair.access_log_append_only()',                                     'f', '', '', '', '', '', ''),
  -- the access log: administrators read it, analysts count it
  ('service_affair.access_log',         'r', 'S', '', '', '', '', ''),
  ('service_affair.access_log_daily',   'r', 'S', '', '', '', 'S', ''),
  -- organisation and reference data
  ('service_affair.department',         'r', 'SIUD', 'S', 'S', 'S', 'S', ''),
  ('service_affair.staff',              'r', 'SIUD', '', '', '', '', ''),
  ('service_affair.role_grant',         'r', 'S', '', '', '', '', ''),
  ('service_affair.calendar',           'r', 'SIUD', 'S', 'S', 'S', 'S', 'S'),
  ('service_affair.calendar_day',       'r', 'SIUD', 'S', 'S', 'S', 'S', 'S'),
  ('service_affair.item',               'r', 'SIUD', 'S', 'S', '', 'S', ''),
  ('service_affair.material',           'r', 'SIUD', 'S', 'S', '', 'S', ''),
  ('service_affair.bundle',             'r', 'SIUD', 'S', 'S', '', 'S', ''),
  ('service_affair.bundle_item',        'r', 'SIUD', 'S', 'S', '', 'S', ''),
  -- personal data
  ('service_affair.applicant',          'r', 'SIUD', '', '', '', '', ''),
  ('service_affair.evidence',           'r', 'SIUD', '', '', '', '', ''),
  ('service_affair.applicant_masked',   'r', 'S', '', '', '', 'S', ''),
  -- cases: written only through the API
  ('service_affair.cases',              'r', 'S', 'S', 'S', '', '', ''),
  ('service_affair.case_material',      'r', 'S', 'S', 'S', '', '', ''),
  ('service_affair.case_event',         'r', 'S', 'S', 'S', '', '', ''),
  -- tasks: written only through the API
  -- (analysts: SELECT on columns of task only, not note, extension_reason
  -- nor assignee: the rule of column privileges below and
  -- access_task_text.sql)
  ('service_affair.task',               'r', 'S', '', 'S', '', '', ''),
  ('service_affair.task_suspension',    'r', 'S', '', 'S', '', '', ''),
  ('service_affair.task_sla',           'r', 'S', '', 'S', '', 'S', ''),
  ('service_affair.case_sla',           'r', 'S', '', '', '', 'S', ''),
  -- ratings and the analyst views
  -- complaints (62): written only through the API; the staff read the queue
  ('service_affair.receive_complaint(text,text,text,timestamptz,bigint,text,text,text,bigint,text,text)', 'f', 'E', 'E', '', '', '', ''),
  ('service_affair.assign_complaint(bigint,text,timestamptz)',                    'f', 'E', 'E', '', '', '', ''),
  ('service_affair.transfer_complaint(bigint,text,text,timestamptz)',             'f', 'E', 'E', 'E', '', '', ''),
  ('service_affair.supervise_complaint(bigint,date,timestamptz)',                 'f', 'E', '', '', '', '', ''),
  ('service_affair.reply_complaint(bigint,text,timestamptz,text)',                'f', 'E', 'E', 'E', '', '', ''),
  ('service_affair.record_complaint_callback(bigint,boolean,timestamptz)',        'f', 'E', 'E', '', '', '', ''),
  ('service_affair.close_complaint(bigint,timestamptz)',                          'f', 'E', '', '', '', '', ''),
  ('service_affair.complaint_sla_sweep(timestamptz)',                             'f', 'E', '', '', '', '', ''),
  ('service_affair.complaint_from_rating(bigint,text,timestamptz)',               'f', 'E', 'E', '', '', '', ''),
  ('service_affair.complaint_visible(text)',                                      'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.case_followups_visible(text,text)',                            'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.complaint_may(service_affair.complaint,text)',                 'f', '', '', '', '', '', ''),
  ('service_affair.complaint_refuse(bigint,text)',                                'f', '', '', '', '', '', ''),
  ('service_affair.complaint_rating_intake(bigint,bigint)',                     'f', '', '', '', '', '', ''),
  ('service_affair.lock_complaint(bigint,timestamptz,text)',                      'f', '', '', '', '', '', ''),
  ('service_affair.complaint_check_after(service_affair.complaint,timestamptz)', 'f', '', '', '', '', '', ''),
  ('service_affair.complaint_check_receipt(timestamptz)',                        'f', '', '', '', '', '', ''),
  ('service_affair.complaint',            'r', 'S', '', '', '', '', ''),
  ('service_affair.complaint_event',      'r', 'S', '', '', '', '', ''),
  ('service_affair.complaint_indicators', 'r', 'S', '', '', '', 'S', ''),
  ('service_affair.complaint_items',      'r', 'S', '', '', '', 'S', ''),
  ('service_affair.complaint_queue',      'r', 'S', 'S', 'S', '', '', ''),
  ('service_affair.case_followups',       'r', 'S', 'S', 'S', '', '', ''),
  ('service_affair.setting',            'r', 'SIU', '', 'S', '', '', ''),
  ('service_affair.rating',             'r', 'S', '', '', '', '', ''),
  ('service_affair.rectification',      'r', 'S', '', '', '', '', ''),
  ('service_affair.efficiency_counts',  'r', 'S', '', '', '', 'S', ''),
  ('service_affair.efficiency',         'r', 'S', '', '', '', 'S', ''),
  ('service_affair.efficiency_department', 'r', 'S', '', '', '', 'S', ''),
  ('service_affair.efficiency_overall', 'r', 'S', '', '', '', 'S', ''),
  ('service_affair.satisfaction_counts', 'r', 'S', '', '', '', 'S', ''),
  ('service_affair.satisfaction',       'r', 'S', '', '', '', 'S', ''),
  ('service_affair.satisfaction_department', 'r', 'S', '', '', '', 'S', ''),
  ('service_affair.satisfaction_overall', 'r', 'S', '', '', '', 'S', ''),
  -- indicators at every level (issue 16)
  ('service_affair.efficiency_rollup', 'r', 'S', '', '', '', 'S', ''),
  ('service_affair.efficiency_region', 'r', 'S', '', '', '', 'S', ''),
  ('service_affair.satisfaction_rollup', 'r', 'S', '', '', '', 'S', ''),
  ('service_affair.satisfaction_region', 'r', 'S', '', '', '', 'S', ''),
  ('service_affair.complaint_counts', 'r', 'S', '', '', '', 'S', ''),
  ('service_affair.complaint_rollup', 'r', 'S', '', '', '', 'S', ''),
  ('service_affair.complaint_indicators_region', 'r', 'S', '', '', '', 'S', ''),
  ('service_affair.complaint_indicators_overall', 'r', 'S', '', '', '', 'S', ''),
  -- one row per case/rating/complaint behind the indicator levels (views speed pass)
  ('service_affair.efficiency_facts', 'r', 'S', '', '', '', 'S', ''),
  ('service_affair.satisfaction_facts', 'r', 'S', '', '', '', 'S', ''),
  ('service_affair.complaint_facts', 'r', 'S', '', '', '', 'S', ''),
  ('service_affair.service_promise', 'r', 'S', '', '', '', 'S', ''),
  ('service_affair.bundle_promise', 'r', 'S', '', '', '', 'S', ''),
  ('service_affair.visit_promise_exceeded', 'r', 'S', '', '', '', 'S', ''),
  ('service_affair.efficiency_rates(service_affair.efficiency_rollup)', 'f', 'E', '', '', '', 'E', ''),
  ('service_affair.satisfaction_rates(service_affair.satisfaction_rollup)', 'f', 'E', '', '', '', 'E', ''),
  ('service_affair.complaint_rates(service_affair.complaint_rollup)', 'f', 'E', '', '', '', 'E', ''),
  ('service_affair.efficiency_period_rollup(date,date,text[])', 'f', 'E', '', '', '', 'E', ''),
  ('service_affair.satisfaction_period_rollup(date,date,text[])', 'f', 'E', '', '', '', 'E', ''),
  ('service_affair.efficiency_period_region(date,date)', 'f', 'E', '', '', '', 'E', ''),
  ('service_affair.satisfaction_period_region(date,date)', 'f', 'E', '', '', '', 'E', ''),
  ('service_affair.case_visit_phase()', 'f', '', '', '', '', '', ''),
  ('service_affair.complaint_period_rollup(date,date,text[])', 'f', 'E', '', '', '', 'E', ''),
  ('service_affair.complaint_period(date,date)', 'f', 'E', '', '', '', 'E', ''),
  ('service_affair.complaint_period_region(date,date)', 'f', 'E', '', '', '', 'E', ''),
  -- indicators at the service point level (issue 16, point)
  ('service_affair.efficiency_point', 'r', 'S', '', '', '', 'S', ''),
  ('service_affair.satisfaction_point', 'r', 'S', '', '', '', 'S', ''),
  ('service_affair.complaint_indicators_point', 'r', 'S', '', '', '', 'S', ''),
  ('service_affair.efficiency_period_point(date,date)', 'f', 'E', '', '', '', 'E', ''),
  ('service_affair.satisfaction_period_point(date,date)', 'f', 'E', '', '', '', 'E', ''),
  ('service_affair.complaint_period_point(date,date)', 'f', 'E', '', '', '', 'E', ''),
  -- inspections
  ('service_affair.target',             'r', 'SIUD', '', '', 'S', '', ''),
  ('service_affair.inspector',          'r', 'SIUD', '', '', 'S', '', ''),
  ('service_affair.recusal',            'r', 'SIUD', '', '', 'S', '', ''),
  ('service_affair.ledger',             'r', 'S', '', '', 'S', '', ''),
  ('service_affair.inspection_log',     'r', 'S', '', '', 'S', '', ''),
  ('service_affair.plan',               'r', 'S', '', '', 'S', '', ''),
  ('service_affair.draw',               'r', 'S', '', '', 'S', '', ''),
  ('service_affair.inspection_result',  'r', 'S', '', '', 'S', '', ''),
  ('service_affair.result_publication', 'r', 'S', '', '', 'S', '', ''),
  ('service_affair.draw_selection',     'r', 'S', '', '', 'S', '', ''),
  ('service_affair.target_uscc_history', 'r', 'S', '', '', 'S', '', ''),
  ('service_affair.public_results',     'r', 'S', '', '', 'S', 'S', 'S'),
  -- public guides, the catalog ledger and case progress (issue 14: 33_guides, 47_progress, 75_catalog_ledger)
  ('service_affair.propose_catalog_change(jsonb,date)',                           'f', 'E', 'E', 'E', '', '', ''),
  ('service_affair.review_catalog_change(bigint,boolean,text)',                   'f', 'E', '', 'E', '', '', ''),
  ('service_affair.review_catalog_version(bigint,text)',                          'f', 'E', '', 'E', '', '', ''),
  ('service_affair.publish_due_catalog_changes(timestamptz)',                     'f', 'E', '', '', '', '', ''),
  ('service_affair.guide_as_of(text,timestamptz)',                                'f', 'E', 'E', 'E', '', 'E', 'E'),
  ('service_affair.catalog_indicators(date)',                                     'f', 'E', '', '', '', 'E', 'E'),
  ('service_affair.power_list_changes(date,date)',                                'f', 'E', '', 'E', '', 'E', 'E'),
  ('service_affair.verify_catalog_log()',                                         'f', 'E', '', 'E', '', 'E', 'E'),
  ('service_affair.catalog_record(text,text,jsonb,jsonb,jsonb)',                  'f', '', '', '', '', '', ''),
  ('service_affair.catalog_apply(text,text,jsonb,jsonb)',                         'f', '', '', '', '', '', ''),
  ('service_affair.catalog_rows_as_of(text,timestamptz)',                         'f', '', '', '', '', '', ''),
  ('service_affair.catalog_check_day(text,date)',                                 'f', '', '', '', '', '', ''),
  ('service_affair.history_check_month(text,date)',                               'f', '', '', '', '', '', ''),
  ('service_affair.case_progress(bigint,text)',                                   'f', 'E', 'E', '', '', '', 'E'),
  ('service_affair.case_guide(bigint)',                                           'f', 'E', 'E', '', '', '', ''),
  ('service_affair.identifier_equal(text,text)',                                  'f', '', '', '', '', '', ''),
  ('service_affair.progress_gate(boolean)',                                       'f', '', '', '', '', '', ''),
  ('service_affair.material_denylist',     'r', 'SIUD', 'S', 'S', '', '', ''),
  ('service_affair.catalog_change',        'r', 'S', 'S', 'S', '', '', ''),
  ('service_affair.catalog_version',       'r', 'S', 'S', 'S', '', 'S', ''),
  ('service_affair.catalog_version_review', 'r', 'S', '', 'S', '', '', ''),
  ('service_affair.catalog_review_queue',  'r', 'S', '', 'S', '', '', ''),
  ('service_affair.catalog_regressions',   'r', 'S', '', 'S', '', 'S', ''),
  ('service_affair.catalog_power_changes', 'r', 'S', '', 'S', '', 'S', 'S'),
  ('service_affair.catalog_ledger',        'r', 'S', '', 'S', '', 'S', 'S'),
  ('service_affair.public_item_list',      'r', 'S', 'S', 'S', '', 'S', 'S'),
  ('service_affair.public_guide',          'r', 'S', 'S', 'S', '', 'S', 'S'),
  ('service_affair.public_bundle_list',    'r', 'S', 'S', '', '', 'S', 'S'),
  ('service_affair.public_bundle_guide',   'r', 'S', 'S', '', '', 'S', 'S'),
  -- commitments and credit (issue 12: 55_commitments, 56_credit, 71_credit_targets)
  ('service_affair.record_check(bigint,text,text,timestamptz)',                   'f', 'E', '', '', 'E', '', ''),
  ('service_affair.record_credit_event(text,text,text,timestamptz,boolean,text)', 'f', 'E', '', '', '', '', ''),
  ('service_affair.set_credit_flag(bigint,boolean,text)',                         'f', 'E', '', '', '', '', ''),
  ('service_affair.review_credit_event(bigint,boolean,text,timestamptz)',         'f', 'E', '', '', '', '', ''),
  ('service_affair.repair_credit_event(bigint,text,timestamptz)',                 'f', 'E', '', '', '', '', ''),
  ('service_affair.revoke_case(bigint,text,text,timestamptz,jsonb)',              'f', '', '', '', '', '', ''),
  ('service_affair.commitment_accepted(bigint, boolean)',                         'f', '', '', '', '', '', ''),
  ('service_affair.commitment_approve_open(bigint, boolean)',                     'f', '', '', '', '', '', ''),
  ('service_affair.commitment_recompute_dues()',                                  'f', '', '', '', '', '', ''),
  ('service_affair.commitment_sla_sweep(timestamptz)',                            'f', '', '', '', '', '', ''),
  ('service_affair.credit_record(text,text,text,text,text,timestamptz,boolean,text)',  'f', '', '', '', '', '', ''),
  ('service_affair.credit_refresh_targets(timestamptz,text)',                     'f', '', '', '', '', '', ''),
  ('service_affair.intake_credit_ok(bigint,text,boolean)',                        'f', '', '', '', '', '', ''),
  ('service_affair.commitment_check_visible(text)',                               'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.credit_event_visible()',                                       'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.commitment_check',          'r', 'S', '', '', 'S', '', ''),
  ('service_affair.credit_event',              'r', 'S', '', '', '', '', ''),
  ('service_affair.credit_event_status',       'r', 'S', '', '', '', '', ''),
  ('service_affair.credit_standing',           'r', 'S', '', '', '', '', ''),
  ('service_affair.credit_profile',            'r', 'S', '', '', '', '', ''),
  ('service_affair.credit_focus_targets',      'r', 'S', '', '', 'S', '', ''),
  ('service_affair.commitment_accountability', 'r', 'S', '', '', '', 'S', ''),
  ('service_affair.commitment_break_rate',     'r', 'S', '', '', '', 'S', ''),
  ('service_affair.credit_indicators',         'r', 'S', '', '', '', 'S', ''),
  -- called by credit_event_status (and so credit_standing, credit_profile):
  -- a view's functions run with its reader's rights (found by scale_standby.pl)
  ('service_affair.credit_setting(text)',                                         'f', 'E', '', '', '', '', ''),
  -- electronic licences (44): the registry, licences written only through routing and record_evidence()
  ('service_affair.record_evidence(bigint,text,text,date)',                       'f', 'E', 'E', '', '', '', ''),
  ('service_affair.verify_licence(text,text)',                                    'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.expire_licences(timestamptz)',                                 'f', 'E', '', '', '', '', ''),
  ('service_affair.issue_licence(bigint,text,timestamptz,text,text,text,text,date)', 'f', '', '', '', '', '', ''),
  ('service_affair.licence_next_number(text,text,text,integer)',                 'f', '', '', '', '', '', ''),
  ('service_affair.issue_licences(bigint,timestamptz)',                           'f', '', '', '', '', '', ''),
  ('service_affair.block_unlicensed_stage(bigint,integer,timestamptz)',           'f', '', '', '', '', '', ''),
  ('service_affair.licence_active_key()',                                         'f', '', '', '', '', '', ''),
  ('service_affair.licence_hmac(bytea,text)',                                     'f', '', '', '', '', '', ''),
  ('service_affair.licence_random_key()',                                         'f', '', '', '', '', '', ''),
  ('service_affair.licence_message(text,text,text,date,date)',                    'f', '', '', '', '', '', ''),
  ('service_affair.revoke_case_licences()',                                       'f', '', '', '', '', '', ''),
  ('service_affair.licence_key_immutable()',                                      'f', '', '', '', '', '', ''),
  ('service_affair.licence_key_fresh()',                                          'f', '', '', '', '', '', ''),
  ('service_affair.evidence_type',       'r', 'SIUD', 'S', 'S', '', 'S', ''),
  ('service_affair.licence_key',         'r', 'SIU', '', '', '', '', ''),
  ('service_affair.licence',             'r', 'S', '', '', '', '', ''),
  ('service_affair.licence_counter',     'r', '', '', '', '', '', ''),
  ('service_affair.licence_annulment',   'r', 'S', '', '', '', '', ''),
  ('service_affair.licence_review',      'r', 'S', '', '', '', 'S', ''),
  ('service_affair.data_sharing',        'r', 'S', '', '', '', 'S', ''),
  ('service_affair.licence_monthly',     'r', 'S', '', '', '', 'S', ''),
  ('service_affair.one_licence_service', 'r', 'S', '', '', '', 'S', ''),
  -- 通办 and the service network (34_network, 42_tongban)
  ('service_affair.receive_originals(bigint,timestamptz)',                        'f', 'E', 'E', 'E', '', '', ''),
  ('service_affair.originals_require(service_affair.cases,bigint)',               'f', '', '', '', '', '', ''),
  ('service_affair.receive_result(bigint,timestamptz)',                           'f', 'E', 'E', '', '', '', ''),
  ('service_affair.result_require(service_affair.cases,bigint)',                  'f', '', '', '', '', '', ''),
  ('service_affair.originals_forwarded(text,text,text)',                          'f', '', '', '', '', '', ''),
  ('service_affair.may_act_at(text)',                                             'f', 'E', 'E', '', '', '', ''),
  ('service_affair.my_points()',                                                  'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.visit_kind(text,text,text,boolean)',                           'f', 'E', '', '', '', 'E', ''),
  ('service_affair.visit_count(text,text,boolean)',                               'f', 'E', '', '', '', '', ''),
  ('service_affair.resolve_competence(text,bigint,text,text,text)',               'f', '', '', '', '', '', ''),
  ('service_affair.record_place(bigint,text,bigint,text,text)',                   'f', '', '', '', '', '', ''),
  ('service_affair.leg_sla_sweep(timestamptz)',                                   'f', '', '', '', '', '', ''),
  ('service_affair.service_point',       'r', 'SIUD', 'S', 'S', '', 'S', 'S'),
  ('service_affair.staff_point',         'r', 'SIUD', '', '', '', '', ''),
  ('service_affair.agent',               'r', 'SIUD', '', '', '', '', ''),
  ('service_affair.item_implementation', 'r', 'SIUD', 'S', 'S', '', 'S', ''),
  ('service_affair.case_leg',            'r', 'S', 'S', 'S', '', '', ''),
  ('service_affair.tongban_cases',       'r', 'S', '', '', '', 'S', ''),
  ('service_affair.tongban_by_point',    'r', 'S', '', '', '', 'S', ''),
  ('service_affair.tongban_by_office',   'r', 'S', '', '', '', 'S', ''),
  ('service_affair.tongban_by_region',   'r', 'S', '', '', '', 'S', ''),
  -- the row checks of cases and case_material (48_case_row, the speed work of issue 10): as task_row_ok
  ('service_affair.cases_row_ok(text,text,text,text,text,text,text,timestamptz,text,text,integer,integer,text,text,text,integer,integer,integer,integer,integer)', 'f', 'E', 'E', 'E', 'E', 'E', 'E'),
  ('service_affair.case_material_row_ok(text,text,integer)',                      'f', 'E', 'E', 'E', 'E', 'E', 'E');

CREATE TEMP TABLE matrix AS
SELECT e.object, e.kind, r.role,
       (ARRAY[e.admin, e.clerk, e.reviewer, e.inspector, e.analyst, e.public])[r.n] AS want
  FROM expected e
 CROSS JOIN unnest(ARRAY['admin', 'clerk', 'reviewer', 'inspector', 'analyst', 'public']) WITH ORDINALITY AS r(role, n);

-- a bad rating of a Market case (330225, AX_M) for the rating writers: an
-- unknown rating id is 42501 but to administrators (rating_require_staff(),
-- complaint_rating_intake(): doc/access.md, "The right before the state")
SELECT rate(:c_m2, 1, 'window', NULL, '2026-11-25 10:00+08') AS r_m \gset

-- the calls: label, SQL, roles allowed (the others get 42501); an allowed
-- call may still fail for another reason (a second draw: 55000, ...)
CREATE TEMP TABLE calls (label text, q text, allowed text[]);
INSERT INTO calls VALUES
  ('completeness() by id', format($$SELECT * FROM service_affair.completeness('ax_biz', %s, '{form}')$$, :p), '{admin}'),
  ('submit() by id', format($$SELECT service_affair.submit('ax_biz', %s, '{form}', 'window', '{}', '2026-11-19 10:00+08')$$, :p), '{admin}'),
  ('completeness() by identifier', $$SELECT * FROM service_affair.completeness('ax_biz', '11010519491231002X', '{form}')$$, '{admin,clerk}'),
  ('submit() by identifier', $$SELECT service_affair.submit('ax_biz', '11010519491231002X', '{form}', 'window', '{}', '2026-11-19 10:00+08')$$, '{admin,clerk}'),
  ('case_applicant()', format($$SELECT * FROM service_affair.case_applicant(%s)$$, :c_m), '{admin,clerk,reviewer}'),
  ('case_evidence()', format($$SELECT * FROM service_affair.case_evidence(%s)$$, :c_m), '{admin,reviewer}'),
  -- electronic licences (44): a clerk of the case's region records (55000 here: the case is not concluded)
  ('record_evidence()', format($$SELECT service_affair.record_evidence(%s, 'ax_none', 'x', NULL)$$, :c_m), '{admin,clerk}'),
  ('verify_licence()', $$SELECT service_affair.verify_licence('n', '11010519491231002X')$$, '{admin,clerk,reviewer,inspector,analyst,public}'),
  ('expire_licences()', $$SELECT service_affair.expire_licences('2026-11-19 10:00+08')$$, '{admin}'),
  ('SELECT licence', $$SELECT count(*) FROM service_affair.licence$$, '{admin}'),
  ('SELECT data_sharing', $$SELECT count(*) FROM service_affair.data_sharing$$, '{admin,analyst}'),
  ('UPDATE licence', $$UPDATE service_affair.licence SET status = 'revoked'$$, '{}'),
  ('INSERT evidence_type', $$INSERT INTO service_affair.evidence_type (code, name) VALUES ('ax_t', 'T')$$, '{admin}'),
  ('SELECT access_log', $$SELECT count(*) FROM service_affair.access_log$$, '{admin}'),
  ('SELECT access_log_daily', $$SELECT count(*) FROM service_affair.access_log_daily$$, '{admin,analyst}'),
  ('UPDATE access_log', $$UPDATE service_affair.access_log SET purpose = 'x'$$, '{}'),
  ('DELETE access_log', $$DELETE FROM service_affair.access_log$$, '{}'),
  ('notice()', format($$SELECT * FROM service_affair.notice(%s)$$, :c_m), '{admin,clerk}'),
  ('supplement()', format($$SELECT service_affair.supplement(%s, '{form}', '2026-11-19 10:00+08')$$, :c_m), '{admin,clerk}'),
  ('record_visit()', format($$SELECT service_affair.record_visit(%s, '2026-11-19 10:00+08')$$, :c_m), '{admin,clerk}'),
  ('deliver()', format($$SELECT service_affair.deliver(%s, 'mail', '2026-11-19 10:00+08')$$, :c_m), '{admin,clerk}'),
  ('withdraw()', $$SELECT service_affair.withdraw(service_affair.submit('ax_biz', '11010519491231002X', '{}', 'online', '{}', '2026-11-19 10:00+08'), '2026-11-19 11:00+08')$$, '{admin,clerk}'),
  ('register_applicant()', $$SELECT service_affair.register_applicant('org', '91110000600037341L', '北京测试有限公司')$$, '{admin,clerk}'),
  ('claim_task()', $$SELECT service_affair.claim_task('AX_M', 'worker', '2026-11-19 09:00+08')$$, '{admin,reviewer}'),
  ('complete_task()', format($$SELECT service_affair.complete_task(%s, 'approved', '2026-11-19 10:00+08')$$, :tm), '{admin,reviewer}'),
  ('suspend()', format($$SELECT service_affair.suspend(%s, 'hearing', '2026-11-19 10:00+08')$$, :tm2), '{admin,reviewer}'),
  ('resume()', format($$SELECT service_affair.resume(%s, '2026-11-20 10:00+08')$$, :tm2), '{admin,reviewer}'),
  ('extend()', format($$SELECT service_affair.extend(%s, 2, 'complex', '2026-11-20 11:00+08')$$, :tm3), '{admin,reviewer}'),
  ('sla_sweep()', $$SELECT service_affair.sla_sweep('2026-11-21 10:00+08')$$, '{admin}'),
  ('SELECT task', $$SELECT count(*) FROM service_affair.task$$, '{admin,reviewer,analyst}'),
  ('SELECT task_sla', $$SELECT count(*) FROM service_affair.task_sla$$, '{admin,reviewer,analyst}'),
  ('SELECT case_sla', $$SELECT count(*) FROM service_affair.case_sla$$, '{admin,analyst}'),
  ('UPDATE task', $$UPDATE service_affair.task SET assignee = 'me'$$, '{}'),
  ('rate()', format($$SELECT service_affair.rate(%s, 5, 'window', NULL, '2026-11-25 10:00+08')$$, :c_m), '{admin,clerk}'),
  ('record_callback()', format($$SELECT service_affair.record_callback(%s)$$, :r_m), '{admin,reviewer}'),
  ('close_rectification()', format($$SELECT service_affair.close_rectification(%s, 'fixed')$$, :r_m), '{admin,reviewer}'),
  ('appeal_rating()', $$SELECT service_affair.appeal_rating(-1, 'malicious')$$, '{admin}'),
  ('complaint_from_rating()', format($$SELECT service_affair.complaint_from_rating(%s)$$, :r_m), '{admin,clerk}'),
  ('SELECT complaint', $$SELECT count(*) FROM service_affair.complaint$$, '{admin}'),
  ('SELECT complaint_queue', $$SELECT count(*) FROM service_affair.complaint_queue$$, '{admin,clerk,reviewer}'),
  ('SELECT case_followups', $$SELECT count(*) FROM service_affair.case_followups$$, '{admin,clerk,reviewer}'),
  ('SELECT complaint_indicators', $$SELECT count(*) FROM service_affair.complaint_indicators$$, '{admin,analyst}'),
  ('UPDATE complaint_event', $$UPDATE service_affair.complaint_event SET note = 'x'$$, '{}'),
  ('efficiency_period()', $$SELECT count(*) FROM service_affair.efficiency_period('2026-11-01', '2026-11-01')$$, '{admin,analyst}'),
  ('SELECT efficiency', $$SELECT count(*) FROM service_affair.efficiency$$, '{admin,analyst}'),
  ('SELECT satisfaction', $$SELECT count(*) FROM service_affair.satisfaction$$, '{admin,analyst}'),
  -- indicators at every level (issue 16)
  ('SELECT efficiency_region', $$SELECT count(*) FROM service_affair.efficiency_region$$, '{admin,analyst}'),
  ('efficiency_period_region()', $$SELECT count(*) FROM service_affair.efficiency_period_region('2026-11-01', '2026-11-01')$$, '{admin,analyst}'),
  ('SELECT complaint_indicators_region', $$SELECT count(*) FROM service_affair.complaint_indicators_region$$, '{admin,analyst}'),
  -- indicators at the service point level (issue 16, point)
  ('SELECT efficiency_point', $$SELECT count(*) FROM service_affair.efficiency_point$$, '{admin,analyst}'),
  ('satisfaction_period_point()', $$SELECT count(*) FROM service_affair.satisfaction_period_point('2026-11-01', '2026-11-01')$$, '{admin,analyst}'),
  ('SELECT complaint_indicators_point', $$SELECT count(*) FROM service_affair.complaint_indicators_point$$, '{admin,analyst}'),
  ('SELECT visit_promise_exceeded', $$SELECT count(*) FROM service_affair.visit_promise_exceeded$$, '{admin,analyst}'),
  ('SELECT rating', $$SELECT count(*) FROM service_affair.rating$$, '{admin}'),
  ('UPDATE rating', $$UPDATE service_affair.rating SET level = 5$$, '{}'),
  -- public guides, the catalog ledger and case progress (issue 14)
  ('propose_catalog_change()', $$SELECT service_affair.propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "ax_biz"}, "row": {"fee": "0"}}')$$, '{admin,clerk,reviewer}'),
  ('review_catalog_change()', $$SELECT service_affair.review_catalog_change(-1, true)$$, '{admin,reviewer}'),
  ('publish_due_catalog_changes()', $$SELECT service_affair.publish_due_catalog_changes()$$, '{admin}'),
  ('guide_as_of()', $$SELECT service_affair.guide_as_of('ax_biz', now())$$, '{admin,clerk,reviewer,analyst,public}'),
  ('catalog_indicators()', $$SELECT count(*) FROM service_affair.catalog_indicators()$$, '{admin,analyst,public}'),
  ('case_progress()', format($$SELECT count(*) FROM service_affair.case_progress(%s, '11010519491231002X')$$, :c_m), '{admin,clerk,public}'),
  ('SELECT public_item_list', $$SELECT count(*) FROM service_affair.public_item_list$$, '{admin,clerk,reviewer,analyst,public}'),
  ('SELECT catalog_ledger', $$SELECT count(*) FROM service_affair.catalog_ledger$$, '{admin,reviewer,analyst,public}'),
  ('UPDATE catalog_version', $$UPDATE service_affair.catalog_version SET reason = 'x'$$, '{}'),
  ('create_ledger()', $$SELECT service_affair.create_ledger('AX_H', 'sm3')$$, '{admin}'),
  -- 通办 and the service network (34_network, 42_tongban)
  -- a case of theirs (55000 here: nothing on the way); an unknown id is 42501 but to administrators
  ('receive_originals()', format($$SELECT service_affair.receive_originals(%s, '2026-11-19 10:00+08')$$, :c_m), '{admin,clerk,reviewer}'),
  ('SELECT case_leg', $$SELECT count(*) FROM service_affair.case_leg$$, '{admin,clerk,reviewer}'),
  ('SELECT agent', $$SELECT count(*) FROM service_affair.agent$$, '{admin}'),
  ('UPDATE staff_point', $$UPDATE service_affair.staff_point SET point = point$$, '{admin}'),
  ('SELECT service_point', $$SELECT count(*) FROM service_affair.service_point$$, '{admin,clerk,reviewer,analyst,public}'),
  ('SELECT tongban_by_point', $$SELECT count(*) FROM service_affair.tongban_by_point$$, '{admin,analyst}'),
  ('UPDATE case_leg', $$UPDATE service_affair.case_leg SET done_at = NULL$$, '{}'),
  ('create_plan()', $$SELECT service_affair.create_plan('p', ARRAY['AX_M'], ARRAY[0, 0, 0, 0]::numeric[], pg_catalog.sha256('\x03'::bytea))$$, '{admin}'),
  ('draw()', format($$SELECT service_affair.draw(%s, '\x02'::bytea)$$, :plan2), '{admin}'),
  ('record_result()', format($$SELECT service_affair.record_result(%s, %s, 'pass', 'fine', '2026-11-18 15:00+08')$$, :drawn, :t1), '{admin,inspector}'),
  ('publish_results()', format($$SELECT service_affair.publish_results(%s, '2026-11-20 10:00+08')$$, :drawn), '{admin}'),
  ('verify_log()', $$SELECT * FROM service_affair.verify_log()$$, '{admin,inspector}'),
  ('verify_draw()', format($$SELECT service_affair.verify_draw(%s)$$, :drawn), '{admin,clerk,reviewer,inspector,analyst,public}'),
  ('create_roles()', $$SELECT service_affair.create_roles()$$, '{}'),
  ('log_append() (internal)', $$SELECT service_affair.log_append('AX_M', 'plan', '{}')$$, '{}'),
  ('add_workdays()', $$SELECT service_affair.add_workdays('2026-09-30', 1)$$, '{admin,clerk,reviewer,inspector,analyst,public}'),
  ('SELECT cases', $$SELECT count(*) FROM service_affair.cases$$, '{admin,clerk,reviewer}'),
  ('SELECT case_event', $$SELECT count(*) FROM service_affair.case_event$$, '{admin,clerk,reviewer}'),
  ('SELECT applicant', $$SELECT count(*) FROM service_affair.applicant$$, '{admin}'),
  ('SELECT evidence', $$SELECT count(*) FROM service_affair.evidence$$, '{admin}'),
  ('SELECT applicant_masked', $$SELECT count(*) FROM service_affair.applicant_masked$$, '{admin,analyst}'),
  ('SELECT public_results', $$SELECT count(*) FROM service_affair.public_results$$, '{admin,inspector,analyst,public}'),
  ('SELECT draw_selection', $$SELECT count(*) FROM service_affair.draw_selection$$, '{admin,inspector}'),
  ('SELECT inspection_log', $$SELECT count(*) FROM service_affair.inspection_log$$, '{admin,inspector}'),
  ('SELECT item', $$SELECT count(*) FROM service_affair.item$$, '{admin,clerk,reviewer,analyst}'),
  ('UPDATE item', $$UPDATE service_affair.item SET name = name WHERE code = 'ax_biz'$$, '{admin}'),
  ('INSERT target', $$INSERT INTO service_affair.target (uscc, name, risk) VALUES ('91350100M000100Y43', 'dup', 'A')$$, '{admin}'),
  ('UPDATE cases', $$UPDATE service_affair.cases SET visits = 0$$, '{}'),
  ('INSERT cases', $$INSERT INTO service_affair.cases (service, service_kind, item, department, applicant, channel, status, returned, submitted_at, calendar, promised_limit, legal_limit) VALUES ('ax_biz', 'item', 'ax_biz', 'AX_M', 1, 'online', 'returned', true, now(), 'cn', 5, 20)$$, '{}'),
  ('DELETE case_material', $$DELETE FROM service_affair.case_material$$, '{}'),
  ('INSERT case_event', format($$INSERT INTO service_affair.case_event (case_id, at, kind) VALUES (%s, now(), 'forged')$$, :c_m), '{}'),
  ('INSERT inspection_log', $$INSERT INTO service_affair.inspection_log SELECT * FROM service_affair.inspection_log LIMIT 1$$, '{}'),
  ('UPDATE ledger', $$UPDATE service_affair.ledger SET head_seq = 0$$, '{}'),
  ('INSERT inspection_result', format($$INSERT INTO service_affair.inspection_result (draw_id, target, outcome, at, recorded_by) VALUES (%s, %s, 'pass', now(), 'x')$$, :drawn, :t2), '{}'),
  ('INSERT staff', $$INSERT INTO service_affair.staff VALUES ('someone', 'AX_M')$$, '{admin}'),
  -- the credit views answer their readers (they call credit_setting())
  ('SELECT credit_event_status', $$SELECT count(*) FROM service_affair.credit_event_status$$, '{admin}'),
  ('SELECT credit_standing', $$SELECT count(*) FROM service_affair.credit_standing$$, '{admin}'),
  ('SELECT credit_profile', $$SELECT count(*) FROM service_affair.credit_profile$$, '{admin}');

CREATE TEMP TABLE outcome AS
SELECT c.label, r.role, c.allowed, pg_temp.state_as(('access_' || r.role)::name, c.q) AS state
  FROM calls c
 CROSS JOIN unnest(ARRAY['admin', 'clerk', 'reviewer', 'inspector', 'analyst', 'public']) AS r(role);

SELECT plan((SELECT count(*)::integer FROM matrix) + (SELECT count(*)::integer FROM outcome) + 9);

-- 1. the catalog
SELECT is(
  CASE m.kind
    WHEN 'f' THEN CASE WHEN has_function_privilege('service_affair_' || m.role, m.object, 'EXECUTE') THEN 'E' ELSE '' END
    ELSE concat(CASE WHEN has_table_privilege('service_affair_' || m.role, m.object, 'SELECT') THEN 'S' END,
                CASE WHEN has_table_privilege('service_affair_' || m.role, m.object, 'INSERT') THEN 'I' END,
                CASE WHEN has_table_privilege('service_affair_' || m.role, m.object, 'UPDATE') THEN 'U' END,
                CASE WHEN has_table_privilege('service_affair_' || m.role, m.object, 'DELETE') THEN 'D' END,
                CASE WHEN has_table_privilege('service_affair_' || m.role, m.object, 'TRUNCATE') THEN 'T' END,
                CASE WHEN has_table_privilege('service_affair_' || m.role, m.object, 'REFERENCES') THEN 'R' END,
                CASE WHEN has_table_privilege('service_affair_' || m.role, m.object, 'TRIGGER') THEN 'G' END)
  END,
  m.want,
  format('%s on %s: %s', m.role, m.object, CASE WHEN m.want = '' THEN 'nothing' ELSE m.want END))
  FROM matrix m ORDER BY m.object, m.role;

-- 2. the calls
SELECT ok(CASE WHEN o.role = ANY (o.allowed) THEN o.state <> '42501' ELSE o.state = '42501' END,
          format('%s as %s: %s (got %s)', o.label, o.role,
                 CASE WHEN o.role = ANY (o.allowed) THEN 'allowed' ELSE '42501' END, o.state))
  FROM outcome o ORDER BY o.label, o.role;

-- 3. rules for every object, including those of parts this test does not list
SELECT is(
  (SELECT array_agg(DISTINCT c.relname::text ORDER BY c.relname::text)
     FROM pg_class c CROSS JOIN unnest(ARRAY['admin', 'clerk', 'reviewer', 'inspector', 'analyst', 'public']) r(role)
    WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
      AND c.relname ~ '^(case|task|rating|rectification|inspection_log|ledger|plan$|draw$|inspection_result|result_publication|sla)'
      AND has_table_privilege('service_affair_' || r.role, c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')),
  NULL, 'no group role may write case, task, rating or log tables directly');
SELECT is(
  (SELECT array_agg(DISTINCT c.relname::text ORDER BY c.relname::text)
     FROM pg_class c CROSS JOIN unnest(ARRAY['analyst', 'public']) r(role)
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE c.relnamespace = 'service_affair'::regnamespace
      AND a.atttypid = 'service_affair.resident_id'::regtype
      AND has_column_privilege('service_affair_' || r.role, c.oid, a.attnum, 'SELECT')),
  NULL, 'analysts and the public read no relation with a resident_id column');
SELECT is(
  (SELECT array_agg(DISTINCT v.oid::regclass::text ORDER BY v.oid::regclass::text)
     FROM pg_class v CROSS JOIN unnest(ARRAY['analyst', 'public']) r(role)
     JOIN pg_rewrite w ON w.ev_class = v.oid
     JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid
                     AND d.refclassid = 'pg_class'::regclass
                     AND d.refobjid = 'service_affair.applicant'::regclass
     JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
    WHERE v.relnamespace = 'service_affair'::regnamespace
      AND a.attname IN ('name', 'resident_id')
      AND has_table_privilege('service_affair_' || r.role, v.oid, 'SELECT')),
  ARRAY['applicant_masked'],
  'the only view analysts or the public read that uses applicant names or resident ids is applicant_masked');
SELECT is(
  (SELECT array_agg(p.oid::regprocedure::text ORDER BY p.oid::regprocedure::text)
     FROM pg_proc p
    WHERE p.pronamespace = 'service_affair'::regnamespace AND p.prosecdef
      AND NOT coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false)),
  NULL, 'every SECURITY DEFINER function pins search_path = pg_catalog, pg_temp');
SELECT is(
  (SELECT array_agg(p.oid::regprocedure::text ORDER BY p.oid::regprocedure::text)
     FROM pg_proc p
    WHERE p.pronamespace = 'service_affair'::regnamespace AND p.prosecdef
      AND p.prorettype <> 'trigger'::regtype
      AND has_function_privilege('public', p.oid, 'EXECUTE')),
  ARRAY['my_points()', 'my_regions(text)', 'my_task_cases()', 'sees_all_tasks()', 'staff_departments()'],
  'SECURITY DEFINER functions executable by PUBLIC: only what answers about the caller itself (verify_draw() was too until 2026-12-04: the group roles hold it)');
SELECT is(
  (SELECT array_agg(DISTINCT c.relname::text ORDER BY c.relname::text)
     FROM pg_class c
    WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
      AND has_table_privilege('public', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')),
  ARRAY['calendar', 'calendar_day'], 'PUBLIC reads only the calendars');
SELECT is(
  (SELECT array_agg(g.object ORDER BY g.object) FROM role_grant g
    WHERE g.privilege IN ('INSERT', 'UPDATE', 'DELETE') AND g.role <> 'admin'),
  NULL, 'the grant matrix gives write privileges to the admin role only');
SELECT is(
  (SELECT array_agg(x.grantee::regrole::text || ' ' || x.privilege_type || ' ' || c.relname || '.' || a.attname
                    ORDER BY x.grantee::regrole::text, c.relname, a.attnum)
     FROM pg_class c
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     CROSS JOIN aclexplode(a.attacl) x
    WHERE c.relnamespace = 'service_affair'::regnamespace
      AND x.grantee IN (SELECT oid FROM pg_roles WHERE rolname LIKE 'service\_affair\_%')
      AND NOT EXISTS (SELECT FROM role_grant g
                       WHERE 'service_affair_' || g.role = x.grantee::regrole::text AND g.privilege = x.privilege_type
                         AND CASE WHEN g.columns IS NOT NULL THEN to_regclass(g.object) END = c.oid AND a.attname = ANY (g.columns))),
  NULL, 'every privilege a group role holds on a column is a row of the grant matrix naming that column (analysts: columns of task)');
SELECT lives_ok('SELECT create_roles(); SELECT create_roles()', 'create_roles() is idempotent');

SELECT * FROM finish();
ROLLBACK;
