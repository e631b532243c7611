"""The floor beside nictune and node_exporter, from outside with /proc and wait4 only (bench/floor.sh runs it).

Run inside the network namespace floor.sh creates (`ip netns exec NS python3 ...`), with its arguments:
    measure.py DIR NODE_EXPORTER TUNED_SCRIPT NAME=COMMAND ...
where each NAME=COMMAND is a daemon that sends READY=1 to $NOTIFY_SOCKET and serves /metrics on the port at the end
of its name (floor:10911=/path/floor SOCKET 10911; the first is the floor). Two measurements, each printed as JSON lines:
- ready: RUNS rounds (one warm-up first), each starting every daemon, node_exporter and tuned's one-shot run once, in
  an order that rotates from round to round. For a daemon: exec -> READY=1 and -> the first answer of its /metrics
  (time.perf_counter()), and at each the CPU time of all its threads (/proc/PID/task/*/schedstat) and its minor
  faults (/proc/PID/stat); then SIGTERM. node_exporter sends no READY=1: exec -> its first answer. tuned: exec ->
  exit, and its CPU time and minor faults from wait4. Medians, and each time over tuned's one-shot.
- footprint: ROUNDS rounds, each starting node_exporter (network collectors only) and every daemon at once, waiting
  for READY=1 and every first answer, IDLE seconds, SCRAPES scrapes of each /metrics in turn, one more second, then
  /proc/PID/status and the smaps breakdown of bench/idle_memory.py. Medians, and ratios to node_exporter and to the
  first daemon (the floor).
"""

import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
from idle_memory import breakdown, read_status  # noqa: E402
from startup_footprint import scrape, start_command, stop, task_cpu_ns, wait_ready  # noqa: E402

NODE_PORT = 9100
FIELDS = ("VmRSS", "RssAnon", "RssFile", "Threads", "minflt")


def parse(specs):
    """[(name, port, command)] from NAME:PORT=COMMAND words."""
    out = []
    for spec in specs:
        head, _, command = spec.partition("=")
        name, _, port = head.partition(":")
        out.append((name, int(port), command.split()))
    return out


def ready_once(command, port, notify, log):
    """exec -> READY=1, then -> the first answer of /metrics (which waits in the backlog until Kestrel serves); at
    each, the CPU time of all threads so far (ms) and the minor faults."""
    sock, proc, t0 = start_command(command, notify, log)
    try:
        t1 = wait_ready(sock, proc, 120)
        cpu1, flt1 = task_cpu_ns(proc.pid)
        scrape(f"http://127.0.0.1:{port}/metrics")
        t2 = time.perf_counter()
        cpu2, flt2 = task_cpu_ns(proc.pid)
    finally:
        stop(sock, proc)
    return {"ready_ms": (t1 - t0) * 1000, "ready_cpu_ms": cpu1 / 1e6, "ready_minflt": flt1,
            "served_ms": (t2 - t0) * 1000, "served_cpu_ms": cpu2 / 1e6, "served_minflt": flt2}


def node_exporter_command(node_exporter):
    return [node_exporter, f"--web.listen-address=127.0.0.1:{NODE_PORT}", "--collector.disable-defaults",
            "--collector.netdev", "--collector.netclass", "--collector.ethtool", "--collector.softnet"]


def served_once(command):
    """node_exporter sends no READY=1: exec -> its first answer of /metrics (polled every 5 ms)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                scrape(f"http://127.0.0.1:{NODE_PORT}/metrics")
                break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - t0 > 120:
                    raise RuntimeError(f"{command[0]} never answered") from None
                time.sleep(0.005)
        t1 = time.perf_counter()
        cpu, flt = task_cpu_ns(proc.pid)
    finally:
        proc.terminate()
        proc.wait()
    return {"served_ms": (t1 - t0) * 1000, "served_cpu_ms": cpu / 1e6, "served_minflt": flt}


def one_shot_once(command):
    t0 = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    t1 = time.perf_counter()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{command} exited {os.waitstatus_to_exitcode(status)}")
    return {"ms": (t1 - t0) * 1000, "cpu_ms": (usage.ru_utime + usage.ru_stime) * 1000, "minflt": usage.ru_minflt}


def ready(daemons, node_exporter, tuned, directory, runs):
    notify = os.path.join(directory, "notify.sock")
    sides = [(name, (port, command)) for name, port, command in daemons] + [("node_exporter", None), ("tuned one-shot", None)]
    samples = {name: [] for name, _ in sides}
    with open(os.path.join(directory, "daemons.log"), "ab") as log:
        for i in range(runs + 1):  # the first round is the warm-up (page cache)
            shift = i % len(sides)
            for name, daemon in sides[shift:] + sides[:shift]:
                if daemon is not None:
                    m = ready_once(daemon[1], daemon[0], notify, log)
                elif name == "node_exporter":
                    m = served_once(node_exporter_command(node_exporter))
                else:
                    m = one_shot_once(tuned)
                if i > 0:
                    samples[name].append(m)
    out = {name: {k: round(statistics.median(m[k] for m in ms), 2) for k in ms[0]} for name, ms in samples.items()}
    tuned_ms = out["tuned one-shot"]["ms"]
    for name, row in out.items():
        for k in ("ready_ms", "served_ms"):
            if k in row:
                row[k.replace("_ms", "_over_tuned")] = round(row[k] / tuned_ms, 3)
    return {"runs": runs} | out


def footprint_once(daemons, node_exporter, directory, scrapes, idle):
    node = subprocess.Popen(node_exporter_command(node_exporter), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    running = []
    ports = [("node_exporter", NODE_PORT)] + [(name, port) for name, port, _ in daemons]
    with open(os.path.join(directory, "daemons.log"), "ab") as log:
        try:
            for name, _, command in daemons:
                sock, proc, _ = start_command(command, os.path.join(directory, f"notify-{name}.sock"), log)
                running.append((name, sock, proc, command[0]))
                wait_ready(sock, proc, 120)
            for _, port in ports:  # the first answer of each (the daemons' Kestrel may start after READY=1)
                for _ in range(600):
                    try:
                        scrape(f"http://127.0.0.1:{port}/metrics")
                        break
                    except OSError:
                        time.sleep(0.1)
            time.sleep(idle)
            for _ in range(scrapes - 1):
                for _, port in ports:
                    scrape(f"http://127.0.0.1:{port}/metrics")
            time.sleep(1)
            out = {}
            for name, pid, binary in [("node_exporter", node.pid, node_exporter)] + \
                                     [(name, proc.pid, binary) for name, _, proc, binary in running]:
                kinds, _ = breakdown(pid, os.path.realpath(binary), go=name == "node_exporter")
                out[name] = read_status(pid) | {"smaps_kib": kinds}
        finally:
            for _, sock, proc, _ in running:
                stop(sock, proc)
            node.terminate()
            node.wait()
    return out


def footprint(daemons, node_exporter, directory, rounds, scrapes, idle):
    results = []
    for r in range(rounds):
        m = footprint_once(daemons, node_exporter, directory, scrapes, idle)
        results.append(m)
        print(json.dumps({"footprint_round": r} | {k: {f: v[f] for f in FIELDS} for k, v in m.items()}), flush=True)
    floor = daemons[0][0]
    out = {}
    for name in results[0]:
        row = {f: statistics.median(m[name][f] for m in results) for f in FIELDS}
        row["smaps_kib"] = {k: statistics.median(m[name]["smaps_kib"][k] for m in results)
                            for k in results[0][name]["smaps_kib"]}
        for ref in ("node_exporter", floor):
            if name != ref:
                row[f"over_{ref}"] = {f: round(row[f] / statistics.median(m[ref][f] for m in results), 3)
                                      for f in ("VmRSS", "RssAnon", "RssFile")}
        out[name] = row
    return {"rounds": rounds, "scrapes": scrapes} | out


def main():
    directory, node_exporter, tuned_script = sys.argv[1:4]
    daemons = parse(sys.argv[4:])
    tuned = ["unshare", "-m", "--propagation", "private", "bash", tuned_script]
    if os.environ.get("SKIP_READY", "0") != "1":
        print("ready " + json.dumps(ready(daemons, node_exporter, tuned, directory, int(os.environ.get("RUNS", "15")))), flush=True)
    result = footprint(daemons, node_exporter, directory, int(os.environ.get("ROUNDS", "3")),
                       int(os.environ.get("SCRAPES", "10")), float(os.environ.get("IDLE", "5")))
    for name in result:
        if name not in ("rounds", "scrapes"):
            print(f"footprint {name} " + json.dumps(result[name]), flush=True)
    print("footprint " + json.dumps({"rounds": result["rounds"], "scrapes": result["scrapes"]}), flush=True)


if __name__ == "__main__":
    main()
