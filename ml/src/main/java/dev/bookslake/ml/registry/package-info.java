/**
 * The model registry kept in the lake: versions written once, aliases switched atomically, a
 * promotion history. Used by training (pipelines) and by the API (serving).
 */
@NullMarked
package dev.bookslake.ml.registry;

import org.jspecify.annotations.NullMarked;
