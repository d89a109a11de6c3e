"""Shared pieces of the bookslake DAGs: the gold Asset, retry policy, and run-time settings.

Importing this module reads nothing: DAG files import it while the DAG processor parses them
(every few seconds), so Variables, the environment and the lake are only touched by the
template macros below, which Airflow calls when it renders a task's templates, inside the task.

Settings (an Airflow Variable, or the environment as ``AIRFLOW_VAR_<NAME>``, else the default):

| Variable | default |
|---|---|
| ``bookslake_home`` | the checkout that holds this folder (where the ``bookslake`` launcher is) |
| ``bookslake_lake`` | ``<bookslake_home>/lake/warehouse`` |
| ``bookslake_source`` | ``http://127.0.0.1:8000/`` (``./bookslake sandbox``'s default port) |
| ``bookslake_runner`` | ``DirectRunner`` (used when the DAG param ``runner`` is ``default``) |
| ``bookslake_flink_master`` | ``[local]`` (an embedded Flink mini-cluster) |

The wait before a retry is Airflow configuration, not a Variable, because it is part of the DAG's
definition: ``[bookslake] retry_delay`` (seconds, ``AIRFLOW__BOOKSLAKE__RETRY_DELAY``), default
120. Airflow's configuration is already in memory when a file is parsed; reading it costs nothing.
"""

from __future__ import annotations

import shlex
from datetime import timedelta
from pathlib import Path

from airflow.sdk import Asset, Param, conf

# The gold layer as one Asset: bookslake_daily emits an event (extra {"run_date": D}) once gold
# for D is committed; bookslake_ml is scheduled on it.
GOLD = Asset(name="bookslake_gold", uri="bookslake://lake/gold")
PREDICTIONS = Asset(name="bookslake_predictions", uri="bookslake://lake/gold/predictions")

RUNNERS = ("DirectRunner", "FlinkRunner")

# Every stage replaces exactly its --run-date, so a retry is always safe; backoff gives a flaky
# source time to recover: the first retry after 2–4 min, the second after 4–8 min (Airflow adds a
# deterministic jitter of up to the delay itself), never more than 30 min. The end-to-end tests
# set [bookslake] retry_delay to 1 s, to see a failed run's retries in seconds.
DEFAULT_ARGS = {
    "owner": "bookslake",
    "retries": 2,
    "retry_delay": conf.gettimedelta("bookslake", "retry_delay", fallback=120),
    "retry_exponential_backoff": 2.0,
    "max_retry_delay": timedelta(minutes=30),
    "execution_timeout": timedelta(hours=6),
}


def runner_param() -> Param:
    """The DAG param choosing the Beam runner of the scrape, clean and features stages."""
    return Param(
        "default",
        enum=["default", *RUNNERS],
        description="Beam runner; 'default' takes the Variable bookslake_runner (else DirectRunner).",
    )


def _default_home() -> str:
    # airflow_dags/ sits at the top of the checkout, next to the launcher.
    return str(Path(__file__).resolve().parent.parent)


def _raw_setting(name: str) -> str:
    from airflow.sdk import Variable

    if name == "home":
        default = _default_home()
    elif name == "lake":
        default = str(Path(_raw_setting("home")) / "lake" / "warehouse")
    else:
        default = {
            "source": "http://127.0.0.1:8000/",
            "runner": "DirectRunner",
            "flink_master": "[local]",
        }[name]
    return Variable.get(f"bookslake_{name}", default=default)


def setting(name: str) -> str:
    """Template macro: the setting ``bookslake_<name>``, quoted for bash."""
    return shlex.quote(_raw_setting(name))


def bookslake_bin() -> str:
    """Template macro: the launcher ``<bookslake_home>/bookslake``, quoted for bash."""
    return shlex.quote(str(Path(_raw_setting("home")) / "bookslake"))


def runner_args(runner: str) -> str:
    """Template macro: the Beam runner options for the DAG param ``runner``."""
    if runner == "default":
        runner = _raw_setting("runner")
    if runner == "DirectRunner":
        return "--runner DirectRunner"
    if runner == "FlinkRunner":
        return "--runner FlinkRunner --flink-master " + setting("flink_master")
    raise ValueError(f"Cannot use runner {runner!r}: choose one of {', '.join(RUNNERS)}")


MACROS = {"setting": setting, "bookslake_bin": bookslake_bin, "runner_args": runner_args}
