#!/usr/bin/env bash
# Installs the Debian packages the project needs when they are missing (idempotent; needs root or sudo):
#   chromium + fonts-liberation  figure export (SVG/PNG)           always
#   Jupyter (nbconvert, nbclient, ipykernel)                        with --jupyter (HTML copies, the real kernel)
#   Jupyter Notebook front end (jupyter-notebook)                   with --frontend (npm run jupyter)
#   Slurm (slurm-wlm) + munge, a one-node test cluster             with --slurm (scripts/slurm-test.sh)
#   ITK 5.2 reference program for the N4/resampling tests          with --test (scripts/build-itk-reference.sh);
#                                                                   --test also installs both Jupyter sets (viewing tests)
# Prints what it does; does nothing when everything is present.
set -euo pipefail
want_jupyter=0
want_frontend=0
want_test=0
want_slurm=0
for arg in "$@"; do
  case "$arg" in
    --jupyter) want_jupyter=1 ;;
    --frontend) want_jupyter=1; want_frontend=1 ;;
    --test) want_test=1; want_jupyter=1; want_frontend=1 ;;
    --slurm) want_slurm=1 ;;
    *) echo "ensure-system: unknown option $arg" >&2; exit 2 ;;
  esac
done
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ "$want_test" = 1 ] && [ ! -x "$root/build/itk-reference/itk-reference" ]; then
  bash "$root/scripts/build-itk-reference.sh"
fi

pkgs=()
command -v chromium >/dev/null 2>&1 || pkgs+=(chromium)
[ -d /usr/share/fonts/truetype/liberation ] || pkgs+=(fonts-liberation)
if [ "$want_jupyter" = 1 ]; then
  /usr/bin/python3 -c "import nbclient, nbconvert, ipykernel" >/dev/null 2>&1 ||
    pkgs+=(jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel jupyter-core)
fi
if [ "$want_frontend" = 1 ]; then
  /usr/bin/python3 -c "import notebook" >/dev/null 2>&1 || pkgs+=(jupyter-notebook)
fi
if [ "$want_slurm" = 1 ]; then
  { command -v slurmctld && command -v slurmd && command -v sbatch; } >/dev/null 2>&1 || pkgs+=(slurm-wlm)
  command -v munged >/dev/null 2>&1 || pkgs+=(munge)
fi
[ ${#pkgs[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "ensure-system: installing ${pkgs[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
