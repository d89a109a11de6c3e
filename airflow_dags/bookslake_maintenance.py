"""
### bookslake_maintenance

Keeps the lake's Apache Iceberg tables from growing without bound, every day at 03:00 UTC:
`maintain_lake` runs `bookslake lake maintain`, which

- expires snapshots older than the `expire_after` param (default `7d`, how far time travel
  reaches) while every table keeps at least its last `retain_last` commits (default 5), deleting
  the data and metadata files only expired snapshots used;
- deletes orphan files older than `orphans_after` (default `3d`): data files of runs that crashed
  or failed before their commit. A younger unreferenced file may belong to a run still writing,
  so it is kept.

Nothing a reader may still use is removed: readers pin one snapshot per query (or load gold into
memory, as the API does) and the retention is days, not seconds. Runs are idempotent; a failed run
is simply retried.
"""

from __future__ import annotations

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, Param

from bookslake_common import DEFAULT_ARGS, MACROS

with DAG(
    dag_id="bookslake_maintenance",
    schedule="0 3 * * *",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    user_defined_macros=MACROS,
    params={
        "expire_after": Param("7d", type="string", pattern=r"^[0-9]+[dhm]$"),
        "retain_last": Param(5, type="integer", minimum=1),
        "orphans_after": Param("3d", type="string", pattern=r"^[0-9]+[dhm]$"),
    },
    tags=["bookslake", "lake", "maintenance"],
    doc_md=__doc__,
) as dag:
    maintain_lake = BashOperator(
        task_id="maintain_lake",
        bash_command=(
            "{{ bookslake_bin() }} lake maintain --lake {{ setting('lake') }}"
            " --expire-after {{ params.expire_after }} --retain-last {{ params.retain_last }}"
            " --orphans-after {{ params.orphans_after }}"
        ),
    )

if __name__ == "__main__":
    dag.test()
