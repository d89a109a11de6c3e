package dev.bookslake.serving.http;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Every route the services register, recorded as they bind it: the fallback handler answers 405
 * with an {@code Allow} header from it, and the tests compare it with the OpenAPI document.
 */
public final class RouteTable {
  /** A registered route. */
  public record Route(String method, String template, Pattern pattern) {
    @Override
    public String toString() {
      return method + " " + template;
    }
  }

  private final List<Route> routes = new CopyOnWriteArrayList<>();

  /** Binds routes under a service's root path, recording each one. */
  public Binder under(String root, HttpRules rules) {
    return new Binder(root, rules);
  }

  /** Every route, in registration order. */
  public List<Route> routes() {
    return Collections.unmodifiableList(routes);
  }

  /** The methods registered for a concrete path, empty when no template matches it. */
  public Set<String> methodsFor(String path) {
    Set<String> methods = new TreeSet<>();
    for (Route r : routes) {
      if (r.pattern().matcher(path).matches()) {
        methods.add(r.method());
      }
    }
    return methods;
  }

  /** Route registration for one service root. */
  public final class Binder {
    private final String root;
    private final HttpRules rules;

    private Binder(String root, HttpRules rules) {
      this.root = root;
      this.rules = rules;
    }

    public Binder get(String path, Handler handler) {
      return add(Method.GET, path, handler);
    }

    public Binder post(String path, Handler handler) {
      return add(Method.POST, path, handler);
    }

    private Binder add(Method method, String path, Handler handler) {
      String template = path.equals("/") ? root : root + path;
      routes.add(new Route(method.text(), template, toPattern(template)));
      rules.route(method, path, handler);
      return this;
    }
  }

  static Pattern toPattern(String template) {
    StringBuilder regex = new StringBuilder();
    for (String part : template.split("(?=\\{)|(?<=\\})")) {
      if (part.startsWith("{") && part.endsWith("}")) {
        regex.append("[^/]+");
      } else {
        regex.append(Pattern.quote(part));
      }
    }
    return Pattern.compile(regex + "/?");
  }

  /** The distinct templates, for messages. */
  public Set<String> templates() {
    Set<String> t = new LinkedHashSet<>();
    routes.forEach(r -> t.add(r.template()));
    return t;
  }
}
