/** {@code bookslake models}: list, show and promote (or roll back) registered models. */
@NullMarked
package dev.bookslake.cli.models;

import org.jspecify.annotations.NullMarked;
