"""
### bookslake_monitor

Checks every day whether the books scored by the production models have drifted from what the
models were trained on, and retrains when they have: `check_drift` → `decide_retraining` →
`trigger_retraining` (a `bookslake_ml` run for the same date).

`check_drift` runs `bookslake monitor --run-date D`, whose exit code is the answer:
0 no significant drift, 3 significant drift (a report is written to the lake), anything else a
failure (for instance no production model yet, before the first `bookslake_ml` run). The task
maps 0 and 3 to the XCom value `no_drift` / `drift` and fails only on a real failure, so drift
never shows as a red task. It runs at 06:00 UTC, after the midnight `bookslake_daily` run has
normally built that date's gold.

D is the param `run_date` when given (to check another day, e.g. after a backfill), else the run's
logical date; the retraining run is asked for the same D.
"""

from __future__ import annotations

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.python import ShortCircuitOperator
from airflow.providers.standard.operators.trigger_dagrun import TriggerDagRunOperator
from airflow.sdk import DAG, Param

from bookslake_common import DEFAULT_ARGS, MACROS


# The date checked: the param run_date, else ds (a scheduled run always has one).
_RUN_DATE = "{{ params.run_date or ds }}"


def drift_detected(outcome: str) -> bool:
    """Whether check_drift reported significant drift."""
    return outcome == "drift"


with DAG(
    dag_id="bookslake_monitor",
    schedule="0 6 * * *",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    params={
        "run_date": Param(
            None,
            type=["null", "string"],
            format="date",
            description="Date (YYYY-MM-DD) to check for drift; empty: the run's logical date.",
        )
    },
    user_defined_macros=MACROS,
    tags=["bookslake", "ml", "monitoring"],
    doc_md=__doc__,
) as dag:
    check_drift = BashOperator(
        task_id="check_drift",
        # The last line of stdout is the task's XCom value.
        bash_command=(
            "rc=0\n"
            "{{ bookslake_bin() }} monitor --lake {{ setting('lake') }} --run-date " + _RUN_DATE + " || rc=$?\n"
            "case $rc in\n"
            "  0) echo no_drift ;;\n"
            "  3) echo 'Significant drift: retraining' >&2; echo drift ;;\n"
            "  *) exit $rc ;;\n"
            "esac"
        ),
    )
    decide_retraining = ShortCircuitOperator(
        task_id="decide_retraining",
        python_callable=drift_detected,
        op_args=["{{ ti.xcom_pull(task_ids='check_drift') }}"],
    )
    trigger_retraining = TriggerDagRunOperator(
        task_id="trigger_retraining",
        trigger_dag_id="bookslake_ml",
        conf={"run_date": _RUN_DATE},
    )

    check_drift >> decide_retraining >> trigger_retraining

if __name__ == "__main__":
    dag.test()
