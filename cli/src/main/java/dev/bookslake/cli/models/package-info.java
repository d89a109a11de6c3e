/** {@code bookslake models}: list, show and promote (or roll back) registered models. */
package dev.bookslake.cli.models;
