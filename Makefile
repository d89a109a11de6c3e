# bookslake: the two commands are `make demo` (the main job on the embedded defaults, ending
# with the API up) and `make test` (every test). Everything else is a step of those.
SHELL := /bin/bash
MVN := scripts/mvn
DEMO_BOOKS ?= 1000
DEMO_PORT ?= 8000
DEMO_LAKE ?= lake/warehouse

.PHONY: build demo test test-java test-airflow bench clean

build:
	$(MVN) -B -q -DskipTests package

demo: build
	BOOKSLAKE_NO_BUILD=1 DEMO_BOOKS=$(DEMO_BOOKS) DEMO_PORT=$(DEMO_PORT) DEMO_LAKE=$(DEMO_LAKE) scripts/demo.sh

test: test-java test-airflow

test-java:
	$(MVN) -B verify

# Listed after test-java in `test`, so that the jar the DAG tests call is built by then.
test-airflow:
	scripts/airflow-test.sh

bench: build
	BOOKSLAKE_NO_BUILD=1 scripts/bench-pipelines.sh

clean:
	$(MVN) -B -q clean
