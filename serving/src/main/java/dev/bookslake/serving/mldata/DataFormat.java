package dev.bookslake.serving.mldata;

import dev.bookslake.serving.http.Params;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Locale;

/** The formats the ML data routes answer in: JSON pages, or a whole-table CSV or Parquet file. */
enum DataFormat {
  JSON("application/json", null),
  CSV("text/csv; charset=utf-8", "csv"),
  PARQUET("application/vnd.apache.parquet", "parquet");

  final String mediaType;
  final String extension;

  DataFormat(String mediaType, String extension) {
    this.mediaType = mediaType;
    this.extension = extension;
  }

  /** {@code ?format=} wins; otherwise the {@code Accept} header; JSON by default. */
  static DataFormat of(ServerRequest req, Params params) {
    if (params.has("format")) {
      return valueOf(
          params.oneOf("format", "json", "csv", "parquet").orElseThrow().toUpperCase(Locale.ROOT));
    }
    String accept = req.headers().first(HeaderNames.ACCEPT).orElse("").toLowerCase(Locale.ROOT);
    if (accept.contains("text/csv")) {
      return CSV;
    }
    if (accept.contains("parquet")) {
      return PARQUET;
    }
    return JSON;
  }
}
