/**
 * The clean stage: bronze product pages parsed, checked by the quality rules, and published as
 * silver.
 */
@NullMarked
package dev.bookslake.pipelines.clean;

import org.jspecify.annotations.NullMarked;
