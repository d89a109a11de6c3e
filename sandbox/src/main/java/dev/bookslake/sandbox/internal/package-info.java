/**
 * Generation, rendering and HTTP handling behind the sandbox bookshop; not an API, do not depend on
 * it.
 */
@NullMarked
package dev.bookslake.sandbox.internal;

import org.jspecify.annotations.NullMarked;
