// Shared helpers of the dashboard pages: fetching the API's JSON, panels, charts and the plain
// "what is missing" messages shown instead of an empty chart.

/** The charts of the page on screen, disposed when the page changes. */
const charts = [];

/**
 * GETs an API route. Resolves to {ok, status, data, detail}: never rejects, so that a route that
 * is missing (404), not ready (503) or unreachable becomes a message on the page.
 */
export async function getJson(url) {
  try {
    const res = await fetch(url, { headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await res.json();
    } catch (e) {
      body = null;
    }
    return {
      ok: res.ok,
      status: res.status,
      data: res.ok ? body : null,
      detail: !res.ok && body && body.detail ? body.detail : null,
      // A 404 of the fallback (no such route) is a server without the route, not missing data.
      noRoute: res.status === 404 && !!body && typeof body.type === "string" && body.type.endsWith(":no-route"),
    };
  } catch (e) {
    return { ok: false, status: 0, data: null, detail: String(e) };
  }
}

/** Why a route gave no data, in a sentence for the page. */
export function whyMissing(what, reply, route) {
  if (reply.status === 404 && (reply.noRoute || !reply.detail)) {
    return `${what}: route not available on this server (${route} answered 404).`;
  }
  if (reply.status === 404) {
    return `${what}: nothing yet — ${reply.detail}.`;
  }
  if (reply.status === 503) {
    return `${what}: no data yet — ${reply.detail || "the server has no gold snapshot loaded"}.`;
  }
  if (reply.status === 0) {
    return `${what}: the API could not be reached (${reply.detail}).`;
  }
  return `${what}: ${route} answered ${reply.status}${reply.detail ? " — " + reply.detail : ""}.`;
}

/** An element with optional class and text. */
export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

/** A titled panel appended to a parent; returns the panel. */
export function panel(parent, title) {
  const p = el("section", "panel");
  p.appendChild(el("h2", null, title));
  parent.appendChild(p);
  return p;
}

/** A "missing" message in a container (the test looks for the .missing class). */
export function missing(container, text) {
  const m = el("p", "missing", text);
  container.appendChild(m);
  return m;
}

/** Draws an ECharts chart in a new div of the container; returns the chart. */
export function chart(container, option, name) {
  const div = el("div", "chart");
  if (name) div.dataset.chart = name;
  container.appendChild(div);
  const c = window.echarts.init(div, null, { renderer: "canvas" });
  c.setOption(Object.assign({ animation: false, tooltip: { trigger: "axis" } }, option));
  charts.push(c);
  return c;
}

/** A bar or line chart over categories: series is [{name, data, type?, stack?}]. */
export function categoryChart(container, name, categories, series, extra) {
  return chart(
    container,
    Object.assign(
      {
        legend: series.length > 1 ? { top: 0 } : undefined,
        grid: { left: 50, right: 20, top: series.length > 1 ? 30 : 10, bottom: 60, containLabel: true },
        xAxis: { type: "category", data: categories, axisLabel: { rotate: categories.length > 8 ? 40 : 0 } },
        yAxis: { type: "value" },
        series: series.map((s) => Object.assign({ type: "bar" }, s)),
      },
      extra || {}
    ),
    name
  );
}

/** A table of rows: columns is [[header, row => value]]. */
export function table(container, columns, rows) {
  const t = el("table");
  const head = el("tr");
  columns.forEach(([h]) => head.appendChild(el("th", null, h)));
  t.appendChild(head);
  rows.forEach((r) => {
    const tr = el("tr");
    columns.forEach(([, f]) => {
      const v = f(r);
      tr.appendChild(el("td", null, v === null || v === undefined ? "—" : String(v)));
    });
    t.appendChild(tr);
  });
  container.appendChild(t);
  return t;
}

export function disposeCharts() {
  while (charts.length) charts.pop().dispose();
}

export function resizeCharts() {
  charts.forEach((c) => c.resize());
}

/** A number for display: at most 3 decimals, or a dash. */
export function fmt(v, digits = 3) {
  return v === null || v === undefined ? "—" : Math.round(v * 10 ** digits) / 10 ** digits;
}
