"""
### bookslake_ml

Trains, promotes and predicts whenever `bookslake_daily` publishes gold (the `bookslake_gold`
Asset): `pick_run_date` → `train_rating_model` and `train_price_model` → `list_models` →
`predict_books`.

- `pick_run_date`: the param `run_date` when given (the monitor DAG passes it), else the newest
  `run_date` of the triggering gold events, else the run's logical date.
- `train_*_model`: `bookslake train --target rating|price --promote-if-better` registers a new
  model version under `<lake>/models/<name>/` and moves the `production` alias to it only if it
  beats the current production model (the first model always wins).
- `list_models`: logs the registry (versions and aliases) after promotion.
- `predict_books`: scores that date's `gold.features` with the production models into
  `gold.predictions`, replacing that date's predictions.

Re-running a date registers another version (promotion is still decided on the metrics) and
replaces the predictions. Settings: the Variables of `bookslake_daily` (`bookslake_home`,
`bookslake_lake`).
"""

from __future__ import annotations

import logging
from datetime import date

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, Param, task

from bookslake_common import DEFAULT_ARGS, GOLD, MACROS, PREDICTIONS

log = logging.getLogger(__name__)

_RUN = "--lake {{ setting('lake') }} --run-date {{ ti.xcom_pull(task_ids='pick_run_date') }}"

with DAG(
    dag_id="bookslake_ml",
    schedule=[GOLD],
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    params={
        "run_date": Param(
            None,
            type=["null", "string"],
            description="Gold date (YYYY-MM-DD) to train and predict on; empty: from the gold event.",
        )
    },
    user_defined_macros=MACROS,
    tags=["bookslake", "ml"],
    doc_md=__doc__,
) as dag:

    @task
    def pick_run_date(*, params=None, triggering_asset_events=None, logical_date=None) -> str:
        """The gold date this run works on (see the DAG doc)."""
        if params.get("run_date"):
            picked, why = params["run_date"], "param run_date"
        else:
            dates = [
                event.extra["run_date"]
                for events in (triggering_asset_events or {}).values()
                for event in events
                if event.extra.get("run_date")
            ]
            if dates:
                picked, why = max(dates), "gold asset events"
            elif logical_date is not None:
                picked, why = logical_date.strftime("%Y-%m-%d"), "logical date"
            else:
                raise ValueError("Cannot pick a run date: no run_date param, gold event or logical date")
        date.fromisoformat(picked)
        log.info("Working on gold of %s (from the %s)", picked, why)
        return picked

    train_rating_model = BashOperator(
        task_id="train_rating_model",
        bash_command="{{ bookslake_bin() }} train " + _RUN + " --target rating --promote-if-better",
    )
    train_price_model = BashOperator(
        task_id="train_price_model",
        bash_command="{{ bookslake_bin() }} train " + _RUN + " --target price --promote-if-better",
    )
    list_models = BashOperator(
        task_id="list_models",
        bash_command="{{ bookslake_bin() }} models list --lake {{ setting('lake') }} --format table",
        do_xcom_push=False,
    )
    predict_books = BashOperator(
        task_id="predict_books",
        bash_command="{{ bookslake_bin() }} predict " + _RUN,
        outlets=[PREDICTIONS],
    )

    pick_run_date() >> [train_rating_model, train_price_model] >> list_models >> predict_books

if __name__ == "__main__":
    dag.test()
