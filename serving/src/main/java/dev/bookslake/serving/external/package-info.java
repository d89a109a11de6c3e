/** Predictions made outside bookslake: stored in the lake and scored against gold. */
package dev.bookslake.serving.external;
