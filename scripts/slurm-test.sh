#!/usr/bin/env bash
# Runs the documented Slurm array job (src/radiomics/batch/slurm/*.sbatch) on a real one-node Slurm cluster
# started here, and checks it gives the single-process run's tables byte for byte:
#   1. installs slurm-wlm and munge when missing (scripts/ensure-system.sh --slurm; needs root);
#   2. writes a synthetic cohort (src/radiomics/batch/synthetic.ts) plus one unreadable image, so failures.csv
#      has a row;
#   3. extracts it in one process (`alnm extract-cohort`), the reference;
#   4. starts munged, slurmctld and slurmd on localhost (2 CPUs; configuration, state and logs in the work
#      folder, free ports, no systemd or cgroups needed);
#   5. submits extract-array.sbatch as 4 shards of 1 CPU and merge.sbatch with --dependency=afterany, cancels
#      shard 2 part way with scancel, requeues it with `scontrol requeue` and checks that it resumed (kept the
#      cases it had finished, extracted the rest);
#   6. compares features.csv, features.json and failures.csv of the merge with the reference's.
# Prints a run log (timings, job states, the cancelled task). Stops the daemons on exit, also on failure (then
# the daemon and job logs are shown). Exit status 0: identical tables; 1 otherwise.
#
#   bash scripts/slurm-test.sh [--keep] [--patients N]
#
# --keep keeps the work folder (/tmp/alnm-slurm-test-*; it is kept anyway after a failure). --patients sets
# the cohort size (default 24: 72 images, 144 cases + the unreadable one; a shard runs long enough to be cancelled part way).
set -euo pipefail
cd "$(dirname "$0")/.."

keep=0
patients=24
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=1 ;;
    --patients) patients="$2"; shift ;;
    *) echo "slurm-test: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[[ "$patients" =~ ^[1-9][0-9]*$ ]] || { echo "slurm-test: --patients $patients: expected a positive integer" >&2; exit 2; }

shards=4
cancel_task=2
# The cancel comes once shard $cancel_task has finished this many cases (it has about 36).
cancel_after_cases=6
started_ns=$(date +%s%N)

# --- logging and failure ---------------------------------------------------------------------------------------

# Seconds since a `date +%s%N` value, one decimal.
seconds_since() { local ms=$((($(date +%s%N) - $1) / 1000000)); printf '%d.%d' $((ms / 1000)) $(((ms / 100) % 10)); }
# A run-log line, stamped with the seconds since the start.
say() { printf '[%6s s] %s\n' "$(seconds_since "$started_ns")" "$*"; }
fail() {
  say "FAILED: $*" >&2
  exit 1
}

# Waits until `$2...` (a command) succeeds, checking every 0.5 s; fails with "$1" after $wait_seconds seconds.
wait_for() {
  local what="$1" deadline=$(($(date +%s) + wait_seconds))
  shift
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "timed out after ${wait_seconds} s waiting for $what"
    sleep 0.5
  done
}

bash scripts/ensure-system.sh --slurm
work="$(mktemp -d /tmp/alnm-slurm-test-XXXXXX)"
mkdir -p "$work/munge" "$work/slurm/state" "$work/slurm/spool" "$work/logs"
chmod 755 "$work/munge"   # munged wants its socket folder reachable by all (the key stays 0400)
export SLURM_CONF="$work/slurm/slurm.conf"
munged_pid=""
slurmctld_pid=""
slurmd_pid=""
jobs_submitted=()

# Shows the last lines of every daemon and job log (after a failure).
show_logs() {
  local f
  for f in "$work"/logs/*; do
    [ -s "$f" ] || continue
    echo "----- $f (last 40 lines)" >&2
    tail -n 40 "$f" >&2
  done
}

# Waits up to $2 seconds for process $1 to end, then sends SIGKILL.
stop_pid() {
  local deadline=$(($(date +%s) + $2))
  while kill -0 "$1" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
  if kill -0 "$1" 2>/dev/null; then
    echo "slurm-test: pid $1 still running after $2 s, sending SIGKILL" >&2
    kill -KILL "$1" 2>/dev/null || true
  fi
  wait "$1" 2>/dev/null || true
}

# Our jobs that still hold the node (running or being killed).
jobs_active() { [ -n "$(squeue -h -j "$(IFS=,; echo "${jobs_submitted[*]}")" -t RUNNING,COMPLETING -o %i 2>/dev/null)" ]; }

# On exit: cancel our jobs and let them end, stop slurmctld and slurmd (scontrol shutdown), then munged.
cleanup() {
  local status=$?
  trap - EXIT
  [ "$status" -ne 0 ] && show_logs
  if [ ${#jobs_submitted[@]} -gt 0 ]; then
    scancel "${jobs_submitted[@]}" >/dev/null 2>&1 || true
    local deadline=$(($(date +%s) + 20))
    while jobs_active && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.5; done
  fi
  if [ -n "$slurmctld_pid$slurmd_pid" ]; then
    timeout 10 scontrol shutdown >/dev/null 2>&1 || true
    [ -z "$slurmctld_pid" ] || stop_pid "$slurmctld_pid" 15
    [ -z "$slurmd_pid" ] || stop_pid "$slurmd_pid" 15
  fi
  if [ -n "$munged_pid" ]; then
    kill -TERM "$munged_pid" 2>/dev/null || true
    stop_pid "$munged_pid" 10
  fi
  if [ "$status" -eq 0 ] && [ "$keep" = 0 ]; then rm -rf "$work"; else echo "slurm-test: work folder kept: $work" >&2; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the cohort and the single-process reference -------------------------------------------------------------------

say "work folder $work"
t0=$(date +%s%N)
npx tsx -e '
  import { readFileSync, writeFileSync } from "node:fs";
  import { join } from "node:path";
  import { writeSyntheticCohort } from "./src/radiomics/batch/synthetic.ts";
  const dir = process.argv[1];
  const manifestFile = writeSyntheticCohort({ dir, patients: Number(process.argv[2]), size: [128, 128, 32], tumourRadii: [24, 20, 8] });
  // One case whose image is not an image: its failure must reach failures.csv the same way in both runs.
  writeFileSync(join(dir, "images", "broken_T1C.nrrd"), "NRRD0004\nthis is not a header\n");
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  manifest.cases.splice(9, 0, { patientId: "BROKEN", sequence: "T1C", region: "tumour", image: "images/broken_T1C.nrrd", mask: "images/SYN0001_label.nrrd", label: 1 });
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + "\n");
  console.log(`${manifest.cases.length} cases`);
' "$work/cohort" "$patients" >"$work/cohort.txt"
manifest="$work/cohort/manifest.json"
total_cases=$(grep -o '^[0-9]*' "$work/cohort.txt")
say "cohort: $patients synthetic patients x 3 sequences x 2 regions + 1 unreadable image = $total_cases cases (written in $(seconds_since "$t0") s)"

# Options given to both runs (the array gets them through the sbatch script's arguments).
extract_options=(--case-timeout 120)
t0=$(date +%s%N)
status=0
node bin/alnm.mjs extract-cohort --manifest "$manifest" --out "$work/single" --workers 2 "${extract_options[@]}" >"$work/logs/single.log" 2>&1 || status=$?
[ "$status" -le 1 ] || fail "single-process extract-cohort exited with $status (log: $work/logs/single.log)"
single_seconds=$(seconds_since "$t0")
grep -q "^$total_cases cases: 0 kept from before, $((total_cases - 1)) extracted, 1 failed" "$work/logs/single.log" ||
  fail "single-process run: expected $((total_cases - 1)) cases extracted and 1 failed (log: $work/logs/single.log)"
[ "$(grep -c '' "$work/single/failures.csv")" -eq 2 ] && grep -q '^BROKEN/T1C/tumour,' "$work/single/failures.csv" ||
  fail "single-process run: failures.csv should hold exactly the BROKEN case"
say "single process (2 workers): $((total_cases - 1)) extracted, 1 failed in $single_seconds s"

# --- a one-node Slurm cluster ---------------------------------------------------------------------------------------

# A TCP port nobody listens on (asked from the kernel), so a Slurm already running on this machine is left alone.
free_port() { node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'; }
ctld_port=$(free_port)
slurmd_port=$(free_port)
while [ "$slurmd_port" = "$ctld_port" ]; do slurmd_port=$(free_port); done
memory_mb=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)

head -c 1024 /dev/urandom >"$work/munge/munge.key"
chmod 400 "$work/munge/munge.key"
munge_socket="$work/munge/munge.socket"
cat >"$SLURM_CONF" <<EOF
# One-node test cluster of scripts/slurm-test.sh: localhost, 2 CPUs, jobs run as the submitting user (root).
ClusterName=alnmtest
SlurmctldHost=localhost
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# Our own munged socket; credentials expire after 10 s (a requeued task waits for that, default 120 s).
AuthInfo=socket=$munge_socket,cred_expire=10
StateSaveLocation=$work/slurm/state
SlurmdSpoolDir=$work/slurm/spool
SlurmctldPidFile=$work/slurm/slurmctld.pid
SlurmdPidFile=$work/slurm/slurmd.pid
SlurmctldLogFile=$work/logs/slurmctld.log
SlurmdLogFile=$work/logs/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# No cgroups in a container: processes tracked by parent id, no task binding, no accounting.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
# Schedule every second (default: up to a minute before a pending task starts).
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1,bf_interval=1
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
KillWait=5
ReturnToService=2
# The node is what this file says (2 CPUs), whatever the machine has.
SlurmdParameters=config_overrides
NodeName=localhost NodeAddr=127.0.0.1 CPUs=2 RealMemory=$memory_mb State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF

t0=$(date +%s%N)
/usr/sbin/munged --foreground --force --socket="$munge_socket" --key-file="$work/munge/munge.key" \
  --log-file="$work/logs/munged.log" --pid-file="$work/munge/munged.pid" --seed-file="$work/munge/munged.seed" \
  2>"$work/logs/munged.stderr" &
munged_pid=$!
munge_works() { munge --socket="$munge_socket" -n 2>/dev/null | unmunge --socket="$munge_socket" >/dev/null 2>&1; }
wait_seconds=15 wait_for "munged to answer on $munge_socket" munge_works
/usr/sbin/slurmctld -D -f "$SLURM_CONF" >"$work/logs/slurmctld.stderr" 2>&1 &
slurmctld_pid=$!
/usr/sbin/slurmd -D -f "$SLURM_CONF" -N localhost >"$work/logs/slurmd.stderr" 2>&1 &
slurmd_pid=$!
node_idle() { [ "$(sinfo -h -n localhost -o %t 2>/dev/null)" = idle ]; }
wait_seconds=30 wait_for "node localhost to be idle (sinfo)" node_idle
say "cluster up in $(seconds_since "$t0") s: munged, slurmctld (port $ctld_port), slurmd (port $slurmd_port); $(sinfo -h -o '%P %D node, %c CPUs, state %t')"

# --- the array job, a cancel and a requeue, the merge ---------------------------------------------------------------

# One task's (or job's) field from `scontrol show job`, e.g. job_field 12_2 JobState.
job_field() { scontrol show job "$1" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1; }
task_log() { echo "$work/logs/extract-$array_job-$1.out"; }
# Cases a task's log reports extracted in its current attempt (lines "[i/n] case ok" after the last "attempt"
# line); failed cases are not counted (--resume tries them again).
cases_done() { awk '/^alnm-extract: .*attempt/ { n = 0 } /^\[[0-9]+\/[0-9]+\] .* ok / { n++ } END { print n + 0 }' "$(task_log "$1")" 2>/dev/null || echo 0; }

submitted_ns=$(date +%s%N)
array_job=$(ALNM_MANIFEST="$manifest" ALNM_OUT="$work/array" sbatch --parsable --array=1-$shards --cpus-per-task=1 \
  --time=00:20:00 --output="$work/logs/extract-%A-%a.out" src/radiomics/batch/slurm/extract-array.sbatch "${extract_options[@]}")
jobs_submitted+=("$array_job")
merge_job=$(ALNM_MANIFEST="$manifest" ALNM_OUT="$work/array" sbatch --parsable --dependency=afterany:"$array_job" \
  --time=00:10:00 --output="$work/logs/merge-%j.out" src/radiomics/batch/slurm/merge.sbatch)
jobs_submitted+=("$merge_job")
say "submitted array job $array_job (extract-array.sbatch --array=1-$shards --cpus-per-task=1) and merge job $merge_job (merge.sbatch, afterany:$array_job)"

# True once the task to cancel runs and has extracted $cancel_after_cases cases; fails if it ended before.
task_running_with_cases() {
  local state
  state=$(job_field "${array_job}_$cancel_task" JobState)
  case "$state" in
    COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY)
      fail "task ${array_job}_$cancel_task ended $state before it had extracted $cancel_after_cases cases (use more --patients)" ;;
  esac
  [ "$state" = RUNNING ] && [ "$(cases_done $cancel_task)" -ge "$cancel_after_cases" ]
}
wait_seconds=180 wait_for "task ${array_job}_$cancel_task to run and finish $cancel_after_cases cases" task_running_with_cases
scancel "${array_job}_$cancel_task"
done_at_cancel=$(cases_done $cancel_task)
say "scancel ${array_job}_$cancel_task: running, $done_at_cancel cases extracted"
task_cancelled() { [ "$(job_field "${array_job}_$cancel_task" JobState)" = CANCELLED ]; }
wait_seconds=30 wait_for "task ${array_job}_$cancel_task to be CANCELLED" task_cancelled
if grep -q '^[0-9]* cases: ' "$(task_log $cancel_task)"; then
  fail "task ${array_job}_$cancel_task finished before it was cancelled (use more --patients)"
fi
say "task ${array_job}_$cancel_task CANCELLED before its end"
# Slurm refuses to requeue a task whose processes are still being killed: try again until it accepts.
requeue_accepted() { scontrol requeue "${array_job}_$cancel_task" 2>>"$work/logs/requeue.stderr"; }
wait_seconds=30 wait_for "scontrol requeue ${array_job}_$cancel_task to be accepted" requeue_accepted
say "scontrol requeue ${array_job}_$cancel_task: $(job_field "${array_job}_$cancel_task" JobState)"

merge_finished() { case "$(job_field "$merge_job" JobState)" in COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY) true ;; *) false ;; esac; }
wait_seconds=600 wait_for "the array and merge jobs to finish" merge_finished
array_seconds=$(seconds_since "$submitted_ns")

# --- what happened -------------------------------------------------------------------------------------------------------

say "job states (start and end times from scontrol, 1 s resolution):"
for k in $(seq 1 $shards); do
  id="${array_job}_$k"
  summary=$(grep -h '^[0-9]* cases: ' "$(task_log "$k")" | tr '\n' ';' | sed 's/;$//; s/;/; then /g')
  printf '           %-10s %-9s exit %-4s restarts %s  %s .. %s  %s\n' "$id" "$(job_field "$id" JobState)" "$(job_field "$id" ExitCode)" \
    "$(job_field "$id" Restarts)" "$(job_field "$id" StartTime | cut -c12-)" "$(job_field "$id" EndTime | cut -c12-)" "$summary"
done
printf '           %-10s %-9s exit %-4s              %s .. %s  %s\n' "$merge_job" "$(job_field "$merge_job" JobState)" "$(job_field "$merge_job" ExitCode)" \
  "$(job_field "$merge_job" StartTime | cut -c12-)" "$(job_field "$merge_job" EndTime | cut -c12-)" "$(grep -h 'cases merged' "$work"/logs/merge-*.out || true)"
say "array + merge: $array_seconds s from submission to the merge's end"

[ "$(job_field "$merge_job" JobState)" = COMPLETED ] || fail "merge job $merge_job ended $(job_field "$merge_job" JobState)"
for k in $(seq 1 $shards); do
  state=$(job_field "${array_job}_$k" JobState)
  # A shard holding the unreadable image exits 1 (FAILED) by design; any other end is an error.
  case "$state" in COMPLETED | FAILED) ;; *) fail "task ${array_job}_$k ended $state" ;; esac
  [ "$state" = COMPLETED ] || grep -q ' 1 failed$' "$(task_log "$k")" || fail "task ${array_job}_$k FAILED without a failed case"
done

# The requeued task: a second attempt that kept what the first finished and extracted the rest.
log2="$(task_log $cancel_task)"
grep -q "attempt 2," "$log2" || fail "task ${array_job}_$cancel_task has no second attempt in $log2"
resumed=$(awk '/attempt 2,/ { second = 1 } second && /^[0-9]+ cases: / { print; exit }' "$log2")
read -r shard_cases kept extracted failed <<<"$(echo "$resumed" | sed -E 's/^([0-9]+) cases: ([0-9]+) kept from before, ([0-9]+) extracted, ([0-9]+) failed$/\1 \2 \3 \4/')"
[ -n "$resumed" ] && [ "$kept" -ge "$done_at_cancel" ] && [ "$kept" -gt 0 ] && [ "$extracted" -gt 0 ] &&
  [ $((kept + extracted + failed)) -eq "$shard_cases" ] ||
  fail "task ${array_job}_$cancel_task did not resume: expected some of its cases kept (>= $done_at_cancel) and the rest extracted, got: ${resumed:-no summary}"
say "task ${array_job}_$cancel_task resumed after the requeue: $kept of $shard_cases cases kept from the cancelled attempt, $extracted extracted"
grep -v '^\[' "$log2" | sed 's/^/           /'

# --- the tables, byte for byte -------------------------------------------------------------------------------------------

differ=0
for table in features.csv features.json failures.csv; do
  if cmp -s "$work/single/$table" "$work/array/$table"; then
    say "identical: $table ($(wc -c <"$work/single/$table") bytes)"
  else
    say "DIFFERS: $table (single process: $work/single/$table, array: $work/array/$table)" >&2
    differ=1
  fi
done
[ "$differ" = 0 ] || fail "the array job's tables differ from the single-process run's"
say "slurm-test: passed (single process $single_seconds s; array of $shards shards on 2 CPUs with a cancel and requeue, plus merge: $array_seconds s)"
