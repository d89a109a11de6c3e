// Loaded before every other script: keeps what went wrong where a reader (or the browser test) can
// see it, instead of a blank chart. window.dashboard.errors lists uncaught errors, rejected promises
// and console.error calls; window.dashboard.timings the milliseconds each page took to render.
window.dashboard = { errors: [], timings: {}, ready: null };
window.addEventListener("error", (e) => {
  window.dashboard.errors.push("error: " + (e.message || (e.target && (e.target.src || e.target.href)) || e));
}, true);
window.addEventListener("unhandledrejection", (e) => {
  window.dashboard.errors.push("unhandled rejection: " + (e.reason && (e.reason.stack || e.reason.message) || e.reason));
});
(function () {
  const original = console.error;
  console.error = function (...args) {
    window.dashboard.errors.push("console.error: " + args.map(String).join(" "));
    original.apply(console, args);
  };
})();
