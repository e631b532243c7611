"""The scenarios' driver; bench/run.sh calls it (in a mount namespace of its own) with the scenarios to run."""

import argparse
import sys
import traceback

import common
import scenario_apply
import scenario_footprint
import scenario_grpc
import scenario_ready
import scenario_scrape

SCENARIOS = {
    "ready": scenario_ready,
    "apply": scenario_apply,
    "footprint": scenario_footprint,
    "scrape": scenario_scrape,
    "grpc": scenario_grpc,
}


def parse(argv):
    p = argparse.ArgumentParser(prog="bench/run.sh", description="nictune against its peers; bench/README.md")
    p.add_argument("scenarios", nargs="*", metavar="SCENARIO",
                   help="any of: " + ", ".join(SCENARIOS) + " (default: all, in that order)")
    p.add_argument("--dry-run", action="store_true", help="list what each scenario would run, and run nothing")
    p.add_argument("--reps", type=int, default=5, help="measured repetitions (at least 5; default 5)")
    p.add_argument("--warmup", type=int, default=1, help="warm-up repetitions, not counted (default 1)")
    p.add_argument("--bin", default=str(common.REPO / "artifacts/aot/nictune"), help="the published nictune binary")
    p.add_argument("--duration", type=int, default=600,
                   help="footprint: seconds of idle with a scrape every 15 s (default 600, the issue's 10 minutes)")
    p.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")],
                   help="override the interface counts of ready, apply and scrape (comma separated)")
    p.add_argument("--out", default=str(common.BENCH / "results"), help="where the JSON and Markdown go")
    p.add_argument("--smoke", action="store_true",
                   help="try the scripts out: allows fewer than 5 repetitions and writes to /tmp, not bench/results")
    args = p.parse_args(argv)
    unknown = [s for s in args.scenarios if s not in SCENARIOS]
    if unknown:
        p.error(f"unknown scenario {', '.join(unknown)}; the scenarios are: {', '.join(SCENARIOS)}")
    if args.smoke:
        args.out = "/tmp/nictune-bench-smoke"
    elif args.reps < 5 and not args.dry_run:
        p.error(f"--reps {args.reps}: at least 5 repetitions are required")
    if args.duration < 60:
        p.error(f"--duration {args.duration}: at least 60 seconds (4 scrapes)")
    return args


def main(argv):
    args = parse(argv)
    opts = common.Options(args)
    chosen = args.scenarios or list(SCENARIOS)
    failed = []
    for name in chosen:
        module = SCENARIOS[name]
        if opts.dry_run:
            print(f"== {name}: {module.TITLE}")
            for line in module.plan(opts):
                print("  " + line)
            continue
        print(f"== {name}: {module.TITLE}", flush=True)
        try:
            module.run(opts)
        except Exception:
            traceback.print_exc()
            failed.append(name)
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
