// The dashboard's router: one page per hash (#catalogue, #book?id=42, #runs, #models, #drift,
// #api). Each page module exports render(view, params) and may return a function that stops it
// (the API page polls). When a page has drawn, body[data-ready] names it and
// window.dashboard.timings holds how long it took.
import { disposeCharts, resizeCharts, getJson } from "./common.js";
import * as catalogue from "./catalogue.js";
import * as book from "./book.js";
import * as runs from "./runs.js";
import * as models from "./models.js";
import * as drift from "./drift.js";
import * as api from "./api.js";

const PAGES = { catalogue, book, runs, models, drift, api };
let stop = null;
let generation = 0;

function route() {
  const hash = location.hash.replace(/^#/, "");
  const [name, query] = hash.split("?");
  return { name: PAGES[name] ? name : "catalogue", params: new URLSearchParams(query || "") };
}

async function show() {
  const { name, params } = route();
  const mine = ++generation;
  const started = performance.now();
  if (stop) stop();
  stop = null;
  disposeCharts();
  document.body.removeAttribute("data-ready");
  document.querySelectorAll("#tabs a").forEach((a) => a.classList.toggle("active", a.dataset.page === name));
  const view = document.getElementById("view");
  view.replaceChildren();
  const result = await PAGES[name].render(view, params);
  if (mine !== generation) {
    if (typeof result === "function") result();
    return;
  }
  stop = typeof result === "function" ? result : null;
  window.dashboard.timings[name] = Math.round(performance.now() - started);
  window.dashboard.readyAt = performance.now();
  window.dashboard.ready = name;
  document.body.dataset.ready = name;
}

async function snapshot() {
  const health = await getJson("/api/v1/health");
  const dt = health.data && health.data.snapshot_dt;
  document.getElementById("snapshot").textContent = dt ? `gold snapshot ${dt}` : "no gold snapshot loaded";
}

window.addEventListener("hashchange", show);
window.addEventListener("resize", resizeCharts);
snapshot();
show();
