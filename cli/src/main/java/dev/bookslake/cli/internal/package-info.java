/** Start-up plumbing of the command line: not an API. */
@NullMarked
package dev.bookslake.cli.internal;

import org.jspecify.annotations.NullMarked;
