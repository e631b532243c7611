"""Scenario 3, footprint: resident memory (peak VmHWM, steady VmRSS) and CPU time while idle, with a scrape every
15 s, on 64 veth pairs; nictune's daemon against node_exporter with its network collectors and tuned in daemon
mode, all three running at the same time; and the size of each on disk."""

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import tuned
from common import (Namespace, NotifySocket, Workdir, agent_env, agent_yaml, fmt_range, machine, markdown,
                    package_version, proc_status, profile_dir, stop_all, summary, write_results)
from scenario_scrape import NICTUNE_URL, NODE_EXPORTER, NODE_URL, scrape, wait_up

TITLE = "footprint: VmHWM, VmRSS and idle CPU with a scrape every 15 s, binary size; against node_exporter and tuned"
SIZE = 64
SCRAPE_EVERY = 15
TICKS = os.sysconf("SC_CLK_TCK")


def plan(opts):
    size = opts.sizes[0] if opts.sizes else SIZE
    return [
        f"veth pairs: {size}; nictune and node_exporter in one namespace, tuned in another of the same size; "
        "all three run at once",
        f"nictune: /usr/bin/time -v ip netns exec NS {opts.binary} run --config agent.yaml (enforce, profile bench-a, "
        "metrics on 127.0.0.1:10910, API socket on); started when READY=1 arrives",
        "node_exporter: /usr/bin/time -v ip netns exec NS " + " ".join(NODE_EXPORTER),
        "tuned: /usr/bin/time -v ip netns exec NS2 tuned (daemon = 1, profile bench-a, private /etc/tuned and D-Bus)",
        f"idle window: {opts.duration} s after a {SCRAPE_EVERY} s settle, cut into {opts.reps} equal repetitions; "
        f"nictune and node_exporter scraped every {SCRAPE_EVERY} s (alternating which goes first)",
        "per repetition: CPU time (utime+stime from /proc/PID/stat) and VmRSS; at the end VmHWM, the anonymous and "
        "file-backed parts of the RSS (/proc/PID/smaps_rollup), and /usr/bin/time -v's "
        "maximum RSS and CPU over the whole life (start-up included)",
        "size on disk: the nictune binary; /usr/bin/prometheus-node-exporter; tuned's script and Python package",
    ]


def find_pid(ns, name):
    for pid in subprocess.run(["ip", "netns", "pids", ns.name], capture_output=True, text=True).stdout.split():
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() == name:
                return int(pid)
        except FileNotFoundError:
            continue
    raise RuntimeError(f"no process {name} in {ns.name}")


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime and stime, fields 14 and 15 of proc(5)


def rollup(pid):
    """Where the resident memory is: anonymous (heaps, stacks) against file-backed (the binary and libraries)."""
    text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    kb = {m.group(1): int(m.group(2)) * 1024 for m in re.finditer(r"^(\w+):\s+(\d+) kB", text, re.M)}
    return {"rss_bytes": kb.get("Rss", 0), "anonymous_bytes": kb.get("Anonymous", 0),
            "file_bytes": kb.get("Rss", 0) - kb.get("Anonymous", 0)}


def time_v(path):
    text = Path(path).read_text()

    def field(label):
        m = re.search(rf"{re.escape(label)}: ([\d.]+)", text)
        return float(m.group(1)) if m else None

    return {"max_rss_bytes": (field("Maximum resident set size (kbytes)") or 0) * 1024,
            "cpu_s": (field("User time (seconds)") or 0) + (field("System time (seconds)") or 0)}


def tuned_size():
    total = Path("/usr/sbin/tuned").stat().st_size
    for root, _, files in os.walk("/usr/lib/python3/dist-packages/tuned"):
        total += sum(Path(root, f).stat().st_size for f in files if not f.endswith(".pyc"))
    return total


def run(opts):
    size = opts.sizes[0] if opts.sizes else SIZE
    work = Workdir("footprint")
    start_machine = machine()
    bus = tuned.Bus(work)
    procs = []
    logs = []
    try:
        profiles = profile_dir(work)
        with Namespace("fp", size) as ns, Namespace("fptuned", size) as tns:
            timev = {name: work.path / f"{name}.time" for name in ("nictune", "node_exporter", "tuned")}
            notify = NotifySocket(work)
            env = agent_env(profiles)
            env["NOTIFY_SOCKET"] = notify.path
            config = agent_yaml(work, "footprint", metrics=["127.0.0.1:10910"], api_socket=work.path / "api.sock")
            log = open(work.path / "nictune.log", "w")
            logs.append(log)
            nictune = subprocess.Popen(["/usr/bin/time", "-v", "-o", str(timev["nictune"]),
                                        *ns.exec([opts.binary, "run", "--config", str(config)])],
                                       env=env, stdout=log, stderr=subprocess.STDOUT)
            procs.append(nictune)
            notify.wait_ready(nictune)
            notify.close()
            log = open(work.path / "node.log", "w")
            logs.append(log)
            node = subprocess.Popen(["/usr/bin/time", "-v", "-o", str(timev["node_exporter"]), *ns.exec(NODE_EXPORTER)],
                                    stdout=log, stderr=subprocess.STDOUT)
            procs.append(node)
            wait_up(ns, NODE_URL)
            wait_up(ns, NICTUNE_URL)
            daemon = tuned.Daemon(tns, bus, work, "tuned-footprint", wrapper=["/usr/bin/time", "-v", "-o",
                                                                              str(timev["tuned"])])
            try:
                pids = {"nictune": find_pid(ns, "nictune"), "node_exporter": find_pid(ns, "prometheus-node"),
                        "tuned": daemon.pid()}
                scrape(ns, NICTUNE_URL)
                scrape(ns, NODE_URL)
                time.sleep(SCRAPE_EVERY)
                cpu = {name: [] for name in pids}
                rss = {name: [] for name in pids}
                interval = opts.duration / opts.reps
                begin = time.monotonic()
                last = {name: cpu_seconds(pid) for name, pid in pids.items()}
                scrapes = 0
                for rep in range(opts.reps):
                    end = begin + interval * (rep + 1)
                    while True:
                        now = time.monotonic()
                        next_scrape = begin + SCRAPE_EVERY * (scrapes + 1)
                        if next_scrape > end:
                            time.sleep(max(0.0, end - now))
                            break
                        time.sleep(max(0.0, next_scrape - now))
                        order = [NICTUNE_URL, NODE_URL] if scrapes % 2 == 0 else [NODE_URL, NICTUNE_URL]
                        for url in order:
                            scrape(ns, url)
                        scrapes += 1
                    for name, pid in pids.items():
                        now_cpu = cpu_seconds(pid)
                        cpu[name].append(now_cpu - last[name])
                        last[name] = now_cpu
                        rss[name].append(proc_status(pid, "VmRSS"))
                    print(f"  repetition {rep + 1}/{opts.reps}: " + ", ".join(
                        f"{n} {cpu[n][-1] * 1000:.0f} ms CPU, {rss[n][-1] / 2**20:.1f} MB" for n in pids), flush=True)
                hwm = {name: proc_status(pid, "VmHWM") for name, pid in pids.items()}
                split = {name: rollup(pid) for name, pid in pids.items()}
                # SIGTERM to the processes themselves: /usr/bin/time does not pass signals on, and writes its
                # report once its child has exited.
                for pid in pids.values():
                    os.kill(pid, signal.SIGTERM)
                for wrapper in (nictune, node, daemon.process):
                    wrapper.wait(30)
            finally:
                daemon.close()
        whole = {name: time_v(path) for name, path in timev.items()}
        sizes = {"nictune": Path(opts.binary).stat().st_size,
                 "node_exporter": Path("/usr/bin/prometheus-node-exporter").stat().st_size,
                 "tuned": tuned_size()}
        results = {name: {"cpu_per_interval_s": summary(cpu[name]), "vmrss_bytes": summary(rss[name]),
                          "vmhwm_bytes": hwm[name], "smaps_rollup_at_end": split[name], "whole_life": whole[name],
                          "size_bytes": sizes[name]}
                   for name in pids}
        rows = []
        mb = 1 / 2**20
        for name, r in results.items():
            per_min = r["cpu_per_interval_s"]["median"] / interval * 60
            rows.append([name, f"{r['vmhwm_bytes'] * mb:.1f}", fmt_range(r["vmrss_bytes"], mb),
                         f"{split[name]['anonymous_bytes'] * mb:.1f} / {split[name]['file_bytes'] * mb:.1f}",
                         fmt_range(r["cpu_per_interval_s"], 1000, 0), f"{per_min * 1000:.0f}",
                         f"{r['whole_life']['max_rss_bytes'] * mb:.1f} / {r['whole_life']['cpu_s']:.2f}",
                         f"{r['size_bytes'] * mb:.1f}"])
        table = markdown(["process", "VmHWM (MB)", "VmRSS (MB)", "anonymous / file-backed at the end (MB)", f"CPU per {interval:.0f} s (ms)", "CPU per minute (ms)",
                          "time -v: max RSS (MB) / CPU (s), whole life", "size on disk (MB)"], rows)
        n, e = results["nictune"], results["node_exporter"]
        table += (f"\n\n{size} veth pairs, {opts.duration} s idle in {opts.reps} repetitions, {scrapes} scrapes of "
                  f"each exporter. VmRSS ratio nictune / node_exporter: "
                  f"{n['vmrss_bytes']['median'] / e['vmrss_bytes']['median']:.2f} (goal: at most 1). tuned's size is "
                  "its script and Python package, without the Python interpreter it needs.")
        write_results(opts, "footprint", {"machine": start_machine, "binary": opts.binary, "duration_s": opts.duration,
                                          "veth_pairs": size, "scrape_every_s": SCRAPE_EVERY, "scrapes": scrapes,
                                          "node_exporter": package_version("prometheus-node-exporter"),
                                          "tuned": package_version("tuned"), "results": results}, table)
    finally:
        stop_all(procs, logs)
        bus.close()
        work.close()
