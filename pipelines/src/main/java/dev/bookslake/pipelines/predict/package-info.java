/**
 * {@code bookslake predict}: the production models score gold.features of a dt into
 * gold.predictions.
 */
@NullMarked
package dev.bookslake.pipelines.predict;

import org.jspecify.annotations.NullMarked;
