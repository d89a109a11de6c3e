/** The clean stage: bronze product pages parsed, checked by the quality rules, and published as silver. */
package dev.bookslake.pipelines.clean;
