/**
 * {@code bookslake lake}: the lake's Iceberg tables from the command line: their commit history
 * (what time travel can reach), maintenance (snapshot expiry, orphan files) and the migration of a
 * pre-Iceberg lake.
 */
@NullMarked
package dev.bookslake.cli.lake;

import org.jspecify.annotations.NullMarked;
