-- The licence-view benchmark data (bench/indicators/licences.sh), on top of
-- bench/ratings/setup.sql and bench/indicators/setup.sql: an evidence-type
-- registry, the types every material had at submission, and licences.
-- Written directly as the superuser (triggers and foreign-key checks off,
-- as the other setups): the views are measured, not submit().
--
-- Registry: 10 licence types lic1..lic10 (source department D1..D10, issued
-- by the items i<d>_4), 3 identity types (id_card, biz_licence,
-- legal_rep_id), 4 other shared types and one without a source department.
-- case_material.evidence_types: m1 (required) an identity type (one in
-- three cases two of them); m2 (required) the licence of the next
-- department for the i*_2 items, household or property otherwise; m3
-- (required) id_card in one case in five (a second identity material),
-- social_sec in half the others, none otherwise; m4 (optional) tax or none.
-- In bundle cases m2 is 'produced' (an earlier stage) where it was present.
-- Licences: one per concluded case of an i*_4 item (issued at the
-- conclusion); per department, every fourth licence renewed by the next
-- (same holder, supersedes, the first one superseded at the renewal), one
-- in twenty of the others revoked 0-29 days after issue, one in twenty
-- expired a year after issue; holders distinct otherwise (licence_one_valid).
SET search_path = service_affair, public;
INSERT INTO evidence_type (code, name, source_department, identity)
SELECT 'lic' || d, 'Bench licence ' || d, 'D' || d, false FROM generate_series(1, 10) d
UNION ALL VALUES ('id_card', 'Resident ID card', 'Public security', true),
                 ('biz_licence', 'Business licence', 'Market regulation', true),
                 ('legal_rep_id', 'Legal representative ID', 'Public security', true),
                 ('household', 'Household register', 'Public security', false),
                 ('property', 'Property certificate', 'Natural resources', false),
                 ('social_sec', 'Social security record', 'Human resources', false),
                 ('tax', 'Tax clearance', 'Taxation', false),
                 ('nosource', 'Type without source department', NULL, false);
UPDATE item SET output_evidence_type = 'lic' || split_part(substr(code, 2), '_', 1) WHERE code LIKE 'i%\_4';

SET session_replication_role = replica;
UPDATE case_material cm
   SET evidence_types = CASE cm.material
         WHEN 'm1' THEN CASE c.id % 3 WHEN 0 THEN '{id_card}'::text[] WHEN 1 THEN '{biz_licence}' ELSE '{biz_licence,legal_rep_id}' END
         WHEN 'm2' THEN CASE WHEN c.item LIKE 'i%\_2' THEN ARRAY['lic' || (split_part(substr(c.item, 2), '_', 1)::integer % 10 + 1)]
                             WHEN c.id % 2 = 0 THEN '{household}' ELSE '{property}' END
         WHEN 'm3' THEN CASE WHEN c.id % 5 = 0 THEN '{id_card}'::text[] WHEN c.id % 2 = 0 THEN '{social_sec}' END
         ELSE CASE WHEN c.id % 2 = 0 THEN '{tax}'::text[] WHEN c.id % 7 = 0 THEN '{nosource}' END END,
       initial_status = CASE WHEN cm.material = 'm2' AND c.bundle IS NOT NULL AND cm.initial_status = 'present' THEN 'produced' ELSE cm.initial_status END,
       status = CASE WHEN cm.material = 'm2' AND c.bundle IS NOT NULL AND cm.initial_status = 'present' THEN 'produced' ELSE cm.status END
  FROM cases c WHERE c.id = cm.case_id;

CREATE TEMP TABLE lic AS
SELECT x.*, lag(x.id) OVER (PARTITION BY x.department ORDER BY x.id) AS prev_id
  FROM (SELECT row_number() OVER (ORDER BY c.id) AS id, c.id AS case_id, c.item, c.department,
               'lic' || split_part(substr(c.item, 2), '_', 1) AS evidence_type, c.concluded_at AS issued_at,
               row_number() OVER (PARTITION BY c.department ORDER BY c.id) AS rn,
               lead(c.concluded_at) OVER (PARTITION BY c.department ORDER BY c.id) AS next_at
          FROM cases c WHERE c.item LIKE 'i%\_4' AND c.concluded_at IS NOT NULL) x;
-- one person per licence (two per renewal pair), valid resident ids
INSERT INTO applicant (kind, resident_id, name)
SELECT 'person', (b || substr('10X98765432',
         (SELECT sum(substr(b, p, 1)::int * (ARRAY[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2])[p]) FROM generate_series(1, 17) p)::int % 11 + 1, 1))::resident_id,
       'Licence holder ' || g
  FROM (SELECT g, '330226' || to_char(date '1940-01-01' + (g % 20000)::integer, 'YYYYMMDD') || lpad((g / 20000)::text, 3, '0') AS b
          FROM generate_series(1, (SELECT max(rn) FROM lic)) g) s;
CREATE TEMP TABLE holder AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM applicant WHERE name LIKE 'Licence holder %';
INSERT INTO licence (id, number, evidence_type, holder, case_id, issued_at, valid_until, status, item, department, origin,
                     supersedes, changed_at, key_id, hmac, calendar)
OVERRIDING SYSTEM VALUE
SELECT l.id, 'BENCH-' || l.id, l.evidence_type, h.id, l.case_id, l.issued_at, NULL, s.status, l.item, l.department, 'issued',
       CASE WHEN l.rn % 4 = 2 THEN l.prev_id END,
       CASE s.status WHEN 'superseded' THEN l.next_at WHEN 'revoked' THEN l.issued_at + (l.case_id % 30) * interval '1 day'
                     WHEN 'expired' THEN l.issued_at + interval '365 days' END,
       'bench', md5(l.id::text) || md5(l.case_id::text),
       (SELECT c.calendar FROM cases c WHERE c.id = l.case_id)
  FROM lic l
  JOIN holder h ON h.n = CASE WHEN l.rn % 4 = 2 THEN l.rn - 1 ELSE l.rn END
 CROSS JOIN LATERAL (SELECT CASE WHEN l.rn % 4 = 1 AND l.next_at IS NOT NULL THEN 'superseded'
                                 WHEN l.case_id % 20 = 3 THEN 'revoked' WHEN l.case_id % 20 = 7 THEN 'expired'
                                 ELSE 'valid' END AS status) s;
SELECT setval(pg_get_serial_sequence('service_affair.licence', 'id'), (SELECT max(id) FROM licence));
SET session_replication_role = origin;
VACUUM ANALYZE case_material;
VACUUM ANALYZE licence;
VACUUM ANALYZE evidence_type;
VACUUM ANALYZE applicant;
SELECT status, count(*), count(supersedes) AS renewals FROM licence GROUP BY 1 ORDER BY 1;
