"""DAG integrity: the folder parses in a real DagBag, every DAG follows the project's policy, and
parsing reads no Variable, no setting and no lake."""

from __future__ import annotations

import sys
from pathlib import Path
from unittest import mock

import pytest
from conftest import DAGS_FOLDER

DAG_IDS = ["bookslake_daily", "bookslake_maintenance", "bookslake_ml", "bookslake_monitor"]


def test_dag_folder_imports_without_errors(dagbag):
    assert dagbag.import_errors == {}
    assert sorted(dagbag.dag_ids) == DAG_IDS


@pytest.mark.parametrize("dag_id", DAG_IDS)
def test_dag_follows_policy(dagbag, dag_id):
    dag = dagbag.get_dag(dag_id)
    assert Path(dag.fileloc).name == f"{dag_id}.py", "one DAG per file, named after the dag_id"
    assert dag.tags, "tags"
    assert dag.catchup is False
    assert dag.doc_md and dag.doc_md.strip().startswith(f"### {dag_id}")
    for task in dag.tasks:
        assert task.retries >= 2, f"{task.task_id}: retries"
        assert task.retry_exponential_backoff > 1, f"{task.task_id}: exponential backoff"
        assert task.task_id.islower() and " " not in task.task_id


def test_runner_is_a_param_of_the_daily_dag(dagbag):
    param = dagbag.get_dag("bookslake_daily").params.get_param("runner")
    assert param.value == "default"
    assert param.schema["enum"] == ["default", "DirectRunner", "FlinkRunner"]


def test_ml_dag_is_scheduled_on_the_gold_asset_the_daily_dag_publishes(dagbag):
    from bookslake_common import GOLD

    daily = dagbag.get_dag("bookslake_daily")
    assert [o for t in daily.tasks for o in t.outlets] == [GOLD]
    assert list(dagbag.get_dag("bookslake_ml").timetable.asset_condition.objects) == [GOLD]


def test_retry_delay_is_two_minutes_unless_airflow_configuration_says_otherwise(monkeypatch):
    from datetime import timedelta

    from airflow.dag_processing.dagbag import DagBag

    def delays() -> set[timedelta]:
        # bookslake_common computes DEFAULT_ARGS once per import.
        monkeypatch.delitem(sys.modules, "bookslake_common", raising=False)
        bag = DagBag(dag_folder=str(DAGS_FOLDER))
        return {task.retry_delay for dag in bag.dags.values() for task in dag.tasks}

    monkeypatch.delenv("AIRFLOW__BOOKSLAKE__RETRY_DELAY", raising=False)
    assert delays() == {timedelta(minutes=2)}
    monkeypatch.setenv("AIRFLOW__BOOKSLAKE__RETRY_DELAY", "7")
    assert delays() == {timedelta(seconds=7)}


def test_parsing_reads_no_variable_and_no_setting(monkeypatch, tmp_path):
    """Parse with Variable.get trapped and the settings pointing at a lake that does not exist."""
    from airflow.dag_processing.dagbag import DagBag
    from airflow.sdk import Variable

    missing_lake = tmp_path / "no-such-lake"
    monkeypatch.setenv("AIRFLOW_VAR_BOOKSLAKE_LAKE", str(missing_lake))
    monkeypatch.setenv("AIRFLOW_VAR_BOOKSLAKE_HOME", str(tmp_path / "no-such-home"))
    # A cached helper module would hide reads made when it is first imported.
    monkeypatch.delitem(sys.modules, "bookslake_common", raising=False)
    trap = mock.Mock(side_effect=AssertionError("Variable.get called while parsing"))
    monkeypatch.setattr(Variable, "get", trap)

    bag = DagBag(dag_folder=str(DAGS_FOLDER))

    assert bag.import_errors == {}
    assert sorted(bag.dag_ids) == DAG_IDS
    trap.assert_not_called()
    assert not missing_lake.exists()
    for dag in bag.dags.values():
        for task in dag.tasks:
            command = str(getattr(task, "bash_command", ""))
            assert "no-such" not in command, f"{task.task_id} resolved a setting while parsing"
            if command:
                assert "{{ setting('lake') }}" in command or "bookslake_bin()" in command


def test_runner_args_follow_the_param_then_the_variable(monkeypatch):
    from airflow.sdk import Variable

    from bookslake_common import runner_args

    values = {"bookslake_runner": "FlinkRunner", "bookslake_flink_master": "flink-jm:8081"}
    monkeypatch.setattr(Variable, "get", lambda key, default=None: values.get(key, default))
    assert runner_args("DirectRunner") == "--runner DirectRunner"
    assert runner_args("default") == "--runner FlinkRunner --flink-master flink-jm:8081"
    values.pop("bookslake_flink_master")
    assert runner_args("FlinkRunner") == "--runner FlinkRunner --flink-master '[local]'"
    with pytest.raises(ValueError, match="Cannot use runner 'SparkRunner'"):
        runner_args("SparkRunner")
