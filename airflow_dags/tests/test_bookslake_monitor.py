"""bookslake_monitor in a real Airflow (dag.test), with a stand-in `bookslake` whose `monitor`
exits with the code under test: the DAG's job is to map that code to retrain or not."""

from __future__ import annotations

import stat

import pendulum
import pytest
from conftest import fast_retries, task_states, variables

FAKE_BOOKSLAKE = """#!/usr/bin/env bash
echo "$@" >> "$(dirname "$0")/calls.log"
echo "stand-in bookslake: exiting with $FAKE_MONITOR_EXIT"
exit "$FAKE_MONITOR_EXIT"
"""


@pytest.fixture
def fake_home(tmp_path):
    launcher = tmp_path / "bookslake"
    launcher.write_text(FAKE_BOOKSLAKE)
    launcher.chmod(launcher.stat().st_mode | stat.S_IXUSR)
    return tmp_path


@pytest.fixture(scope="module")
def monitor(dagbag):
    return fast_retries(dagbag.get_dag("bookslake_monitor"))


def ml_runs_for(run_date: str) -> list:
    from airflow.models.dagrun import DagRun
    from airflow.utils.session import create_session

    with create_session() as session:
        runs = session.query(DagRun).filter(DagRun.dag_id == "bookslake_ml").all()
        return [r.run_id for r in runs if (r.conf or {}).get("run_date") == run_date]


def run_monitor(monitor, fake_home, monkeypatch, exit_code: int, day: int):
    monkeypatch.setenv("FAKE_MONITOR_EXIT", str(exit_code))
    with variables(bookslake_home=fake_home, bookslake_lake=fake_home / "lake"):
        return monitor.test(logical_date=pendulum.datetime(2026, 2, day, tz="UTC"))


def test_significant_drift_triggers_the_ml_dag(monitor, fake_home, monkeypatch):
    before = ml_runs_for("2026-02-01")
    dag_run = run_monitor(monitor, fake_home, monkeypatch, exit_code=3, day=1)
    assert dag_run.state == "success", task_states(dag_run)
    assert task_states(dag_run) == {
        "check_drift": ("success", 1),
        "decide_retraining": ("success", 1),
        "trigger_retraining": ("success", 1),
    }
    assert (fake_home / "calls.log").read_text().split() == [
        "monitor", "--lake", str(fake_home / "lake"), "--run-date", "2026-02-01"
    ]
    assert len(ml_runs_for("2026-02-01")) == len(before) + 1


def test_no_drift_skips_retraining(monitor, fake_home, monkeypatch):
    before = ml_runs_for("2026-02-02")
    dag_run = run_monitor(monitor, fake_home, monkeypatch, exit_code=0, day=2)
    assert dag_run.state == "success", task_states(dag_run)
    assert task_states(dag_run)["trigger_retraining"][0] == "skipped"
    assert ml_runs_for("2026-02-02") == before


def test_monitor_failure_is_retried_then_fails_the_run(monitor, fake_home, monkeypatch):
    before = ml_runs_for("2026-02-03")
    dag_run = run_monitor(monitor, fake_home, monkeypatch, exit_code=1, day=3)
    assert dag_run.state == "failed"
    assert task_states(dag_run)["check_drift"] == ("failed", 3)
    assert len((fake_home / "calls.log").read_text().splitlines()) == 3
    assert ml_runs_for("2026-02-03") == before
