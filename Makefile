# service_affair — PGXS build.  `make`, `make install`, `make test`, `make demo`.
EXTENSION   = service_affair
EXTVERSION  = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" $(EXTENSION).control)
# The last released version: its script is frozen in sql/, and the update
# from it to EXTVERSION is assembled from sql/upgrade/$(PREVVERSION)--$(EXTVERSION)/.
PREVVERSION = 0.1.0

MODULE_big  = $(EXTENSION)
CORE_SRCS   = $(sort $(wildcard src/core/*.c))
GLUE_SRCS   = $(sort $(wildcard src/*.c))
OBJS        = $(GLUE_SRCS:.c=.o) $(CORE_SRCS:.c=.o)

# The install script of the current version is assembled from sql/parts/ in
# lexical order, so that each capability keeps its objects in one file.
# Upgrade scripts (service_affair--A--B.sql) are written by hand and frozen.
SQL_PARTS   = $(sort $(wildcard sql/parts/*.sql))
# The update from the last release is assembled the same way, from one file per
# area, until EXTVERSION is released and its built script is frozen in git.
UPGRADE     = sql/$(EXTENSION)--$(PREVVERSION)--$(EXTVERSION).sql
UPGRADE_PARTS = $(sort $(wildcard sql/upgrade/$(PREVVERSION)--$(EXTVERSION)/*.sql))
DATA_built  = sql/$(EXTENSION)--$(EXTVERSION).sql $(UPGRADE)
DATA        = $(filter-out $(DATA_built),$(wildcard sql/$(EXTENSION)--*.sql))
# Region shards (doc/scale.md): three small SQL-only extensions installed by the
# same `make install`, each with its own control file and frozen script in sql/.
SHARD_EXTENSIONS = service_affair_shard service_affair_router service_affair_province
DATA        += $(foreach e,$(SHARD_EXTENSIONS),$(wildcard sql/$(e)--*.sql))

# `make installcheck` (PGXS): the pg_regress suite against an installed
# extension and a running server, as in every PGXS extension.  `make test`
# runs this suite too, with every other layer, on a throwaway cluster.
REGRESS      = $(sort $(patsubst test/sql/%.sql,%,$(wildcard test/sql/*.sql)))
REGRESS_OPTS = --inputdir=test --load-extension=pgtap --load-extension=$(EXTENSION)

PG_CPPFLAGS = -I$(srcdir)/src -I$(srcdir)/src/core
PG_CFLAGS   = -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers -Wno-sign-compare
SHLIB_LINK  = -lcrypto

EXTRA_CLEAN = tmp_check build results regression.diffs regression.out

PG_CONFIG ?= pg_config
# (exported but empty: ?= keeps the empty value)
ifeq ($(strip $(PG_CONFIG)),)
PG_CONFIG = pg_config
endif
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)
# PGXS installs $(EXTENSION).control; the shard extensions' control files too
install: install-shard-control
.PHONY: install-shard-control
install-shard-control:
	$(INSTALL_DATA) $(addsuffix .control,$(SHARD_EXTENSIONS)) '$(DESTDIR)$(datadir)/extension/'
uninstall: uninstall-shard-control
.PHONY: uninstall-shard-control
uninstall-shard-control:
	rm -f $(addprefix '$(DESTDIR)$(datadir)/extension'/,$(addsuffix .control,$(SHARD_EXTENSIONS)))

# the directories too: a part removed or renamed changes only its directory
sql/$(EXTENSION)--$(EXTVERSION).sql: $(SQL_PARTS) sql/parts
	cat $(SQL_PARTS) > $@

$(UPGRADE): $(UPGRADE_PARTS) sql/upgrade/$(PREVVERSION)--$(EXTVERSION)
	cat $(UPGRADE_PARTS) > $@

# ---------------------------------------------------------------------------
# Plain-C unit tests and libFuzzer harnesses over the pure core (src/core).
CORE_CC      ?= cc
CORE_CFLAGS  = -std=c11 -O1 -g -Wall -Wextra -Werror -Isrc/core
FUZZ_CC      ?= clang
FUZZ_CFLAGS  = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Isrc/core
UNIT_BINS    = $(patsubst test/unit/%.c,build/unit/%,$(wildcard test/unit/test_*.c))
FUZZ_BINS    = $(patsubst test/fuzz/%.c,build/fuzz/%,$(wildcard test/fuzz/fuzz_*.c))

build/unit/%: test/unit/%.c $(CORE_SRCS) $(wildcard src/core/*.h) $(wildcard test/unit/*.h)
	@mkdir -p build/unit
	$(CORE_CC) $(CORE_CFLAGS) -Itest/unit -o $@ $< $(CORE_SRCS) -lcrypto -lm

build/fuzz/%: test/fuzz/%.c $(CORE_SRCS) $(wildcard src/core/*.h)
	@mkdir -p build/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(CORE_SRCS) -lcrypto -lm

.PHONY: unit fuzz-build fuzz test demo bench
unit: $(UNIT_BINS)
fuzz-build: $(FUZZ_BINS)

# Long fuzzing session: FUZZ_SECONDS per harness (default 300).
fuzz: fuzz-build
	FUZZ_SECONDS=$${FUZZ_SECONDS:-300} tools/run-fuzz.sh $(FUZZ_BINS)

# Every suite against a throwaway cluster; ends with "N passed, M failed".
test:
	tools/run-tests.sh

# Build, start a throwaway cluster, load the sample county, show the dashboard.
demo:
	tools/demo.sh

# One benchmark: make bench BENCH=intake runs bench/intake/run.sh (its own
# throwaway cluster; doc/benchmarks.md). Without BENCH: the list.
BENCHES = $(patsubst bench/%/run.sh,%,$(wildcard bench/*/run.sh))
bench:
	@if [ -z "$(BENCH)" ]; then \
		echo "make bench BENCH=<name> runs bench/<name>/run.sh; names: $(BENCHES)"; \
		echo "(each takes minutes to hours; settings and results: doc/benchmarks.md)"; \
	elif [ -x "bench/$(BENCH)/run.sh" ]; then \
		bench/$(BENCH)/run.sh; \
	else \
		echo "no benchmark $(BENCH); names: $(BENCHES)" >&2; exit 2; \
	fi

# A test cluster left in tmp_check/ (SA_KEEP=1, or a run that was killed)
# belongs to the postgres user and may still be running: say how to stop and
# remove it, rather than fail on its files halfway (a user cannot remove them;
# root would remove them under a running server).
# (clean-lib, which PGXS's clean runs first, removes the module: it waits too)
# The path comes from pwd, not $(CURDIR): make pastes a variable's text into
# the shell command, where a quote, $(...) or a backtick of the path would act.
.PHONY: clean-clusters
clean clean-lib: clean-clusters
clean-clusters:
	@for d in tmp_check/cluster.*; do \
		[ -d "$$d" ] || continue; \
		if [ -f "$$d/data/postmaster.pid" ] || [ ! -w "$$d" ]; then \
			s=$$([ "$$(id -u)" = 0 ] || echo 'sudo '); \
			echo "$$d is a test cluster kept by SA_KEEP=1 or left by a killed run; stop it and remove it first:" >&2; \
			q=$$(bash -c 'printf %q "$$1"' _ "$$(pwd -P)/$$d"); \
			echo "    $${s}runuser -u postgres -- env -C / $(bindir)/pg_ctl -D $$q/data -m fast stop && $${s}rm -rf $$q" >&2; \
			exit 1; \
		fi; \
	done

# PGXS does not track headers; every object depends on every header of ours.
$(OBJS): $(wildcard src/*.h src/core/*.h)
