-- Random inspections: the plan, the draw, the public list and its verification.
SET search_path = service_affair, public;
\echo
\echo '== 双随机、一公开: directory of targets by credit-risk grade'
SELECT risk, count(*) AS companies FROM target GROUP BY risk ORDER BY risk;
\echo '== the joint plan (commitment stored before the draw) and its draw'
SELECT p.id AS plan, p.name, p.departments, p.rates, p.team_size,
       left(encode(p.seed_commitment, 'hex'), 16) || '…' AS commitment,
       convert_from(d.seed, 'UTF8') AS revealed_seed, d.candidates, d.selected
  FROM plan p JOIN draw d ON d.plan_id = p.id ORDER BY p.id DESC LIMIT 1;
\echo '== the first ten drawn targets and their teams (one inspector of each department)'
SELECT s.rank, s.uscc, t.name, s.risk, s.inspectors
  FROM draw_selection s JOIN target t ON t.id = s.target
 WHERE s.draw_id = (SELECT max(id) FROM draw) ORDER BY s.rank LIMIT 10;
\echo '== inspector load (even spread)'
SELECT count(*) AS inspectors, min(n) AS min_targets, max(n) AS max_targets
  FROM (SELECT x, count(*) AS n FROM draw_selection, unnest(inspectors) x
         WHERE draw_id = (SELECT max(id) FROM draw) GROUP BY x) y;
\echo '== public_results (公示): due 20 working days after the result'
SELECT uscc, name, outcome, findings, result_date, publish_due, published_at::date AS published, deadline_met
  FROM public_results ORDER BY published_at, uscc;
\echo '== who recorded the results: the inspector on the team, or an administrator on its behalf (log entries of market)'
SELECT payload->>'inspector' AS inspector, payload->>'actor' AS login, (payload->>'on_behalf')::boolean AS on_behalf,
       count(*) AS results
  FROM inspection_log WHERE ledger = 'market' AND kind = 'result' GROUP BY 1, 2, 3 ORDER BY 3, 1;
\echo '== anyone can re-run the draw from the recorded seed and pool'
SELECT id AS draw, verify_draw(id) FROM draw ORDER BY id;
\echo '== the hash chains of the three ledgers'
SELECT * FROM verify_log();
SELECT ledger, seq, kind, left(encode(hash, 'hex'), 16) || '…' AS hash
  FROM inspection_log WHERE ledger = 'market' ORDER BY seq;
