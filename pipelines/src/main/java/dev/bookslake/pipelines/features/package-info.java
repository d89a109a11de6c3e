/**
 * The features stage: silver books and their price history in, the six gold tables out (books,
 * category statistics, overview, ML features, training data, similar books).
 */
@NullMarked
package dev.bookslake.pipelines.features;

import org.jspecify.annotations.NullMarked;
