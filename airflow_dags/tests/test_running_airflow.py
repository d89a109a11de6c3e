"""bookslake under a running Airflow: API server, scheduler (LocalExecutor) and DAG processor
started by scripts/airflow-local.sh, driven only through Airflow's REST API and bookslake's own
API, as an operator or a client would, against a 100-book sandbox.

The fixtures are the steps of one day of operation, in order; each test checks one of them:

1. ``daily_run``: bookslake_daily triggered through the REST API for the date the scheduler would
   run next (so it does not add its own run for that date when the DAG is unpaused); the gold
   Asset event makes the scheduler start bookslake_ml.
2. ``api_job``: ``POST /api/v1/scraping/trigger`` of a running ``bookslake serve`` configured for
   this Airflow (Airflow 3 token auth) starts bookslake_daily; the job follows the DAG run; the
   server then serves the new gold.
3. ``retraining``: predictions on books whose prices tripled, through the API, fill its inference
   log; bookslake_monitor finds drift and triggers bookslake_ml, which registers new versions.
4. ``failed_job``: with the sandbox down, the API's job and the DAG run fail after the retries
   (1 s apart here: ``[bookslake] retry_delay``) and both say why.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import BOOKSLAKE, REPO, Sandbox, free_port, query

AIRFLOW_LOCAL = REPO / "scripts" / "airflow-local.sh"
RUN_TIMEOUT = 600


def http(method: str, url: str, body=None, token: str | None = None) -> tuple[int, dict]:
    """One JSON request; the status and the decoded answer (also for 4xx/5xx answers)."""
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def quoted(segment: str) -> str:
    return urllib.parse.quote(segment, safe="")


class Airflow:
    """The REST API of the Airflow that scripts/airflow-local.sh started."""

    def __init__(self, url: str, password: str, home: Path):
        self.url, self.password, self.home = url, password, home

    def token(self) -> str:
        status, answer = http("POST", self.url + "auth/token",
                              {"username": "admin", "password": self.password})
        assert status == 201, answer
        return answer["access_token"]

    def call(self, method: str, path: str, body=None) -> dict:
        status, answer = http(method, self.url + "api/v2/" + path, body, self.token())
        assert status // 100 == 2, f"{method} {path}: {status} {answer}"
        return answer

    def runs(self, dag_id: str) -> list[dict]:
        return self.call("GET", f"dags/{dag_id}/dagRuns?limit=100&order_by=run_after")["dag_runs"]

    def wait_for_run(self, dag_id: str, run_id: str, timeout: float = RUN_TIMEOUT) -> dict:
        """The DAG run once it has ended (success or failed)."""
        deadline = time.monotonic() + timeout
        while True:
            run = self.call("GET", f"dags/{dag_id}/dagRuns/{quoted(run_id)}")
            if run["state"] in ("success", "failed"):
                return run
            assert time.monotonic() < deadline, f"{dag_id} {run_id} still {run['state']} after {timeout} s"
            time.sleep(2)

    def wait_for_new_run(self, dag_id: str, known: set[str], match=lambda run: True) -> dict:
        """The first run of the DAG not in ``known`` that ``match`` accepts, once it has ended."""
        deadline = time.monotonic() + RUN_TIMEOUT
        while True:
            new = [r for r in self.runs(dag_id) if r["dag_run_id"] not in known and match(r)]
            if new:
                return self.wait_for_run(dag_id, new[0]["dag_run_id"])
            assert time.monotonic() < deadline, f"no new {dag_id} run after {RUN_TIMEOUT} s"
            time.sleep(2)

    def wait_until_idle(self, dag_id: str) -> None:
        for run in self.runs(dag_id):
            if run["state"] not in ("success", "failed"):
                self.wait_for_run(dag_id, run["dag_run_id"])

    def tasks(self, dag_id: str, run_id: str) -> dict[str, tuple[str, int]]:
        answer = self.call("GET", f"dags/{dag_id}/dagRuns/{quoted(run_id)}/taskInstances")
        return {t["task_id"]: (t["state"], t["try_number"]) for t in answer["task_instances"]}

    def log(self, dag_id: str, run_id: str, task_id: str, try_number: int) -> list[str]:
        answer = self.call(
            "GET",
            f"dags/{dag_id}/dagRuns/{quoted(run_id)}/taskInstances/{task_id}/logs/{try_number}"
            "?full_content=true")
        return [e["event"] for e in answer["content"] if isinstance(e.get("event"), str)]

    def next_logical_date(self, dag_id: str) -> str:
        return self.call("GET", f"dags/{dag_id}")["next_dagrun_logical_date"]

    def unpause(self, *dag_ids: str) -> None:
        for dag_id in dag_ids:
            assert self.call("PATCH", f"dags/{dag_id}", {"is_paused": False})["is_paused"] is False


@pytest.fixture(scope="module")
def shop():
    server = Sandbox(books=100)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def lake(tmp_path_factory):
    return tmp_path_factory.mktemp("airflow-e2e-lake")


@pytest.fixture(scope="module")
def airflow(tmp_path_factory, lake, shop):
    home = tmp_path_factory.mktemp("airflow-e2e-home")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env["AIRFLOW_VAR_BOOKSLAKE_LAKE"] = str(lake)
    env["AIRFLOW__BOOKSLAKE__RETRY_DELAY"] = "1"
    started = subprocess.run([str(AIRFLOW_LOCAL), "start", "--port", str(port), "--home", str(home)],
                             env=env, capture_output=True, text=True, timeout=600)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        password = re.search(r"password (\S+)\)", started.stdout).group(1)
        client = Airflow(f"http://127.0.0.1:{port}/", password, home)
        # The source as an operator sets it: an Airflow Variable, through the REST API.
        client.call("POST", "variables", {"key": "bookslake_source", "value": shop.url})
        yield client
    finally:
        stopped = subprocess.run([str(AIRFLOW_LOCAL), "stop", "--home", str(home)],
                                 capture_output=True, text=True, timeout=120)
        assert stopped.returncode == 0, stopped.stderr


@pytest.fixture(scope="module")
def daily_run(airflow):
    """bookslake_daily triggered for the scheduler's next date, then the ML run its gold started."""
    logical_date = airflow.next_logical_date("bookslake_daily")
    airflow.call("POST", "dags/bookslake_daily/dagRuns",
                 {"dag_run_id": "e2e_daily", "logical_date": logical_date})
    airflow.unpause("bookslake_daily", "bookslake_ml")
    daily = airflow.wait_for_run("bookslake_daily", "e2e_daily")
    ml = airflow.wait_for_new_run("bookslake_ml", set(), lambda r: r["run_type"] == "asset_triggered")
    return daily, ml, logical_date[:10]


def test_the_scheduler_runs_the_triggered_daily_run_and_the_gold_asset_starts_ml(airflow, daily_run, lake):
    daily, ml, day = daily_run
    assert daily["state"] == "success", airflow.tasks("bookslake_daily", "e2e_daily")
    assert airflow.tasks("bookslake_daily", "e2e_daily") == {
        t: ("success", 1) for t in ("scrape_pages", "clean_books", "build_gold", "publish_gold")
    }
    assert ml["state"] == "success", airflow.tasks("bookslake_ml", ml["dag_run_id"])
    assert set(airflow.tasks("bookslake_ml", ml["dag_run_id"]).values()) == {("success", 1)}

    events = airflow.call("GET", "assets/events?source_dag_id=bookslake_daily")["asset_events"]
    assert [e["extra"].get("run_date") for e in events if e["source_run_id"] == "e2e_daily"] == [day]
    # The scheduler made no run of its own for the date the REST API's run holds.
    assert [r["dag_run_id"] for r in airflow.runs("bookslake_daily")
            if r["logical_date"] == daily["logical_date"]] == ["e2e_daily"]

    counts = query(lake, f"""
        SELECT (SELECT count(*) FROM gold.books WHERE dt = DATE '{day}') AS books,
               (SELECT count(*) FROM gold.predictions WHERE dt = DATE '{day}' AND model = 'rating') AS rating,
               (SELECT count(*) FROM gold.predictions WHERE dt = DATE '{day}' AND model = 'price') AS price""")
    assert counts == [{"books": "100", "rating": "100", "price": "100"}]

    scrape_log = airflow.log("bookslake_daily", "e2e_daily", "scrape_pages", 1)
    assert any(line.startswith(f"Scraped 105 pages for dt={day}") for line in scrape_log), scrape_log
    assert "Command exited with return code 0" in scrape_log


class Serve:
    """``./bookslake serve`` on the e2e lake, its scraping trigger configured for the Airflow."""

    def __init__(self, lake: Path, airflow: Airflow, work: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/api/v1/"
        self.password = "e2e-" + os.urandom(9).hex()
        hashed = subprocess.run([str(BOOKSLAKE), "serve", "hash-password", "--admin", "operator"],
                                input=self.password + "\n", capture_output=True, text=True, check=True)
        (work / "users.txt").write_text(hashed.stdout)
        env = dict(os.environ,
                   BOOKSLAKE_JWT_SECRET=os.urandom(32).hex(),
                   BOOKSLAKE_USERS_FILE=str(work / "users.txt"),
                   BOOKSLAKE_AIRFLOW_URL=airflow.url,
                   BOOKSLAKE_AIRFLOW_USERNAME="admin",
                   BOOKSLAKE_AIRFLOW_PASSWORD=airflow.password)
        self.log = work / "serve.log"
        with self.log.open("w") as out:
            self.process = subprocess.Popen(
                [str(BOOKSLAKE), "serve", "--lake", str(lake), "--port", str(self.port)],
                env=env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while self.get("ready")[0] != 200:
            assert self.process.poll() is None, self.log.read_text()
            assert time.monotonic() < deadline, "bookslake serve not ready after 120 s"
            time.sleep(0.5)
        status, answer = http("POST", self.url + "auth/login",
                              {"username": "operator", "password": self.password})
        assert status == 200, answer
        self.token = answer["access_token"]

    def get(self, path: str) -> tuple[int, dict]:
        try:
            return http("GET", self.url + path, token=getattr(self, "token", None))
        except OSError:
            return 0, {}

    def post(self, path: str, body=None) -> tuple[int, dict]:
        return http("POST", self.url + path, body, self.token)

    def wait_for_job(self, job_id: str) -> dict:
        deadline = time.monotonic() + RUN_TIMEOUT
        while True:
            status, job = self.get(f"scraping/jobs/{job_id}")
            assert status == 200, job
            if job["state"] in ("succeeded", "failed"):
                return job
            assert time.monotonic() < deadline, f"job {job_id} still {job['state']}"
            time.sleep(2)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def serve(lake, airflow, daily_run, tmp_path_factory):
    server = Serve(lake, airflow, tmp_path_factory.mktemp("serve"))
    yield server
    server.stop()


def gold_versions(serve: Serve) -> dict:
    status, health = serve.get("health")
    assert status == 200, health
    return health["snapshot"]


@pytest.fixture(scope="module")
def api_job(serve, airflow):
    """A run triggered through bookslake's API: (job at trigger, job at its end, gold before)."""
    gold_before = gold_versions(serve)
    status, job = serve.post("scraping/trigger")
    assert status == 202, job
    return job, serve.wait_for_job(job["id"]), gold_before


def test_the_api_trigger_runs_the_daily_dag_in_airflow_and_then_serves_the_new_gold(api_job, airflow, serve):
    started, ended, gold_before = api_job
    assert started["mode"] == "airflow"
    run_id = started["airflow"]["dag_run_id"]
    assert ended["state"] == "succeeded", ended

    run = airflow.call("GET", f"dags/bookslake_daily/dagRuns/{quoted(run_id)}")
    assert run["state"] == "success"
    assert run["triggered_by"] == "rest_api" and run["conf"]["bookslake_job"] == started["id"]
    today = datetime.now(timezone.utc).date().isoformat()
    assert run["logical_date"][:10] == today == ended["run_date"]

    # The server polls the lake: the gold that run committed replaces the one it served.
    deadline = time.monotonic() + 60
    while gold_versions(serve) == gold_before:
        assert time.monotonic() < deadline, "the server still serves the gold of before the run"
        time.sleep(1)
    status, books = serve.get("books?size=1")
    assert status == 200 and books["total"] == 100, books


def model_versions(lake: Path) -> list[tuple[str, int]]:
    listed = subprocess.run([str(BOOKSLAKE), "models", "list", "--lake", str(lake), "--format", "json"],
                            capture_output=True, text=True, check=True)
    return sorted((v["name"], v["version"]) for v in json.loads(listed.stdout))


@pytest.fixture(scope="module")
def retraining(airflow, serve, api_job, lake):
    """Drifted inputs through the API, then bookslake_monitor: (monitor run, the ML run it started,
    model versions before, model versions after)."""
    # The ML run the API job's gold started ends first, so that only the monitor's adds versions.
    airflow.wait_until_idle("bookslake_ml")
    before = model_versions(lake)
    today = datetime.now(timezone.utc).date().isoformat()
    features = query(lake, f"""
        SELECT price_excl_tax * 3 AS price_excl_tax, review_count, stock_count, in_stock,
               description_length, title_word_count, days_since_first_seen, category
        FROM gold.books WHERE dt = DATE '{today}'""")
    books = [{**row,
              "price_excl_tax": float(row["price_excl_tax"]),
              "in_stock": row["in_stock"] == "true",
              **{k: int(row[k]) for k in ("review_count", "stock_count", "description_length",
                                          "title_word_count", "days_since_first_seen")}}
             for row in features]
    status, answer = serve.post("ml/predict", {"books": books})
    assert status == 200 and len(answer["predictions"]) == 100, answer

    ml_runs = {r["dag_run_id"] for r in airflow.runs("bookslake_ml")}
    # The monitor's next scheduled date (its run is not duplicated on unpause), checking today.
    airflow.call("POST", "dags/bookslake_monitor/dagRuns",
                 {"dag_run_id": "e2e_monitor", "logical_date": airflow.next_logical_date("bookslake_monitor"),
                  "conf": {"run_date": today}})
    airflow.unpause("bookslake_monitor")
    monitor = airflow.wait_for_run("bookslake_monitor", "e2e_monitor")
    ml = airflow.wait_for_new_run("bookslake_ml", ml_runs)
    return monitor, ml, before, model_versions(lake)


def test_drifted_inference_logs_make_the_monitor_retrain_under_the_scheduler(retraining, airflow, lake):
    monitor, ml, before, after = retraining
    assert monitor["state"] == "success", airflow.tasks("bookslake_monitor", "e2e_monitor")
    assert airflow.tasks("bookslake_monitor", "e2e_monitor") == {
        t: ("success", 1) for t in ("check_drift", "decide_retraining", "trigger_retraining")
    }
    check_log = airflow.log("bookslake_monitor", "e2e_monitor", "check_drift", 1)
    assert any("SIGNIFICANT drift on rating.price_excl_tax" in line for line in check_log), check_log

    today = datetime.now(timezone.utc).date().isoformat()
    assert ml["run_type"] == "operator_triggered" and ml["conf"] == {"run_date": today}
    assert ml["state"] == "success", airflow.tasks("bookslake_ml", ml["dag_run_id"])
    new = sorted(set(after) - set(before))
    assert [name for name, _ in new] == ["price", "rating"], (before, after)
    drifted = query(lake, f"SELECT DISTINCT model, feature, source FROM gold.drift_report "
                          f"WHERE dt = DATE '{today}' AND drifted")
    assert {"model": "rating", "feature": "price_excl_tax", "source": "inference_log"} in drifted


@pytest.fixture(scope="module")
def failed_job(retraining, serve, shop):
    shop.stop()
    status, job = serve.post("scraping/trigger")
    assert status == 202, job
    return job, serve.wait_for_job(job["id"])


def test_a_run_whose_source_is_down_fails_after_its_retries_and_both_sides_say_why(failed_job, airflow):
    started, ended = failed_job
    run_id = started["airflow"]["dag_run_id"]
    assert ended["state"] == "failed"
    assert ended["error"].startswith(
        f"Airflow DAG run {run_id} failed: task scrape_pages after 3 tries: bookslake scrape failed: "), ended
    assert ended["log_tail"][-1] == "Command exited with return code 1", ended
    assert any(line.startswith("bookslake scrape failed: ") for line in ended["log_tail"]), ended

    assert airflow.call("GET", f"dags/bookslake_daily/dagRuns/{quoted(run_id)}")["state"] == "failed"
    tasks = airflow.tasks("bookslake_daily", run_id)
    assert tasks["scrape_pages"] == ("failed", 3)
    assert {tasks[t][0] for t in ("clean_books", "build_gold", "publish_gold")} == {"upstream_failed"}
    last_try = airflow.log("bookslake_daily", run_id, "scrape_pages", 3)
    assert any(line.startswith("bookslake scrape failed: ") for line in last_try), last_try
