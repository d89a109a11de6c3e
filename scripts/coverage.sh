#!/usr/bin/env bash
# Prints the aggregate test coverage of `make test` on one line, and writes the packages from the
# least covered up to quality/target/coverage-by-package.txt. Reads JaCoCo's aggregate CSV, which
# quality/'s report-aggregate writes at the end of `scripts/mvn verify` (every module's unit and
# integration tests). Usage: scripts/coverage.sh [jacoco.csv] [output.txt]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
csv="${1:-$here/quality/target/site/jacoco-aggregate/jacoco.csv}"
out="${2:-$here/quality/target/coverage-by-package.txt}"

if [ ! -f "$csv" ]; then
  echo "Coverage: no report at $csv (JaCoCo skipped, or quality/ not built)"
  exit 0
fi

# Columns: GROUP,PACKAGE,CLASS,INSTRUCTION_MISSED,INSTRUCTION_COVERED,BRANCH_MISSED,BRANCH_COVERED,
#          LINE_MISSED,LINE_COVERED,... (one row per class; GROUP is the module).
awk -F, -v out="$out" '
  function pct(covered, missed) { return covered + missed == 0 ? 100 : 100 * covered / (covered + missed) }
  NR == 1 { next }
  {
    module = $1; sub(/.*\//, "", module); sub(/^bookslake-/, "", module)
    key = module " " $2
    bm[key] += $6; bc[key] += $7; lm[key] += $8; lc[key] += $9
    BM += $6; BC += $7; LM += $8; LC += $9
  }
  END {
    printf "Coverage: lines %.1f%% (%d/%d), branches %.1f%% (%d/%d)\n",
      pct(LC, LM), LC, LC + LM, pct(BC, BM), BC, BC + BM
    printf "%-10s %-45s %7s %13s %9s %13s\n", "module", "package", "lines", "", "branches", "" > out
    close(out)
    sorted = "sort -k3,3n >> \"" out "\""
    for (k in lm) {
      split(k, part, " ")
      printf "%-10s %-45s %6.1f%% %13s %8.1f%% %13s\n", part[1], part[2],
        pct(lc[k], lm[k]), "(" lc[k] "/" lc[k] + lm[k] ")",
        pct(bc[k], bm[k]), "(" bc[k] "/" bc[k] + bm[k] ")" | sorted
    }
    close(sorted)
  }
' "$csv"
echo "Per package, least covered first: ${out#"$here"/}"
