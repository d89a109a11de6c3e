/**
 * Beam-free pieces of the features stage: derived columns, text terms, similarity, the split. Not
 * API.
 */
@NullMarked
package dev.bookslake.pipelines.features.internal;

import org.jspecify.annotations.NullMarked;
