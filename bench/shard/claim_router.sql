-- pgbench: claim_task then complete_task of the task claimed (service_affair_router)
SELECT service_affair_router.claim_task('BS_HZ', 'bench') AS t \gset
SELECT service_affair_router.complete_task(:t, 'approved');
