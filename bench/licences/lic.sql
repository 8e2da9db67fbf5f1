-- one transaction: complete the next open task of the issuing item (its case concludes and issues a licence)
SELECT service_affair.complete_task(t.id, 'approved', timestamptz '2026-03-03 10:00+08')
  FROM (SELECT x.id FROM service_affair.task x
         WHERE x.department = 'BL_L' AND x.status = 'open' AND x.assignee IS NULL ORDER BY x.due, x.id LIMIT 1) t;
