// API: request rate, error rate and p50/p95/p99 latency per route, from the server's own
// counters. Route: /api/v1/metrics/routes, polled every POLL_MS; rates are deltas between polls.
import { getJson, whyMissing, el, panel, missing, chart, categoryChart } from "./common.js";

const POLL_MS = 2000;
/** Rate points kept per route (2 minutes at the poll interval). */
const KEEP = 60;
/** Routes drawn in the rate charts: the busiest ones. */
const TOP = 8;

export async function render(view) {
  const first = await getJson("/api/v1/metrics/routes");
  if (!first.ok) {
    missing(view, whyMissing("API metrics", first, "/api/v1/metrics/routes"));
    return;
  }
  const grid = el("div", "grid");
  view.appendChild(grid);
  const latencyPanel = panel(grid, "Latency per route (ms, since the server started)");
  const ratePanel = panel(grid, "Requests per second per route");
  const errorPanel = panel(grid, "Errors per second (4xx and 5xx, all routes)");
  latencyPanel.appendChild(el("p", null, `Counting since ${first.data.started_at}; polled every ${POLL_MS / 1000} s.`));

  const key = (r) => `${r.method} ${r.route}`;
  const used = (first.data.routes || []).filter((r) => r.requests > 0);
  let latency = null;
  const latencyMessage = missing(latencyPanel, "API metrics: no request has been counted yet.");
  const drawLatency = (routes) => {
    const timed = routes.filter((r) => r.requests > 0 && r.p50_ms !== null && r.p50_ms !== undefined)
      .sort((a, b) => b.requests - a.requests).slice(0, 15);
    if (timed.length === 0) return;
    latencyMessage.hidden = true;
    const option = {
      xAxis: { type: "category", data: timed.map(key), axisLabel: { rotate: 30 } },
      series: ["p50_ms", "p95_ms", "p99_ms"].map((p) => ({ name: p.replace("_ms", ""), type: "bar", data: timed.map((r) => r[p]) })),
    };
    if (!latency) {
      latency = categoryChart(latencyPanel, "latency", option.xAxis.data, option.series, { xAxis: option.xAxis });
    } else {
      latency.setOption(option);
    }
  };
  drawLatency(used);

  const rateMessage = missing(ratePanel, "Collecting: rates appear after the second poll.");
  const errorMessage = missing(errorPanel, "Collecting: rates appear after the second poll.");
  const rates = new Map();
  const errors = [];
  let rateChart = null;
  let errorChart = null;
  let previous = { at: Date.now(), routes: new Map((first.data.routes || []).map((r) => [key(r), r])) };

  const poll = async () => {
    const reply = await getJson("/api/v1/metrics/routes");
    if (!reply.ok) return;
    const now = Date.now();
    const seconds = (now - previous.at) / 1000;
    const time = new Date(now).toISOString();
    let errs = 0;
    (reply.data.routes || []).forEach((r) => {
      const before = previous.routes.get(key(r));
      const delta = (before ? r.requests - before.requests : r.requests) / seconds;
      errs += before ? r.errors_4xx + r.errors_5xx - before.errors_4xx - before.errors_5xx : r.errors_4xx + r.errors_5xx;
      const points = rates.get(key(r)) || [];
      points.push([time, Math.max(0, delta)]);
      if (points.length > KEEP) points.shift();
      rates.set(key(r), points);
    });
    errors.push([time, Math.max(0, errs / seconds)]);
    if (errors.length > KEEP) errors.shift();
    previous = { at: now, routes: new Map((reply.data.routes || []).map((r) => [key(r), r])) };
    drawLatency(reply.data.routes || []);

    const busiest = [...rates.entries()]
      .sort((a, b) => b[1].reduce((s, p) => s + p[1], 0) - a[1].reduce((s, p) => s + p[1], 0))
      .slice(0, TOP);
    const timeOption = (series) => ({
      legend: { type: "scroll", top: 0 },
      grid: { left: 50, right: 20, top: 30, bottom: 30, containLabel: true },
      // At least the last minute: with one or two polls, dataMin..dataMax would span days.
      xAxis: { type: "time", min: (v) => Math.min(v.min, v.max - 60000), max: (v) => v.max, splitNumber: 4, axisLabel: { formatter: "{HH}:{mm}:{ss}", hideOverlap: true } },
      yAxis: { type: "value", name: "per second" },
      series,
    });
    const rateSeries = busiest.map(([name, data]) => ({ name, type: "line", symbolSize: 4, data }));
    const errorSeries = [{ name: "errors/s", type: "line", symbolSize: 4, data: errors, itemStyle: { color: "#d0533f" } }];
    if (!rateChart) {
      rateMessage.hidden = true;
      errorMessage.hidden = true;
      rateChart = chart(ratePanel, timeOption(rateSeries), "request-rate");
      errorChart = chart(errorPanel, timeOption(errorSeries), "error-rate");
    } else {
      rateChart.setOption({ series: rateSeries });
      errorChart.setOption({ series: errorSeries });
    }
  };
  const timer = setInterval(poll, POLL_MS);
  return () => clearInterval(timer);
}
