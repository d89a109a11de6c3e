package dev.bookslake.serving.scraping;

import dev.bookslake.serving.auth.Authenticator;
import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.http.Responses;
import dev.bookslake.serving.http.RouteTable;
import dev.bookslake.serving.problem.ProblemException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Starts a run of the data path for today (scrape, clean, features) and reports it. A trigger needs
 * an admin's bearer access token, a status read any user's. Only one run at a time: a second
 * trigger while one runs is a 409.
 *
 * <pre>
 * TOKEN=$(curl -s -X POST http://127.0.0.1:8080/api/v1/auth/login -d '{"username":"alice","password":"..."}' | jq -r .access_token)
 * curl -X POST -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/api/v1/scraping/trigger
 * curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/api/v1/scraping/jobs/20260101T101010Z-3f2a9c
 * </pre>
 */
public final class ScrapingService implements HttpService {
  /** The root path of the service. */
  public static final String PATH = "/api/v1/scraping";

  private final RouteTable routes;
  private final Authenticator auth;
  private final Jobs jobs;

  public ScrapingService(RouteTable routes, Authenticator auth, Jobs jobs) {
    this.routes = routes;
    this.auth = auth;
    this.jobs = jobs;
  }

  @Override
  public void routing(HttpRules rules) {
    routes.under(PATH, rules).post("/trigger", this::trigger).get("/jobs/{id}", this::job);
  }

  private void trigger(ServerRequest req, ServerResponse res) {
    auth.requireAdmin(req);
    Params.of(req);
    Job job = jobs.trigger();
    res.status(Status.ACCEPTED_202).header(HeaderNames.LOCATION, PATH + "/jobs/" + job.id());
    Responses.uncachedJson(res, job.toJson(jobs.logLines()));
  }

  private void job(ServerRequest req, ServerResponse res) {
    auth.requireUser(req);
    Params.of(req);
    Responses.uncachedJson(res, job(req.path().pathParameters().get("id")));
  }

  /** A job's state and last log lines, or 404. */
  byte[] job(String id) {
    return jobs.find(id)
        .orElseThrow(() -> ProblemException.notFound("job", id))
        .toJson(jobs.logLines());
  }
}
