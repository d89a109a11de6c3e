// A book: its price and stock history and its similar books; a title search chooses the book.
// Routes: /api/v1/books, /api/v1/books/search, /api/v1/books/{id}, /api/v1/books/{id}/history,
// /api/v1/ml/recommendations/{id}.
import { getJson, whyMissing, el, panel, missing, chart, categoryChart, table } from "./common.js";

const DAY = 24 * 3600 * 1000;

export async function render(view, params) {
  const controls = el("div", "controls");
  controls.appendChild(el("label", null, "Find a book by title "));
  const input = el("input");
  input.id = "book-search";
  input.type = "search";
  input.placeholder = "part of a title";
  controls.appendChild(input);
  const results = el("div", "results");
  controls.appendChild(results);
  view.appendChild(controls);
  input.addEventListener("keydown", async (e) => {
    if (e.key !== "Enter" || !input.value.trim()) return;
    const found = await getJson("/api/v1/books/search?size=20&title=" + encodeURIComponent(input.value.trim()));
    results.replaceChildren();
    if (!found.ok || found.data.items.length === 0) {
      missing(results, found.ok ? `No book title contains "${input.value.trim()}".` : whyMissing("Search", found, "/api/v1/books/search"));
      return;
    }
    found.data.items.forEach((b) => {
      const button = el("button", null, `${b.title} (#${b.id})`);
      button.addEventListener("click", () => (location.hash = "book?id=" + b.id));
      results.appendChild(button);
    });
  });

  let id = params.get("id");
  if (!id) {
    const first = await getJson("/api/v1/books?size=1&sort=-reviews");
    if (!first.ok || first.data.items.length === 0) {
      missing(view, first.ok ? "No books in gold.books yet." : whyMissing("Books", first, "/api/v1/books"));
      return;
    }
    id = String(first.data.items[0].id);
  }
  const enc = encodeURIComponent(id);
  const [book, history, similar] = await Promise.all([
    getJson(`/api/v1/books/${enc}`),
    getJson(`/api/v1/books/${enc}/history`),
    getJson(`/api/v1/ml/recommendations/${enc}?limit=10`),
  ]);
  if (!book.ok) {
    missing(view, whyMissing("Book " + id, book, `/api/v1/books/${id}`));
    return;
  }
  const b = book.data;
  const head = el("div", "cards");
  [
    ["Title", b.title],
    ["Category", b.category],
    ["Price", `${b.price_incl_tax} ${b.currency || ""}`],
    ["Rating", "★".repeat(b.rating)],
    ["Stock", b.stock_count],
    ["Reviews", b.review_count],
  ].forEach(([label, value]) => {
    const c = el("div", "card", label);
    c.appendChild(el("b", null, String(value)));
    head.appendChild(c);
  });
  head.id = "book-card";
  view.appendChild(head);

  const grid = el("div", "grid");
  view.appendChild(grid);
  const pricePanel = panel(grid, "Price history (incl. tax)");
  const stockPanel = panel(grid, "Stock history");
  const similarPanel = panel(grid, "Similar books (gold.similar_books)");

  if (!history.ok) {
    const why = whyMissing("History", history, `/api/v1/books/${id}/history`);
    missing(pricePanel, why);
    missing(stockPanel, why);
  } else if (history.data.items.length === 0) {
    missing(pricePanel, "No price history for this book in silver.book_history.");
    missing(stockPanel, "No stock history for this book in silver.book_history.");
  } else {
    // Each interval holds from valid_from to valid_to (or today): a step line over the dates.
    const items = history.data.items;
    const points = (f) => {
      const out = items.map((h) => [h.valid_from, f(h)]);
      const last = items[items.length - 1];
      let end = last.valid_to || history.data.dt || last.valid_from;
      if (end <= last.valid_from) {
        // A price that holds since today still gets a day of width.
        end = new Date(Date.parse(last.valid_from) + DAY).toISOString().slice(0, 10);
      }
      out.push([end, f(last)]);
      return out;
    };
    const timeChart = (container, name, label, data) =>
      chart(
        container,
        {
          grid: { left: 50, right: 20, top: 10, bottom: 40, containLabel: true },
          xAxis: { type: "time", minInterval: DAY, axisLabel: { formatter: "{yyyy}-{MM}-{dd}" } },
          yAxis: { type: "value", scale: true },
          series: [{ name: label, type: "line", step: "end", symbolSize: 8, data }],
        },
        name
      );
    timeChart(pricePanel, "price-history", "price", points((h) => h.price_incl_tax));
    timeChart(stockPanel, "stock-history", "stock", points((h) => h.stock_count));
  }

  if (!similar.ok) {
    missing(similarPanel, whyMissing("Similar books", similar, `/api/v1/ml/recommendations/${id}`));
  } else if (similar.data.items.length === 0) {
    missing(similarPanel, "No similar books for this book in gold.similar_books.");
  } else {
    const items = similar.data.items;
    categoryChart(
      similarPanel,
      "similar-books",
      items.map((s) => `#${s.id}`),
      [{ name: "similarity", data: items.map((s) => s.score) }]
    );
    const t = table(similarPanel, [
      ["#", (s) => s.rank],
      ["Title", (s) => s.title],
      ["Category", (s) => s.category],
      ["Price", (s) => s.price_incl_tax],
      ["Score", (s) => Math.round(s.score * 1000) / 1000],
    ], items);
    t.querySelectorAll("tr").forEach((tr, i) => {
      if (i === 0) return;
      tr.style.cursor = "pointer";
      tr.addEventListener("click", () => (location.hash = "book?id=" + items[i - 1].id));
    });
  }
}
