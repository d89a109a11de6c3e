/** XGBoost and lake plumbing shared by the ML commands; please don't depend on it elsewhere. */
@NullMarked
package dev.bookslake.pipelines.common.xgboost;

import org.jspecify.annotations.NullMarked;
