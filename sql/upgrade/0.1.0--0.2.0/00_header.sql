-- service_affair update 0.1.0 -> 0.2.0, assembled from sql/upgrade/0.1.0--0.2.0/*.sql.
-- Each file carries the changes of one area of sql/parts, in the same order,
-- so that the updated schema equals a fresh install of 0.2.0
-- (test/scripts/access_upgrade.sh compares the two).
-- Conventions as in the install script: every name qualified; no CREATE OR
-- REPLACE (a changed function is dropped and created again); new grants are
-- rows of role_grant, applied by create_roles() after the update.
\echo Use "ALTER EXTENSION service_affair UPDATE TO '0.2.0'" to load this file. \quit
