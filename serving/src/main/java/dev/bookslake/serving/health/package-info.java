/** Liveness and readiness. */
@NullMarked
package dev.bookslake.serving.health;

import org.jspecify.annotations.NullMarked;
