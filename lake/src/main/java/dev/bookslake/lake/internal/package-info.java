/** The lake's pointer files and atomic renames. Not API: please don't depend on it. */
@NullMarked
package dev.bookslake.lake.internal;

import org.jspecify.annotations.NullMarked;
