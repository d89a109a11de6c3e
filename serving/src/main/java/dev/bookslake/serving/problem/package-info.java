/** Problem details (RFC 9457): the one error model of the API and its mapping to responses. */
package dev.bookslake.serving.problem;
