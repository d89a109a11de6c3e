"""Test set-up: a throw-away AIRFLOW_HOME with a migrated sqlite DB, and bookslake helpers.

scripts/airflow-test.sh prepares the Airflow home itself; running pytest directly from the venv
works too, because the environment is set here before anything imports airflow.
"""

from __future__ import annotations

import atexit
import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest

DAGS_FOLDER = Path(__file__).resolve().parent.parent
REPO = DAGS_FOLDER.parent
BOOKSLAKE = REPO / "bookslake"

if not os.environ.get("AIRFLOW_HOME"):
    os.environ["AIRFLOW_HOME"] = tempfile.mkdtemp(prefix="bookslake-airflow-")
    atexit.register(shutil.rmtree, os.environ["AIRFLOW_HOME"], ignore_errors=True)
    _MIGRATE = True
else:
    _MIGRATE = False
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAGS_FOLDER)
if _MIGRATE:
    subprocess.run([str(Path(sys.executable).parent / "airflow"), "db", "migrate"], check=True,
                   stdout=subprocess.DEVNULL)
sys.path.insert(0, str(DAGS_FOLDER))


@pytest.fixture(scope="session")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS_FOLDER))


def fast_retries(dag, seconds: float = 1.0):
    """Shrinks every task's retry delay so that a test sees the retries in seconds, not minutes."""
    for t in dag.tasks:
        t.retry_delay = timedelta(seconds=seconds)
        t.max_retry_delay = timedelta(seconds=seconds * 4)
    return dag


@contextmanager
def variables(**values: str):
    """Sets Airflow Variables through the environment (AIRFLOW_VAR_*), as a deployment may."""
    saved = {k: os.environ.get(f"AIRFLOW_VAR_{k.upper()}") for k in values}
    os.environ.update({f"AIRFLOW_VAR_{k.upper()}": str(v) for k, v in values.items()})
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(f"AIRFLOW_VAR_{k.upper()}", None)
            else:
                os.environ[f"AIRFLOW_VAR_{k.upper()}"] = v


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sandbox:
    """``./bookslake sandbox`` in a child process, answering on ``url`` once started."""

    def __init__(self, books: int):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process = subprocess.Popen(
            [str(BOOKSLAKE), "sandbox", "--port", str(self.port), "--books", str(books)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"Cannot start the sandbox: {self.process.stderr.read()}")
            try:
                with urllib.request.urlopen(self.url, timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"Cannot reach the sandbox at {self.url} after 120 s")
            time.sleep(0.3)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)


@pytest.fixture(scope="session")
def sandbox():
    server = Sandbox(books=100)
    yield server
    server.stop()


def query(lake: Path, sql: str) -> list[dict[str, str]]:
    """Rows of ``./bookslake query --format csv`` on the lake."""
    done = subprocess.run(
        [str(BOOKSLAKE), "query", "--lake", str(lake), "--format", "csv", sql],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, f"query failed ({done.returncode}): {done.stderr}"
    return list(csv.DictReader(io.StringIO(done.stdout)))


def task_states(dag_run) -> dict[str, tuple[str, int]]:
    return {ti.task_id: (ti.state, ti.try_number) for ti in dag_run.get_task_instances()}


# One daily run builds the gold that the daily tests check and the ML DAG trains on.
GOLD_RUN_DATE = "2026-01-05"

COUNTS_SQL = f"""
SELECT (SELECT count(*) FROM gold.books WHERE dt = DATE '{GOLD_RUN_DATE}') AS books,
       (SELECT count(*) FROM gold.features WHERE dt = DATE '{GOLD_RUN_DATE}') AS features,
       (SELECT count(*) FROM gold.training_data WHERE dt = DATE '{GOLD_RUN_DATE}') AS training_data,
       (SELECT sum(books) FROM gold.category_stats WHERE dt = DATE '{GOLD_RUN_DATE}') AS categorised,
       (SELECT count(*) FROM silver.books WHERE dt = DATE '{GOLD_RUN_DATE}') AS silver_books
"""


def gold_snapshot(lake: Path) -> str:
    """The current Iceberg metadata version of gold.books (a new one on every publish)."""
    return (lake / "gold" / "books" / "metadata" / "version-hint.text").read_text()


@pytest.fixture(scope="session")
def daily(dagbag):
    return fast_retries(dagbag.get_dag("bookslake_daily"))


@pytest.fixture(scope="session")
def gold_lake(tmp_path_factory):
    return tmp_path_factory.mktemp("lake")


@pytest.fixture(scope="session")
def first_daily_run(daily, sandbox, gold_lake):
    """bookslake_daily for GOLD_RUN_DATE into gold_lake: (dag run, gold counts, gold snapshot)."""
    import pendulum

    with variables(bookslake_lake=gold_lake, bookslake_source=sandbox.url):
        dag_run = daily.test(logical_date=pendulum.parse(GOLD_RUN_DATE))
    return dag_run, query(gold_lake, COUNTS_SQL)[0], gold_snapshot(gold_lake)
