/** Beam transforms that read and write lake tables as Parquet. */
package dev.bookslake.pipelines.io;
