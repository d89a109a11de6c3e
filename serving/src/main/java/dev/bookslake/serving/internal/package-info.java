/** Request plumbing shared by the services: filters, parameters, paging, JSON, ETags. Not API: please don't depend on it. */
package dev.bookslake.serving.internal;
