"""Scenario 4, scrape: GET /metrics from nictune and from node_exporter with its network collectors, side by side in
the same namespace with N veth pairs, scrapes alternated; curl's time_total and size_download per scrape."""

import subprocess
import time

from common import (Namespace, Workdir, agent_env, agent_yaml, fmt_range, machine, markdown, median, percentile,
                    package_version, profile_dir, stop, summary, write_results)
from common import run as sh

TITLE = "scrape: /metrics latency p50/p99 and size, nictune against node_exporter's network collectors"
SIZES = [1, 16, 64]
SCRAPES = 40  # per repetition and exporter
NICTUNE_URL = "http://127.0.0.1:10910/metrics"
NODE_URL = "http://127.0.0.1:9100/metrics"
NODE_EXPORTER = ["prometheus-node-exporter", "--web.listen-address=127.0.0.1:9100", "--collector.disable-defaults",
                 "--collector.netdev", "--collector.netclass", "--collector.ethtool", "--collector.softnet"]


def plan(opts):
    sizes = opts.sizes_or(SIZES)
    return [
        f"veth pairs: {sizes}; per size one namespace with both exporters; {opts.warmup * 10} warm-up scrapes, then "
        f"{opts.reps} repetitions of {SCRAPES} scrapes of each, alternated",
        f"nictune: ip netns exec NS {opts.binary} run --config agent.yaml (observe mode, metrics on 127.0.0.1:10910, "
        "per-queue off, API socket off)",
        "node_exporter: ip netns exec NS " + " ".join(NODE_EXPORTER),
        "each scrape: ip netns exec NS curl -s -o /dev/null -w '%{time_total} %{size_download}' URL",
        "reported: p50 and p99 over all scrapes, the repetitions' medians (min–max), bytes and samples per scrape",
    ]


def wait_up(ns, url):
    for _ in range(300):
        if sh(ns.exec(["curl", "-sf", "-o", "/dev/null", url]), check=False).returncode == 0:
            return
        time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} in {ns.name}")


def scrape(ns, url):
    out = sh(ns.exec(["curl", "-sf", "-o", "/dev/null", "-w", "%{time_total} %{size_download}", url])).stdout.split()
    return float(out[0]), int(out[1])


def samples(ns, url):
    body = sh(ns.exec(["curl", "-sf", url])).stdout
    return sum(1 for line in body.splitlines() if line and not line.startswith("#"))


def start_exporters(ns, work, opts, profiles, log_prefix):
    config = agent_yaml(work, f"scrape-{ns.name}", mode="observe", metrics=["127.0.0.1:10910"])
    logs = [open(work.path / f"{log_prefix}-{n}.log", "w") for n in ("nictune", "node")]
    nictune = subprocess.Popen(ns.exec([opts.binary, "run", "--config", str(config)]), env=agent_env(profiles),
                               stdout=logs[0], stderr=subprocess.STDOUT)
    node = subprocess.Popen(ns.exec(NODE_EXPORTER), stdout=logs[1], stderr=subprocess.STDOUT)
    return nictune, node, logs


def run(opts):
    sizes = opts.sizes_or(SIZES)
    work = Workdir("scrape")
    start_machine = machine()
    results = {}
    try:
        profiles = profile_dir(work)
        for size in sizes:
            with Namespace("scrape", size) as ns:
                nictune, node, logs = start_exporters(ns, work, opts, profiles, f"scrape-{size}")
                try:
                    wait_up(ns, NICTUNE_URL)
                    wait_up(ns, NODE_URL)
                    for _ in range(opts.warmup * 10):
                        scrape(ns, NICTUNE_URL)
                        scrape(ns, NODE_URL)
                    times = {"nictune": [], "node_exporter": []}
                    rep_medians = {"nictune": [], "node_exporter": []}
                    sizes_bytes = {"nictune": [], "node_exporter": []}
                    for rep in range(opts.reps):
                        this = {"nictune": [], "node_exporter": []}
                        for i in range(SCRAPES):
                            order = [("nictune", NICTUNE_URL), ("node_exporter", NODE_URL)]
                            if (rep + i) % 2:
                                order.reverse()
                            for name, url in order:
                                t, b = scrape(ns, url)
                                this[name].append(t)
                                sizes_bytes[name].append(b)
                        for name, xs in this.items():
                            times[name] += xs
                            rep_medians[name].append(median(xs))
                    counts = {"nictune": samples(ns, NICTUNE_URL), "node_exporter": samples(ns, NODE_URL)}
                finally:
                    stop(nictune)
                    stop(node)
                    for log in logs:
                        log.close()
                results[size] = {name: {"p50": percentile(times[name], 50), "p99": percentile(times[name], 99),
                                        "rep_medians": summary(rep_medians[name]),
                                        "bytes": median(sizes_bytes[name]), "samples": counts[name],
                                        "all_s": times[name]} for name in times}
                r = results[size]
                print(f"  {size} veth pairs: nictune p50 {r['nictune']['p50'] * 1000:.2f} ms, node_exporter p50 "
                      f"{r['node_exporter']['p50'] * 1000:.2f} ms", flush=True)
        rows = []
        for size, r in results.items():
            n, e = r["nictune"], r["node_exporter"]
            rows.append([size, f"{n['p50'] * 1000:.2f}", f"{n['p99'] * 1000:.2f}", fmt_range(n["rep_medians"], 1000, 2),
                         f"{n['bytes']:.0f} / {n['samples']}", f"{e['p50'] * 1000:.2f}", f"{e['p99'] * 1000:.2f}",
                         fmt_range(e["rep_medians"], 1000, 2), f"{e['bytes']:.0f} / {e['samples']}",
                         f"{n['p50'] / e['p50']:.3f}"])
        table = markdown(["veth pairs", "nictune p50 (ms)", "p99", "repetitions' medians", "bytes / samples",
                          "node_exporter p50 (ms)", "p99", "repetitions' medians", "bytes / samples",
                          "p50 ratio"], rows)
        table += f"\n\n{opts.reps * SCRAPES} scrapes of each per size. Goal: nictune's median at most 1/10 of node_exporter's."
        write_results(opts, "scrape", {"machine": start_machine, "binary": opts.binary,
                                       "node_exporter": package_version("prometheus-node-exporter"),
                                       "results_s": {str(k): v for k, v in results.items()}}, table)
    finally:
        work.close()

