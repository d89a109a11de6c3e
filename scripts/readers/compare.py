"""Reads a bookslake lake with readers no one here wrote and compares them, row for row, with
`./bookslake query` (the project's own DuckDB views):

- the DuckDB CLI (duckdb-cli from PyPI) running the documented one-liner over a table folder
  (`iceberg_scan('<lake>/<layer>/<table>')`, found through metadata/version-hint.text), and the
  documented `.read lake/sql/views.sql`;
- pyiceberg (its SqlCatalog on <lake>/catalog.db) scanning the latest partition into pyarrow;
- pyarrow alone, reading the data files pyiceberg planned (Parquet with Iceberg field ids).

Usage: python compare.py <repo root> <lake> <duckdb extensions dir>. Exit 1 on any difference.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.expressions import EqualTo

# table -> (columns compared, sort key). Types covered: strings, nullable strings, ints, booleans,
# DECIMAL(10,2), timestamptz and the dt partition; gold.drift_report is never written by the
# data path: an empty, typed table.
TABLES = {
    "bronze.pages": (["url", "page_kind", "http_status", "etag", "sha256", "attempts", "fetched_at", "dt"], "url"),
    "silver.books": (
        ["upc", "title", "category", "price_incl_tax", "tax", "stock_count", "in_stock", "rating",
         "description", "scraped_at", "dt"],
        "upc",
    ),
    "gold.category_stats": (
        ["category", "books", "in_stock_share", "min_price", "avg_price", "median_price", "max_price", "dt"],
        "category",
    ),
    "gold.similar_books": (["upc", "rank", "neighbour_upc", "score", "same_category", "dt"], "upc, rank"),
    "gold.book_sentiment": (["upc", "sentiment_score", "sentiment_label", "has_description", "dt"], "upc"),
    "gold.drift_report": (["model", "feature", "psi", "dt"], "model, feature"),
}
TIMESTAMPS = {"fetched_at", "scraped_at"}


def canonical(column: str, value):
    """One text form per value, whichever reader produced it."""
    if value is None:
        return None
    if column in TIMESTAMPS:
        if isinstance(value, datetime):
            return str(int(value.astimezone(timezone.utc).timestamp() * 1_000_000))
        return str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def select_sql(table: str, source: str) -> str:
    columns, key = TABLES[table]
    selected = ", ".join(
        f"CAST(epoch_us({c}) AS VARCHAR) AS {c}" if c in TIMESTAMPS
        else f"CAST({c} AS VARCHAR) AS {c}" if c in ("dt",) else c
        for c in columns
    )
    return f"SELECT {selected} FROM {source} ORDER BY {key}"


def rows_of(records: list[dict], table: str) -> list[tuple]:
    columns, _ = TABLES[table]
    return [tuple(canonical(c, r[c]) for c in columns) for r in records]


def bookslake(root: Path, lake: Path, table: str) -> list[tuple]:
    out = subprocess.run(
        [str(root / "bookslake"), "query", select_sql(table, table), "--lake", str(lake), "--format", "json"],
        check=True, capture_output=True, text=True,
    ).stdout
    return rows_of(json.loads(out, parse_float=Decimal), table)


def duckdb_cli(duckdb: Path, lake: Path, extensions: Path, table: str, views: Path | None) -> list[tuple]:
    layer, name = table.split(".")
    folder = f"{lake}/{layer}/{name}"
    setup = f"SET extension_directory='{extensions}'; LOAD avro; LOAD iceberg; "
    if views is None:
        source = (f"(SELECT * FROM iceberg_scan('{folder}') "
                  f"WHERE dt = (SELECT max(dt) FROM iceberg_scan('{folder}')))")
        script = setup + select_sql(table, source)
    else:
        script = (setup + f"SET VARIABLE lake_root = '{lake}'; SET VARIABLE as_of = NULL;\n"
                  f".read {views}\n" + select_sql(table, table))
    out = subprocess.run([str(duckdb), "-json", "-c", script] if views is None else [str(duckdb), "-json"],
                         input=None if views is None else script, check=True, capture_output=True,
                         text=True).stdout
    records = json.loads(out, parse_float=Decimal) if out.strip() else []
    return rows_of(records, table)


def latest(tbl) -> str | None:
    dts = set(tbl.scan(selected_fields=("dt",)).to_arrow()["dt"].to_pylist())
    return max(dts) if dts else None


def pyiceberg_rows(catalog: SqlCatalog, table: str) -> list[tuple]:
    columns, key = TABLES[table]
    tbl = catalog.load_table(table)
    dt = latest(tbl)
    if dt is None:
        return []
    records = tbl.scan(row_filter=EqualTo("dt", dt), selected_fields=tuple(columns)).to_arrow().to_pylist()
    return sorted(rows_of(records, table), key=sort_key(table))


def pyarrow_rows(catalog: SqlCatalog, table: str) -> list[tuple]:
    tbl = catalog.load_table(table)
    dt = latest(tbl)
    if dt is None:
        return []
    columns, _ = TABLES[table]
    records = []
    for task in tbl.scan(row_filter=EqualTo("dt", dt)).plan_files():
        path = task.file.file_path.removeprefix("file://")
        records.extend(pq.read_table(path, columns=columns).to_pylist())
    return sorted(rows_of(records, table), key=sort_key(table))


def sort_key(table: str):
    columns, key = TABLES[table]
    positions = [columns.index(k.strip()) for k in key.split(",")]
    return lambda row: tuple(int(row[p]) if row[p] is not None and row[p].isdigit() else row[p] for p in positions)


def main() -> int:
    root, lake, extensions = (Path(a).resolve() for a in sys.argv[1:4])
    duckdb = Path(sys.executable).parent / "duckdb"
    catalog = SqlCatalog("bookslake", uri=f"sqlite:///{lake}/catalog.db", warehouse=str(lake))
    failures = 0
    for table in TABLES:
        expected = bookslake(root, lake, table)
        readers = {
            "duckdb CLI one-liner": duckdb_cli(duckdb, lake, extensions, table, None),
            "duckdb CLI views.sql": duckdb_cli(duckdb, lake, extensions, table, root / "lake" / "sql" / "views.sql"),
            "pyiceberg": pyiceberg_rows(catalog, table),
            "pyarrow via pyiceberg": pyarrow_rows(catalog, table),
        }
        for reader, rows in readers.items():
            same = sorted(rows, key=sort_key(table)) == sorted(expected, key=sort_key(table))
            print(f"{table:22} {reader:22} {len(rows):6} rows  {'same' if same else 'DIFFERENT'}")
            if not same:
                failures += 1
                missing = set(expected) - set(rows)
                extra = set(rows) - set(expected)
                print(f"  only in ./bookslake query: {sorted(missing, key=str)[:3]}")
                print(f"  only in {reader}: {sorted(extra, key=str)[:3]}")
    if all(len(bookslake(root, lake, t)) == 0 for t in TABLES if t != "gold.drift_report"):
        print("Cannot compare readers on an empty lake", file=sys.stderr)
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
