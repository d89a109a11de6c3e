/** The {@code bookslake} command line, dispatching to the stages and tools. */
@NullMarked
package dev.bookslake.cli;

import org.jspecify.annotations.NullMarked;
