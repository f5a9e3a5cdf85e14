"""``python -m benchmarks [--quick] [NAME …]``: run the benchmarks, print one report.

Prints a table of figures and the ratio goals of QUALITY.md (Performance) with
PASS/FAIL beside each. Exit status 0 whatever the figures: this is a report, not
a test (a benchmark that crashes is reported as such and the others still run).
"""

import argparse
import os
import platform
import signal
import sys
import time
import traceback

from benchmarks import (
    case_page_scale,
    dashboard_scale,
    group_import,
    ledger_import,
    mediator_queue,
    pdf_render,
    read_throughput,
    signing,
    state_memory,
    support,
    totals_scale,
    transition_rate,
)

# In the order they run: quick ones first, then those on generated cases (the databases
# of 1,000 to 1,000,000 cases are shared), the 10,000,000-case one last.
BENCHMARKS = {
    module.NAME: module
    for module in (
        state_memory,
        pdf_render,
        signing,
        read_throughput,
        transition_rate,
        ledger_import,
        group_import,
        totals_scale,
        dashboard_scale,
        case_page_scale,
        mediator_queue,
    )
}


def _arguments(argv):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Benchmarks of the mediation app; prints figures and QUALITY.md's goals.",
    )
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help=f"benchmarks to run (default: all): {', '.join(BENCHMARKS)}",
    )
    parser.add_argument(
        "--quick", action="store_true", help="small sizes and short runs: a smoke run, not figures to quote"
    )
    arguments = parser.parse_args(argv)
    unknown = [n for n in arguments.names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    return arguments


def _stop(signum, _frame):
    raise SystemExit(128 + signum)  # unwinds: gunicorn is stopped, databases dropped


def main(argv=None) -> int:
    arguments = _arguments(argv)
    signal.signal(signal.SIGTERM, _stop)
    names = arguments.names or list(BENCHMARKS)
    run = support.Run(quick=arguments.quick)
    started = time.monotonic()
    load_before = os.getloadavg()
    failed = []
    try:
        for name in names:
            support.progress(f"--- {name}")
            goals_before = len(run.report.goals)
            try:
                BENCHMARKS[name].run(run)
            except Exception as error:
                traceback.print_exc()
                failed.append(name)
                run.report.figure(
                    name, "benchmark failed", type(error).__name__, str(error).splitlines()[0][:100]
                )
                if len(run.report.goals) == goals_before:
                    run.report.goal(name, f"{name} goals", "not measured (benchmark failed)", "", None)
    finally:
        run.close()
    elapsed = time.monotonic() - started
    header = [
        "Benchmarks" + (" (--quick: smoke sizes, figures not comparable)" if arguments.quick else ""),
        f"machine: {os.cpu_count()} cores, load average {load_before[0]:.2f} at start, "
        f"{os.getloadavg()[0]:.2f} at end; Python {platform.python_version()}; "
        f"PostgreSQL {support.postgres_version()}",
        f"ran: {', '.join(names)} in {elapsed:.0f} s" + (f"; failed: {', '.join(failed)}" if failed else ""),
        f"HTTP load: wrk (C; {support.CONNECTIONS} threads of one connection) on the same cores, "
        "against gunicorn -w 2 (sync) on 127.0.0.1 serving the product and a floor app "
        "(benchmarks/floor.py) on the same database, taking turns; ratios are medians of per-round "
        "ratios. Pages at scale: one request at a time, gunicorn -w 1 per database, sizes taking turns.",
    ]
    print(run.report.render(header), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
