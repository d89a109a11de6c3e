/**
 * Lexicon-based sentiment of English text: a Java port of VADER (Hutto &amp; Gilbert, 2014; MIT
 * licence) with its lexicon shipped as a resource. {@code Sentiment.load().score(text)}.
 */
@NullMarked
package dev.bookslake.ml.sentiment;

import org.jspecify.annotations.NullMarked;
