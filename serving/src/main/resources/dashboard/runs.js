// Runs: per dt, pages fetched / not modified / errors, quality failures and quarantine, rows per
// table and stage durations. Route: /api/v1/runs?days=30 (newest first; drawn oldest first).
import { getJson, whyMissing, el, panel, missing, categoryChart } from "./common.js";

export async function render(view) {
  const reply = await getJson("/api/v1/runs?days=30");
  const grid = el("div", "grid");
  view.appendChild(grid);
  const pages = panel(grid, "Pages per run");
  const quality = panel(grid, "Quality: quarantined rows and failed checks");
  const rows = panel(grid, "Rows per table");
  const stages = panel(grid, "Stage durations (seconds)");
  const all = [pages, quality, rows, stages];
  if (!reply.ok) {
    const why = whyMissing("Runs", reply, "/api/v1/runs");
    all.forEach((p) => missing(p, why));
    return;
  }
  const runs = (reply.data.runs || []).slice().reverse();
  if (runs.length === 0) {
    all.forEach((p) => missing(p, "Runs: no runs data yet (no pipeline run has committed to the lake)."));
    return;
  }
  const dts = runs.map((r) => r.dt);
  const num = (v) => (v === null || v === undefined ? 0 : v);

  categoryChart(pages, "pages", dts, [
    { name: "fetched", stack: "p", data: runs.map((r) => num(r.pages && r.pages.fetched)) },
    { name: "not modified", stack: "p", data: runs.map((r) => num(r.pages && r.pages.not_modified)) },
    { name: "errors", stack: "p", data: runs.map((r) => num(r.pages && r.pages.errors)), itemStyle: { color: "#d0533f" } },
  ]);

  const checks = [...new Set(runs.flatMap((r) => Object.keys((r.quality && r.quality.failures) || {})))].sort();
  if (checks.length === 0 && runs.every((r) => num(r.quality && r.quality.quarantined) === 0)) {
    quality.appendChild(el("p", null, "Every page passed every quality check in these runs: nothing quarantined."));
  }
  categoryChart(quality, "quality", dts, [
    { name: "quarantined", data: runs.map((r) => num(r.quality && r.quality.quarantined)) },
    ...checks.map((c) => ({
      name: c,
      stack: "f",
      data: runs.map((r) => num(r.quality && r.quality.failures && r.quality.failures[c])),
    })),
  ]);

  const tables = [...new Set(runs.flatMap((r) => Object.keys(r.rows || {})))].sort();
  if (tables.length === 0) {
    missing(rows, "Runs: no table row counts in these runs.");
  } else {
    categoryChart(
      rows,
      "rows",
      dts,
      tables.map((t) => ({ name: t, type: "line", data: runs.map((r) => (r.rows && t in r.rows ? r.rows[t] : null)) }))
    );
  }

  const names = [...new Set(runs.flatMap((r) => (r.stages || []).map((s) => s.stage)))];
  const timed = runs.some((r) => (r.stages || []).some((s) => s.duration_seconds !== null && s.duration_seconds !== undefined));
  if (!timed) {
    missing(stages, "Runs: no stage durations recorded (the runs have no start times).");
  } else {
    categoryChart(
      stages,
      "stages",
      dts,
      names.map((n) => ({
        name: n,
        stack: "d",
        data: runs.map((r) => {
          const s = (r.stages || []).find((x) => x.stage === n);
          return s && s.duration_seconds !== null && s.duration_seconds !== undefined ? s.duration_seconds : null;
        }),
      }))
    );
  }
}
