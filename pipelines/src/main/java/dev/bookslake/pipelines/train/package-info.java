/** {@code bookslake train}: XGBoost candidates and a baseline on gold.training_data, the best registered. */
package dev.bookslake.pipelines.train;
