// Models: per model, its versions' held-out metrics against the baseline, aliases and serving
// version, and the promotion history. Routes: /api/v1/ml/models, /api/v1/ml/models/{model}.
import { getJson, whyMissing, el, panel, missing, categoryChart, table } from "./common.js";

export async function render(view) {
  const list = await getJson("/api/v1/ml/models");
  if (!list.ok) {
    missing(view, whyMissing("Models", list, "/api/v1/ml/models"));
    return;
  }
  if (!list.data.models || list.data.models.length === 0) {
    missing(view, "Models: no models yet (train one: ./bookslake train --target rating --promote-if-better).");
    return;
  }
  const details = await Promise.all(
    list.data.models.map((m) => getJson("/api/v1/ml/models/" + encodeURIComponent(m.name)))
  );
  const grid = el("div", "grid");
  view.appendChild(grid);
  list.data.models.forEach((summary, i) => {
    const m = details[i].ok ? details[i].data : summary;
    const metricsPanel = panel(grid, `${m.name}: held-out metrics by version (model vs baseline)`);
    const aliases = Object.entries(m.aliases || {}).map(([a, v]) => `${a} → v${v}`).join(", ");
    const serving = m.serving && m.serving.version !== null && m.serving.version !== undefined ? `v${m.serving.version}` : "none";
    metricsPanel.appendChild(el("p", null, `Aliases: ${aliases || "none"}. Serving: ${serving}.`));
    const versions = m.versions || [];
    const metricNames = [...new Set(versions.flatMap((v) => Object.keys(v.metrics || {})))].sort();
    if (versions.length === 0 || metricNames.length === 0) {
      missing(metricsPanel, `${m.name}: no metrics recorded for its versions.`);
    } else {
      const labels = versions.map((v) => `v${v.version}` + (v.aliases && v.aliases.length ? ` (${v.aliases.join(", ")})` : ""));
      const series = [];
      metricNames.forEach((k) => {
        series.push({ name: k, data: versions.map((v) => (v.metrics && k in v.metrics ? v.metrics[k] : null)) });
        series.push({
          name: k + " baseline",
          data: versions.map((v) => (v.baseline_metrics && k in v.baseline_metrics ? v.baseline_metrics[k] : null)),
          itemStyle: { opacity: 0.45 },
        });
      });
      categoryChart(metricsPanel, "metrics-" + m.name, labels, series);
      table(metricsPanel, [
        ["Version", (v) => v.version],
        ["Aliases", (v) => (v.aliases || []).join(", ")],
        ["Trained on", (v) => v.training_dt],
        ["Created", (v) => String(v.created_at).replace("T", " ").slice(0, 19)],
        ["Beats baseline", (v) => (v.beats_baseline ? "yes" : "no")],
      ], versions);
    }
    const historyPanel = panel(grid, `${m.name}: promotion history`);
    const history = m.history || [];
    if (!details[i].ok) {
      missing(historyPanel, whyMissing("Promotion history", details[i], "/api/v1/ml/models/" + m.name));
    } else if (history.length === 0) {
      missing(historyPanel, `${m.name}: no alias has been set yet (no promotion history).`);
    } else {
      table(historyPanel, [
        ["At", (c) => String(c.at).replace("T", " ").slice(0, 19)],
        ["Alias", (c) => c.alias],
        ["From", (c) => (c.from_version === null ? null : "v" + c.from_version)],
        ["To", (c) => "v" + c.to_version],
        ["By", (c) => c.actor],
        ["Reason", (c) => c.reason],
        ["Rollback", (c) => (c.rollback ? "yes" : "")],
      ], history.slice().reverse());
    }
  });
}
