#!/usr/bin/env bash
# Runs the whole analysis twice (`npm run reproduce`), each into a fresh output folder (ALNM_OUTPUT) with a
# fresh cache (ALNM_CACHE, so the synthetic cohort and every feature are recomputed), then compares every file
# of the two runs byte for byte: results/, figures/ (JSON, SVG, PNG) and the executed notebooks in build/
# (timings belong in build/timings/, which is not compared).
#
#   bash scripts/check-determinism.sh [--keep] [--only <notebook>]...
#
# Exit status: 0 identical; 1 a result, figure spec, SVG or notebook differs (or a run failed); 2 only PNG
# rasters differ (Chromium's rasteriser, not our numbers). The folders are removed unless --keep (or a
# difference is found). ALNM_DETERMINISM_DIR=<dir> chooses where they go (default: a new folder under /tmp).
set -euo pipefail
cd "$(dirname "$0")/.."

keep=0
only=()
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=1 ;;
    --only) only+=(--only "$2"); shift ;;
    *) echo "check-determinism: unknown option $1" >&2; exit 1 ;;
  esac
  shift
done

base="${ALNM_DETERMINISM_DIR:-$(mktemp -d /tmp/alnm-determinism-XXXXXX)}"
mkdir -p "$base"
echo "check-determinism: two runs under $base" >&2

for run in 1 2; do
  rm -rf "$base/out$run" "$base/cache$run"
  started=$(date +%s)
  if ! ALNM_OUTPUT="$base/out$run" ALNM_CACHE="$base/cache$run" npm run --silent reproduce -- "${only[@]}" >"$base/run$run.log" 2>&1; then
    echo "check-determinism: run $run failed; log: $base/run$run.log" >&2
    tail -5 "$base/run$run.log" >&2
    exit 1
  fi
  echo "check-determinism: run $run done in $(( $(date +%s) - started )) s" >&2
done

# Not compared: temporaries (*.tmp-*; never read back, only a killed writer leaves one) and build/timings/,
# the one place for run-dependent measurements (wall/CPU seconds) a notebook wants to keep.
list() { (cd "$1" && find . -type f ! -name '*.tmp-*' ! -path './build/timings/*' | sort); }
if ! diff <(list "$base/out1") <(list "$base/out2") >"$base/file-lists.diff"; then
  echo "check-determinism: the runs wrote different sets of files:" >&2
  cat "$base/file-lists.diff" >&2
  exit 1
fi

total=0
differ=()
png_differ=()
while IFS= read -r f; do
  total=$((total + 1))
  if ! cmp -s "$base/out1/$f" "$base/out2/$f"; then
    case "$f" in
      *.png) png_differ+=("$f") ;;
      *) differ+=("$f") ;;
    esac
  fi
done < <(list "$base/out1")

echo "check-determinism: $total files compared; ${#differ[@]} differ; ${#png_differ[@]} PNG differ" >&2
for f in "${differ[@]}" "${png_differ[@]}"; do echo "  differs: $f" >&2; done
if [ ${#differ[@]} -gt 0 ]; then
  echo "check-determinism: NOT deterministic (folders kept: $base)" >&2
  exit 1
fi
if [ ${#png_differ[@]} -gt 0 ]; then
  echo "check-determinism: numbers, specs and SVGs identical; only PNG rasters differ (folders kept: $base)" >&2
  exit 2
fi
[ "$keep" = 1 ] || rm -rf "$base"
echo "check-determinism: byte-identical" >&2
