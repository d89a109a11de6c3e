/**
 * The inference log's format, the contract between the API that writes it and the monitor that
 * reads it: where it lives, how one prediction is one NDJSON line, and how a line is read back.
 */
@NullMarked
package dev.bookslake.ml.inference;

import org.jspecify.annotations.NullMarked;
