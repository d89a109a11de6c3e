"""
### bookslake_daily

Scrapes the bookshop and rebuilds the lake for the logical date: `scrape_pages` (bronze) →
`clean_books` (silver) → `build_gold` (gold) → `publish_gold`, which emits the
`bookslake_gold` Asset event (extra `{"run_date": "YYYY-MM-DD"}`) that schedules `bookslake_ml`.

Each task runs one `bookslake` command with `--run-date {{ ds }}`; a command replaces exactly
that date's partitions, atomically, so retries and re-runs of a date are safe.

Settings are Variables (or `AIRFLOW_VAR_*` environment variables) read when a task runs:
`bookslake_home`, `bookslake_lake`, `bookslake_source`, `bookslake_runner`,
`bookslake_flink_master` (see `airflow_dags/README.md`). The param `runner` picks the Beam
runner for one run: `DirectRunner`, `FlinkRunner`, or `default` (the Variable).
"""

from __future__ import annotations

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, task

from bookslake_common import DEFAULT_ARGS, GOLD, MACROS, runner_param

_STAGE = "{{ bookslake_bin() }} %s --lake {{ setting('lake') }} --run-date {{ ds }} {{ runner_args(params.runner) }}"

with DAG(
    dag_id="bookslake_daily",
    schedule="@daily",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    # The silver history of a date is built from the date before it: one date at a time.
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    params={"runner": runner_param()},
    user_defined_macros=MACROS,
    tags=["bookslake", "lake"],
    doc_md=__doc__,
) as dag:
    scrape_pages = BashOperator(
        task_id="scrape_pages",
        bash_command=_STAGE % "scrape --source {{ setting('source') }}",
    )
    clean_books = BashOperator(task_id="clean_books", bash_command=_STAGE % "clean")
    build_gold = BashOperator(task_id="build_gold", bash_command=_STAGE % "features")

    @task(outlets=[GOLD])
    def publish_gold(*, ds=None, outlet_events=None):
        """Emits the gold Asset event, saying which date is new, once gold is committed."""
        outlet_events[GOLD].extra = {"run_date": ds}

    scrape_pages >> clean_books >> build_gold >> publish_gold()

if __name__ == "__main__":
    dag.test()
