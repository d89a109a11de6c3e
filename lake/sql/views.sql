-- bookslake lake views for DuckDB.
--
-- Each block creates one view, <layer>.<table>, over the snapshot of that table published for
-- the latest dt (or, when the variable as_of is set, the latest dt on or before it). A block
-- reads only committed pointer files (dt=*/_SNAPSHOT.json), so a stage writing at the same
-- moment is never half-visible.
--
-- Use from the DuckDB CLI (the lake must hold every table; `./bookslake query` skips missing ones):
--   SET VARIABLE lake_root = '/abs/path/to/lake/warehouse';
--   SET VARIABLE as_of = NULL;            -- or '2026-01-01'
--   .read lake/sql/views.sql
--   SELECT category, books FROM gold.category_stats ORDER BY books DESC LIMIT 5;
--
-- Re-run the file after a stage publishes to move the views to the new snapshot.

CREATE SCHEMA IF NOT EXISTS bronze;
CREATE SCHEMA IF NOT EXISTS silver;
CREATE SCHEMA IF NOT EXISTS gold;

-- table: bronze.pages (every fetched page of the run's dt (raw HTML in body))
SET VARIABLE bronze_pages_dt = (
  SELECT max(d) FROM (
    SELECT regexp_extract(file, 'dt=([0-9]{4}-[0-9]{2}-[0-9]{2})/_SNAPSHOT[.]json$', 1) AS d
    FROM glob(getvariable('lake_root') || '/bronze/pages/dt=*/_SNAPSHOT.json'))
  WHERE getvariable('as_of') IS NULL OR d <= CAST(getvariable('as_of') AS VARCHAR));
SET VARIABLE bronze_pages_files = (
  SELECT list(getvariable('lake_root') || '/bronze/pages/dt=' || getvariable('bronze_pages_dt') || '/' || version || '/' || f ORDER BY f)
  FROM (SELECT version, unnest(files) AS f
        FROM read_json(getvariable('lake_root') || '/bronze/pages/dt=' || getvariable('bronze_pages_dt') || '/_SNAPSHOT.json')));
CREATE OR REPLACE VIEW bronze.pages AS SELECT * FROM read_parquet(getvariable('bronze_pages_files'));

-- table: bronze.fetch_errors (every fetch that failed after retries)
SET VARIABLE bronze_fetch_errors_dt = (
  SELECT max(d) FROM (
    SELECT regexp_extract(file, 'dt=([0-9]{4}-[0-9]{2}-[0-9]{2})/_SNAPSHOT[.]json$', 1) AS d
    FROM glob(getvariable('lake_root') || '/bronze/fetch_errors/dt=*/_SNAPSHOT.json'))
  WHERE getvariable('as_of') IS NULL OR d <= CAST(getvariable('as_of') AS VARCHAR));
SET VARIABLE bronze_fetch_errors_files = (
  SELECT list(getvariable('lake_root') || '/bronze/fetch_errors/dt=' || getvariable('bronze_fetch_errors_dt') || '/' || version || '/' || f ORDER BY f)
  FROM (SELECT version, unnest(files) AS f
        FROM read_json(getvariable('lake_root') || '/bronze/fetch_errors/dt=' || getvariable('bronze_fetch_errors_dt') || '/_SNAPSHOT.json')));
CREATE OR REPLACE VIEW bronze.fetch_errors AS SELECT * FROM read_parquet(getvariable('bronze_fetch_errors_files'));

-- table: silver.books (one clean row per book)
SET VARIABLE silver_books_dt = (
  SELECT max(d) FROM (
    SELECT regexp_extract(file, 'dt=([0-9]{4}-[0-9]{2}-[0-9]{2})/_SNAPSHOT[.]json$', 1) AS d
    FROM glob(getvariable('lake_root') || '/silver/books/dt=*/_SNAPSHOT.json'))
  WHERE getvariable('as_of') IS NULL OR d <= CAST(getvariable('as_of') AS VARCHAR));
SET VARIABLE silver_books_files = (
  SELECT list(getvariable('lake_root') || '/silver/books/dt=' || getvariable('silver_books_dt') || '/' || version || '/' || f ORDER BY f)
  FROM (SELECT version, unnest(files) AS f
        FROM read_json(getvariable('lake_root') || '/silver/books/dt=' || getvariable('silver_books_dt') || '/_SNAPSHOT.json')));
CREATE OR REPLACE VIEW silver.books AS SELECT * FROM read_parquet(getvariable('silver_books_files'));

-- table: silver.quarantine (product pages that failed a quality rule)
SET VARIABLE silver_quarantine_dt = (
  SELECT max(d) FROM (
    SELECT regexp_extract(file, 'dt=([0-9]{4}-[0-9]{2}-[0-9]{2})/_SNAPSHOT[.]json$', 1) AS d
    FROM glob(getvariable('lake_root') || '/silver/quarantine/dt=*/_SNAPSHOT.json'))
  WHERE getvariable('as_of') IS NULL OR d <= CAST(getvariable('as_of') AS VARCHAR));
SET VARIABLE silver_quarantine_files = (
  SELECT list(getvariable('lake_root') || '/silver/quarantine/dt=' || getvariable('silver_quarantine_dt') || '/' || version || '/' || f ORDER BY f)
  FROM (SELECT version, unnest(files) AS f
        FROM read_json(getvariable('lake_root') || '/silver/quarantine/dt=' || getvariable('silver_quarantine_dt') || '/_SNAPSHOT.json')));
CREATE OR REPLACE VIEW silver.quarantine AS SELECT * FROM read_parquet(getvariable('silver_quarantine_files'));

-- table: silver.book_history (price and stock as a slowly changing dimension)
SET VARIABLE silver_book_history_dt = (
  SELECT max(d) FROM (
    SELECT regexp_extract(file, 'dt=([0-9]{4}-[0-9]{2}-[0-9]{2})/_SNAPSHOT[.]json$', 1) AS d
    FROM glob(getvariable('lake_root') || '/silver/book_history/dt=*/_SNAPSHOT.json'))
  WHERE getvariable('as_of') IS NULL OR d <= CAST(getvariable('as_of') AS VARCHAR));
SET VARIABLE silver_book_history_files = (
  SELECT list(getvariable('lake_root') || '/silver/book_history/dt=' || getvariable('silver_book_history_dt') || '/' || version || '/' || f ORDER BY f)
  FROM (SELECT version, unnest(files) AS f
        FROM read_json(getvariable('lake_root') || '/silver/book_history/dt=' || getvariable('silver_book_history_dt') || '/_SNAPSHOT.json')));
CREATE OR REPLACE VIEW silver.book_history AS SELECT * FROM read_parquet(getvariable('silver_book_history_files'));

-- table: silver.quality_report (per-rule counts of the clean run)
SET VARIABLE silver_quality_report_dt = (
  SELECT max(d) FROM (
    SELECT regexp_extract(file, 'dt=([0-9]{4}-[0-9]{2}-[0-9]{2})/_SNAPSHOT[.]json$', 1) AS d
    FROM glob(getvariable('lake_root') || '/silver/quality_report/dt=*/_SNAPSHOT.json'))
  WHERE getvariable('as_of') IS NULL OR d <= CAST(getvariable('as_of') AS VARCHAR));
SET VARIABLE silver_quality_report_files = (
  SELECT list(getvariable('lake_root') || '/silver/quality_report/dt=' || getvariable('silver_quality_report_dt') || '/' || version || '/' || f ORDER BY f)
  FROM (SELECT version, unnest(files) AS f
        FROM read_json(getvariable('lake_root') || '/silver/quality_report/dt=' || getvariable('silver_quality_report_dt') || '/_SNAPSHOT.json')));
CREATE OR REPLACE VIEW silver.quality_report AS SELECT * FROM read_parquet(getvariable('silver_quality_report_files'));

-- table: gold.books (current books, enriched)
SET VARIABLE gold_books_dt = (
  SELECT max(d) FROM (
    SELECT regexp_extract(file, 'dt=([0-9]{4}-[0-9]{2}-[0-9]{2})/_SNAPSHOT[.]json$', 1) AS d
    FROM glob(getvariable('lake_root') || '/gold/books/dt=*/_SNAPSHOT.json'))
  WHERE getvariable('as_of') IS NULL OR d <= CAST(getvariable('as_of') AS VARCHAR));
SET VARIABLE gold_books_files = (
  SELECT list(getvariable('lake_root') || '/gold/books/dt=' || getvariable('gold_books_dt') || '/' || version || '/' || f ORDER BY f)
  FROM (SELECT version, unnest(files) AS f
        FROM read_json(getvariable('lake_root') || '/gold/books/dt=' || getvariable('gold_books_dt') || '/_SNAPSHOT.json')));
CREATE OR REPLACE VIEW gold.books AS SELECT * FROM read_parquet(getvariable('gold_books_files'));

-- table: gold.category_stats (statistics per category)
SET VARIABLE gold_category_stats_dt = (
  SELECT max(d) FROM (
    SELECT regexp_extract(file, 'dt=([0-9]{4}-[0-9]{2}-[0-9]{2})/_SNAPSHOT[.]json$', 1) AS d
    FROM glob(getvariable('lake_root') || '/gold/category_stats/dt=*/_SNAPSHOT.json'))
  WHERE getvariable('as_of') IS NULL OR d <= CAST(getvariable('as_of') AS VARCHAR));
SET VARIABLE gold_category_stats_files = (
  SELECT list(getvariable('lake_root') || '/gold/category_stats/dt=' || getvariable('gold_category_stats_dt') || '/' || version || '/' || f ORDER BY f)
  FROM (SELECT version, unnest(files) AS f
        FROM read_json(getvariable('lake_root') || '/gold/category_stats/dt=' || getvariable('gold_category_stats_dt') || '/_SNAPSHOT.json')));
CREATE OR REPLACE VIEW gold.category_stats AS SELECT * FROM read_parquet(getvariable('gold_category_stats_files'));

-- table: gold.overview (one row of catalogue totals)
SET VARIABLE gold_overview_dt = (
  SELECT max(d) FROM (
    SELECT regexp_extract(file, 'dt=([0-9]{4}-[0-9]{2}-[0-9]{2})/_SNAPSHOT[.]json$', 1) AS d
    FROM glob(getvariable('lake_root') || '/gold/overview/dt=*/_SNAPSHOT.json'))
  WHERE getvariable('as_of') IS NULL OR d <= CAST(getvariable('as_of') AS VARCHAR));
SET VARIABLE gold_overview_files = (
  SELECT list(getvariable('lake_root') || '/gold/overview/dt=' || getvariable('gold_overview_dt') || '/' || version || '/' || f ORDER BY f)
  FROM (SELECT version, unnest(files) AS f
        FROM read_json(getvariable('lake_root') || '/gold/overview/dt=' || getvariable('gold_overview_dt') || '/_SNAPSHOT.json')));
CREATE OR REPLACE VIEW gold.overview AS SELECT * FROM read_parquet(getvariable('gold_overview_files'));

-- table: gold.features (ML features per book (see the feature contract))
SET VARIABLE gold_features_dt = (
  SELECT max(d) FROM (
    SELECT regexp_extract(file, 'dt=([0-9]{4}-[0-9]{2}-[0-9]{2})/_SNAPSHOT[.]json$', 1) AS d
    FROM glob(getvariable('lake_root') || '/gold/features/dt=*/_SNAPSHOT.json'))
  WHERE getvariable('as_of') IS NULL OR d <= CAST(getvariable('as_of') AS VARCHAR));
SET VARIABLE gold_features_files = (
  SELECT list(getvariable('lake_root') || '/gold/features/dt=' || getvariable('gold_features_dt') || '/' || version || '/' || f ORDER BY f)
  FROM (SELECT version, unnest(files) AS f
        FROM read_json(getvariable('lake_root') || '/gold/features/dt=' || getvariable('gold_features_dt') || '/_SNAPSHOT.json')));
CREATE OR REPLACE VIEW gold.features AS SELECT * FROM read_parquet(getvariable('gold_features_files'));

-- table: gold.training_data (features plus targets and a train/test split)
SET VARIABLE gold_training_data_dt = (
  SELECT max(d) FROM (
    SELECT regexp_extract(file, 'dt=([0-9]{4}-[0-9]{2}-[0-9]{2})/_SNAPSHOT[.]json$', 1) AS d
    FROM glob(getvariable('lake_root') || '/gold/training_data/dt=*/_SNAPSHOT.json'))
  WHERE getvariable('as_of') IS NULL OR d <= CAST(getvariable('as_of') AS VARCHAR));
SET VARIABLE gold_training_data_files = (
  SELECT list(getvariable('lake_root') || '/gold/training_data/dt=' || getvariable('gold_training_data_dt') || '/' || version || '/' || f ORDER BY f)
  FROM (SELECT version, unnest(files) AS f
        FROM read_json(getvariable('lake_root') || '/gold/training_data/dt=' || getvariable('gold_training_data_dt') || '/_SNAPSHOT.json')));
CREATE OR REPLACE VIEW gold.training_data AS SELECT * FROM read_parquet(getvariable('gold_training_data_files'));

-- table: gold.similar_books (top-10 neighbours per book)
SET VARIABLE gold_similar_books_dt = (
  SELECT max(d) FROM (
    SELECT regexp_extract(file, 'dt=([0-9]{4}-[0-9]{2}-[0-9]{2})/_SNAPSHOT[.]json$', 1) AS d
    FROM glob(getvariable('lake_root') || '/gold/similar_books/dt=*/_SNAPSHOT.json'))
  WHERE getvariable('as_of') IS NULL OR d <= CAST(getvariable('as_of') AS VARCHAR));
SET VARIABLE gold_similar_books_files = (
  SELECT list(getvariable('lake_root') || '/gold/similar_books/dt=' || getvariable('gold_similar_books_dt') || '/' || version || '/' || f ORDER BY f)
  FROM (SELECT version, unnest(files) AS f
        FROM read_json(getvariable('lake_root') || '/gold/similar_books/dt=' || getvariable('gold_similar_books_dt') || '/_SNAPSHOT.json')));
CREATE OR REPLACE VIEW gold.similar_books AS SELECT * FROM read_parquet(getvariable('gold_similar_books_files'));

-- table: gold.predictions (batch predictions of the production models)
SET VARIABLE gold_predictions_dt = (
  SELECT max(d) FROM (
    SELECT regexp_extract(file, 'dt=([0-9]{4}-[0-9]{2}-[0-9]{2})/_SNAPSHOT[.]json$', 1) AS d
    FROM glob(getvariable('lake_root') || '/gold/predictions/dt=*/_SNAPSHOT.json'))
  WHERE getvariable('as_of') IS NULL OR d <= CAST(getvariable('as_of') AS VARCHAR));
SET VARIABLE gold_predictions_files = (
  SELECT list(getvariable('lake_root') || '/gold/predictions/dt=' || getvariable('gold_predictions_dt') || '/' || version || '/' || f ORDER BY f)
  FROM (SELECT version, unnest(files) AS f
        FROM read_json(getvariable('lake_root') || '/gold/predictions/dt=' || getvariable('gold_predictions_dt') || '/_SNAPSHOT.json')));
CREATE OR REPLACE VIEW gold.predictions AS SELECT * FROM read_parquet(getvariable('gold_predictions_files'));

-- table: gold.prediction_errors (books predict could not score, with the reason)
SET VARIABLE gold_prediction_errors_dt = (
  SELECT max(d) FROM (
    SELECT regexp_extract(file, 'dt=([0-9]{4}-[0-9]{2}-[0-9]{2})/_SNAPSHOT[.]json$', 1) AS d
    FROM glob(getvariable('lake_root') || '/gold/prediction_errors/dt=*/_SNAPSHOT.json'))
  WHERE getvariable('as_of') IS NULL OR d <= CAST(getvariable('as_of') AS VARCHAR));
SET VARIABLE gold_prediction_errors_files = (
  SELECT list(getvariable('lake_root') || '/gold/prediction_errors/dt=' || getvariable('gold_prediction_errors_dt') || '/' || version || '/' || f ORDER BY f)
  FROM (SELECT version, unnest(files) AS f
        FROM read_json(getvariable('lake_root') || '/gold/prediction_errors/dt=' || getvariable('gold_prediction_errors_dt') || '/_SNAPSHOT.json')));
CREATE OR REPLACE VIEW gold.prediction_errors AS SELECT * FROM read_parquet(getvariable('gold_prediction_errors_files'));

-- table: gold.drift_report (drift of current inputs from each production model's training data)
SET VARIABLE gold_drift_report_dt = (
  SELECT max(d) FROM (
    SELECT regexp_extract(file, 'dt=([0-9]{4}-[0-9]{2}-[0-9]{2})/_SNAPSHOT[.]json$', 1) AS d
    FROM glob(getvariable('lake_root') || '/gold/drift_report/dt=*/_SNAPSHOT.json'))
  WHERE getvariable('as_of') IS NULL OR d <= CAST(getvariable('as_of') AS VARCHAR));
SET VARIABLE gold_drift_report_files = (
  SELECT list(getvariable('lake_root') || '/gold/drift_report/dt=' || getvariable('gold_drift_report_dt') || '/' || version || '/' || f ORDER BY f)
  FROM (SELECT version, unnest(files) AS f
        FROM read_json(getvariable('lake_root') || '/gold/drift_report/dt=' || getvariable('gold_drift_report_dt') || '/_SNAPSHOT.json')));
CREATE OR REPLACE VIEW gold.drift_report AS SELECT * FROM read_parquet(getvariable('gold_drift_report_files'));
