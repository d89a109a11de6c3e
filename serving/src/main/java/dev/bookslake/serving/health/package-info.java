/** Liveness and readiness. */
package dev.bookslake.serving.health;
