// Drift: per production model, PSI and the test's p-value per feature over the dts of
// gold.drift_report, with the thresholds bookslake monitor applies drawn as lines.
// Route: /api/v1/ml/monitoring/drift/history?days=30.
import { getJson, whyMissing, el, panel, missing, chart, table, fmt } from "./common.js";

/** p-values of 0 cannot sit on a log axis: drawn at this floor. */
const P_FLOOR = 1e-12;

export async function render(view) {
  const reply = await getJson("/api/v1/ml/monitoring/drift/history?days=30");
  if (reply.status === 404 && !reply.noRoute) {
    missing(view, `Drift: no drift report yet (run ./bookslake monitor) — ${reply.detail}.`);
    return;
  }
  if (!reply.ok) {
    missing(view, whyMissing("Drift", reply, "/api/v1/ml/monitoring/drift/history"));
    return;
  }
  const reports = (reply.data.reports || []).slice().reverse();
  if (reports.length === 0) {
    missing(view, "Drift: no drift report yet (run ./bookslake monitor).");
    return;
  }
  const t = reply.data.thresholds;
  const dts = reports.map((r) => r.dt);
  const models = [...new Set(reports.flatMap((r) => r.models.map((m) => m.model)))].sort();
  const grid = el("div", "grid");
  view.appendChild(grid);
  const line = (name, value, color) => ({
    name,
    yAxis: value,
    lineStyle: { color, type: "dashed" },
    label: { formatter: name, position: "insideEndTop" },
  });
  models.forEach((model) => {
    const byDt = reports.map((r) => r.models.find((m) => m.model === model) || null);
    const features = [...new Set(byDt.flatMap((m) => (m ? m.features.map((f) => f.feature) : [])))].sort();
    const value = (m, feature, key) => {
      const f = m && m.features.find((x) => x.feature === feature);
      return f ? f[key] : null;
    };
    const latest = byDt[byDt.length - 1] || byDt.filter(Boolean).pop();
    const psiPanel = panel(grid, `${model}: PSI per feature`);
    if (latest) {
      psiPanel.appendChild(
        el("p", null, `Latest (${latest ? reports[byDt.lastIndexOf(latest)].dt : "—"}): version ${latest.version}, source ${latest.source}, ` +
          (latest.drifted ? `DRIFTED on ${latest.drifted_features.join(", ")}` : "no drift"))
      );
    }
    const psiSeries = features.map((f) => ({
      name: f, type: "line", symbolSize: 7, connectNulls: true, data: byDt.map((m) => value(m, f, "psi")),
    }));
    psiSeries.push({
      name: "thresholds", type: "line", data: [],
      markLine: { symbol: "none", silent: true, data: [line("moderate", t.moderate_psi, "#e0a000"), line("significant", t.significant_psi, "#d0533f")] },
    });
    chart(psiPanel, {
      legend: { type: "scroll", top: 0 },
      grid: { left: 50, right: 30, top: 40, bottom: 30, containLabel: true },
      xAxis: { type: "category", data: dts },
      yAxis: { type: "value", name: "PSI" },
      series: psiSeries,
    }, "psi-" + model);

    const pPanel = panel(grid, `${model}: test p-value per feature (log scale)`);
    const pFeatures = features.filter((f) => byDt.some((m) => value(m, f, "ks_p_value") !== null));
    if (pFeatures.length === 0) {
      missing(pPanel, `${model}: the report has no test p-values.`);
    } else {
      const pSeries = pFeatures.map((f) => ({
        name: f, type: "line", symbolSize: 7, connectNulls: true,
        data: byDt.map((m) => {
          const p = value(m, f, "ks_p_value");
          return p === null ? null : Math.max(p, P_FLOOR);
        }),
      }));
      pSeries.push({
        name: "threshold", type: "line", data: [],
        markLine: { symbol: "none", silent: true, data: [line(`p = ${t.p_value}`, t.p_value, "#d0533f")] },
      });
      chart(pPanel, {
        legend: { type: "scroll", top: 0 },
        grid: { left: 50, right: 30, top: 40, bottom: 30, containLabel: true },
        xAxis: { type: "category", data: dts },
        yAxis: { type: "log", name: "p", min: P_FLOOR, max: 1, axisLabel: { formatter: (v) => v.toExponential(0) } },
        series: pSeries,
      }, "pvalue-" + model);
    }
    if (latest) {
      const details = el("details");
      details.appendChild(el("summary", null, "Latest report per feature"));
      table(details, [
        ["Feature", (f) => f.feature],
        ["Kind", (f) => f.kind],
        ["PSI", (f) => fmt(f.psi)],
        ["Band", (f) => f.band],
        ["p", (f) => (f.ks_p_value === null ? null : f.ks_p_value.toExponential(2))],
        ["Drifted", (f) => (f.drifted ? "yes" : "")],
      ], latest.features);
      psiPanel.appendChild(details);
    }
  });
}
