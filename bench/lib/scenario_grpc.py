"""Scenario 5, gRPC: throughput and latency of grpc.health.v1.Health/Check and nictune.v1.Agent/GetStatus, with
h2load -c 4 -m 32 over TCP and the benchmark's own client (bench/peers/unary_load.cc) over the Unix socket, against a
Python grpcio server and a C++ synchronous server built here from Debian's libgrpc++-dev."""

import json
import os
import re
import subprocess

from common import (BENCH, Namespace, NotifySocket, Workdir, agent_env, agent_yaml, fmt_range, machine, markdown,
                    median, package_version, percentile, proc_status, profile_dir, stop_all, summary, write_results)
from common import run as sh

TITLE = "gRPC: Health/Check and Agent/GetStatus, h2load -c 4 -m 32 over TCP and our client over the Unix socket"
PEERS = BENCH / "peers"
CONNECTIONS = 4
IN_FLIGHT = 32
SECONDS = 4
WARMUP_SECONDS = 1
CHECK = "/grpc.health.v1.Health/Check"
STATUS = "/nictune.v1.Agent/GetStatus"
PORTS = {"nictune": 50051, "python-grpcio": 50052, "cpp-sync": 50053}


def targets(work):
    sockets = {name: work.path / f"{name}.sock" for name in PORTS}
    out = []
    # tcp and unix-h2load are measured by h2load; unix by our own client, which also checks every call's status.
    for transport in ("tcp", "unix-h2load", "unix"):
        for server, method in (("nictune", CHECK), ("nictune", STATUS), ("python-grpcio", CHECK), ("cpp-sync", CHECK)):
            address = f"127.0.0.1:{PORTS[server]}" if transport == "tcp" else f"unix:{sockets[server]}"
            out.append({"server": server, "method": method, "transport": transport, "address": address})
    return out, sockets


def plan(opts):
    return [
        "build: protoc --cpp_out --python_out --grpc_out (grpc_cpp_plugin) bench/peers/health.proto; g++ -O2 health_server.cc and "
        "unary_load.cc against pkg-config grpc++ protobuf (Debian's libgrpc++-dev)",
        f"nictune: ip netns exec NS {opts.binary} run --config agent.yaml (enforce, profile bench-a, api.listen "
        f"127.0.0.1:{PORTS['nictune']} with insecure: true, API socket in a temporary directory); 1 veth pair",
        f"python-grpcio: ip netns exec NS /usr/bin/python3 bench/peers/health_server.py 127.0.0.1:{PORTS['python-grpcio']} "
        "unix:SOCKET (grpc.server, ThreadPoolExecutor(10), health_pb2 messages from protoc --python_out)",
        f"cpp-sync: ip netns exec NS health_server 127.0.0.1:{PORTS['cpp-sync']} unix:SOCKET (grpc::ServerBuilder, "
        "synchronous service, the library's defaults)",
        "check first: each server answers Check with SERVING and nictune GetStatus with OK (python3-grpcio client)",
        f"tcp: h2load -D {SECONDS} --warm-up-time {WARMUP_SECONDS} -c {CONNECTIONS} -m {IN_FLIGHT} -d <empty gRPC "
        "frame> -H 'content-type: application/grpc' -H 'te: trailers' --log-file=LOG http://ADDRESS/METHOD; "
        "p50/p99 from the log",
        "unix-h2load: the same h2load with -B unix:SOCKET http://localhost/METHOD",
        f"unix: unary_load unix:SOCKET METHOD {SECONDS} {WARMUP_SECONDS} {CONNECTIONS} {IN_FLIGHT} (ours: "
        "callback GenericStub, status checked per call)",
        "targets (each repetition, order rotating): nictune Check, nictune GetStatus, python-grpcio Check, "
        f"cpp-sync Check, over tcp, unix-h2load and unix; {opts.warmup} warm-up + {opts.reps} repetitions",
    ]


def build(work):
    out = work.dir("peers")
    plugin = sh(["which", "grpc_cpp_plugin"]).stdout.strip()
    sh(["protoc", f"-I{PEERS}", f"--cpp_out={out}", f"--python_out={out}", f"--grpc_out={out}", f"--plugin=protoc-gen-grpc={plugin}",
        str(PEERS / "health.proto")])
    flags = sh(["pkg-config", "--cflags", "--libs", "grpc++", "protobuf"]).stdout.split()
    sh(["g++", "-O2", "-std=c++17", f"-I{out}", "-o", str(out / "health_server"), str(PEERS / "health_server.cc"),
        str(out / "health.pb.cc"), str(out / "health.grpc.pb.cc"), *flags])
    sh(["g++", "-O2", "-std=c++17", "-o", str(out / "unary_load"), str(PEERS / "unary_load.cc"), *flags])
    return out


VERIFY = """
import sys, grpc
address, method, expect = sys.argv[1], sys.argv[2], bytes.fromhex(sys.argv[3])
channel = grpc.insecure_channel(address, options=[("grpc.default_authority", "localhost")])
call = channel.unary_unary(method, request_serializer=None, response_deserializer=None)
for _ in range(100):
    try:
        reply = call(b"", timeout=5)
        break
    except grpc.RpcError as e:
        if e.code() != grpc.StatusCode.UNAVAILABLE:
            raise
        import time; time.sleep(0.1)
else:
    sys.exit(f"{address}: no answer")
if expect and reply != expect:
    sys.exit(f"{address}{method}: {reply.hex()}, expected {expect.hex()}")
"""


def verify(ns, address, method, expect=""):
    r = sh(ns.exec(["/usr/bin/python3", "-c", VERIFY, address, method, expect]), check=False)
    if r.returncode != 0:
        raise RuntimeError(f"{address}{method}: {r.stderr.strip()[-400:]}")


def url(target):
    if target["address"].startswith("unix:"):
        # -B unix:PATH connects to the socket; the URL gives the scheme, the :authority (localhost) and the path.
        return ["-B", target["address"], f"http://localhost{target['method']}"]
    return [f"http://{target['address']}{target['method']}"]


def h2load(ns, work, target, frame):
    log = work.path / "h2load.log"
    r = sh(ns.exec(["h2load", "-D", str(SECONDS), "--warm-up-time", str(WARMUP_SECONDS), "-c", str(CONNECTIONS),
                    "-m", str(IN_FLIGHT), "-d", str(frame), "-H", "content-type: application/grpc",
                    "-H", "te: trailers", f"--log-file={log}", *url(target)]), check=False)
    m = re.search(r"finished in [\d.]+s, ([\d.]+) req/s", r.stdout)
    done = re.search(r"requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed, (\d+) errored", r.stdout)
    if not m or not done or int(done.group(1)) == 0 or int(done.group(2)) or int(done.group(3)):
        raise RuntimeError(f"h2load against {target['address']}{target['method']} exited {r.returncode}: "
                           f"{r.stdout[-800:]} {r.stderr[-400:]}")
    latencies = [int(f[2]) for f in (line.split("\t") for line in log.read_text().splitlines()) if f[1] == "200"]
    return {"rps": float(m.group(1)), "p50_us": percentile(latencies, 50), "p99_us": percentile(latencies, 99)}


def unary_load(ns, client, target):
    r = sh(ns.exec([str(client), target["address"], target["method"], str(SECONDS), str(WARMUP_SECONDS),
                    str(CONNECTIONS), str(IN_FLIGHT)]), check=False)
    if r.returncode != 0:
        raise RuntimeError(f"unary_load against {target['address']}{target['method']}: {r.stdout} {r.stderr[-400:]}")
    return json.loads(r.stdout)


def rss(pid):
    return {key: proc_status(pid, key) for key in ("VmRSS", "VmHWM")}


def run(opts):
    work = Workdir("grpc")
    start_machine = machine()
    procs, logs = [], []
    try:
        peers = build(work)
        profiles = profile_dir(work)
        frame = work.file("empty-request.bin", "\0\0\0\0\0")  # flag 0, length 0: an empty message
        tlist, sockets = targets(work)
        with Namespace("grpc", 1) as ns:
            # h2load resolves 127.0.0.1 with AI_ADDRCONFIG, which fails where no interface but lo has an IPv4 address.
            sh(["ip", "-n", ns.name, "addr", "add", "10.254.0.1/24", "dev", "nb0"])
            notify = NotifySocket(work)
            env = agent_env(profiles)
            env["NOTIFY_SOCKET"] = notify.path
            config = agent_yaml(work, "grpc", metrics=["127.0.0.1:10910"], api_socket=sockets["nictune"],
                                api_listen=f"127.0.0.1:{PORTS['nictune']}")
            commands = {
                "nictune": ns.exec([opts.binary, "run", "--config", str(config)]),
                "python-grpcio": ns.exec(["/usr/bin/python3", str(PEERS / "health_server.py"),
                                          f"127.0.0.1:{PORTS['python-grpcio']}", f"unix:{sockets['python-grpcio']}"]),
                "cpp-sync": ns.exec([str(peers / "health_server"), f"127.0.0.1:{PORTS['cpp-sync']}",
                                     f"unix:{sockets['cpp-sync']}"]),
            }
            python_env = {**os.environ, "PYTHONPATH": str(peers)}
            servers = {}
            for name, cmd in commands.items():
                log = open(work.path / f"{name}.log", "w")
                logs.append(log)
                servers[name] = subprocess.Popen(cmd, env={"nictune": env, "python-grpcio": python_env}.get(name),
                                                 stdout=log, stderr=subprocess.STDOUT)
                procs.append(servers[name])
                if name == "nictune":
                    notify.wait_ready(servers[name])
                    notify.close()
            for t in tlist:
                verify(ns, t["address"], t["method"], "0801" if t["method"] == CHECK else "")
            samples = {i: [] for i in range(len(tlist))}
            for rep in range(opts.warmup + opts.reps):
                shift = rep % len(tlist)
                for i in list(range(shift, len(tlist))) + list(range(shift)):
                    t = tlist[i]
                    result = h2load(ns, work, t, frame) if t["transport"] != "unix" else \
                        unary_load(ns, peers / "unary_load", t)
                    if rep >= opts.warmup:
                        samples[i].append(result)
                if rep >= opts.warmup:
                    print(f"  repetition {rep + 1 - opts.warmup}/{opts.reps}: " + ", ".join(
                        f"{t['server']} {t['method'].rsplit('/', 1)[1]}/{t['transport']} {samples[i][-1]['rps']:.0f}"
                        for i, t in enumerate(tlist)), flush=True)
            memory = {name: rss(p.pid) for name, p in servers.items()}
        results = []
        for i, t in enumerate(tlist):
            xs = samples[i]
            results.append({**t, "rps": summary([x["rps"] for x in xs]),
                            "p50_us": median([x["p50_us"] for x in xs]), "p99_us": median([x["p99_us"] for x in xs])})
        write_results(opts, "grpc", {"machine": start_machine, "binary": opts.binary,
                                     "grpcio": package_version("python3-grpcio"),
                                     "libgrpc++": package_version("libgrpc++-dev"),
                                     "h2load": package_version("nghttp2-client"),
                                     "memory_after_bytes": memory, "results": results}, table(results, memory))
    finally:
        stop_all(procs, logs)
        work.close()


def table(results, memory):
    rows = []
    by = {(r["server"], r["method"], r["transport"]): r for r in results}
    for r in results:
        ratio = ""
        if r["server"] == "nictune" and r["method"] == CHECK:
            py = by[("python-grpcio", CHECK, r["transport"])]["rps"]["median"]
            cc = by[("cpp-sync", CHECK, r["transport"])]["rps"]["median"]
            ratio = f"{r['rps']['median'] / py:.1f}x python, {r['rps']['median'] / cc:.2f}x C++"
        rows.append([r["transport"], r["server"], r["method"].rsplit("/", 2)[1] + "/" + r["method"].rsplit("/", 1)[1],
                     fmt_range(r["rps"], 1, 0), f"{r['p50_us'] / 1000:.2f}", f"{r['p99_us'] / 1000:.2f}", ratio])
    out = markdown(["transport", "server", "method", "req/s", "p50 (ms)", "p99 (ms)", "nictune against"], rows)
    out += "\n\nMemory after the run (VmRSS / VmHWM, MB): " + ", ".join(
        f"{name} {m['VmRSS'] / 2**20:.1f} / {m['VmHWM'] / 2**20:.1f}" for name, m in memory.items())
    out += (f". tcp and unix-h2load: h2load -c {CONNECTIONS} -m {IN_FLIGHT}, {SECONDS} s after {WARMUP_SECONDS} s of warm-up; unix: "
            f"bench/peers/unary_load with the same connections and calls in flight. Goal: nictune's Check at least "
            "30x the Python server's and 1.2x the C++ sync server's.")
    return out
