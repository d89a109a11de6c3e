package dev.bookslake.serving.mldata;

import dev.bookslake.serving.http.JsonOut;
import dev.bookslake.serving.http.Paging;
import dev.bookslake.serving.problem.ProblemException;
import dev.bookslake.serving.snapshot.Book;
import dev.bookslake.serving.snapshot.CachedResponse;
import dev.bookslake.serving.snapshot.Columns;
import dev.bookslake.serving.snapshot.GoldSnapshot;
import dev.bookslake.serving.snapshot.Neighbour;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ML datasets of a snapshot: pages of {@code gold.features} / {@code gold.training_data} as
 * JSON, whole-table CSV and Parquet exports (DuckDB {@code COPY ... TO}), and recommendations from
 * {@code gold.similar_books}. Columns are served generically: the feature contract decides them.
 */
final class MlData {
  /** The ML tables a client may ask for, by route name. */
  static final Map<String, String> TABLES =
      Map.of("features", GoldSnapshot.FEATURES, "training-data", GoldSnapshot.TRAINING_DATA);

  private static final Map<String, String> PAGE_SQL =
      Map.of(
          GoldSnapshot.FEATURES, "SELECT * FROM features ORDER BY rowid LIMIT ? OFFSET ?",
          GoldSnapshot.TRAINING_DATA,
              "SELECT * FROM training_data ORDER BY rowid LIMIT ? OFFSET ?");
  private static final Map<String, String> CSV_SQL =
      Map.of(
          GoldSnapshot.FEATURES,
              "COPY (SELECT * FROM features ORDER BY rowid) TO ? (FORMAT csv, HEADER true)",
          GoldSnapshot.TRAINING_DATA,
              "COPY (SELECT * FROM training_data ORDER BY rowid) TO ? (FORMAT csv, HEADER true)");
  private static final Map<String, String> PARQUET_SQL =
      Map.of(
          GoldSnapshot.FEATURES,
              "COPY (SELECT * FROM features ORDER BY rowid) TO ? (FORMAT parquet)",
          GoldSnapshot.TRAINING_DATA,
              "COPY (SELECT * FROM training_data ORDER BY rowid) TO ? (FORMAT parquet)");

  /** The largest JSON page of ML rows. */
  static final int MAX_PAGE_SIZE = 1000;

  static final int MAX_NEIGHBOURS = 10;

  private MlData() {}

  /** One page of a table as JSON rows, every column. */
  static CachedResponse page(
      GoldSnapshot s, String table, Paging paging, String path, Map<String, String> query) {
    s.require(table);
    long total = s.tables().get(table).rows();
    byte[] body =
        s.query(
            c -> {
              try (PreparedStatement ps = c.prepareStatement(PAGE_SQL.get(table))) {
                ps.setInt(1, paging.size());
                ps.setInt(2, paging.offset());
                try (ResultSet rs = ps.executeQuery()) {
                  Columns columns = Columns.of(rs, Set.of());
                  JsonOut out =
                      new JsonOut(paging.size() * 256 + 128)
                          .beginObject()
                          .name("items")
                          .beginArray();
                  while (rs.next()) {
                    out.beginObject();
                    columns.writeMembers(out, rs);
                    out.endObject();
                  }
                  out.endArray();
                  out.name("page").value(paging.page()).name("size").value(paging.size());
                  out.name("total").value(total).name("pages").value(paging.pages(total));
                  return out.endObject().toBytes();
                }
              }
            });
    return new CachedResponse(body, DataFormat.JSON.mediaType, paging.links(path, query, total));
  }

  /** The whole table as a CSV or Parquet file, written once per snapshot. */
  static Path export(GoldSnapshot s, String table, DataFormat format) {
    s.require(table);
    String sql = (format == DataFormat.CSV ? CSV_SQL : PARQUET_SQL).get(table);
    return s.exportFile(
        table + "." + format.extension,
        (c, target) -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, target.toString());
            ps.execute();
          }
        });
  }

  /** The nearest neighbours of a book with their titles, best first. */
  static byte[] recommendations(GoldSnapshot s, String id, int limit) {
    s.require(GoldSnapshot.SIMILAR_BOOKS);
    Book book = s.catalog().find(id).orElseThrow(() -> ProblemException.notFound("book", id));
    List<Neighbour> neighbours = s.neighbours(book.upc());
    JsonOut out = new JsonOut(limit * 256 + 256).beginObject();
    out.name("id")
        .value(book.siteId())
        .name("upc")
        .value(book.upc())
        .name("title")
        .value(book.title());
    out.name("items").beginArray();
    for (Neighbour n : neighbours.subList(0, Math.min(limit, neighbours.size()))) {
      Optional<Book> other = s.catalog().byUpc(n.upc());
      out.beginObject();
      out.name("rank").value(n.rank()).name("score").value(n.score());
      out.name("id").value(other.map(Book::siteId).orElse(n.siteId()));
      out.name("upc").value(n.upc());
      out.name("title").value(other.map(Book::title).orElse(null));
      out.name("category").value(other.map(Book::category).orElse(null));
      out.name("price_incl_tax").value(other.map(Book::price).orElse(null));
      out.name("rating").value(other.map(Book::rating).orElse(null));
      out.endObject();
    }
    out.endArray().name("limit").value(limit);
    return out.endObject().toBytes();
  }
}
