"""bookslake_ml in a real Airflow (dag.test): its wiring with a stand-in `bookslake`, and a real
run of train → promote → predict on the gold that bookslake_daily built."""

from __future__ import annotations

import json
import stat
import subprocess
from types import SimpleNamespace

import pendulum
import pytest
from conftest import BOOKSLAKE, GOLD_RUN_DATE, fast_retries, query, task_states, variables

TASKS = ["pick_run_date", "train_rating_model", "train_price_model", "list_models", "predict_books"]


@pytest.fixture(scope="module")
def ml(dagbag):
    return fast_retries(dagbag.get_dag("bookslake_ml"))


@pytest.fixture
def fake_home(tmp_path):
    launcher = tmp_path / "bookslake"
    launcher.write_text('#!/usr/bin/env bash\necho "$@" >> "$(dirname "$0")/calls.log"\n')
    launcher.chmod(launcher.stat().st_mode | stat.S_IXUSR)
    return tmp_path


def test_run_date_comes_from_the_param_then_the_gold_events_then_the_logical_date(ml):
    pick = ml.get_task("pick_run_date").python_callable
    events = {"gold": [SimpleNamespace(extra={"run_date": "2026-01-03"}),
                       SimpleNamespace(extra={"run_date": "2026-01-04"})]}
    logical = pendulum.datetime(2026, 1, 9, tz="UTC")
    assert pick(params={"run_date": "2026-01-01"}, triggering_asset_events=events, logical_date=logical) == "2026-01-01"
    assert pick(params={}, triggering_asset_events=events, logical_date=None) == "2026-01-04"
    assert pick(params={}, triggering_asset_events={}, logical_date=logical) == "2026-01-09"
    with pytest.raises(ValueError, match="Cannot pick a run date"):
        pick(params={}, triggering_asset_events={}, logical_date=None)
    with pytest.raises(ValueError):
        pick(params={"run_date": "yesterday"}, triggering_asset_events={}, logical_date=logical)


def test_ml_run_trains_both_models_with_promotion_then_predicts(ml, fake_home):
    with variables(bookslake_home=fake_home, bookslake_lake=fake_home / "lake"):
        dag_run = ml.test(logical_date=pendulum.datetime(2026, 3, 9, tz="UTC"),
                          run_conf={"run_date": "2026-03-08"})
    assert dag_run.state == "success", task_states(dag_run)
    calls = (fake_home / "calls.log").read_text().splitlines()
    run = f"--lake {fake_home / 'lake'} --run-date 2026-03-08"
    # dag.test runs the two training tasks in either order; both come before the registry and predict.
    assert sorted(calls[:2]) == [f"train {run} --target price --promote-if-better",
                                 f"train {run} --target rating --promote-if-better"]
    assert calls[2:] == [f"models list --lake {fake_home / 'lake'} --format table", f"predict {run}"]


def test_ml_run_registers_and_promotes_models_on_real_gold(ml, first_daily_run, gold_lake):
    assert first_daily_run[0].state == "success"
    with variables(bookslake_lake=gold_lake):
        # dag.test() keeps a previous test's run_conf in the DAG's params, so the date is explicit.
        dag_run = ml.test(logical_date=pendulum.parse(GOLD_RUN_DATE), run_conf={"run_date": GOLD_RUN_DATE})
    assert dag_run.state == "success", task_states(dag_run)
    for name in ("rating", "price"):
        versions = [p for p in (gold_lake / "models" / name).iterdir() if p.is_dir()]
        assert versions, f"no version of model {name} registered"
    listed = subprocess.run([str(BOOKSLAKE), "models", "list", "--lake", str(gold_lake), "--format", "json"],
                            capture_output=True, text=True, check=True).stdout
    json.loads(listed)
    assert "production" in listed
    # One row per book of gold.features per production model.
    predicted = query(gold_lake, "SELECT model, count(*) AS n FROM gold.predictions "
                                 f"WHERE CAST(dt AS VARCHAR) = '{GOLD_RUN_DATE}' GROUP BY model ORDER BY model")
    assert predicted == [{"model": "price", "n": "100"}, {"model": "rating", "n": "100"}]


def write_tripled_price_log(lake) -> int:
    """The API's inference log for GOLD_RUN_DATE as the serving contract writes it, with the rating
    model fed every gold book at three times its price."""
    version = json.loads((lake / "models" / "rating" / "_ALIASES.json").read_text())["production"]
    names = json.loads((lake / "models" / "rating" / str(version) / "metadata.json").read_text())["feature_names"]
    books = query(lake, f"SELECT * FROM gold.features WHERE CAST(dt AS VARCHAR) = '{GOLD_RUN_DATE}'")
    folder = lake / "logs" / "inference" / f"dt={GOLD_RUN_DATE}"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "part-test.jsonl", "w") as log:
        for i, book in enumerate(books):
            features = [float(book[n]) * (3 if n == "price_excl_tax" else 1) for n in names]
            log.write(json.dumps({"request_id": f"r{i}", "at": f"{GOLD_RUN_DATE}T12:00:00Z", "model": "rating",
                                  "version": version, "book_id": book["upc"], "inputs": {}, "features": features,
                                  "prediction": 3, "probabilities": None}) + "\n")
    return len(books)


def test_monitor_on_real_gold_retrains_only_when_inputs_drift(dagbag, first_daily_run, gold_lake):
    """The real `bookslake monitor` after the real ML run above: gold as trained on is no drift;
    an inference log of tripled prices is, and starts bookslake_ml for that date."""
    from test_bookslake_monitor import ml_runs_for

    monitor = fast_retries(dagbag.get_dag("bookslake_monitor"))
    assert (gold_lake / "models" / "rating" / "_ALIASES.json").exists(), "needs the real ML run first"
    before = ml_runs_for(GOLD_RUN_DATE)
    with variables(bookslake_lake=gold_lake):
        calm = monitor.test(logical_date=pendulum.parse(GOLD_RUN_DATE))
    assert calm.state == "success", task_states(calm)
    assert task_states(calm)["trigger_retraining"][0] == "skipped"
    assert query(gold_lake, "SELECT DISTINCT source FROM gold.drift_report") == [{"source": "gold_features"}]

    assert write_tripled_price_log(gold_lake) >= 50
    with variables(bookslake_lake=gold_lake):
        drifted = monitor.test(logical_date=pendulum.parse(GOLD_RUN_DATE))
    assert drifted.state == "success", task_states(drifted)
    assert task_states(drifted)["trigger_retraining"][0] == "success"
    assert len(ml_runs_for(GOLD_RUN_DATE)) == len(before) + 1
    assert query(gold_lake, "SELECT source, band FROM gold.drift_report "
                            "WHERE model = 'rating' AND feature = 'price_excl_tax'") == [
        {"source": "inference_log", "band": "significant"}]
