/**
 * ML data for data scientists: features, training data (JSON, CSV, Parquet) and recommendations.
 * Models and predictions live in models/ and predict/.
 */
@NullMarked
package dev.bookslake.serving.mldata;

import org.jspecify.annotations.NullMarked;
