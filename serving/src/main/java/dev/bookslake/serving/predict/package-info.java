/** Predictions with the production models (DJL XGBoost), the alias-following model holder and the inference log. */
package dev.bookslake.serving.predict;
