/** The model registry over HTTP: listing, history and promotion. */
@NullMarked
package dev.bookslake.serving.models;

import org.jspecify.annotations.NullMarked;
