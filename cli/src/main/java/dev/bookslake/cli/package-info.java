/** The {@code bookslake} command line, dispatching to the stages and tools. */
package dev.bookslake.cli;
