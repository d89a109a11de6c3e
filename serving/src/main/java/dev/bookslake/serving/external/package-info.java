/** Predictions made outside bookslake: stored in the lake and scored against gold. */
@NullMarked
package dev.bookslake.serving.external;

import org.jspecify.annotations.NullMarked;
