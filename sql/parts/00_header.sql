-- service_affair install script, assembled from sql/parts/*.sql.
-- Conventions (see doc/development.md):
--   * every name is schema-qualified; no CREATE OR REPLACE, no IF NOT EXISTS;
--   * SQL-language and SECURITY DEFINER functions pin search_path;
--   * every object gets a COMMENT ON;
--   * EXECUTE is revoked from PUBLIC on anything that reads or writes case data;
--     create_roles() grants it to the group roles.
\echo Use "CREATE EXTENSION service_affair" to load this file. \quit

COMMENT ON SCHEMA service_affair IS
  'Run-at-most-once (最多跑一次) government service: catalog, intake, routing, working-day limits, ratings, inspections';

-- Identifier and calendar functions are public utilities; everything else is
-- granted explicitly.
GRANT USAGE ON SCHEMA service_affair TO PUBLIC;
