/** Pipeline runs over HTTP: per {@code dt}, what each stage fetched, checked, wrote and took. */
@NullMarked
package dev.bookslake.serving.runs;

import org.jspecify.annotations.NullMarked;
