-- The extension installs into its fixed schema and documents itself.
SELECT extname, extversion, nspname, extrelocatable
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
 WHERE extname = 'service_affair';
