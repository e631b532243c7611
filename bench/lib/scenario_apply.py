"""Scenario 2, apply cost as the work grows: `nictune apply` switching between profiles A and B on N interfaces
(wall time, and the system calls of one apply with strace -c -f), against `tuned-adm profile` switching the tuned
daemon between the same two profiles in a namespace of the same size."""

import re
import subprocess
import time

import tuned
from common import (Namespace, Workdir, agent_env, check_applied, fmt_range, machine, markdown, profile_dir, summary,
                    write_results)

TITLE = "apply cost: nictune apply A<->B on N interfaces, with strace -c -f counts, against tuned-adm profile"
SIZES = [1, 4, 16, 64, 256]
CALLS = ["ioctl", "openat", "read", "write", "fsync"]


def plan(opts):
    sizes = opts.sizes_or(SIZES)
    return [
        f"interfaces: {sizes}; one namespace per size and peer; {opts.warmup} warm-up switch(es) + {opts.reps} "
        "repetitions, each switching to the other profile (every setting changes every time); peers alternated",
        f"nictune: ip netns exec NS {opts.binary} apply --profile bench-a|bench-b --state-dir DIR; perf_counter to exit",
        f"nictune syscalls: ip netns exec NS strace -c -f -o FILE {opts.binary} apply ... (one extra switch per "
        "size, not timed): " + ", ".join(CALLS) + " and the total",
        "tuned: the daemon (daemon = 1, private /etc/tuned, private D-Bus system bus) in its namespace; "
        "tuned-adm profile bench-a|bench-b, which returns once the daemon signals the switch; perf_counter to exit",
        "tuned syscalls: strace -c -f -p <tuned daemon> during one switch",
        "per interface: (median(N) - median(1)) / (N - 1); goal: constant within 1.5x from 4 to 256",
    ]


def parse_strace(path):
    """The `calls` column of strace -c's summary, by system call."""
    counts = {}
    for line in open(path):
        m = re.match(r"\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)\s*$", line)
        if m:
            counts[m.group(2)] = int(m.group(1))
        m = re.match(r"\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?total\s*$", line)
        if m:
            counts["total"] = int(m.group(1))
    return counts


def nictune_cmd(ns, opts, state, key):
    return ns.exec([opts.binary, "apply", "--profile", f"bench-{key}", "--state-dir", str(state)])


def run(opts):
    sizes = opts.sizes_or(SIZES)
    work = Workdir("apply")
    start_machine = machine()
    bus = tuned.Bus(work)
    try:
        profiles = profile_dir(work)
        env = agent_env(profiles)
        results = {}
        for size in sizes:
            with Namespace("apply", size) as nns, Namespace("tuned", size) as tns:
                state = work.dir(f"state-{size}")
                state.chmod(0o700)
                daemon = tuned.Daemon(tns, bus, work, f"tuned-{size}")
                try:
                    samples = {"nictune": [], "tuned": []}
                    key = "a"
                    for rep in range(opts.warmup + opts.reps + 1):
                        key = "b" if key == "a" else "a"
                        peers = ["nictune", "tuned"] if rep % 2 == 0 else ["tuned", "nictune"]
                        for peer in peers:
                            cmd = nictune_cmd(nns, opts, state, key) if peer == "nictune" else \
                                daemon.switch_command(f"bench-{key}")
                            start = time.perf_counter()
                            r = subprocess.run(cmd, env=env if peer == "nictune" else bus.env(),
                                               capture_output=True, text=True)
                            elapsed = time.perf_counter() - start
                            if r.returncode != 0:
                                raise RuntimeError(f"{peer} exited {r.returncode}: {(r.stderr or r.stdout)[-500:]}")
                            check_applied(nns if peer == "nictune" else tns, key, sysctls_only=peer == "tuned")
                            # Repetition 0 applies B to a fresh namespace, whose defaults B already holds: nictune
                            # only records its baseline there, so it is never counted; then come the warm-ups.
                            if opts.warmup < rep <= opts.warmup + opts.reps:
                                samples[peer].append(elapsed)
                    key = "b" if key == "a" else "a"
                    trace = work.path / f"strace-nictune-{size}"
                    subprocess.run(nns.exec(["strace", "-c", "-f", "-o", str(trace), opts.binary, "apply", "--profile",
                                             f"bench-{key}", "--state-dir", str(state)]),
                                   env=env, check=True, capture_output=True)
                    nictune_calls = parse_strace(trace)
                    tuned_calls = trace_tuned(daemon, bus, work, size, key)
                finally:
                    daemon.close()
                results[size] = {"nictune": summary(samples["nictune"]), "tuned": summary(samples["tuned"]),
                                 "nictune_syscalls": nictune_calls, "tuned_daemon_syscalls": tuned_calls}
                print(f"  {size} interfaces: nictune {fmt_range(results[size]['nictune'], 1000)} ms "
                      f"({nictune_calls.get('total')} syscalls), tuned-adm {fmt_range(results[size]['tuned'], 1000)} ms",
                      flush=True)
        write_results(opts, "apply", {"machine": start_machine, "binary": opts.binary,
                                      "results_s": {str(k): v for k, v in results.items()}}, table(results))
    finally:
        bus.close()
        work.close()


def trace_tuned(daemon, bus, work, size, key):
    trace = work.path / f"strace-tuned-{size}"
    tracer = subprocess.Popen(["strace", "-c", "-f", "-p", str(daemon.pid()), "-o", str(trace)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)  # strace attaches to every thread before the switch starts
    subprocess.run(daemon.switch_command(f"bench-{key}"), env=bus.env(), check=True, capture_output=True)
    tracer.send_signal(2)
    tracer.wait()
    return parse_strace(trace)


def table(results):
    sizes = sorted(results)
    base = sizes[0]
    rows = []
    slopes, call_slopes = {}, {}
    for size in sizes:
        r = results[size]
        n, t = r["nictune"], r["tuned"]
        calls = r["nictune_syscalls"]
        slope = calls_slope = "–"
        if size > base:
            slopes[size] = (n["median"] - results[base]["nictune"]["median"]) / (size - base)
            call_slopes[size] = (calls.get("total", 0) - results[base]["nictune_syscalls"].get("total", 0)) / (size - base)
            slope, calls_slope = f"{slopes[size] * 1000:.2f}", f"{call_slopes[size]:.1f}"
        rows.append([size, fmt_range(n, 1000), slope, f"{calls.get('total', 0)}", calls_slope,
                     " / ".join(str(calls.get(c, 0)) for c in CALLS), fmt_range(t, 1000),
                     r["tuned_daemon_syscalls"].get("total", 0), f"{n['median'] / t['median']:.3f}"])
    out = markdown(["interfaces", "nictune apply (ms)", f"ms per added interface (from {base})", "nictune syscalls",
                    "syscalls per added interface", "ioctl / openat / read / write / fsync",
                    "tuned-adm profile (ms, sysctls only)", "tuned daemon syscalls", "nictune / tuned"], rows)
    for name, values, unit in (("time", slopes, "ms"), ("system calls", call_slopes, "calls")):
        steady = {k: v for k, v in values.items() if k >= 4}
        if len(steady) >= 2 and min(steady.values()) > 0:
            scale = 1000 if unit == "ms" else 1
            out += (f"\n\nPer added interface, {name}, from {min(steady)} to {max(steady)} interfaces: "
                    f"{min(steady.values()) * scale:.2f}–{max(steady.values()) * scale:.2f} {unit}, a spread of "
                    f"{max(steady.values()) / min(steady.values()):.2f}x (goal: within 1.5x).")
        elif steady:
            out += (f"\n\nPer added interface, {name}: not computed, a difference from {base} interface(s) is not "
                    "above the noise at some size.")
    return out
