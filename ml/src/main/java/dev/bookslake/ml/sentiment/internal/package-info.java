/**
 * The VADER rules behind {@link dev.bookslake.ml.sentiment.Sentiment}, ported from the reference.
 */
@NullMarked
package dev.bookslake.ml.sentiment.internal;

import org.jspecify.annotations.NullMarked;
