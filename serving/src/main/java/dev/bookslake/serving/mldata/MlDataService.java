package dev.bookslake.serving.mldata;

import dev.bookslake.serving.http.Paging;
import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.http.ResponseCache;
import dev.bookslake.serving.http.Responses;
import dev.bookslake.serving.http.RouteTable;
import dev.bookslake.serving.snapshot.GoldSnapshot;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * ML data for notebooks: {@code gold.features} and {@code gold.training_data} as JSON pages, or as
 * whole files a notebook loads directly ({@code ?format=csv|parquet} or {@code Accept: text/csv}),
 * and recommendations from {@code gold.similar_books}.
 *
 * <pre>
 * curl 'http://127.0.0.1:8080/api/v1/ml/features?page=1&amp;size=100'
 * curl -o training.parquet 'http://127.0.0.1:8080/api/v1/ml/training-data?format=parquet'
 * curl -H 'Accept: text/csv' http://127.0.0.1:8080/api/v1/ml/training-data &gt; training.csv
 * curl 'http://127.0.0.1:8080/api/v1/ml/recommendations/1000?limit=5'
 * </pre>
 */
public final class MlDataService implements HttpService {
  /** The root path of the service. */
  public static final String PATH = "/api/v1/ml";

  private static final String[] DATA_PARAMS = {"page", "size", "format"};
  private static final String[] RECOMMENDATION_PARAMS = {"limit"};

  private final RouteTable routes;
  private final ResponseCache cache;

  public MlDataService(RouteTable routes, ResponseCache cache) {
    this.routes = routes;
    this.cache = cache;
  }

  @Override
  public void routing(HttpRules rules) {
    routes
        .under(PATH, rules)
        .get("/features", (req, res) -> data(req, res, "features"))
        .get("/training-data", (req, res) -> data(req, res, "training-data"))
        .get("/recommendations/{id}", this::recommendations);
  }

  private void data(ServerRequest req, ServerResponse res, String name) {
    GoldSnapshot s = Responses.snapshot(req);
    Params params = Params.of(req, DATA_PARAMS);
    DataFormat format = DataFormat.of(req, params);
    // Checked for files too, which ignore them: the document states one rule for page and size.
    Paging paging = Paging.from(params, MlData.MAX_PAGE_SIZE);
    res.header(HeaderNames.VARY, "Accept");
    if (format == DataFormat.JSON) {
      Responses.sendCached(
          req,
          res,
          s,
          cache,
          params,
          () ->
              MlData.page(
                  s, MlData.TABLES.get(name), paging, PATH + "/" + name, params.canonical()));
    } else {
      sendFile(req, res, s, MlData.export(s, MlData.TABLES.get(name), format), name, format);
    }
  }

  private void recommendations(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    int limit = Params.of(req, RECOMMENDATION_PARAMS).integer("limit", 5, 1, MlData.MAX_NEIGHBOURS);
    Responses.json(
        req, res, s, MlData.recommendations(s, req.path().pathParameters().get("id"), limit));
  }

  private static void sendFile(
      ServerRequest req,
      ServerResponse res,
      GoldSnapshot s,
      Path file,
      String name,
      DataFormat format) {
    // The file depends on the snapshot, table and format only (Accept may have chosen the format).
    if (Responses.notModified(
        req, res, "\"" + s.tag() + "-" + name + "-" + format.extension + "\"")) {
      return;
    }
    String fileName = "bookslake-" + name + "-" + s.dt() + "." + format.extension;
    res.header(HeaderNames.CONTENT_TYPE, format.mediaType);
    res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"");
    try {
      res.contentLength(Files.size(file));
      try (InputStream in = Files.newInputStream(file);
          OutputStream out = res.outputStream()) {
        in.transferTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot send export " + file, e);
    }
  }
}
