/** The OpenAPI document and Swagger UI. */
@NullMarked
package dev.bookslake.serving.docs;

import org.jspecify.annotations.NullMarked;
