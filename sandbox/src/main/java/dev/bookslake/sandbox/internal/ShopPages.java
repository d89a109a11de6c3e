package dev.bookslake.sandbox.internal;

import dev.bookslake.sandbox.Catalogue;
import dev.bookslake.sandbox.SandboxBook;
import java.math.BigDecimal;
import java.util.List;

/**
 * Renders the shop's pages as the real site (Django Oscar) writes them: same markup, classes,
 * relative links and much of the whitespace, so a parser that works here works there.
 *
 * <p>Deliberate differences, all documented in {@code docs/sandbox.md}: out-of-stock books use
 * Oscar's {@code outofstock} availability markup, {@code p.price_color} shows the price including
 * tax (Oscar's rule; the real site's tax is always 0), and every product page has the "Products you
 * recently viewed" block, showing the other books as they were on day 0 so that a product page
 * changes only when its own book does.
 */
public final class ShopPages {

  /** A rendered page and the last day on which anything it shows changed. */
  public record Page(String html, int lastChangeDay) {}

  // Where a page sits decides every relative link on it.
  private record Where(
      String root, String products, String books, String categories, String pager) {}

  private static final Where HOME =
      new Where(
          "",
          "catalogue/",
          "catalogue/category/books_1/index.html",
          "catalogue/category/books/",
          "catalogue/");
  private static final Where CATALOGUE =
      new Where("../", "", "category/books_1/index.html", "category/books/", "");
  private static final Where ALL_BOOKS =
      new Where("../../../", "../../", "index.html", "../books/", "");
  private static final Where CATEGORY =
      new Where("../../../../", "../../../", "../../books_1/index.html", "../", "");
  private static final Where PRODUCT =
      new Where("../../", "../", "../category/books_1/index.html", "../category/books/", "");

  private static final String WARNING =
      "<div class=\"alert alert-warning\" role=\"alert\"><strong>Warning!</strong> This is a demo"
          + " website for web scraping purposes. Prices and ratings here were randomly assigned and"
          + " have no real meaning.</div>";

  private static final Template HEAD =
      Template.of(
          """
          <!DOCTYPE html>
          <!--[if lt IE 7]>      <html lang="en-us" class="no-js lt-ie9 lt-ie8 lt-ie7"> <![endif]-->
          <!--[if IE 7]>         <html lang="en-us" class="no-js lt-ie9 lt-ie8"> <![endif]-->
          <!--[if IE 8]>         <html lang="en-us" class="no-js lt-ie9"> <![endif]-->
          <!--[if gt IE 8]><!--> <html lang="en-us" class="no-js"> <!--<![endif]-->
              <head>
                  <title>
              {} | Books to Scrape - Sandbox
          </title>

                  <meta http-equiv="content-type" content="text/html; charset=UTF-8" />
                  <meta name="created" content="24th Jun 2016 09:29" />
                  <meta name="description" content="{}" />
                  <meta name="viewport" content="width=device-width" />
                  <meta name="robots" content="NOARCHIVE,NOCACHE" />

                  <!-- Le HTML5 shim, for IE6-8 support of HTML elements -->
                  <!--[if lt IE 9]>
                  <script src="//html5shim.googlecode.com/svn/trunk/html5.js"></script>
                  <![endif]-->


                      <link rel="shortcut icon" href="{}static/oscar/favicon.ico" />




                  <link rel="stylesheet" type="text/css" href="{}static/oscar/css/styles.css" />

              <link rel="stylesheet" href="{}static/oscar/js/bootstrap-datetimepicker/bootstrap-datetimepicker.css" />
              <link rel="stylesheet" type="text/css" href="{}static/oscar/css/datetimepicker.css" />


              </head>

              <body id="default" class="default">




              <header class="header container-fluid">
                  <div class="page_inner">
                      <div class="row">
                          <div class="col-sm-8 h1"><a href="{}index.html">Books to Scrape</a><small> We love being scraped!</small>
          </div>


                      </div>
                  </div>
              </header>



          """);

  private static final Template FOOT =
      Template.of(
          """

          <footer class="footer container-fluid">



          </footer>




                      <!-- jQuery -->
                      <script src="http://ajax.googleapis.com/ajax/libs/jquery/1.9.1/jquery.min.js"></script>
                      <script>window.jQuery || document.write('<script src="{}static/oscar/js/jquery/jquery-1.9.1.min.js"><\\/script>')</script>





              <!-- Twitter Bootstrap -->
              <script type="text/javascript" src="{}static/oscar/js/bootstrap3/bootstrap.min.js"></script>
              <!-- Oscar -->
              <script src="{}static/oscar/js/oscar/ui.js" type="text/javascript" charset="utf-8"></script>

              <script src="{}static/oscar/js/bootstrap-datetimepicker/bootstrap-datetimepicker.js" type="text/javascript" charset="utf-8"></script>
              <script src="{}static/oscar/js/bootstrap-datetimepicker/locales/bootstrap-datetimepicker.all.js" type="text/javascript" charset="utf-8"></script>






                  <script type="text/javascript">
                      $(function() {


              oscar.init();

                      });
                  </script>


                  <!-- Version: N/A -->

              </body>
          </html>
          """);

  private static final Template LIST_TOP =
      Template.of(
          """
          <div class="container-fluid page">
              <div class="page_inner">

              <ul class="breadcrumb">
                  <li>
                      <a href="{}index.html">Home</a>
                  </li>
          {}    </ul>

                  <div class="row">

                      <aside class="sidebar col-sm-4 col-md-3">

                          <div id="promotions_left">

                          </div>




                  <div class="side_categories">
                      <ul class="nav nav-list">

                              <li>
                                  <a href="{}">

                                          {}

                                  </a>

                                  <ul>
          """);

  private static final Template SIDE_CATEGORY =
      Template.of(
          """


                              <li>
                                  <a href="{}{}/index.html">

                                          {}

                                  </a>

                                  </li>
          """);

  private static final Template LIST_MIDDLE =
      Template.of(
          """

                                      </ul></li>


                      </ul>
                  </div>



                      </aside>

                      <div class="col-sm-8 col-md-9">

                          <div class="page-header action">
                              <h1>{}</h1>
                          </div>






          <div id="messages">

          </div>


                          <div id="promotions">

                          </div>


              <form method="get" class="form-horizontal">

                  <div style="display:none">


                  </div>




                              {}




              </form>

                  <section>
                      {}

                      <div>
                          <ol class="row">
          """);

  private static final Template LIST_ITEM_START =
      Template.of(
          """

                                  <li class="col-xs-6 col-sm-4 col-md-3 col-lg-3">






          """);

  private static final String LIST_ITEM_END = "\n</li>\n";

  private static final Template POD =
      Template.of(
          """
              <article class="product_pod">

                      <div class="image_container">


                              <a href="{}"><img src="{}" alt="{}" class="thumbnail"></a>


                      </div>




                          <p class="star-rating {}">
                              <i class="icon-star"></i>
                              <i class="icon-star"></i>
                              <i class="icon-star"></i>
                              <i class="icon-star"></i>
                              <i class="icon-star"></i>
                          </p>




                      <h3><a href="{}" title="{}">{}</a></h3>



                      <div class="product_price">







          {}





          {}


                      </div>

              </article>
          """);

  private static final Template PRICE =
      Template.of(
          """

                  <p class="price_color">{}</p>

          """);

  private static final Template AVAILABILITY =
      Template.of(
          """

          <p class="{} availability">
              <i class="{}"></i>

                  {}

          </p>
          """);

  private static final String BASKET_FORM =
      """

          <form>
              <button type="submit" class="btn btn-primary btn-block" data-loading-text="Adding...">Add to basket</button>
          </form>
      """;

  private static final String BASKET_DISABLED =
      """

          <span class="btn btn-default btn-block disabled">Add to basket</span>
      """;

  private static final Template PAGER =
      Template.of(
          """




              <div>
                  <ul class="pager">
          {}
                      <li class="current">

                          Page {} of {}

                      </li>
          {}
                  </ul>
              </div>
          """);

  private static final Template PAGER_PREVIOUS =
      Template.of("\n                <li class=\"previous\"><a href=\"{}\">previous</a></li>\n");

  private static final Template PAGER_NEXT =
      Template.of("\n                <li class=\"next\"><a href=\"{}\">next</a></li>\n");

  private static final Template LIST_END =
      Template.of(
          """
                          </ol>

          {}

                      </div>
                  </section>



                      </div>

                  </div><!-- /row -->
              </div><!-- /page_inner -->
          </div><!-- /container-fluid -->
          """);

  private static final Template PRODUCT_TOP =
      Template.of(
          """
          <div class="container-fluid page">
              <div class="page_inner">

          <ul class="breadcrumb">
              <li>
                  <a href="{}index.html">Home</a>
              </li>


                  <li>
                      <a href="{}">Books</a>
                  </li>

                  <li>
                      <a href="{}{}/index.html">{}</a>
                  </li>

                  <li class="active">{}</li>




          </ul>






          <div id="messages">

          </div>


                  <div class="content">



                      <div id="promotions">

                      </div>


                      <div id="content_inner">

          <article class="product_page"><!-- Start of product page -->

              <div class="row">


                  <div class="col-sm-6">










                  <div id="product_gallery" class="carousel">
                      <div class="thumbnail">
                          <div class="carousel-inner">
                              <div class="item active">


                                      <img src="{}" alt="{}" />


                              </div>
                          </div>
                      </div>
                  </div>




                  </div>



                  <div class="col-sm-6 product_main">


                      <h1>{}</h1>






          {}



          """);

  private static final Template RATING =
      Template.of(
          """



              <p class="star-rating {}">
                  <i class="icon-star"></i>
                  <i class="icon-star"></i>
                  <i class="icon-star"></i>
                  <i class="icon-star"></i>
                  <i class="icon-star"></i>

                  <!-- <small><a href="/catalogue/{}/reviews/">


                              {} customer reviews

                  </a></small>
                   -->&nbsp;


          <!--
              <a id="write_review" href="/catalogue/{}/reviews/add/#addreview" class="btn btn-success btn-sm">
                  Write a review
              </a>

           --></p>



                      <hr/>

                      """
              + WARNING
              + """










                  </div><!-- /col-sm-6 -->


              </div><!-- /row -->


          """);

  private static final Template DESCRIPTION =
      Template.of(
          """

                  <div id="product_description" class="sub-header">
                      <h2>Product Description</h2>
                  </div>
                  <p>{}</p>

          """);

  private static final Template TABLE_TOP =
      Template.of(
          """


              <div class="sub-header">
                  <h2>Product Information</h2>
              </div>
              <table class="table table-striped">

                  <tr>
                      <th>UPC</th><td>{}</td>
                  </tr>

                  <tr>
                      <th>Product Type</th><td>Books</td>
                  </tr>


          """);

  private static final Template TABLE_PRICES =
      Template.of(
          """
                      <tr>
                          <th>Price (excl. tax)</th><td>{}</td>
                      </tr>

                          <tr>
                              <th>Price (incl. tax)</th><td>{}</td>
                          </tr>
                          <tr>
                              <th>Tax</th><td>{}</td>
                          </tr>

          """);

  private static final Template TABLE_BOTTOM =
      Template.of(
          """
                      <tr>
                          <th>Availability</th>
                          <td>{}</td>
                      </tr>



                      <tr>
                          <th>Number of reviews</th>
                          <td>{}</td>
                      </tr>

              </table>



                  <section>
                      <div id="reviews" class="sub-header">
                      </div>
                  </section>









                  <div class="sub-header">
                      <h2>Products you recently viewed</h2>
                  </div>

                  <ul class="row">
          """);

  private static final String PRODUCT_BOTTOM =
      """
                  </ul>



          </article><!-- End of product page -->
          </div>
                  </div>
              </div>
          </div>
          """;

  private final Catalogue catalogue;
  private final int day;
  private final String[] categorySlugs;

  public ShopPages(Catalogue catalogue, int day) {
    this.catalogue = catalogue;
    this.day = day;
    List<String> names = catalogue.categories();
    this.categorySlugs = new String[names.size() + 2];
    for (int i = 0; i < names.size(); i++) {
      categorySlugs[i + 2] = Slugs.slugify(names.get(i)) + "_" + (i + 2);
    }
  }

  /** Renders the page a route names. */
  public Page render(Route route) {
    return switch (route) {
      case Route.Home home -> cataloguePage(HOME, 1);
      case Route.CataloguePage page -> cataloguePage(CATALOGUE, page.page());
      case Route.CategoryPage page -> categoryPage(page.categoryId(), page.page());
      case Route.Product product -> productPage(product.siteId());
    };
  }

  private Page cataloguePage(Where where, int page) {
    return listPage(
        where,
        "All products",
        "        <li class=\"active\">All products</li>\n",
        0,
        catalogue.booksInCategory(1),
        page);
  }

  private Page categoryPage(int categoryId, int page) {
    if (categoryId == 1) {
      return listPage(
          ALL_BOOKS,
          "Books",
          "        <li class=\"active\">Books</li>\n",
          1,
          catalogue.booksInCategory(1),
          page);
    }
    String name = catalogue.categories().get(categoryId - 2);
    String crumbs =
        "        <li>\n            <a href=\""
            + CATEGORY.books()
            + "\">Books</a>\n        </li>\n"
            + "        <li class=\"active\">"
            + escape(name)
            + "</li>\n";
    return listPage(
        CATEGORY, name, crumbs, categoryId, catalogue.booksInCategory(categoryId), page);
  }

  private Page listPage(
      Where where, String title, String crumbs, int activeCategory, List<Integer> ids, int page) {
    int total = ids.size();
    int pages = Math.max(1, (total + Catalogue.PAGE_SIZE - 1) / Catalogue.PAGE_SIZE);
    int from = (page - 1) * Catalogue.PAGE_SIZE;
    int to = Math.min(total, from + Catalogue.PAGE_SIZE);
    StringBuilder html = new StringBuilder(48_000);
    String escapedTitle = escape(title);
    HEAD.render(
        html,
        escapedTitle,
        "",
        where.root(),
        where.root(),
        where.root(),
        where.root(),
        where.root());
    LIST_TOP.render(
        html,
        where.root(),
        crumbs,
        where.books(),
        activeCategory == 1 ? "<strong>Books</strong>" : "Books");
    List<String> names = catalogue.categories();
    for (int c = 2; c < categorySlugs.length; c++) {
      String name = escape(names.get(c - 2));
      SIDE_CATEGORY.render(
          html,
          where.categories(),
          categorySlugs[c],
          c == activeCategory ? "<strong>" + name + "</strong>" : name);
    }
    LIST_MIDDLE.render(html, escapedTitle, resultCount(total, pages, from, to), WARNING);
    int lastChange = 0;
    for (int i = from; i < to; i++) {
      int id = ids.get(i);
      SandboxBook book = catalogue.book(id, day);
      lastChange = Math.max(lastChange, catalogue.lastChangeDay(id, day));
      LIST_ITEM_START.render(html);
      pod(html, where, book);
      html.append(LIST_ITEM_END);
    }
    String pager = pages > 1 ? pager(where.pager(), page, pages) : "";
    LIST_END.render(html, pager);
    FOOT.render(html, where.root(), where.root(), where.root(), where.root(), where.root());
    return new Page(html.toString(), lastChange);
  }

  private static String resultCount(int total, int pages, int from, int to) {
    if (pages > 1) {
      return "<strong>"
          + total
          + "</strong> results - showing <strong>"
          + (from + 1)
          + "</strong> to <strong>"
          + to
          + "</strong>.";
    }
    return "<strong>" + total + "</strong> " + (total == 1 ? "result." : "results.");
  }

  private static String pager(String prefix, int page, int pages) {
    StringBuilder out = new StringBuilder(600);
    String previous =
        page > 1
            ? PAGER_PREVIOUS
                .render(new StringBuilder(), prefix + "page-" + (page - 1) + ".html")
                .toString()
            : "";
    String next =
        page < pages
            ? PAGER_NEXT
                .render(new StringBuilder(), prefix + "page-" + (page + 1) + ".html")
                .toString()
            : "";
    return PAGER
        .render(out, previous, Integer.toString(page), Integer.toString(pages), next)
        .toString();
  }

  private void pod(StringBuilder html, Where where, SandboxBook book) {
    String link = where.products() + book.slug() + "_" + book.siteId() + "/index.html";
    String title = escape(book.title());
    POD.render(
        html,
        link,
        where.root() + catalogue.thumbnailPath(book.siteId()),
        title,
        Catalogue.ratingWord(book.rating()),
        link,
        title,
        escape(Slugs.truncateWords(book.title(), 4)),
        priceAndAvailability(book, book.inStock() ? "In stock" : "Out of stock"),
        book.inStock() ? BASKET_FORM : BASKET_DISABLED);
  }

  private static String priceAndAvailability(SandboxBook book, String availability) {
    StringBuilder out = new StringBuilder(300);
    if (book.priceInclTax() != null) {
      PRICE.render(out, pounds(book.priceInclTax()));
    }
    return AVAILABILITY
        .render(
            out,
            book.inStock() ? "instock" : "outofstock",
            book.inStock() ? "icon-ok" : "icon-remove",
            availability)
        .toString();
  }

  private Page productPage(int siteId) {
    SandboxBook book = catalogue.book(siteId, day);
    Where where = PRODUCT;
    StringBuilder html = new StringBuilder(20_000);
    String title = escape(book.title());
    String description = book.description() == null ? "" : escape(book.description());
    HEAD.render(
        html,
        title,
        "\n    " + description + "\n",
        where.root(),
        where.root(),
        where.root(),
        where.root(),
        where.root());
    String slugId = book.slug() + "_" + siteId;
    PRODUCT_TOP.render(
        html,
        where.root(),
        where.books(),
        where.categories(),
        categorySlugs[book.categoryId()],
        escape(book.category()),
        title,
        where.root() + book.imagePath(),
        title,
        title,
        priceAndAvailability(book, availability(book)));
    RATING.render(
        html,
        Catalogue.ratingWord(book.rating()),
        slugId,
        Integer.toString(book.reviewCount()),
        slugId);
    if (book.description() != null) {
      DESCRIPTION.render(html, description);
    }
    TABLE_TOP.render(html, escape(book.upc()));
    if (book.priceExclTax() != null) {
      TABLE_PRICES.render(
          html, pounds(book.priceExclTax()), pounds(book.priceInclTax()), pounds(book.tax()));
    }
    TABLE_BOTTOM.render(html, availability(book), Integer.toString(book.reviewCount()));
    // Day 0 on purpose: the block stands for a visitor's cookie, not for the catalogue, so it must
    // not make an unchanged book's page look changed.
    for (int other : catalogue.recentlyViewed(siteId)) {
      LIST_ITEM_START.render(html);
      pod(html, where, catalogue.book(other, 0));
      html.append(LIST_ITEM_END);
    }
    html.append(PRODUCT_BOTTOM);
    FOOT.render(html, where.root(), where.root(), where.root(), where.root(), where.root());
    return new Page(html.toString(), catalogue.lastChangeDay(siteId, day));
  }

  private static String availability(SandboxBook book) {
    return book.inStock() ? "In stock (" + book.stockCount() + " available)" : "Out of stock";
  }

  private static String pounds(BigDecimal amount) {
    return "£" + amount.toPlainString();
  }

  private static String escape(String text) {
    return Html.escape(new StringBuilder(text.length() + 16), text).toString();
  }
}
