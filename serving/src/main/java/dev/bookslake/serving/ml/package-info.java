/** ML data: features, training data (JSON, CSV, Parquet) and recommendations. */
package dev.bookslake.serving.ml;
