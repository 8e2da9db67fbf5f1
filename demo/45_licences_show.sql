-- Electronic licences (issue 11, doc/licences.md): a bundle's first stage
-- issues the business licence its second stage needs, so the applicant is not
-- asked for it; anyone holding the number and the holder's identifier checks
-- it; a printed code carries a keyed hash an office checks offline.
\pset footer off
SET search_path = service_affair, public;

SELECT a.id AS cook, a.resident_id AS rid, a.name AS cook_name
  FROM service_affair.applicant a
 WHERE a.kind = 'person' AND a.credit_ok
   AND NOT EXISTS (SELECT FROM service_affair.evidence e WHERE e.applicant = a.id AND e.evidence_type = 'business_licence')
 ORDER BY a.id LIMIT 1 \gset

\echo
\echo '=== 开餐馆一件事 for' :cook_name ', who has no business licence yet ==='
\echo '--- the business licence is "produced": stage 1 (设立登记) issues it, nobody asks for it ---'
SELECT * FROM service_affair.completeness('open_restaurant', :cook, '{}', '{}', timestamptz '2026-06-15 10:00+08')
 WHERE material IN ('business_licence', 'id_card', 'food_licence_form');
SELECT service_affair.submit('open_restaurant', :cook,
           ARRAY(SELECT c.material FROM service_affair.completeness('open_restaurant', :cook, '{}', '{}', timestamptz '2026-06-15 10:00+08') c
                  WHERE c.status IN ('missing', 'tolerated', 'optional')),
           'window', '{}', timestamptz '2026-06-15 10:00+08') AS shop \gset
SELECT id, status, (SELECT count(*) FROM service_affair.notice(:shop)) AS "items in the notice" FROM service_affair.cases WHERE id = :shop;

\echo '--- Tue 2026-06-16: the market department approves the registration (stage 1) ---'
SELECT service_affair.complete_task(t.id, 'approved', timestamptz '2026-06-16 15:00+08')
  FROM service_affair.task t WHERE t.case_id = :shop AND t.stage = 1;
SELECT l.number, l.evidence_type, l.status, l.issued_at, l.valid_until, l.department, l.item
  FROM service_affair.licence l WHERE l.case_id = :shop;
\echo '--- stage 2 opens: each task finds the licence valid ---'
SELECT t.item, t.department, t.status, t.due FROM service_affair.task t WHERE t.case_id = :shop AND t.stage = 2 ORDER BY t.item;

SELECT l.number AS licno FROM service_affair.licence l WHERE l.case_id = :shop AND l.item = 'market_company_reg' \gset
\echo
\echo '=== verification by number (granted to the public role; no personal data) ==='
SELECT service_affair.verify_licence(:'licno', :'rid') AS "with the holder's identifier",
       service_affair.verify_licence(:'licno', '11010519491231002X') AS "with another identifier",
       service_affair.verify_licence('330225' || '2026MA999999', :'rid') AS "an unknown number";
\echo '--- the printed code: number, published key id and HMAC-SHA-256 of the canonical message ---'
SELECT l.number || ' ' || l.key_id || ' ' || l.hmac AS "printed code",
       l.hmac = service_affair.licence_hmac(k.key, service_affair.licence_message(l.number, l.evidence_type, :'rid',
                    service_affair.local_day(l.issued_at, 'cn'), l.valid_until)) AS "checks with the office key"
  FROM service_affair.licence l JOIN service_affair.licence_key k ON k.key_id = l.key_id
 WHERE l.number = :'licno';

\echo '--- later, a signboard on its own: the licence on file is shared evidence ---'
SELECT material, name, status FROM service_affair.completeness('enforce_signboard', :cook, '{}', '{}', timestamptz '2026-06-20 10:00+08')
 WHERE material = 'business_licence';
