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
    if os.path.exists(notify_path):
        os.unlink(notify_path)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(notify_path)
    env = dict(os.environ, NOTIFY_SOCKET=notify_path)
    t0 = time.perf_counter()
    # WRAP (for looking, not for the figures): a command put before the binary, e.g. "strace -f -tt -o FILE".
    wrap = os.environ.get("WRAP", "").split()
    proc = subprocess.Popen(wrap + [binary, "run", "--config", config], env=env, stdout=log, stderr=subprocess.STDOUT)
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


def summary(times):
    return {"runs": len(times), "median_ms": round(statistics.median(times), 2),
            "min_ms": round(min(times), 2), "max_ms": round(max(times), 2)}


def main():
    runs = int(os.environ.get("RUNS", "15"))
    if sys.argv[1] == "one-shot":
        print(json.dumps(summary(one_shot(sys.argv[2:], runs))))
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
