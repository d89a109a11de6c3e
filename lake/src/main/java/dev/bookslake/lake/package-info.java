/** The lake layout, atomic snapshot commits, and reading tables as of a date. */
package dev.bookslake.lake;
