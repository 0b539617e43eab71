#!/usr/bin/env bash
# Slurm self-test: installs Debian's slurm-wlm and munge if missing, starts a one-node cluster on
# localhost (munged, slurmctld, slurmd; configuration and state in a temporary folder), submits
# a 2-task array of a small sweep with scripts/slurm/sweep_array.sh, merges the shards, and checks
# the merged database holds exactly the runs of the same sweep run locally. Needs root (CI is).
# Usage: scripts/slurm/selftest.sh [CELLTWIN_BINARY]     prints PASS or FAIL last
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
celltwin=$(realpath "${1:-build/celltwin}")
[ "$(id -u)" -eq 0 ] || { echo "slurm selftest: needs root (starts munged, slurmctld, slurmd)"; echo FAIL; exit 1; }
for p in slurm-wlm munge sqlite3; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge sqlite3 >/dev/null; break; }
done
tmp=$(mktemp -d /tmp/celltwin_slurm.XXXXXX)
chmod 755 "$tmp"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$tmp/munge/munged.pid" ] && kill "$(cat "$tmp/munge/munged.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# munge: its own key and socket in the temporary folder.
mkdir -p "$tmp/munge"
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chown -R munge:munge "$tmp/munge"
chmod 700 "$tmp/munge"
chmod 400 "$tmp/munge/munge.key"
socket=$tmp/munge/munge.socket
runuser -u munge -- munged --key-file="$tmp/munge/munge.key" --socket="$socket" \
  --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/munge/munged.log" --seed-file="$tmp/munge/seed" --force
for _ in $(seq 50); do [ -S "$socket" ] && break; sleep 0.1; done

host=$(hostname -s)
cpus=$(nproc)
mkdir -p "$tmp/state" "$tmp/spool"
cat > "$tmp/slurm.conf" <<CONF
ClusterName=celltwin-selftest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SchedulerType=sched/builtin
NodeName=$host NodeAddr=127.0.0.1 NodeHostname=$host CPUs=$cpus State=UNKNOWN
PartitionName=selftest Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$tmp/slurm.conf
slurmctld -D -f "$SLURM_CONF" > "$tmp/slurmctld.out" 2>&1 & pids+=($!)
slurmd -D -f "$SLURM_CONF" > "$tmp/slurmd.out" 2>&1 & pids+=($!)
ready=0
for _ in $(seq 100); do
  if sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix)'; then ready=1; break; fi
  sleep 0.2
done
if [ "$ready" -ne 1 ]; then
  echo "slurm selftest: the one-node cluster did not come up"; tail -5 "$tmp"/slurm*.log "$tmp"/*.out 2>/dev/null
  echo FAIL; exit 1
fi

cat > "$tmp/sweep.yaml" <<YAML
sweep: slurm_selftest
base: $root/configs/examples/two_station.yaml
replications: 2
set: {horizon_h: 4}
vary: {grid: {line.stations.press.machines: [1, 2], line.stations.inspect.buffer_in: [2, 8]}}
sources: {line.stations.press.machines: "self-test values", line.stations.inspect.buffer_in: "self-test values"}
YAML
mkdir -p "$tmp/array"
(cd "$tmp" && CELLTWIN=$celltwin sbatch --wait --array=1-2 --cpus-per-task=1 \
   "$root/scripts/slurm/sweep_array.sh" "$tmp/sweep.yaml" "$tmp/array" > "$tmp/sbatch.out")
"$celltwin" sweep-merge "$tmp/array/results.sqlite" "$tmp"/array/shard_*/results.sqlite
"$celltwin" sweep "$tmp/sweep.yaml" --out "$tmp/local" -q
query='SELECT key, status, "kpis.throughput_per_h", "kpis.final_yield" FROM runs ORDER BY key'
merged=$(sqlite3 "$tmp/array/results.sqlite" "$query")
local_runs=$(sqlite3 "$tmp/local/results.sqlite" "$query")
count=$(sqlite3 "$tmp/array/results.sqlite" "SELECT count(*) FROM runs WHERE status = 'ok'")
if [ "$merged" = "$local_runs" ] && [ "$count" -eq 8 ]; then
  echo "slurm selftest: 2-task array of an 8-run sweep merged equals the local sweep ($(cat "$tmp/sbatch.out"))"
  echo PASS
else
  echo "slurm selftest: merged ($count ok runs) differs from the local sweep"
  diff <(echo "$merged") <(echo "$local_runs") | head
  echo FAIL; exit 1
fi
