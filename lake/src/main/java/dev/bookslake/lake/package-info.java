/** The lake layout, atomic snapshot commits, and reading tables as of a date. */
@NullMarked
package dev.bookslake.lake;

import org.jspecify.annotations.NullMarked;
