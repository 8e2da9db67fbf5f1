#!/usr/bin/env bash
# The catalog's limits across the 0.1.0 -> 0.2.0 update: 0.2.0 refuses a
# promise above the default legal limit (NULL: 20) and day counts above 365
# (item_promised_within_legal, item_limits_bounded, bundle_promised_bounded).
# A 0.1.0 catalog breaking them stops the update with 23514, naming every
# row to correct, and changes nothing; corrected, the update runs and the
# new constraints hold.  Uses the running cluster named by
# PGHOST/PGPORT/PGUSER.  Prints TAP.
set -u
source "$(dirname "$0")/lib/tap.sh"
scratch_db sa_catalog_upgrade
# the SQLSTATE and the DETAIL of a statement's error, or "ok"
err() { psql -X -At -d "$db" -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -c "$1" 2>&1 |
	sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\): .*/\1/p; s/^DETAIL:  //p' | paste -sd'|' | sed 's/^$/ok/'; }
echo "1..9"
check "0.1.0 installs" "$(dbq "CREATE EXTENSION service_affair VERSION '0.1.0'")" "CREATE EXTENSION"
dbq "INSERT INTO service_affair.department (code, name, region) VALUES ('CL', 'Catalog limits', '330225');
   INSERT INTO service_affair.item (code, name, department, kind, legal_limit, promised_limit) VALUES
     ('cl_ok', 'Fine', 'CL', 'promised', 20, 5),
     ('cl_default', 'Promise above the default legal limit', 'CL', 'promised', NULL, 30),
     ('cl_huge', 'Limit near 2^31', 'CL', 'promised', 2147483647, 10);
   INSERT INTO service_affair.bundle (code, name, lead_department, promised_limit) VALUES ('cl_bundle', 'Bundle', 'CL', 400);" >/dev/null
check "the update stops with 23514 naming every row to correct" \
	"$(err "ALTER EXTENSION service_affair UPDATE TO '0.2.0'")" \
	"23514|These rows promise more than their legal limit (NULL: 20 working days) or count more than 365 working days (legal_limit, promised_limit, extension_limit, tolerance_days): bundle 'cl_bundle', item 'cl_default', item 'cl_huge'."
check "... and changes nothing" "$(dbq "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" "0.1.0"
dbq "UPDATE service_affair.item SET legal_limit = 30 WHERE code = 'cl_default';
   UPDATE service_affair.item SET legal_limit = 60 WHERE code = 'cl_huge';
   UPDATE service_affair.bundle SET promised_limit = 40 WHERE code = 'cl_bundle';" >/dev/null
check "corrected, the update runs" "$(dbq "ALTER EXTENSION service_affair UPDATE TO '0.2.0'")" "ALTER EXTENSION"
check "a promise above the default legal limit is refused after it" \
	"$(err "INSERT INTO service_affair.item (code, name, department, kind, promised_limit) VALUES ('cl_x', 'X', 'CL', 'promised', 21)" | cut -d'|' -f1)" "23514"
check "so is a limit above 365" \
	"$(err "UPDATE service_affair.item SET extension_limit = 366 WHERE code = 'cl_ok'" | cut -d'|' -f1)" "23514"
check "the updated item and bundle constraints are those of a fresh 0.2.0" \
	"$(dbq "SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), '; ' ORDER BY conname) FROM pg_constraint
	        WHERE conname IN ('item_promised_within_legal', 'item_limits_bounded', 'bundle_promised_bounded')")" \
	"bundle_promised_bounded CHECK ((promised_limit <= 365)); item_limits_bounded CHECK (((legal_limit <= 365) AND (promised_limit <= 365) AND (extension_limit <= 365) AND (tolerance_days <= 365))); item_promised_within_legal CHECK ((promised_limit <= service_affair.item_legal_days(legal_limit)))"
# the catalog the update found was published under 0.1.0: on the day of the
# update its items are not new, and a change taking something from their
# applicants is a regression (catalog_published_before(); a review)
dbq "INSERT INTO service_affair.material (item, code, name) VALUES ('cl_ok', 'form', '申请表')" >/dev/null
check "a material added to a 0.1.0 item on the day of the update is a regression" \
	"$(dbq "SELECT regressions FROM service_affair.catalog_version ORDER BY id DESC LIMIT 1")" "{material_added}"
dbq "UPDATE service_affair.bundle SET promised_limit = 50 WHERE code = 'cl_bundle'" >/dev/null
check "so is a 0.1.0 bundle's promise lengthened" \
	"$(dbq "SELECT regressions FROM service_affair.catalog_version ORDER BY id DESC LIMIT 1")" "{limit_lengthened}"
