"""Idle memory of `nictune run` beside node_exporter, and where each one's memory goes, from /proc only.

Run by bench/idle-memory.sh inside the network namespace it creates (`ip netns exec NS python3 ...`). For each
round and each variant (a binary, optionally with environment variables such as DOTNET_GCgen0size=0x40000 in front
of it), in the order the variants were given: start node_exporter (network collectors only) and the variant (`run`,
observe mode, the API socket and /metrics on), wait for READY=1 and each one's first answer, IDLE seconds, then
scrape each (alternating) up to each count in SCRAPES (a comma-separated list, e.g. 10,20,50,100: one start, a
reading at each count), and a second after each count read both processes:
- /proc/PID/status: VmRSS, RssAnon, RssFile, Threads; /proc/PID/stat: minor and major page faults;
- /proc/PID/task/*/comm: every thread's name, and the resident size of its stack (the mapping that holds the stack
  pointer /proc/PID/task/TID/syscall reports for a thread blocked in a system call; [stack] for the main thread);
- /proc/PID/smaps: the resident bytes of each mapping, sorted into
  binary        the executable's own file mapping (page-cache pages, file-backed);
  other files   every other file mapping (libc, the dynamic loader, ...);
  gc heap       for nictune, anonymous mappings inside the largest reserved range (the .NET GC reserves its
                regions' address space at start and commits inside it); for node_exporter, the Go heap's 64 MiB
                arenas (64 MiB-aligned reservations of 64 MiB);
  malloc        [heap] and, for nictune, glibc's per-thread arenas (64 MiB-aligned reservations of 64 MiB);
  stacks        the threads' stacks found above;
  other anon    everything else anonymous (the runtime's own data, GC bookkeeping, ...).
- for nictune, the GC's own figures on the last scrape's body: dotnet_total_memory_bytes (what the heap holds, live or
  not yet collected) and the collections per generation since start.
With SMAPS_DIR set, a copy of each /proc/PID/smaps is kept there. Prints one JSON object per variant, round and count,
then a summary per variant and count (medians over rounds, ratios to node_exporter).
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from startup_footprint import scrape, stop, wait_ready  # noqa: E402

import socket  # noqa: E402

ARENA = 64 << 20  # glibc's HEAP_MAX_SIZE on 64-bit: every non-main malloc arena reserves this much, aligned


def read_status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "RssAnon", "RssFile", "Threads"):
                out[key] = int(value.split()[0])
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    out["minflt"], out["majflt"] = int(fields[7]), int(fields[9])
    return out


def read_smaps(pid):
    """[(start, end, path or '', perms, rss KiB)]"""
    maps, cur = [], None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            head = line.split(None, 5)
            if "-" in head[0] and not head[0].endswith(":"):
                lo, hi = (int(x, 16) for x in head[0].split("-"))
                cur = [lo, hi, head[5].strip() if len(head) > 5 else "", head[1], 0]
                maps.append(cur)
            elif head[0] == "Rss:":
                cur[4] = int(head[1])
    return maps


def thread_stacks(pid, maps):
    """{tid: (comm, index of the mapping holding its stack or None)}"""
    out = {}
    for tid in sorted(os.listdir(f"/proc/{pid}/task"), key=int):
        with open(f"/proc/{pid}/task/{tid}/comm") as f:
            comm = f.read().strip()
        sp = None
        try:
            with open(f"/proc/{pid}/task/{tid}/syscall") as f:
                words = f.read().split()
            if len(words) >= 3 and words[0] != "running":
                sp = int(words[-2], 16)
        except OSError:
            pass
        index = None
        for i, (lo, hi, path, _, _) in enumerate(maps):
            if (sp is not None and lo <= sp < hi) or (sp is None and tid == str(pid) and path == "[stack]"):
                index = i
                break
        out[tid] = (comm, index)
    return out


def breakdown(pid, binary, go=False):
    maps = read_smaps(pid)
    stacks = thread_stacks(pid, maps)
    stack_maps = {i for _, i in stacks.values() if i is not None}
    anon = [path == "" and i not in stack_maps for i, (_, _, path, _, _) in enumerate(maps)]
    # 64 MiB-aligned reservations of 64 MiB (glibc's arenas, the Go heap's), each split by what was committed in it.
    arenas = set()
    for i, (lo, _, _, _, _) in enumerate(maps):
        if anon[i] and lo % ARENA == 0:
            j = i
            while maps[j][1] < lo + ARENA and j + 1 < len(maps) and anon[j + 1] and maps[j + 1][0] == maps[j][1]:
                j += 1
            if maps[j][1] == lo + ARENA:
                arenas.update(range(i, j + 1))
    # Runs of adjacent anonymous mappings (any permissions) besides those: one reservation split by what was
    # committed in it. The .NET GC's heap is the largest.
    runs, run = [], []
    for i, (lo, _, _, _, _) in enumerate(maps):
        if anon[i] and i not in arenas and run and maps[run[-1]][1] == lo:
            run.append(i)
        elif anon[i] and i not in arenas:
            run = [i]
            runs.append(run)
        else:
            run = []
    size = lambda r: maps[r[-1]][1] - maps[r[0]][0]  # noqa: E731
    gc = sorted(arenas) if go else max(runs, key=size) if runs else []
    if go:
        arenas = set()
    kinds = {"binary": 0, "other_files": 0, "gc_heap": 0, "malloc": 0, "stacks": 0, "other_anon": 0}
    gc_set = set(gc)
    for i, (_, _, path, _, rss) in enumerate(maps):
        if i in stack_maps or path == "[stack]":
            kinds["stacks"] += rss
        elif path == binary:
            kinds["binary"] += rss
        elif path.startswith("/"):
            kinds["other_files"] += rss
        elif i in gc_set:
            kinds["gc_heap"] += rss
        elif path == "[heap]" or i in arenas:
            kinds["malloc"] += rss
        else:
            kinds["other_anon"] += rss
    threads = [{"tid": int(t), "comm": c, "stack_kib": maps[i][4] if i is not None else None}
               for t, (c, i) in stacks.items()]
    return kinds, threads


def scrape_body(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read()


def start(command, env, notify, log):
    if os.path.exists(notify):
        os.unlink(notify)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(notify)
    proc = subprocess.Popen(command, env=dict(os.environ, NOTIFY_SOCKET=notify, **env), stdout=log,
                            stderr=subprocess.STDOUT)
    return sock, proc


def gc_figures(body):
    """The GC's own figures from a /metrics body: bytes in use (live and not yet collected) and collections per generation."""
    out = {}
    for line in body.decode().splitlines():
        if line.startswith("dotnet_total_memory_bytes "):
            out["total_memory_bytes"] = int(float(line.split()[1]))
        elif line.startswith("dotnet_collection_count_total{generation="):
            out["gen" + line.split('"')[1] + "_collections"] = int(float(line.split()[1]))
    return out


def read_both(proc, binary, node, node_exporter, body, scrapes):
    out = {"scrapes": scrapes}
    for name, pid, path in (("nictune", proc.pid, binary), ("node_exporter", node.pid, os.path.realpath(node_exporter))):
        kinds, threads = breakdown(pid, path, go=name == "node_exporter")
        if os.environ.get("SMAPS_DIR"):  # keep the mappings for a closer look
            shutil.copyfile(f"/proc/{pid}/smaps", os.path.join(os.environ["SMAPS_DIR"], f"{name}-{pid}-{scrapes}.smaps"))
        out[name] = read_status(pid) | {"smaps_kib": kinds, "threads": threads}
    out["nictune"]["gc"] = gc_figures(body)
    return out


def measure(variant, config, directory, node_exporter, checkpoints, idle):
    """One start of each; a reading of both after each number of scrapes in checkpoints (ascending)."""
    env = dict(word.split("=", 1) for word in variant[:-1])
    binary = os.path.realpath(variant[-1])
    notify = os.path.join(directory, "notify.sock")
    node = subprocess.Popen([node_exporter, "--web.listen-address=127.0.0.1:9100", "--collector.disable-defaults",
                             "--collector.netdev", "--collector.netclass", "--collector.ethtool",
                             "--collector.softnet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(os.path.join(directory, "nictune.log"), "ab") as log:
        sock, proc = start([binary, "run", "--config", config], env, notify, log)
        try:
            wait_ready(sock, proc, 120)
            for _ in range(600):
                try:
                    body = scrape_body("http://127.0.0.1:10910/metrics")
                    scrape("http://127.0.0.1:9100/metrics")
                    break
                except OSError:
                    time.sleep(0.1)
            time.sleep(idle)
            out, done = [], 1
            for count in checkpoints:
                for _ in range(count - done):
                    body = scrape_body("http://127.0.0.1:10910/metrics")
                    scrape("http://127.0.0.1:9100/metrics")
                done = max(done, count)
                time.sleep(1)
                out.append(read_both(proc, binary, node, node_exporter, body, done))
        finally:
            stop(sock, proc)
            node.terminate()
            node.wait()
    return out


def main():
    config, directory, node_exporter = sys.argv[1:4]
    variants = [v.split() for v in sys.argv[4:]]
    rounds = int(os.environ.get("ROUNDS", "3"))
    checkpoints = sorted(int(n) for n in os.environ.get("SCRAPES", "10").split(","))
    idle = float(os.environ.get("IDLE", "5"))
    results = {(" ".join(v), n): [] for v in variants for n in checkpoints}
    for r in range(rounds):
        for v in variants:
            for m in measure(v, config, directory, node_exporter, checkpoints, idle):
                results[(" ".join(v), m["scrapes"])].append(m)
                print(json.dumps({"round": r, "variant": " ".join(v)} | m), flush=True)
    keys = ("VmRSS", "RssAnon", "RssFile", "Threads", "minflt", "majflt")
    for (name, scrapes), ms in results.items():
        row = {"variant": name, "scrapes": scrapes}
        for side in ("nictune", "node_exporter"):
            row[side] = {k: statistics.median(m[side][k] for m in ms) for k in keys}
            row[side]["smaps_kib"] = {k: statistics.median(m[side]["smaps_kib"][k] for m in ms)
                                      for k in ms[0][side]["smaps_kib"]}
        row["nictune"]["gc"] = {k: statistics.median(m["nictune"]["gc"].get(k, 0) for m in ms)
                                for k in ms[0]["nictune"]["gc"]}
        row["rss_ratio"] = round(row["nictune"]["VmRSS"] / row["node_exporter"]["VmRSS"], 3)
        row["anon_ratio"] = round(row["nictune"]["RssAnon"] / row["node_exporter"]["RssAnon"], 3)
        print("summary " + json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
