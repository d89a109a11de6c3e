/** The lake's pointer files and atomic renames. Not API: please don't depend on it. */
package dev.bookslake.lake.internal;
