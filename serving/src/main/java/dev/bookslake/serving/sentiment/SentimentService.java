package dev.bookslake.serving.sentiment;

import dev.bookslake.serving.http.Bodies;
import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.http.Responses;
import dev.bookslake.serving.http.RouteTable;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The sentiment of descriptions sent in the request, by the VADER scorer that builds {@code
 * gold.book_sentiment}: one text or a batch. Needs no gold snapshot.
 *
 * <pre>
 * curl -X POST http://127.0.0.1:8080/api/v1/ml/sentiment -H 'Content-Type: application/json' \
 *   -d '{"description": "A wonderful, moving story."}'
 * curl -X POST http://127.0.0.1:8080/api/v1/ml/sentiment -H 'Content-Type: application/json' \
 *   -d '{"descriptions": ["A wonderful, moving story.", "A grim, violent tale."]}'
 * </pre>
 */
public final class SentimentService implements HttpService {
  /** The root path of the service. */
  public static final String PATH = "/api/v1/ml/sentiment";

  private final RouteTable routes;
  private final SentimentScoring scoring;

  public SentimentService(RouteTable routes, SentimentScoring scoring) {
    this.routes = routes;
    this.scoring = scoring;
  }

  @Override
  public void routing(HttpRules rules) {
    routes.under(PATH, rules).post("/", this::score);
  }

  private void score(ServerRequest req, ServerResponse res) {
    Params.of(req);
    Responses.uncachedJson(res, scoring.score(Bodies.bytes(req)));
  }
}
