/** {@code bookslake monitor}: drift of current inputs from each production model's training data. */
package dev.bookslake.pipelines.monitor;
