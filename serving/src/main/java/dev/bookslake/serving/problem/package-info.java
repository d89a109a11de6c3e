/** Problem details (RFC 9457): the one error model of the API and its mapping to responses. */
@NullMarked
package dev.bookslake.serving.problem;

import org.jspecify.annotations.NullMarked;
