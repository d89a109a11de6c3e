/** Beam transforms that read and write lake tables as Parquet. */
@NullMarked
package dev.bookslake.pipelines.io;

import org.jspecify.annotations.NullMarked;
