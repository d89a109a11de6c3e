/**
 * The lake's Iceberg plumbing: the catalog, the local FileIO, reading one table state, the
 * pre-Iceberg layout for migration. Not API: please don't depend on it.
 */
@NullMarked
package dev.bookslake.lake.internal;

import org.jspecify.annotations.NullMarked;
