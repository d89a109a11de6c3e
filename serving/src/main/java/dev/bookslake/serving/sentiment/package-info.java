/** Description sentiment on request: {@code POST /api/v1/ml/sentiment} with the VADER scorer. */
@NullMarked
package dev.bookslake.serving.sentiment;

import org.jspecify.annotations.NullMarked;
