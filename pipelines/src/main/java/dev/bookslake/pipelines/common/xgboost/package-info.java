/** XGBoost and lake plumbing shared by the ML commands; please don't depend on it elsewhere. */
package dev.bookslake.pipelines.common.xgboost;
