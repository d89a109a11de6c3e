package dev.bookslake.serving.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One page of a list: which slice to return, the response envelope {@code {"items": [...], "page":
 * 1, "size": 20, "total": 1000, "pages": 50}}, and the RFC 8288 {@code Link} header with
 * first/prev/next/last.
 *
 * @param page 1-based page number
 * @param size items per page
 */
public record Paging(int page, int size) {
  /** The default page size. */
  public static final int DEFAULT_SIZE = 20;

  /** The largest page size of the book routes. */
  public static final int MAX_SIZE = 100;

  private static final int MAX_PAGE = 10_000_000;

  /** Reads {@code page} and {@code size} from the query, each checked. */
  public static Paging from(Params params, int maxSize) {
    return new Paging(
        params.integer("page", 1, 1, MAX_PAGE), params.integer("size", DEFAULT_SIZE, 1, maxSize));
  }

  public int offset() {
    return (int) Math.min(Integer.MAX_VALUE, (long) (page - 1) * size);
  }

  /** The number of pages for {@code total} items (at least 1, so an empty list has a last page). */
  public int pages(long total) {
    return (int) Math.max(1, (total + size - 1) / size);
  }

  /** This page's slice of a list, empty beyond the end. */
  public <T> List<T> slice(List<T> all) {
    int from = Math.min(offset(), all.size());
    return all.subList(from, Math.min(all.size(), from + size));
  }

  /** The whole envelope as JSON bytes, with the items spliced in from their precomputed JSON. */
  public <T> byte[] envelope(
      List<T> pageItems, Function<T, byte[]> json, long total, Map<String, Object> extra) {
    JsonOut out = new JsonOut(256 + pageItems.size() * 1024).beginObject();
    out.name("items").beginArray();
    for (T item : pageItems) {
      out.raw(json.apply(item));
    }
    out.endArray();
    out.name("page").value(page);
    out.name("size").value(size);
    out.name("total").value(total);
    out.name("pages").value(pages(total));
    extra.forEach((k, v) -> out.name(k).value(v));
    return out.endObject().toBytes();
  }

  /**
   * The {@code Link} header value for this page of {@code path} with the request's other
   * parameters.
   */
  public String links(String path, Map<String, String> query, long total) {
    int last = pages(total);
    List<String> links = new ArrayList<>(4);
    links.add(link(path, query, 1, "first"));
    if (page > 1) {
      links.add(link(path, query, Math.min(page - 1, last), "prev"));
    }
    if (page < last) {
      links.add(link(path, query, page + 1, "next"));
    }
    links.add(link(path, query, last, "last"));
    return String.join(", ", links);
  }

  private String link(String path, Map<String, String> query, int target, String rel) {
    // Canonical order (page, size, then the rest by name), so equal pages have equal links.
    Map<String, String> params = new LinkedHashMap<>();
    params.put("page", Integer.toString(target));
    params.put("size", Integer.toString(size));
    new java.util.TreeMap<>(query).forEach(params::putIfAbsent);
    StringBuilder uri = new StringBuilder(path);
    char sep = '?';
    for (Map.Entry<String, String> e : params.entrySet()) {
      uri.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
      sep = '&';
    }
    return "<" + uri + ">; rel=\"" + rel + "\"";
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
