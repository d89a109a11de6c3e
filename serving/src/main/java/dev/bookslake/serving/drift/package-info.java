/** Model monitoring over HTTP: the latest drift report from gold. */
package dev.bookslake.serving.drift;
