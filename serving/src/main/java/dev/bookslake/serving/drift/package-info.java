/** Model monitoring over HTTP: the latest drift report from gold. */
@NullMarked
package dev.bookslake.serving.drift;

import org.jspecify.annotations.NullMarked;
