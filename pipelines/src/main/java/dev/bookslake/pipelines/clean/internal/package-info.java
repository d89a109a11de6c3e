/**
 * The clean stage's machinery: values passed between its steps, JSON for diagnosis, history
 * intervals. Not API.
 */
@NullMarked
package dev.bookslake.pipelines.clean.internal;

import org.jspecify.annotations.NullMarked;
