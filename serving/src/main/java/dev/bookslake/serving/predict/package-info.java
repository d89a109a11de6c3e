/**
 * Predictions with the production models (DJL XGBoost), the alias-following model holder and the
 * inference log.
 */
@NullMarked
package dev.bookslake.serving.predict;

import org.jspecify.annotations.NullMarked;
