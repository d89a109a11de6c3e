/** What every lake stage shares: options, run naming, and reading counters after a run. */
@NullMarked
package dev.bookslake.pipelines.common;

import org.jspecify.annotations.NullMarked;
