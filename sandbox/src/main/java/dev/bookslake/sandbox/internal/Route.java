package dev.bookslake.sandbox.internal;

import dev.bookslake.sandbox.Catalogue;

/** A page of the shop, resolved from a request path; {@code null} from {@link #resolve} is 404. */
public sealed interface Route {

  /** {@code /} and {@code /index.html}. */
  record Home() implements Route {}

  /** {@code /catalogue/page-K.html}. */
  record CataloguePage(int page) implements Route {}

  /**
   * {@code /catalogue/category/books_1/...} (id 1) and {@code
   * /catalogue/category/books/<slug>_<id>/...} (ids 2..51).
   */
  record CategoryPage(int categoryId, int page) implements Route {}

  /** {@code /catalogue/<slug>_<id>/index.html}. */
  record Product(int siteId) implements Route {}

  Route HOME = new Home();

  /**
   * The page a raw request path names, or {@code null} when there is none: unknown paths, a page
   * number out of range, or a product or category path whose slug does not match its id.
   */
  static Route resolve(String path, Catalogue catalogue) {
    if (path.equals("/") || path.equals("/index.html")) {
      return HOME;
    }
    String catalogueDir = "/catalogue/";
    if (!path.startsWith(catalogueDir)) {
      return null;
    }
    String rest = path.substring(catalogueDir.length());
    if (rest.startsWith("page-")) {
      int page = pageOf(rest);
      return page >= 1 && page <= catalogue.cataloguePages() ? new CataloguePage(page) : null;
    }
    if (rest.startsWith("category/")) {
      return category(path, rest.substring("category/".length()), catalogue);
    }
    return product(path, rest, catalogue);
  }

  private static Route category(String path, String rest, Catalogue catalogue) {
    int slash = rest.lastIndexOf('/');
    if (slash < 0) {
      return null;
    }
    String dir = rest.substring(0, slash);
    int page = pageOf(rest.substring(slash + 1));
    if (page < 1) {
      return null;
    }
    int categoryId;
    if (dir.equals("books_1")) {
      categoryId = 1;
    } else if (dir.startsWith("books/")) {
      categoryId = idAfterUnderscore(dir);
      if (categoryId < 2 || categoryId > catalogue.categories().size() + 1) {
        return null;
      }
      String index = catalogue.categoryPath(categoryId);
      if (!path.regionMatches(0, index, 0, index.length() - "index.html".length())
          || path.lastIndexOf('/') != index.lastIndexOf('/')) {
        return null;
      }
    } else {
      return null;
    }
    int books = catalogue.booksInCategory(categoryId).size();
    int pages = Math.max(1, (books + Catalogue.PAGE_SIZE - 1) / Catalogue.PAGE_SIZE);
    return page <= pages ? new CategoryPage(categoryId, page) : null;
  }

  private static Route product(String path, String rest, Catalogue catalogue) {
    String index = "/index.html";
    if (!rest.endsWith(index) || rest.indexOf('/') != rest.length() - index.length()) {
      return null;
    }
    int siteId = idAfterUnderscore(rest.substring(0, rest.length() - index.length()));
    if (siteId < 1 || siteId > catalogue.size()) {
      return null;
    }
    return catalogue.productPath(siteId).equals(path) ? new Product(siteId) : null;
  }

  // "index.html" is page 1; "page-K.html" is page K; anything else -1.
  private static int pageOf(String file) {
    if (file.equals("index.html")) {
      return 1;
    }
    if (!file.startsWith("page-") || !file.endsWith(".html")) {
      return -1;
    }
    return positiveInt(file, "page-".length(), file.length() - ".html".length());
  }

  private static int idAfterUnderscore(String dir) {
    int underscore = dir.lastIndexOf('_');
    return underscore < 0 ? -1 : positiveInt(dir, underscore + 1, dir.length());
  }

  // Canonical decimal only ("07" is not page 7), at most 9 digits.
  private static int positiveInt(String text, int from, int to) {
    if (from >= to || to - from > 9 || text.charAt(from) == '0') {
      return -1;
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
