/**
 * HTTP plumbing every service shares: request filter, parameters, paging, JSON bodies, ETags, rate
 * limit. Not API: please don't depend on it from another module.
 */
@NullMarked
package dev.bookslake.serving.http;

import org.jspecify.annotations.NullMarked;
