/** Generation, rendering and HTTP handling behind the sandbox bookshop; not an API, do not depend on it. */
package dev.bookslake.sandbox.internal;
