#!/usr/bin/env bash
# The alert rules' tests (part of `make test`): promtool (Debian package prometheus, installed when
# missing by scripts/debian-packages.sh) checks the rules and the example Prometheus configuration
# of monitoring/prometheus, then runs the unit tests in monitoring/prometheus/tests (input series,
# expected alerts firing and not firing, recorded values). That every bookslake_* metric the rules
# name is exported, and that a real scrape passes `promtool check metrics`, is checked by serving's
# AlertRuleMetricsTest (make test-java).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/debian-packages.sh" promtool:prometheus
cd "$root/monitoring/prometheus"
promtool check rules bookslake-alerts.yml bookslake-recording.yml
promtool check config prometheus.yml
promtool test rules tests/*.yml
