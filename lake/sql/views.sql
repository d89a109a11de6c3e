-- bookslake lake views for plain DuckDB (1.4.4 with the iceberg extension).
--
-- Each lake table is an Apache Iceberg table at <lake_root>/<layer>/<table>. Each block creates one
-- view, <layer>.<table>, over the table's current Iceberg snapshot (found through
-- metadata/version-hint.text, which bookslake refreshes after every commit) and its latest dt
-- partition, or, when the variable as_of is set, the latest dt on or before it. dt is shown as a
-- DATE. A table never written shows empty, with its columns.
--
-- Use from the DuckDB CLI (offline: scripts/duckdb-extensions.sh provisions the extensions):
--   SET extension_directory = '/abs/path/to/bookslake/build/duckdb-extensions';  -- or INSTALL iceberg online
--   LOAD avro; LOAD iceberg;
--   SET VARIABLE lake_root = '/abs/path/to/lake/warehouse';
--   SET VARIABLE as_of = NULL;            -- or '2026-01-01'
--   .read lake/sql/views.sql
--   SELECT category, books FROM gold.category_stats ORDER BY books DESC LIMIT 5;
--
-- The views follow the tables: a query after a stage commits sees the new snapshot.
-- OFFSET 0 keeps a query's own filters out of iceberg_scan (DuckDB 1.4.4's iceberg scan fails with
-- an internal error on some pushed-down expressions, e.g. length(body) > 0); dt still prunes.
-- `./bookslake query` installs the same views pinned to one snapshot per table instead.

CREATE SCHEMA IF NOT EXISTS bronze;
CREATE SCHEMA IF NOT EXISTS silver;
CREATE SCHEMA IF NOT EXISTS gold;

-- table: bronze.pages (every fetched page of the run's dt (raw HTML in body))
CREATE OR REPLACE VIEW bronze.pages AS
SELECT * FROM (
  SELECT * REPLACE (CAST(dt AS DATE) AS dt)
  FROM iceberg_scan(getvariable('lake_root') || '/bronze/pages')
  WHERE dt = (SELECT max(dt) FROM iceberg_scan(getvariable('lake_root') || '/bronze/pages')
              WHERE getvariable('as_of') IS NULL OR dt <= CAST(getvariable('as_of') AS VARCHAR))
  OFFSET 0);

-- table: bronze.fetch_errors (every fetch that failed after retries)
CREATE OR REPLACE VIEW bronze.fetch_errors AS
SELECT * FROM (
  SELECT * REPLACE (CAST(dt AS DATE) AS dt)
  FROM iceberg_scan(getvariable('lake_root') || '/bronze/fetch_errors')
  WHERE dt = (SELECT max(dt) FROM iceberg_scan(getvariable('lake_root') || '/bronze/fetch_errors')
              WHERE getvariable('as_of') IS NULL OR dt <= CAST(getvariable('as_of') AS VARCHAR))
  OFFSET 0);

-- table: silver.books (one clean row per book)
CREATE OR REPLACE VIEW silver.books AS
SELECT * FROM (
  SELECT * REPLACE (CAST(dt AS DATE) AS dt)
  FROM iceberg_scan(getvariable('lake_root') || '/silver/books')
  WHERE dt = (SELECT max(dt) FROM iceberg_scan(getvariable('lake_root') || '/silver/books')
              WHERE getvariable('as_of') IS NULL OR dt <= CAST(getvariable('as_of') AS VARCHAR))
  OFFSET 0);

-- table: silver.quarantine (product pages that failed a quality rule)
CREATE OR REPLACE VIEW silver.quarantine AS
SELECT * FROM (
  SELECT * REPLACE (CAST(dt AS DATE) AS dt)
  FROM iceberg_scan(getvariable('lake_root') || '/silver/quarantine')
  WHERE dt = (SELECT max(dt) FROM iceberg_scan(getvariable('lake_root') || '/silver/quarantine')
              WHERE getvariable('as_of') IS NULL OR dt <= CAST(getvariable('as_of') AS VARCHAR))
  OFFSET 0);

-- table: silver.book_history (price and stock as a slowly changing dimension)
CREATE OR REPLACE VIEW silver.book_history AS
SELECT * FROM (
  SELECT * REPLACE (CAST(dt AS DATE) AS dt)
  FROM iceberg_scan(getvariable('lake_root') || '/silver/book_history')
  WHERE dt = (SELECT max(dt) FROM iceberg_scan(getvariable('lake_root') || '/silver/book_history')
              WHERE getvariable('as_of') IS NULL OR dt <= CAST(getvariable('as_of') AS VARCHAR))
  OFFSET 0);

-- table: silver.quality_report (per-rule counts of the clean run)
CREATE OR REPLACE VIEW silver.quality_report AS
SELECT * FROM (
  SELECT * REPLACE (CAST(dt AS DATE) AS dt)
  FROM iceberg_scan(getvariable('lake_root') || '/silver/quality_report')
  WHERE dt = (SELECT max(dt) FROM iceberg_scan(getvariable('lake_root') || '/silver/quality_report')
              WHERE getvariable('as_of') IS NULL OR dt <= CAST(getvariable('as_of') AS VARCHAR))
  OFFSET 0);

-- table: gold.books (current books, enriched)
CREATE OR REPLACE VIEW gold.books AS
SELECT * FROM (
  SELECT * REPLACE (CAST(dt AS DATE) AS dt)
  FROM iceberg_scan(getvariable('lake_root') || '/gold/books')
  WHERE dt = (SELECT max(dt) FROM iceberg_scan(getvariable('lake_root') || '/gold/books')
              WHERE getvariable('as_of') IS NULL OR dt <= CAST(getvariable('as_of') AS VARCHAR))
  OFFSET 0);

-- table: gold.category_stats (statistics per category)
CREATE OR REPLACE VIEW gold.category_stats AS
SELECT * FROM (
  SELECT * REPLACE (CAST(dt AS DATE) AS dt)
  FROM iceberg_scan(getvariable('lake_root') || '/gold/category_stats')
  WHERE dt = (SELECT max(dt) FROM iceberg_scan(getvariable('lake_root') || '/gold/category_stats')
              WHERE getvariable('as_of') IS NULL OR dt <= CAST(getvariable('as_of') AS VARCHAR))
  OFFSET 0);

-- table: gold.overview (one row of catalogue totals)
CREATE OR REPLACE VIEW gold.overview AS
SELECT * FROM (
  SELECT * REPLACE (CAST(dt AS DATE) AS dt)
  FROM iceberg_scan(getvariable('lake_root') || '/gold/overview')
  WHERE dt = (SELECT max(dt) FROM iceberg_scan(getvariable('lake_root') || '/gold/overview')
              WHERE getvariable('as_of') IS NULL OR dt <= CAST(getvariable('as_of') AS VARCHAR))
  OFFSET 0);

-- table: gold.features (ML features per book (see the feature contract))
CREATE OR REPLACE VIEW gold.features AS
SELECT * FROM (
  SELECT * REPLACE (CAST(dt AS DATE) AS dt)
  FROM iceberg_scan(getvariable('lake_root') || '/gold/features')
  WHERE dt = (SELECT max(dt) FROM iceberg_scan(getvariable('lake_root') || '/gold/features')
              WHERE getvariable('as_of') IS NULL OR dt <= CAST(getvariable('as_of') AS VARCHAR))
  OFFSET 0);

-- table: gold.training_data (features plus targets and a train/test split)
CREATE OR REPLACE VIEW gold.training_data AS
SELECT * FROM (
  SELECT * REPLACE (CAST(dt AS DATE) AS dt)
  FROM iceberg_scan(getvariable('lake_root') || '/gold/training_data')
  WHERE dt = (SELECT max(dt) FROM iceberg_scan(getvariable('lake_root') || '/gold/training_data')
              WHERE getvariable('as_of') IS NULL OR dt <= CAST(getvariable('as_of') AS VARCHAR))
  OFFSET 0);

-- table: gold.similar_books (top-10 neighbours per book)
CREATE OR REPLACE VIEW gold.similar_books AS
SELECT * FROM (
  SELECT * REPLACE (CAST(dt AS DATE) AS dt)
  FROM iceberg_scan(getvariable('lake_root') || '/gold/similar_books')
  WHERE dt = (SELECT max(dt) FROM iceberg_scan(getvariable('lake_root') || '/gold/similar_books')
              WHERE getvariable('as_of') IS NULL OR dt <= CAST(getvariable('as_of') AS VARCHAR))
  OFFSET 0);

-- table: gold.book_sentiment (sentiment of each book's description)
CREATE OR REPLACE VIEW gold.book_sentiment AS
SELECT * FROM (
  SELECT * REPLACE (CAST(dt AS DATE) AS dt)
  FROM iceberg_scan(getvariable('lake_root') || '/gold/book_sentiment')
  WHERE dt = (SELECT max(dt) FROM iceberg_scan(getvariable('lake_root') || '/gold/book_sentiment')
              WHERE getvariable('as_of') IS NULL OR dt <= CAST(getvariable('as_of') AS VARCHAR))
  OFFSET 0);

-- table: gold.predictions (batch predictions of the production models)
CREATE OR REPLACE VIEW gold.predictions AS
SELECT * FROM (
  SELECT * REPLACE (CAST(dt AS DATE) AS dt)
  FROM iceberg_scan(getvariable('lake_root') || '/gold/predictions')
  WHERE dt = (SELECT max(dt) FROM iceberg_scan(getvariable('lake_root') || '/gold/predictions')
              WHERE getvariable('as_of') IS NULL OR dt <= CAST(getvariable('as_of') AS VARCHAR))
  OFFSET 0);

-- table: gold.prediction_errors (books predict could not score, with the reason)
CREATE OR REPLACE VIEW gold.prediction_errors AS
SELECT * FROM (
  SELECT * REPLACE (CAST(dt AS DATE) AS dt)
  FROM iceberg_scan(getvariable('lake_root') || '/gold/prediction_errors')
  WHERE dt = (SELECT max(dt) FROM iceberg_scan(getvariable('lake_root') || '/gold/prediction_errors')
              WHERE getvariable('as_of') IS NULL OR dt <= CAST(getvariable('as_of') AS VARCHAR))
  OFFSET 0);

-- table: gold.drift_report (drift of current inputs from each production model's training data)
CREATE OR REPLACE VIEW gold.drift_report AS
SELECT * FROM (
  SELECT * REPLACE (CAST(dt AS DATE) AS dt)
  FROM iceberg_scan(getvariable('lake_root') || '/gold/drift_report')
  WHERE dt = (SELECT max(dt) FROM iceberg_scan(getvariable('lake_root') || '/gold/drift_report')
              WHERE getvariable('as_of') IS NULL OR dt <= CAST(getvariable('as_of') AS VARCHAR))
  OFFSET 0);
