/** ML data for data scientists: features, training data (JSON, CSV, Parquet) and recommendations. Models and predictions live in models/ and predict/. */
package dev.bookslake.serving.mldata;
