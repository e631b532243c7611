"""Start-up time and memory of `nictune run`, measured from outside with public tools only.

Run by bench/startup-footprint.sh inside the network namespace it creates (`ip netns exec NS python3 ...`), so
every process started here sees only that namespace's interfaces. For each repetition it binds a fresh
NOTIFY_SOCKET, takes time.perf_counter() just before exec, and again when the READY=1 datagram arrives; then
SIGTERM and wait. The footprint run starts the agent once more, waits for READY=1, lets it idle, scrapes /metrics
like Prometheus would and reads VmRSS/VmHWM from /proc/PID/status, with node_exporter (network collectors only)
running beside it in the same namespace and scraped the same number of times.
"""

import json
import os
import signal
import socket
import statistics
import shutil
import subprocess
import sys
import time
import urllib.request


def wait_ready(sock, proc, timeout):
    """Reads datagrams until one carries READY=1; returns perf_counter() at its arrival."""
    deadline = time.perf_counter() + timeout
    while True:
        left = deadline - time.perf_counter()
        if left <= 0 or proc.poll() is not None:
            raise RuntimeError(f"no READY=1 (exit code {proc.poll()})")
        sock.settimeout(left)
        data = sock.recv(4096)
        now = time.perf_counter()
        if b"READY=1" in data.split(b"\n"):
            return now


def start(binary, config, notify_path, log):
    # WRAP (for looking, not for the figures): a command put before the binary, e.g. "strace -f -tt -o FILE".
    wrap = os.environ.get("WRAP", "").split()
    return start_command(wrap + [binary, "run", "--config", config], notify_path, log)


def start_command(command, notify_path, log):
    """Binds a fresh NOTIFY_SOCKET and starts the command with it; perf_counter() just before the exec."""
    if os.path.exists(notify_path):
        os.unlink(notify_path)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(notify_path)
    env = dict(os.environ, NOTIFY_SOCKET=notify_path)
    t0 = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    return sock, proc, t0


def stop(sock, proc):
    """SIGTERM, then the exit status and CPU time (user + system, in ms) of the whole run from wait4."""
    proc.send_signal(signal.SIGTERM)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    sock.close()
    if proc.returncode != 0:
        raise RuntimeError(f"nictune run exited {proc.returncode}")
    return (usage.ru_utime + usage.ru_stime) * 1000


def status(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "Threads"):
                fields[key] = int(value.split()[0])
    return fields


def scrape(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return len(r.read())


def time_to_ready(binary, config, directory, runs):
    notify = os.path.join(directory, "notify.sock")
    times, cpu = [], []
    with open(os.path.join(directory, "nictune.log"), "ab") as log:
        for i in range(runs + 1):  # the first is the warm-up (page cache, first baseline)
            sock, proc, t0 = start(binary, config, notify, log)
            try:
                t1 = wait_ready(sock, proc, 30)
            finally:
                used = stop(sock, proc)
            if i > 0:
                times.append((t1 - t0) * 1000)
                cpu.append(used)
    return times, cpu


def footprint(binary, config, directory, node_exporter, scrapes, idle):
    notify = os.path.join(directory, "notify.sock")
    node = subprocess.Popen([node_exporter, "--web.listen-address=127.0.0.1:9100", "--collector.disable-defaults",
                             "--collector.netdev", "--collector.netclass", "--collector.ethtool",
                             "--collector.softnet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(os.path.join(directory, "nictune.log"), "ab") as log:
        sock, proc, _ = start(binary, config, notify, log)
        try:
            wait_ready(sock, proc, 30)
            for _ in range(100):
                try:
                    scrape("http://127.0.0.1:9100/metrics")
                    break
                except OSError:
                    time.sleep(0.1)
            time.sleep(idle)
            result = {"after_ready_idle": {"nictune": status(proc.pid), "node_exporter": status(node.pid)}}
            for _ in range(scrapes):
                scrape("http://127.0.0.1:10910/metrics")
                scrape("http://127.0.0.1:9100/metrics")
            time.sleep(1)
            result["after_scrapes"] = {"nictune": status(proc.pid), "node_exporter": status(node.pid)}
        finally:
            stop(sock, proc)
            node.terminate()
            node.wait()
    return result


def one_shot(command, runs):
    """exec -> exit of a one-shot command (the peer), one warm-up first."""
    times = []
    for i in range(runs + 1):
        t0 = time.perf_counter()
        code = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        t1 = time.perf_counter()
        if code != 0:
            raise RuntimeError(f"{command} exited {code}")
        if i > 0:
            times.append((t1 - t0) * 1000)
    return times


def apply_against_tuned(binary, directory, tuned, runs):
    """exec -> exit of `nictune apply --profile auto` and of tuned's one-shot run, alternating (which goes first
    alternates too), one warm-up round first. Each apply starts from the namespace's originals: an untimed
    `rollback --to baseline` follows it, so every timed apply changes what auto changes here, as at boot."""
    state = os.path.join(directory, "state-apply")
    apply = [binary, "apply", "--profile", "auto", "--state-dir", state]
    restore = [binary, "rollback", "--to", "baseline", "--state-dir", state]
    times = {"apply": [], "tuned": []}
    for i in range(runs + 1):
        for side in (("apply", "tuned") if i % 2 == 0 else ("tuned", "apply")):
            t0 = time.perf_counter()
            code = subprocess.run(apply if side == "apply" else tuned, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL).returncode
            t1 = time.perf_counter()
            if code != 0:
                raise RuntimeError(f"{side} exited {code}")
            if side == "apply":
                subprocess.run(restore, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            if i > 0:
                times[side].append((t1 - t0) * 1000)
    apply_s, tuned_s = summary(times["apply"]), summary(times["tuned"])
    return {"apply_auto": apply_s, "tuned_one_shot": tuned_s,
            "ratio_of_medians": round(apply_s["median_ms"] / tuned_s["median_ms"], 3)}


FSYNCS = ("fsync", "fdatasync", "sync_file_range")
# The runtime's own memory and scheduling calls (the GC committing and releasing its heap, threads waiting on each
# other): their number moves from run to run of the same daemon, so the counts per interface leave them out.
RUNTIME = ("mprotect", "madvise", "mmap", "munmap", "sched_yield", "futex", "rt_sigprocmask", "membarrier")


def strace_counts(command, directory, ready_socket=None):
    """System calls, fsyncs and the runtime's memory and scheduling calls (RUNTIME) of one run under `strace -f` (a
    count, the same on any machine). With ready_socket, of a daemon up to its READY=1 datagram (then SIGTERM); else of
    the whole one-shot run."""
    out = os.path.join(directory, "phase.strace")
    wrap = ["strace", "-f", "-qq", "-s", "64", "-o", out]
    if ready_socket is None:
        subprocess.run(wrap + command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    else:
        sock, proc, _ = start_command(wrap + command, ready_socket, subprocess.DEVNULL)
        try:
            wait_ready(sock, proc, 60)
        finally:
            # strace does not pass SIGTERM on: the agent (its child) gets it, and strace exits with it.
            with open(f"/proc/{proc.pid}/task/{proc.pid}/children") as f:
                for child in f.read().split():
                    os.kill(int(child), signal.SIGTERM)
            proc.wait(60)
            sock.close()
    calls, fsyncs, runtime = 0, 0, 0
    with open(out) as f:
        for line in f:
            name = line.split(None, 1)[1] if line[:1].isdigit() else line
            if name.startswith(("<...", "+++", "---")):
                continue
            calls += 1
            if name.startswith(FSYNCS):
                fsyncs += 1
            if name.split("(", 1)[0] in RUNTIME:
                runtime += 1
            if ready_socket and "READY=1" in name:
                break
    os.unlink(out)
    return calls, fsyncs, runtime


def task_cpu_ns(pid):
    """CPU time of every thread of the process so far, in ns (/proc/PID/task/*/schedstat), and its minor faults."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/schedstat") as f:
            total += int(f.read().split()[0])
    with open(f"/proc/{pid}/stat") as f:
        minflt = int(f.read().rsplit(")", 1)[1].split()[7])
    return total, minflt


def phases(binary, directory, runs):
    """Each step is a verb that stops at a later point of the same path; a phase's cost is its step's minus the one
    before it. CPU time (ms) and minor page faults are medians of `runs` (from wait4, or for the daemon from
    /proc/PID/task/*/schedstat and /proc/PID/stat at READY=1); system calls and fsyncs from one run under strace."""
    fresh = os.path.join(directory, "state-phase")
    notify = os.path.join(directory, "notify.sock")
    restore = [binary, "rollback", "--to", "baseline", "--state-dir", fresh]
    one_shot = [
        ("runtime start, --version", [binary, "--version"], None),
        ("+ discovery, table (detect)", [binary, "detect"], None),
        ("+ profiles, state reads, plan (plan auto)", [binary, "plan", "--profile", "auto", "--state-dir", fresh], None),
        ("+ journal, kernel and state writes (apply auto, fresh state dir)", [binary, "apply", "--profile", "auto", "--state-dir", fresh], "fresh"),
        ("apply auto, steady (nothing to change)", [binary, "apply", "--profile", "auto", "--state-dir", fresh], "steady"),
    ]
    daemon = [
        ("run observe, no API nor metrics: exec to READY=1", os.path.join(directory, "observe-bare.yaml")),
        ("+ API socket and /metrics (observe)", os.path.join(directory, "observe.yaml")),
        ("+ enforce: the boot transaction", os.path.join(directory, "enforce.yaml")),
    ]
    rows = []

    def reset():
        shutil.rmtree(fresh, ignore_errors=True)

    for name, command, state in one_shot:
        cpu, faults = [], []
        for i in range(runs + 1):
            if state == "fresh":
                subprocess.run(restore, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                reset()
            proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(proc.pid, 0)
            if os.waitstatus_to_exitcode(status) not in (0, 1):
                raise RuntimeError(f"{command} exited {os.waitstatus_to_exitcode(status)}")
            if i > 0:
                cpu.append((usage.ru_utime + usage.ru_stime) * 1000)
                faults.append(usage.ru_minflt)
        if state == "fresh":
            subprocess.run(restore, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            reset()
        calls, fsyncs, runtime = strace_counts(command, directory)
        rows.append({"step": name, "cpu_ms": round(statistics.median(cpu), 2), "minflt": int(statistics.median(faults)),
                     "syscalls": calls, "runtime_calls": runtime, "fsyncs": fsyncs})
    subprocess.run(restore, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for name, config in daemon:
        cpu, faults = [], []
        command = [binary, "run", "--config", config]
        for i in range(runs + 1):
            sock, proc, _ = start_command(command, notify, subprocess.DEVNULL)
            try:
                wait_ready(sock, proc, 60)
                used, minflt = task_cpu_ns(proc.pid)
            finally:
                stop(sock, proc)
            if i > 0:
                cpu.append(used / 1e6)
                faults.append(minflt)
        calls, fsyncs, runtime = strace_counts(command, directory, notify)
        rows.append({"step": name, "cpu_ms": round(statistics.median(cpu), 2), "minflt": int(statistics.median(faults)),
                     "syscalls": calls, "runtime_calls": runtime, "fsyncs": fsyncs})
    return rows


def syscall_counts(binary, directory):
    """System calls (without RUNTIME's) of each step that runs per interface, in this namespace, one run each under
    strace (a count):
    detect, `plan` of the benchmark's profile (which manages every veth: the per-interface reads a plan makes),
    `apply --profile auto` steady (a state directory of this namespace's own, applied once first), and observe mode
    with the API socket and /metrics from exec to READY=1."""
    interfaces = len(os.listdir("/sys/class/net"))
    state = os.path.join(directory, f"state-count-{interfaces}")
    notify = os.path.join(directory, "notify.sock")
    auto = [binary, "apply", "--profile", "auto", "--state-dir", state]
    subprocess.run(auto, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    counts = {"interfaces": interfaces}
    for name, command in [("detect", [binary, "detect"]),
                          ("plan bench", [binary, "plan", "--profile", "bench", "--state-dir", state]),
                          ("apply auto, steady", auto)]:
        calls, _, runtime = strace_counts(command, directory)
        counts[name] = calls - runtime
    calls, _, runtime = strace_counts(
        [binary, "run", "--config", os.path.join(directory, "observe.yaml")], directory, notify)
    counts["run observe to READY=1"] = calls - runtime
    subprocess.run([binary, "rollback", "--to", "baseline", "--state-dir", state],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return counts


def per_interface(small, large):
    """The added system calls per interface between two namespaces' counts: what a process does once cancels out."""
    added = large["interfaces"] - small["interfaces"]
    return {step: {"calls": [small[step], large[step]], "per_interface": round((large[step] - small[step]) / added, 2)}
            for step in small if step != "interfaces"} | {"interfaces": [small["interfaces"], large["interfaces"]]}


def summary(times):
    return {"runs": len(times), "median_ms": round(statistics.median(times), 2),
            "min_ms": round(min(times), 2), "max_ms": round(max(times), 2)}


def main():
    runs = int(os.environ.get("RUNS", "15"))
    if sys.argv[1] == "one-shot":
        print(json.dumps(summary(one_shot(sys.argv[2:], runs))))
        return
    if sys.argv[1] == "phases":
        for row in phases(sys.argv[2], sys.argv[3], runs):
            print(json.dumps(row))
        return
    if sys.argv[1] == "syscalls":
        print(json.dumps(syscall_counts(sys.argv[2], sys.argv[3])))
        return
    if sys.argv[1] == "per-interface":
        for step, row in per_interface(json.loads(sys.argv[2]), json.loads(sys.argv[3])).items():
            print(json.dumps({"step": step} | (row if isinstance(row, dict) else {"interfaces": row})))
        return
    if sys.argv[1] == "apply-against-tuned":
        print(json.dumps(apply_against_tuned(sys.argv[2], sys.argv[3], sys.argv[4:], runs)))
        return
    binary, config, directory, mode = sys.argv[1:5]
    if mode == "time":
        times, cpu = time_to_ready(binary, config, directory, runs)
        # CPU time of the whole run (start, READY, SIGTERM, exit): less at the mercy of a busy machine than wall time.
        print(json.dumps(summary(times) | {"cpu_median_ms": round(statistics.median(cpu), 2)}))
    else:
        print(json.dumps(footprint(binary, config, directory, sys.argv[5], int(os.environ.get("SCRAPES", "20")),
                                   float(os.environ.get("IDLE", "5")))))


if __name__ == "__main__":
    main()
