#!/usr/bin/env bash
# Builds tools/itk-reference (ITK's N4 and resampling, the reference for src/radiomics/preprocess tests) into
# build/itk-reference/itk-reference. Installs Debian's libinsighttoolkit5-dev (ITK 5.2), cmake and g++ when
# missing (needs root or sudo). Idempotent; prints the time each step took.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

pkgs=()
[ -d /usr/lib/cmake/ITK-5.2 ] || [ -n "$(ls -d /usr/lib/cmake/ITK-5* 2>/dev/null)" ] || pkgs+=(libinsighttoolkit5-dev)
command -v cmake >/dev/null 2>&1 || pkgs+=(cmake)
command -v g++ >/dev/null 2>&1 || pkgs+=(g++)
if [ ${#pkgs[@]} -gt 0 ]; then
  t0=$(date +%s)
  echo "build-itk-reference: installing ${pkgs[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
  echo "build-itk-reference: apt install took $(( $(date +%s) - t0 )) s" >&2
fi

t0=$(date +%s)
out="$root/build/itk-reference"
mkdir -p "$out"
cmake -S "$root/tools/itk-reference" -B "$out" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$out" -j 2 >/dev/null
echo "build-itk-reference: build took $(( $(date +%s) - t0 )) s -> $out/itk-reference" >&2
