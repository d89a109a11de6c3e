/**
 * {@code bookslake monitor}: drift of current inputs from each production model's training data.
 */
@NullMarked
package dev.bookslake.pipelines.monitor;

import org.jspecify.annotations.NullMarked;
