"""What every scenario shares: namespaces with veth pairs, the agent's and tuned's configuration, statistics,
and the results files. Timers are here, on the benchmark's side (time.perf_counter); nothing times the agent from
inside."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent
REPO = BENCH.parent
# Every namespace this run creates starts with this prefix; run.sh's trap deletes whatever is left with it.
PREFIX = os.environ.get("NICTUNE_BENCH_PREFIX", f"ntb{os.getpid()}")
# The measured side of each veth pair is named nb<i>, its peer (in a namespace of its own) np<i>, so the measured
# namespace holds exactly N interfaces besides lo.
MEASURED = "nb"
PEER = "np"


class Options:
    """The run's parameters, as run.sh passed them."""

    def __init__(self, args):
        self.dry_run = args.dry_run
        self.reps = args.reps
        self.warmup = args.warmup
        self.binary = args.bin
        self.duration = args.duration
        self.out = Path(args.out)
        self.sizes = args.sizes

    def sizes_or(self, default):
        return self.sizes or default


def run(cmd, check=True, **kwargs):
    return subprocess.run(cmd, check=check, text=True, capture_output=True, **kwargs)


def netns_exec(ns, cmd):
    return ["ip", "netns", "exec", ns, *cmd]


class Namespace:
    """A network namespace with `count` veth pairs: the nb<i> ends in it, the np<i> ends in a peer namespace, both
    up, 2 queues each (so channels can change). Created with one `ip -batch` per namespace; deleted on close."""

    serial = 0

    def __init__(self, tag, count, queues=2):
        Namespace.serial += 1
        self.name = f"{PREFIX}-{tag}-{Namespace.serial}"
        self.peer = self.name + "p"
        self.count = count
        run(["ip", "netns", "add", self.name])
        try:
            run(["ip", "netns", "add", self.peer])
            q = f"numtxqueues {queues} numrxqueues {queues}"
            lines = [f"link set lo up"]
            for i in range(count):
                lines.append(f"link add {MEASURED}{i} {q} type veth peer name {PEER}{i} netns {self.peer} {q}")
                lines.append(f"link set {MEASURED}{i} up")
            run(["ip", "-n", self.name, "-batch", "-"], input="\n".join(lines) + "\n")
            peer_lines = [f"link set {PEER}{i} up" for i in range(count)]
            if peer_lines:
                run(["ip", "-n", self.peer, "-batch", "-"], input="\n".join(peer_lines) + "\n")
        except BaseException:
            self.close()
            raise

    def exec(self, cmd):
        return netns_exec(self.name, cmd)

    def read(self, path):
        """A file as seen from inside the namespace (/sys and /proc/sys/net are per namespace)."""
        return run(self.exec(["cat", path])).stdout.strip()

    def close(self):
        for ns in (self.name, self.peer):
            pids = run(["ip", "netns", "pids", ns], check=False).stdout.split()
            for pid in pids:
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except ProcessLookupError:
                    pass
            run(["ip", "netns", "delete", ns], check=False)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# --- profiles: the same tuning for nictune and tuned ---------------------------------------------------------------

# Profile A changes every default of a fresh veth; profile B is the kernel's defaults, so switching A <-> B
# changes everything each time. Sysctls are the per-namespace ones (a global one would change the host).
PROFILES = {
    "a": {"somaxconn": 8192, "rmem": "4096 131072 16777216", "wmem": "4096 16384 16777216",
          "features": "off", "channels": 1, "txqueuelen": 10000},
    "b": {"somaxconn": 4096, "rmem": "4096 131072 6291456", "wmem": "4096 16384 4194304",
          "features": "on", "channels": 2, "txqueuelen": 1000},
}


def nictune_profile(key):
    p = PROFILES[key]
    return f"""name: bench-{key}
description: nictune benchmark profile {key.upper()} (bench/README.md)
sysctl:
  net.core.somaxconn: {p['somaxconn']}
  net.ipv4.tcp_rmem: "{p['rmem']}"
  net.ipv4.tcp_wmem: "{p['wmem']}"
interfaces:
  - match: {{ name: "{MEASURED}*" }}
    features: {{ tso: {p['features']}, gso: {p['features']} }}
    channels: {{ rx: {p['channels']}, tx: {p['channels']} }}
    txqueuelen: {p['txqueuelen']}
"""


def tuned_profile(key):
    p = PROFILES[key]
    return f"""[main]
summary=nictune benchmark profile {key.upper()} (bench/README.md)

[sysctl]
net.core.somaxconn={p['somaxconn']}
net.ipv4.tcp_rmem={p['rmem']}
net.ipv4.tcp_wmem={p['wmem']}

[net]
features=tso {p['features']}, gso {p['features']}
channels=rx {p['channels']} tx {p['channels']}
txqueuelen={p['txqueuelen']}
"""


def tuned_main_conf(daemon):
    # Debian's tuned-main.conf, except: daemon as asked; reapply_sysctl = 0, because with 1 tuned re-applies
    # /etc/sysctl.d and /etc/sysctl.conf, whose global keys would change the host; dynamic_tuning = 0 and
    # recommend_command = 0, so nothing but the profile's static tuning runs.
    return f"""daemon = {1 if daemon else 0}
dynamic_tuning = 0
sleep_interval = 1
update_interval = 10
recommend_command = 0
reapply_sysctl = 0
default_instance_priority = 0
udev_buffer_size = 1MB
log_file_count = 2
log_file_max_size = 1MB
"""


def check_applied(ns, key, sysctls_only=False):
    """Reads back, inside the namespace, what profile `key` sets; raises if it is not there."""
    p = PROFILES[key]
    got = ns.read("/proc/sys/net/core/somaxconn")
    if got != str(p["somaxconn"]):
        raise RuntimeError(f"{ns.name}: net.core.somaxconn is {got}, profile {key} wants {p['somaxconn']}")
    if sysctls_only or ns.count == 0:
        return
    last = f"{MEASURED}{ns.count - 1}"
    got = ns.read(f"/sys/class/net/{last}/tx_queue_len")
    if got != str(p["txqueuelen"]):
        raise RuntimeError(f"{ns.name}: {last} txqueuelen is {got}, profile {key} wants {p['txqueuelen']}")


class Workdir:
    """A temporary directory for one scenario, deleted at the end."""

    def __init__(self, tag):
        self.path = Path(tempfile.mkdtemp(prefix=f"nictune-bench-{tag}-"))

    def file(self, name, text):
        path = self.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    def dir(self, name):
        path = self.path / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def close(self):
        shutil.rmtree(self.path, ignore_errors=True)


def profile_dir(work):
    d = work.dir("profiles")
    for key in PROFILES:
        (d / f"bench-{key}.yaml").write_text(nictune_profile(key))
    return d


def agent_yaml(work, name, profile="bench-a", mode="enforce", metrics=None, api_socket=None, api_listen=None):
    """An agent configuration of our own (never /etc/nictune): its own state directory and socket."""
    state = work.dir(f"{name}-state")
    os.chmod(state, 0o700)
    lines = [f"state-dir: {state}", f"profile: {profile}", f"mode: {mode}", "drift-interval: 60s"]
    lines += ["metrics:", f"  listen: [{', '.join(json.dumps(m) for m in (metrics or []))}]"]
    lines += ["api:", f"  socket: {json.dumps(str(api_socket) if api_socket else '')}"]
    if api_listen:
        lines += [f"  listen: [{json.dumps(api_listen)}]", "  insecure: true"]
    return work.file(f"{name}.yaml", "\n".join(lines) + "\n")


def agent_env(profiles):
    env = dict(os.environ)
    env["NICTUNE_PROFILE_PATH"] = str(profiles)
    env.pop("NOTIFY_SOCKET", None)
    return env


class NotifySocket:
    """The benchmark's own NOTIFY_SOCKET: a datagram socket the agent sends READY=1 to."""

    def __init__(self, work):
        self.path = str(work.path / f"notify-{Namespace.serial}-{time.monotonic_ns()}")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)

    def wait_ready(self, process, timeout=60.0):
        """Returns perf_counter() at the datagram that carries READY=1."""
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise RuntimeError("no READY=1 within %.0f s" % timeout)
            self.sock.settimeout(min(left, 0.5))
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                if process.poll() is not None:
                    raise RuntimeError(f"the agent exited ({process.returncode}) before READY=1")
                continue
            if b"READY=1" in data.split(b"\n"):
                return time.perf_counter()

    def close(self):
        self.sock.close()
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass


def stop_all(processes, logs):
    for process in processes:
        stop(process)
    for log in logs:
        log.close()


def proc_status(pid, key):
    """A size from /proc/PID/status (VmRSS, VmHWM), in bytes."""
    m = re.search(rf"^{key}:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.M)
    return int(m.group(1)) * 1024


def stop(process, timeout=20):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- statistics and results ------------------------------------------------------------------------------------

def median(xs):
    s = sorted(xs)
    n = len(s)
    if n == 0:
        return None
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def percentile(xs, p):
    """Nearest rank."""
    s = sorted(xs)
    if not s:
        return None
    k = max(1, -(-len(s) * p // 100))
    return s[int(k) - 1]


def summary(xs):
    return {"median": median(xs), "min": min(xs), "max": max(xs), "n": len(xs), "samples": xs}


def fmt_range(s, scale=1.0, digits=1):
    f = f"{{:.{digits}f}}"
    return f"{f.format(s['median'] * scale)} ({f.format(s['min'] * scale)}–{f.format(s['max'] * scale)})"


def machine():
    load = Path("/proc/loadavg").read_text().split()[:3]
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "unknown")
    return {"nproc": os.cpu_count(), "loadavg": " ".join(load), "kernel": os.uname().release, "cpu": model}


def write_results(opts, scenario, data, table):
    opts.out.mkdir(parents=True, exist_ok=True)
    day = time.strftime("%Y-%m-%d")
    data = {"scenario": scenario, "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "machine_at_start": data.pop("machine"),
            "machine_at_end": machine(), "reps": opts.reps, "warmup": opts.warmup, **data}
    base = opts.out / f"{day}-{scenario}"
    base.with_suffix(".json").write_text(json.dumps(data, indent=1) + "\n")
    m = data["machine_at_start"]
    header = (f"{scenario}, {data['date']}: {m['nproc']} CPUs ({m['cpu']}), kernel {m['kernel']}, load average "
              f"{m['loadavg']} at the start and {data['machine_at_end']['loadavg']} at the end; "
              f"{opts.reps} repetitions after {opts.warmup} warm-up, median (min–max).\n\n")
    base.with_suffix(".md").write_text(header + table + "\n")
    print(header + table)
    print(f"written: {base}.json, {base}.md")


def markdown(headers, rows):
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def binary_version(binary):
    r = run([binary, "--version"], check=False)
    return (r.stdout or r.stderr).strip().splitlines()[0] if (r.stdout or r.stderr).strip() else "unknown"


def package_version(name):
    r = run(["dpkg-query", "-W", "-f=${Version}", name], check=False)
    return r.stdout.strip() or "not installed"
