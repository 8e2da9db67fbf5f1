-- pgbench: claim_task then complete_task of the task claimed (service_affair)
SELECT service_affair.claim_task('BS_HZ', 'bench') AS t \gset
SELECT service_affair.complete_task(:t, 'approved');
