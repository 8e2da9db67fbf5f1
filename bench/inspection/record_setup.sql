-- bench/inspection/record_setup.sql: after setup.sql (N targets, 2,000
-- inspectors in 3 departments, 5,000 recusals), the roles, one plan of the
-- three departments drawn (rates A 1 %, B 2 %, C 10 %, D 30 %: 4,940 targets
-- of 100,000, teams of 2), and :logins inspectors of the drawn teams linked
-- to logins of their own (rec_<id>), each with its staff row.
SET search_path = service_affair, public;
SET client_min_messages = warning;
SELECT create_roles();
SELECT create_plan('record bench', ARRAY['market', 'ecoenv', 'emergency'], ARRAY[0.01, 0.02, 0.1, 0.3],
                   sha256(convert_to('record bench seed', 'UTF8')), 2) AS pid \gset
SELECT draw(:pid, convert_to('record bench seed', 'UTF8')) AS did \gset
-- the first :logins inspectors (by id) on a drawn team
CREATE TABLE public.rec_login AS
SELECT i.id, 'rec_' || lower(i.id) AS login
  FROM inspector i
 WHERE EXISTS (SELECT FROM draw_selection s WHERE s.draw_id = :did AND i.id = ANY (s.inspectors))
 ORDER BY i.id LIMIT :logins;
SELECT format('CREATE ROLE %I LOGIN IN ROLE service_affair_inspector', login) FROM public.rec_login \gexec
INSERT INTO staff (login, department) SELECT l.login, i.department FROM public.rec_login l JOIN inspector i USING (id);
UPDATE inspector i SET login = l.login FROM public.rec_login l WHERE l.id = i.id;
-- each linked inspector's targets it is not recused for, in rank order: the calls
CREATE TABLE public.rec_call AS
SELECT row_number() OVER (ORDER BY s.rank) AS n, l.login, s.draw_id, s.target,
       (ARRAY['pass', 'issues', 'fail', 'not_found'])[1 + s.rank % 4] AS outcome
  FROM draw_selection s JOIN public.rec_login l ON l.id = s.inspectors[1]
 WHERE s.draw_id = :did
   AND NOT EXISTS (SELECT FROM recusal r WHERE r.inspector = l.id AND r.target = s.target);
GRANT SELECT ON public.rec_call TO PUBLIC;
VACUUM ANALYZE;
SELECT count(*) AS calls, count(DISTINCT login) AS logins FROM public.rec_call;
