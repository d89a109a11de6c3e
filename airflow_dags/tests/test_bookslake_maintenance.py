"""bookslake_maintenance in a real Airflow (dag.test) with the real `bookslake` over the lake the
daily run built: maintenance runs, removes an orphan file old enough, and gold still reads the same."""

from __future__ import annotations

import os
import time

import pendulum
from conftest import COUNTS_SQL, fast_retries, query, task_states, variables


def test_maintenance_removes_old_orphans_and_keeps_gold(dagbag, first_daily_run, gold_lake, capfd):
    _, counts, _ = first_daily_run
    orphan_dir = gold_lake / "gold" / "books" / "data" / "dt=2099-01-01" / "crashed-run-0000"
    orphan_dir.mkdir(parents=True)
    orphan = orphan_dir / "part-00000-of-00001.parquet"
    orphan.write_bytes(b"PAR1 a run that died before its commit")
    four_days_ago = time.time() - 4 * 24 * 3600
    os.utime(orphan, (four_days_ago, four_days_ago))
    young = orphan_dir / "part-00001-of-00002.parquet"
    young.write_bytes(b"PAR1 a run still writing")

    maintenance = fast_retries(dagbag.get_dag("bookslake_maintenance"))
    with variables(bookslake_lake=gold_lake):
        dag_run = maintenance.test(logical_date=pendulum.datetime(2026, 3, 1, tz="UTC"))

    assert dag_run.state == "success", task_states(dag_run)
    assert task_states(dag_run) == {"maintain_lake": ("success", 1)}
    assert not orphan.exists(), "an orphan older than orphans_after is deleted"
    assert young.exists(), "a younger file may belong to a run that has not committed yet"
    assert "gold.books" in capfd.readouterr().out
    assert query(gold_lake, COUNTS_SQL)[0] == counts
