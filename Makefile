# bookslake: the two commands are `make demo` (the main job on the embedded defaults, ending
# with the API up) and `make test` (every test). Everything else is a step of those.
SHELL := /bin/bash
MVN := scripts/mvn
DEMO_BOOKS ?= 1000
DEMO_PORT ?= 8000
DEMO_LAKE ?= lake/warehouse

.PHONY: build demo test test-java check-format format duckdb-extensions test-fuzz test-readers test-airflow test-alerts bench clean

build: duckdb-extensions
	$(MVN) -B -q -DskipTests package

demo: build
	BOOKSLAKE_NO_BUILD=1 DEMO_BOOKS=$(DEMO_BOOKS) DEMO_PORT=$(DEMO_PORT) DEMO_LAKE=$(DEMO_LAKE) scripts/demo.sh

test: test-java test-fuzz test-readers test-airflow test-alerts

# Every module's unit and integration tests, the architecture and source rules (quality/), and
# coverage (JaCoCo, summed by scripts/coverage.sh). The format check runs first, in seconds, so an
# unformatted tree fails before the tests rather than after them (verify checks it too).
test-java: check-format duckdb-extensions
	$(MVN) -B verify -Dspotless.check.skip=true
	scripts/coverage.sh

check-format:
	@$(MVN) -B -q spotless:check || { echo "Cannot test unformatted Java sources: run 'make format', then commit." >&2; exit 1; }

# DuckDB's iceberg and avro extensions from the pinned PyPI wheels into build/duckdb-extensions,
# where the tests and ./bookslake load them without DuckDB going online. A no-op once there.
duckdb-extensions:
	scripts/duckdb-extensions.sh

# google-java-format (through Spotless) over every module's src/main/java and src/test/java.
format:
	$(MVN) -B -q spotless:apply

# The API contract fuzz: Schemathesis (pinned, in build/fuzz-venv) with every check against the
# real server over a lake built from the sandbox; any finding fails. After test-java in `test`,
# which builds the jars it runs (about a minute here, most of it building the lake).
test-fuzz:
	FUZZ_SEED=$${FUZZ_SEED:-1} scripts/fuzz-api.sh

# The lake read by engines no one here wrote (DuckDB CLI, pyiceberg, pyarrow), row for row against
# ./bookslake query; after test-fuzz in `test`, whose lake it reads.
test-readers:
	scripts/external-readers.sh

# Listed after test-java in `test`, so that the jar the DAG tests call is built by then.
test-airflow:
	scripts/airflow-test.sh

# The Prometheus alert and recording rules of monitoring/prometheus: promtool check rules/config and
# the promtool unit tests (firing and not firing cases for every alert); seconds, no build needed.
test-alerts:
	scripts/promtool-test.sh

bench: build
	BOOKSLAKE_NO_BUILD=1 scripts/bench-pipelines.sh

clean:
	$(MVN) -B -q clean
