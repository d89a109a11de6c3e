package dev.bookslake.pipelines.clean.internal;

import dev.bookslake.schemas.silver.Book;
import dev.bookslake.schemas.silver.BookPriceStock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The type-2 history of one UPC moved forward by one {@code dt}: closed intervals carry over, the
 * open one stays while price and stock are unchanged, and a change or a disappearance closes it at
 * {@code dt}.
 */
public final class HistoryIntervals {
  private static final Comparator<BookPriceStock> BY_START =
      Comparator.comparing(BookPriceStock::getValidFrom)
          .thenComparing(
              BookPriceStock::getValidTo, Comparator.nullsLast(Comparator.naturalOrder()));

  private HistoryIntervals() {}

  /**
   * The rows of one UPC for the {@code dt} partition, sorted by {@code valid_from}.
   *
   * @param previous its rows in the latest history partition before {@code dt}, in any order
   * @param today its {@code silver.books} row of {@code dt}, or null when it has none
   * @param held whether a page with this UPC was quarantined on {@code dt}: the book is still on
   *     sale but its values are unknown, so the open interval is kept rather than closed
   * @param dt the partition being written
   */
  public static Advance advance(
      List<BookPriceStock> previous, Book today, boolean held, LocalDate dt) {
    List<BookPriceStock> sorted = new ArrayList<>(previous);
    sorted.sort(BY_START);
    List<BookPriceStock> rows = new ArrayList<>();
    BookPriceStock open = null;
    for (BookPriceStock row : sorted) {
      if (row.getValidTo() != null) {
        rows.add(BookPriceStock.newBuilder(row).setIsCurrent(false).setDt(dt.toString()).build());
      } else {
        if (open != null) {
          // Two open intervals can only come from a hand-edited partition: the earlier one ended
          // when the later began.
          rows.add(close(open, row.getValidFrom(), dt));
        }
        open = row;
      }
    }
    int opened = 0;
    int closed = 0;
    int heldOpen = 0;
    if (open != null && (today == null ? held : sameValues(open, today))) {
      rows.add(BookPriceStock.newBuilder(open).setIsCurrent(true).setDt(dt.toString()).build());
      heldOpen = today == null ? 1 : 0;
    } else {
      if (open != null) {
        rows.add(close(open, dt, dt));
        closed++;
      }
      if (today != null) {
        rows.add(start(today, dt));
        opened++;
      }
    }
    rows.sort(BY_START);
    return new Advance(rows, opened, closed, heldOpen);
  }

  /**
   * One UPC's rows after {@link #advance}.
   *
   * @param rows the rows of the partition
   * @param opened intervals opened on {@code dt} (0 or 1)
   * @param closed intervals closed on {@code dt} (0 or 1)
   * @param heldOpen open intervals kept only because the book was quarantined on {@code dt} (0 or
   *     1)
   */
  public record Advance(List<BookPriceStock> rows, int opened, int closed, int heldOpen) {}

  private static boolean sameValues(BookPriceStock interval, Book book) {
    return interval.getPriceExclTax().compareTo(book.getPriceExclTax()) == 0
        && interval.getPriceInclTax().compareTo(book.getPriceInclTax()) == 0
        && interval.getStockCount() == book.getStockCount()
        && interval.getInStock() == book.getInStock();
  }

  private static BookPriceStock close(BookPriceStock interval, LocalDate validTo, LocalDate dt) {
    return BookPriceStock.newBuilder(interval)
        .setValidTo(validTo)
        .setIsCurrent(false)
        .setDt(dt.toString())
        .build();
  }

  private static BookPriceStock start(Book book, LocalDate dt) {
    return BookPriceStock.newBuilder()
        .setUpc(book.getUpc())
        .setPriceExclTax(book.getPriceExclTax())
        .setPriceInclTax(book.getPriceInclTax())
        .setStockCount(book.getStockCount())
        .setInStock(book.getInStock())
        .setValidFrom(dt)
        .setValidTo(null)
        .setIsCurrent(true)
        .setDt(dt.toString())
        .build();
  }
}
