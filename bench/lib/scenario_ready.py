"""Scenario 1, time to tuned: exec of `nictune run` to READY=1 on the benchmark's NOTIFY_SOCKET, against tuned's
one-shot run (daemon = 0) applying the same profile, each on a fresh namespace with N veth pairs."""

import subprocess
import time

import tuned
from common import (Namespace, NotifySocket, Workdir, agent_env, agent_yaml, check_applied, fmt_range, machine,
                    markdown, netns_exec, profile_dir, stop, summary, write_results)
from common import run as sh

TITLE = "time to tuned: nictune run (exec to READY=1) and nictune apply, against tuned one-shot"
SIZES = [1, 16, 64]
PEERS = ["nictune-run", "nictune-apply", "tuned-oneshot"]


def plan(opts):
    sizes = opts.sizes_or(SIZES)
    return [
        f"veth pairs: {sizes}; a fresh namespace per measurement; {opts.warmup} warm-up + {opts.reps} repetitions, "
        f"peers alternated (order rotates each repetition)",
        f"nictune-run: NOTIFY_SOCKET=<bench socket> ip netns exec NS {opts.binary} run --config agent.yaml "
        "(profile bench-a, enforce, API socket and metrics on); perf_counter from exec to the READY=1 datagram",
        f"nictune-apply: ip netns exec NS {opts.binary} apply --profile bench-a --state-dir DIR; perf_counter to exit",
        "tuned-oneshot: ip netns exec NS tuned --no-dbus --no-socket -p bench-a (daemon = 0, private /etc/tuned); "
        "perf_counter to exit. tuned's net plugin skips veths: its time is a lower bound",
        "baseline: ip netns exec NS true (the cost every peer's launch shares)",
        "check: somaxconn and the last veth's txqueuelen read back after every run",
    ]


def time_run(ns, work, opts, profiles, rep):
    notify = NotifySocket(work)
    config = agent_yaml(work, f"ready-{ns.name}-{rep}", metrics=["127.0.0.1:10910"],
                        api_socket=work.path / f"api-{ns.name}-{rep}.sock")
    env = agent_env(profiles)
    env["NOTIFY_SOCKET"] = notify.path
    log = open(work.path / f"run-{ns.name}-{rep}.log", "w")
    try:
        start = time.perf_counter()
        process = subprocess.Popen(ns.exec([opts.binary, "run", "--config", str(config)]), env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
        ready = notify.wait_ready(process)
        elapsed = ready - start
        stop(process)
        return elapsed
    finally:
        notify.close()
        log.close()


def time_apply(ns, work, opts, profiles, rep):
    state = work.dir(f"apply-{ns.name}-{rep}")
    state.chmod(0o700)
    start = time.perf_counter()
    r = subprocess.run(ns.exec([opts.binary, "apply", "--profile", "bench-a", "--state-dir", str(state)]),
                       env=agent_env(profiles), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if r.returncode != 0:
        raise RuntimeError(f"nictune apply exited {r.returncode}: {r.stderr.strip()}")
    return elapsed


def time_tuned(ns, work, opts, profiles, rep):
    start = time.perf_counter()
    r = subprocess.run(tuned.oneshot_command(ns), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if r.returncode != 0:
        raise RuntimeError(f"tuned exited {r.returncode}: {r.stderr.strip()[-500:]}")
    return elapsed


TIMERS = {"nictune-run": time_run, "nictune-apply": time_apply, "tuned-oneshot": time_tuned}


def run(opts):
    sizes = opts.sizes_or(SIZES)
    work = Workdir("ready")
    start_machine = machine()
    try:
        profiles = profile_dir(work)
        tuned.configure(daemon=False)
        results = {}
        baseline = []
        for size in sizes:
            samples = {peer: [] for peer in PEERS}
            for rep in range(opts.warmup + opts.reps):
                order = PEERS[rep % len(PEERS):] + PEERS[:rep % len(PEERS)]
                for peer in order:
                    with Namespace("ready", size) as ns:
                        if size == sizes[0] and peer == order[0]:
                            t = time.perf_counter()
                            sh(netns_exec(ns.name, ["true"]))
                            if rep >= opts.warmup:
                                baseline.append(time.perf_counter() - t)
                        elapsed = TIMERS[peer](ns, work, opts, profiles, rep)
                        check_applied(ns, "a", sysctls_only=peer == "tuned-oneshot")
                        if rep >= opts.warmup:
                            samples[peer].append(elapsed)
            results[size] = {peer: summary(xs) for peer, xs in samples.items()}
            print(f"  {size} veth pairs: " + ", ".join(
                f"{peer} {fmt_range(s, 1000)} ms" for peer, s in results[size].items()), flush=True)
        rows = []
        for size, r in results.items():
            t = r["tuned-oneshot"]["median"]
            rows.append([size, fmt_range(r["nictune-run"], 1000), fmt_range(r["nictune-apply"], 1000),
                         fmt_range(r["tuned-oneshot"], 1000), f"{r['nictune-run']['median'] / t:.3f}",
                         f"{r['nictune-apply']['median'] / t:.3f}"])
        table = markdown(["veth pairs", "nictune run: exec → READY=1 (ms)", "nictune apply (ms)",
                          "tuned one-shot (ms, sysctls only: a lower bound)", "run / tuned", "apply / tuned"], rows)
        table += (f"\n\n`ip netns exec NS true`, the launch every peer pays: {fmt_range(summary(baseline), 1000)} ms. "
                  "Goal: nictune at most 1/10 of tuned's time.")
        write_results(opts, "ready", {"machine": start_machine, "binary": opts.binary,
                                      "tuned": "tuned --no-dbus --no-socket -p bench-a, daemon = 0",
                                      "launch_baseline_s": summary(baseline),
                                      "results_s": {str(k): v for k, v in results.items()}}, table)
    finally:
        work.close()
