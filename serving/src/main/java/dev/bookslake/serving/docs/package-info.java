/** The OpenAPI document and Swagger UI. */
package dev.bookslake.serving.docs;
