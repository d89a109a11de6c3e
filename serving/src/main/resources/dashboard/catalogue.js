// Catalogue: headline figures, books per category, price / rating / stock distributions, and
// sentiment per category; a category filter narrows the distributions.
// Routes: /api/v1/stats/overview, /api/v1/categories, /api/v1/dashboard/catalogue,
// /api/v1/stats/sentiment.
import { getJson, whyMissing, el, panel, missing, categoryChart, table, fmt } from "./common.js";

export async function render(view, params) {
  const category = params.get("category");
  const aggregatesUrl =
    "/api/v1/dashboard/catalogue" + (category ? "?category=" + encodeURIComponent(category) : "");
  const [overview, categories, aggregates, sentiment] = await Promise.all([
    getJson("/api/v1/stats/overview"),
    getJson("/api/v1/categories"),
    getJson(aggregatesUrl),
    getJson("/api/v1/stats/sentiment"),
  ]);

  const controls = el("div", "controls");
  controls.appendChild(el("label", null, "Category "));
  const select = el("select");
  select.id = "category-filter";
  select.appendChild(new Option("All categories", ""));
  (categories.data ? categories.data.items : []).forEach((c) =>
    select.appendChild(new Option(`${c.name} (${c.books})`, c.name, false, c.name === category))
  );
  select.addEventListener("change", () => {
    location.hash = select.value ? "catalogue?category=" + encodeURIComponent(select.value) : "catalogue";
  });
  controls.appendChild(select);
  view.appendChild(controls);

  const cards = el("div", "cards");
  view.appendChild(cards);
  if (overview.ok) {
    const o = overview.data;
    [
      ["Books", o.books],
      ["Categories", o.categories],
      ["In stock", o.in_stock_books],
      ["Copies in stock", o.total_stock],
      ["Median price", o.median_price],
      ["Mean rating", fmt(o.avg_rating, 2)],
    ].forEach(([label, value]) => {
      const c = el("div", "card", label);
      c.appendChild(el("b", null, value === null || value === undefined ? "—" : String(value)));
      cards.appendChild(c);
    });
  } else {
    missing(cards, whyMissing("Overview", overview, "/api/v1/stats/overview"));
  }

  const grid = el("div", "grid");
  view.appendChild(grid);
  const title = category ? ` — ${category}` : "";
  const perCategory = panel(grid, "Books per category");
  const prices = panel(grid, "Price distribution (incl. tax)" + title);
  const ratings = panel(grid, "Rating distribution" + title);
  const stock = panel(grid, "Stock distribution (copies per book)" + title);
  const feelings = panel(grid, "Review sentiment by category");

  if (!aggregates.ok) {
    const why = whyMissing("Catalogue", aggregates, aggregatesUrl);
    [perCategory, prices, ratings, stock].forEach((p) => missing(p, why));
  } else if (aggregates.data.books === 0) {
    [perCategory, prices, ratings, stock].forEach((p) => missing(p, "No books in gold.books yet."));
  } else {
    const a = aggregates.data;
    const cats = a.categories.slice().sort((x, y) => y.books - x.books);
    categoryChart(perCategory, "books-per-category", cats.map((c) => c.category), [
      { name: "books", data: cats.map((c) => c.books) },
      { name: "in stock", data: cats.map((c) => c.in_stock_books) },
    ]);
    const bins = (h) => h.map((b) => `${b.from}–${b.to}`);
    categoryChart(prices, "price-histogram", bins(a.price_histogram), [
      { name: "books", data: a.price_histogram.map((b) => b.books) },
    ]);
    categoryChart(ratings, "rating-distribution", a.ratings.map((r) => "★".repeat(r.rating)), [
      { name: "books", data: a.ratings.map((r) => r.books) },
    ]);
    categoryChart(stock, "stock-histogram", bins(a.stock_histogram), [
      { name: "books", data: a.stock_histogram.map((b) => b.books) },
    ]);
    const details = el("details");
    details.appendChild(el("summary", null, "Per category"));
    table(details, [
      ["Category", (c) => c.category],
      ["Books", (c) => c.books],
      ["In stock", (c) => c.in_stock_books],
      ["Copies", (c) => c.total_stock],
      ["Mean price", (c) => c.avg_price],
      ["Mean rating", (c) => c.avg_rating],
    ], cats);
    perCategory.appendChild(details);
  }

  if (!sentiment.ok) {
    missing(feelings, whyMissing("Sentiment", sentiment, "/api/v1/stats/sentiment"));
  } else if (!sentiment.data.categories || sentiment.data.categories.length === 0) {
    missing(feelings, "Sentiment: no scored reviews yet (the table is empty).");
  } else {
    const rows = sentiment.data.categories.filter((c) => !category || c.category === category);
    if (rows.length === 0) {
      missing(feelings, `Sentiment: no scored reviews for ${category}.`);
    } else {
      categoryChart(
        feelings,
        "sentiment",
        rows.map((c) => c.category),
        [
          { name: "positive", stack: "s", data: rows.map((c) => c.positive), itemStyle: { color: "#3a9d5d" } },
          { name: "neutral", stack: "s", data: rows.map((c) => c.neutral), itemStyle: { color: "#b0b7bf" } },
          { name: "negative", stack: "s", data: rows.map((c) => c.negative), itemStyle: { color: "#d0533f" } },
          { name: "mean score", type: "line", yAxisIndex: 1, data: rows.map((c) => c.mean_score) },
        ],
        { yAxis: [{ type: "value", name: "books" }, { type: "value", name: "score", min: -1, max: 1 }] }
      );
    }
  }
}
