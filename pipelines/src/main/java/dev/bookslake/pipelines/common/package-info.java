/** What every lake stage shares: options, run naming, and reading counters after a run. */
package dev.bookslake.pipelines.common;
