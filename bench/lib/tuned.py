"""tuned, the peer: its profiles and main configuration in a private /etc/tuned, one-shot or as a daemon on a private
D-Bus system bus. run.sh runs the whole benchmark in a mount namespace of its own where /etc/tuned and /run/tuned
are bind mounts of temporary directories, so nothing here touches the host's tuned configuration."""

import os
import subprocess
import time
from pathlib import Path

from common import PROFILES, run, tuned_main_conf, tuned_profile

ETC = Path("/etc/tuned")
MARKER = ".nictune-bench"


def private_etc():
    """/etc/tuned, after checking it is the bench's private bind mount (run.sh puts a marker file in it)."""
    if os.environ.get("NICTUNE_BENCH_MNTNS") != "1" or not (ETC / MARKER).exists():
        raise RuntimeError("/etc/tuned is not the benchmark's private copy: run the scenarios through bench/run.sh")
    return ETC


def configure(daemon, active="bench-a"):
    etc = private_etc()
    (etc / "tuned-main.conf").write_text(tuned_main_conf(daemon))
    for key in PROFILES:
        d = etc / f"bench-{key}"
        d.mkdir(exist_ok=True)
        (d / "tuned.conf").write_text(tuned_profile(key))
    (etc / "active_profile").write_text(active + "\n")
    (etc / "profile_mode").write_text("manual\n")


def oneshot_command(ns, profile="bench-a"):
    """tuned's no-daemon mode: applies the profile's static tuning once and exits."""
    return ns.exec(["tuned", "--no-dbus", "--no-socket", "-p", profile])


class Bus:
    """A private D-Bus system bus for the tuned daemon and tuned-adm (DBUS_SYSTEM_BUS_ADDRESS), so that tuned-adm
    switches profiles the way it does on a real system, through the daemon."""

    def __init__(self, work):
        self.address = f"unix:path={work.path}/system_bus_socket"
        config = work.file("bus.conf", f"""<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>{self.address}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
""")
        self.process = subprocess.Popen(["dbus-daemon", "--nofork", "--nopidfile", f"--config-file={config}"],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        socket_path = Path(self.address.split("=", 1)[1])
        for _ in range(100):
            if socket_path.exists():
                break
            time.sleep(0.05)
        else:
            raise RuntimeError("the private dbus-daemon did not start")

    def env(self):
        env = dict(os.environ)
        env["DBUS_SYSTEM_BUS_ADDRESS"] = self.address
        return env

    def close(self):
        self.process.terminate()
        self.process.wait()


class Daemon:
    """tuned in daemon mode in a namespace, on the private bus, with profile A applied."""

    def __init__(self, ns, bus, work, name, wrapper=()):
        configure(daemon=True)
        self.ns = ns
        self.bus = bus
        self.log = open(work.path / f"{name}.log", "w")
        self.process = subprocess.Popen([*wrapper, *ns.exec(["tuned", "-l", str(work.path / f"{name}.tuned.log")])],
                                        env=bus.env(), stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            r = run(["tuned-adm", "active"], check=False, env=bus.env())
            if "bench-a" in r.stdout:
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"tuned exited ({self.process.returncode}); see {self.log.name}")
            time.sleep(0.2)
        raise RuntimeError("the tuned daemon did not answer on the private bus")

    def pid(self):
        """The tuned process itself (under ip netns exec, which execs, and maybe /usr/bin/time)."""
        for line in run(["ip", "netns", "pids", self.ns.name]).stdout.split():
            try:
                cmdline = Path(f"/proc/{line}/cmdline").read_bytes().split(b"\0")
            except FileNotFoundError:
                continue
            # python3 -Es /usr/sbin/tuned ...
            if any(part.endswith(b"/tuned") for part in cmdline[:3]):
                return int(line)
        raise RuntimeError("no tuned process in " + self.ns.name)

    def switch_command(self, profile):
        return ["tuned-adm", "profile", profile]

    def close(self):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
