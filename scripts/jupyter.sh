#!/usr/bin/env bash
# Registers the tslab TypeScript kernel against Debian's python and starts Jupyter, or (with
# `execute <notebook>...`) runs notebooks through the real kernel with nbconvert.
#   npm run jupyter                                  # interactive (Jupyter Notebook / Lab, whichever is installed)
#   npm run jupyter -- execute notebooks/00-overview.ipynb   # headless through Jupyter; output in build/jupyter/
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ "${1:-}" = "execute" ]; then bash "$root/scripts/ensure-system.sh" --jupyter; else bash "$root/scripts/ensure-system.sh" --frontend; fi
prefix="$root/.cache/jupyter"
if [ ! -f "$prefix/share/jupyter/kernels/tslab/kernel.json" ]; then
  (cd "$root" && npx tslab install --python=/usr/bin/python3 --binary="$root/node_modules/.bin/tslab" --prefix="$prefix" >/dev/null)
fi
export JUPYTER_PATH="$prefix/share/jupyter"
if [ "${1:-}" = "execute" ]; then
  shift
  mkdir -p "$root/build/jupyter"
  for nb in "$@"; do
    /usr/bin/python3 -m jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=tslab \
      --ExecutePreprocessor.timeout=1800 --output-dir "$root/build/jupyter" "$nb"
  done
  exit 0
fi
if /usr/bin/python3 -c "import jupyterlab" >/dev/null 2>&1; then exec /usr/bin/python3 -m jupyter lab --notebook-dir="$root/notebooks" "$@"; fi
if /usr/bin/python3 -c "import notebook" >/dev/null 2>&1; then exec /usr/bin/python3 -m jupyter notebook --notebook-dir="$root/notebooks" "$@"; fi
echo "No Jupyter front end could be installed (scripts/ensure-system.sh --frontend installs Debian's jupyter-notebook)." >&2
exit 1
