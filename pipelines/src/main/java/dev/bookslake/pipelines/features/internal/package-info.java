/** Beam-free pieces of the features stage: derived columns, text terms, similarity, the split. Not API. */
package dev.bookslake.pipelines.features.internal;
