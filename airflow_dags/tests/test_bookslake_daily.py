"""End to end: bookslake_daily in a real Airflow (dag.test) against the sandbox, into a temporary lake."""

from __future__ import annotations

import json
import subprocess
import urllib.request

import pendulum
import pytest
from conftest import (BOOKSLAKE, COUNTS_SQL, GOLD_RUN_DATE, Sandbox, free_port, gold_snapshot, query,
                      task_states, variables)

TASKS = ["scrape_pages", "clean_books", "build_gold", "publish_gold"]


def test_daily_run_builds_gold_of_the_sandbox_books(first_daily_run):
    dag_run, counts, _ = first_daily_run
    assert dag_run.state == "success", task_states(dag_run)
    assert {t: s for t, (s, _) in task_states(dag_run).items()} == {t: "success" for t in TASKS}
    assert counts == {"books": "100", "features": "100", "training_data": "100",
                      "categorised": "100", "silver_books": "100"}


def test_daily_run_publishes_gold_asset_for_the_run_date(first_daily_run):
    from airflow.models.asset import AssetEvent, AssetModel
    from airflow.utils.session import create_session

    dag_run, _, _ = first_daily_run
    with create_session() as session:
        events = (
            session.query(AssetEvent)
            .join(AssetModel, AssetEvent.asset_id == AssetModel.id)
            .filter(AssetModel.name == "bookslake_gold", AssetEvent.source_run_id == dag_run.run_id)
            .all()
        )
        assert [e.extra for e in events] == [{"run_date": GOLD_RUN_DATE}]


def test_rerunning_a_date_replaces_it_with_the_same_counts(first_daily_run, daily, sandbox, gold_lake):
    _, first_counts, first_snapshot = first_daily_run
    with variables(bookslake_lake=gold_lake, bookslake_source=sandbox.url):
        dag_run = daily.test(logical_date=pendulum.parse(GOLD_RUN_DATE))
    assert dag_run.state == "success", task_states(dag_run)
    assert gold_snapshot(gold_lake) != first_snapshot, "the re-run should have published a new gold version"
    assert query(gold_lake, COUNTS_SQL)[0] == first_counts


@pytest.fixture
def flink_cluster(tmp_path):
    """``./bookslake cluster start``: a JobManager and two TaskManagers; yields the Flink master."""
    home, port = tmp_path / "flink", free_port()
    started = subprocess.run(
        [str(BOOKSLAKE), "cluster", "start", "--taskmanagers", "2", "--slots", "1", "--port", str(port),
         "--rpc-port", str(free_port()), "--home", str(home)],
        capture_output=True, text=True, timeout=300)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        yield f"127.0.0.1:{port}"
    finally:
        subprocess.run([str(BOOKSLAKE), "cluster", "stop", "--home", str(home)], capture_output=True, timeout=120)


def test_runner_param_runs_the_stages_on_the_flink_cluster_of_the_variable(
        daily, sandbox, tmp_path, capfd, flink_cluster):
    lake = tmp_path / "lake"
    with variables(bookslake_lake=lake, bookslake_source=sandbox.url, bookslake_flink_master=flink_cluster):
        dag_run = daily.test(logical_date=pendulum.datetime(2026, 1, 7, tz="UTC"),
                             run_conf={"runner": "FlinkRunner"})
    assert dag_run.state == "success", task_states(dag_run)
    assert query(lake, "SELECT count(*) AS n FROM gold.books WHERE dt = DATE '2026-01-07'") == [{"n": "100"}]
    out, err = capfd.readouterr()
    assert (out + err).count(f"--runner FlinkRunner --flink-master {flink_cluster}") >= 3
    # scrape, clean and features each ran as a job of that cluster.
    with urllib.request.urlopen(f"http://{flink_cluster}/jobs/overview", timeout=10) as answer:
        jobs = json.load(answer)["jobs"]
    assert [job["state"] for job in jobs] == ["FINISHED"] * 3


def test_unreachable_source_is_retried_then_fails_the_run(daily, tmp_path, capfd):
    dead = Sandbox(books=20)
    dead.stop()
    with variables(bookslake_lake=tmp_path / "lake", bookslake_source=dead.url):
        dag_run = daily.test(logical_date=pendulum.datetime(2026, 1, 6, tz="UTC"))
    states = task_states(dag_run)
    assert dag_run.state == "failed"
    # retries=2: the first try and two retries, then the run gives up before clean_books.
    assert states["scrape_pages"] == ("failed", 3)
    assert states["clean_books"][0] == "upstream_failed"
    assert states["build_gold"][0] == "upstream_failed"
    out, err = capfd.readouterr()
    assert "bookslake scrape failed" in out + err
    # The first write creates every table empty; nothing past bronze was published.
    assert query(tmp_path / "lake", "SELECT count(*) AS n FROM gold.books") == [{"n": "0"}]
