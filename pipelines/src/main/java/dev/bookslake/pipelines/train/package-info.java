/**
 * {@code bookslake train}: XGBoost candidates and a baseline on gold.training_data, the best
 * registered.
 */
@NullMarked
package dev.bookslake.pipelines.train;

import org.jspecify.annotations.NullMarked;
