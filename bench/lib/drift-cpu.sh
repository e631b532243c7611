# Sourced by bench/fastpath.sh and bench/engine-path.sh.
# drift_cpu LOG AGENT_PID: waits for the agent's boot tune in LOG, then prints "MS_PER_PASS PASSES CPU_SECONDS": the CPU
# time (utime+stime from /proc/PID/stat) the agent used over 20 s, per drift pass it logged in that time.
drift_cpu() {
  local log=$1 agent=$2 pid cpu0 cpu1 passes0 passes1
  for _ in $(seq 300); do grep -q "Boot tune done" "$log" && break; sleep 0.1; done
  grep -q "Boot tune done" "$log" || { cat "$log"; echo "the agent did not finish its boot tune" >&2; return 1; }
  pid=$(pgrep -P "$agent" -x nictune || echo "$agent")
  sleep 2
  cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat"); passes0=$(grep -c "Reconciling (Drift" "$log" || true)
  sleep 20
  cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat"); passes1=$(grep -c "Reconciling (Drift" "$log" || true)
  awk -v c="$((cpu1 - cpu0))" -v p="$((passes1 - passes0))" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    printf "%.1f %d %.2f\n", c * 1000 / hz / p, p, c / hz }'
}
