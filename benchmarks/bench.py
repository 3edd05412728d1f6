#!/usr/bin/env python3
"""Time msglint against its peers on one source tree, side by side in one run.

    python benchmarks/bench.py PATH [--runs 3] [--jobs N]

Measures, each as whole processes (wall seconds, peak memory of the process):
  - msglint check, cold (empty cache) and warm (unchanged tree, cache filled);
  - msglint check after one file is touched (the graph and findings rebuilt from cached facts);
  - msglint check --jobs 1, cold (to show the site count does not depend on workers);
  - the naive baseline: parsing every file with libcst (what a linter without a prefilter pays);
  - semgrep with an equivalent site ruleset (benchmarks/semgrep_sites.yml), when ``semgrep`` is on PATH;
  - Fixit with one equivalent libcst rule (benchmarks/fixit_rule.py), when ``fixit`` is on PATH.
Prints the medians, the ratios to semgrep, lines per second, and the site counts (cold, warm, --jobs 1).
Nothing here imports the analysed code. See README, "Speed".

Every program runs as its users run it: with Python's bytecode cache (an environment that sets
PYTHONDONTWRITEBYTECODE would make msglint compile its own modules on every run, which no installed
tool does: pip compiles them at install time).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak memory (MB, the largest process of the run) and stdout of one process."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL, env=env or ENV)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return wall, usage.ru_maxrss / 1024, out.read().decode("utf-8", "replace")


def semgrep_problem(output: str) -> str:
    """Why semgrep's JSON output does not show the ruleset run, or "" if it does."""
    try:
        report = json.loads(output)
    except ValueError:
        return "no JSON output"
    # a rule or pattern semgrep rejected ("Rule parse error", ["Pattern parse error", ...]): that rule
    # was skipped; errors in the scanned files themselves (a target it cannot parse) are not counted
    errors = [error for error in report.get("errors", [])
              if any(word in str(error.get("type", "")).lower() for word in ("rule", "pattern"))]
    return errors[0].get("message", "rule error").splitlines()[0] if errors else ""


def count_lines(tree: Path) -> tuple[int, int]:
    files = lines = 0
    for path in tree.rglob("*.py"):
        try:
            lines += path.read_bytes().count(b"\n")
            files += 1
        except OSError:
            pass
    return files, lines


def measure(label: str, command: list[str], cwd: Path, runs: int, before=None) -> dict:
    walls, peaks, output = [], [], ""
    for _ in range(runs):
        if before:
            before()
        wall, peak, output = run(command, cwd)
        walls.append(wall)
        peaks.append(peak)
    result = {"label": label, "wall": statistics.median(walls), "min": min(walls), "max": max(walls),
              "peak_mb": max(peaks), "output": output}
    print(f"  {label:38s} median {result['wall']:7.2f} s  (min {result['min']:.2f}, max {result['max']:.2f})  "
          f"peak {result['peak_mb']:6.0f} MB", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tree", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peer-runs", type=int, default=0,
                        help="runs of semgrep (default: --runs); it takes minutes on a large tree")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--semgrep", default=shutil.which("semgrep"), help="the semgrep program (default: on PATH)")
    parser.add_argument("--fixit", default=shutil.which("fixit"), help="the fixit program (default: on PATH)")
    args = parser.parse_args()
    tree = args.tree.resolve()
    files, lines = count_lines(tree)
    print(f"tree: {tree}  ({files} Python files, {lines} lines); {args.runs} runs each, medians")
    cache = Path(tempfile.mkdtemp(prefix="msglint-bench-"))
    config = cache / "msglint.toml"
    config.write_text(f'cache-dir = "{cache / "cache"}"\n')
    msglint = [sys.executable, "-m", "msglint", "check", str(tree), "--config", str(config), "--exit-zero",
               "--output-format", "json", "--jobs", str(args.jobs)]
    sites = [sys.executable, "-m", "msglint", "sites", str(tree), "--config", str(config), "--format", "json"]

    def clear() -> None:
        shutil.rmtree(cache / "cache", ignore_errors=True)

    check = subprocess.run(msglint, cwd=tree, capture_output=True, text=True, check=False, env=ENV)
    if check.returncode not in (0, 1) or not check.stdout.strip():
        sys.exit(f"msglint did not run ({sys.executable}): {check.stderr.strip()[-500:]}")
    results = {}
    results["cold"] = measure(f"msglint check, cold (--jobs {args.jobs})", msglint, tree, args.runs, before=clear)
    results["warm"] = measure("msglint check, warm (unchanged tree)", msglint, tree, args.runs)
    touched = max(tree.rglob("*.py"), key=lambda p: p.stat().st_size)

    touches = []

    def touch() -> None:  # a new mtime each run, old enough not to be "racy" (see msglint/memo.py)
        touches.append(1)
        moment = time.time() - 5 - len(touches)
        os.utime(touched, (moment, moment))

    original = touched.stat()
    results["touched"] = measure("msglint check, one file touched", msglint, tree, args.runs, before=touch)
    os.utime(touched, ns=(original.st_atime_ns, original.st_mtime_ns))
    results["jobs1"] = measure("msglint check, cold, --jobs 1", msglint[:-2] + ["--jobs", "1"], tree, 1,
                               before=clear)
    counts = {}
    for name, extra, before in (("cold", ["--jobs", str(args.jobs)], clear), ("warm", ["--jobs", str(args.jobs)], None),
                                ("jobs 1", ["--jobs", "1"], clear)):
        if before:
            before()
        _, _, output = run(sites + extra, tree)
        counts[name] = len(json.loads(output)["sites"]) if output.strip() else -1
    naive = [sys.executable, "-c", "import sys, pathlib, libcst\n"
             "for p in pathlib.Path(sys.argv[1]).rglob('*.py'):\n"
             "    try: libcst.parse_module(p.read_bytes())\n"
             "    except Exception: pass\n", str(tree)]
    results["naive"] = measure("naive: libcst parse of every file", naive, tree, 1)
    if args.semgrep and not shutil.which(args.semgrep):
        print(f"  semgrep: {args.semgrep} not found - skipped")
    elif args.semgrep:
        semgrep = measure("semgrep (18 site patterns)",
                          [args.semgrep, "--config", str(HERE / "semgrep_sites.yml"), "--metrics=off",
                           "--quiet", "--json", str(tree)], tree, args.peer_runs or args.runs)
        problem = semgrep_problem(semgrep["output"])
        if problem:  # a rule semgrep rejects is skipped: it would be timed doing no matching at all
            print(f"  semgrep did not run the ruleset ({problem}): no ratio to it")
        else:
            print(f"  {'':38s} semgrep found {len(json.loads(semgrep['output'])['results'])} matches")
            results["semgrep"] = semgrep
    else:
        print("  semgrep: not installed (pip install semgrep) - skipped")
    if args.fixit:
        fixit_dir = Path(tempfile.mkdtemp(prefix="msglint-fixit-"))
        shutil.copy(HERE / "fixit_rule.py", fixit_dir / "bench_fixit_rule.py")
        env = dict(os.environ, PYTHONPATH=str(fixit_dir))
        start = time.perf_counter()
        subprocess.run([args.fixit, "--rules", "bench_fixit_rule", "lint", str(tree)], cwd=tree, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        results["fixit"] = {"label": "fixit", "wall": time.perf_counter() - start, "peak_mb": float("nan")}
        print(f"  {'fixit (one libcst rule)':38s} median {results['fixit']['wall']:7.2f} s  (1 run)")
    else:
        print("  fixit: not installed (pip install fixit) - skipped")
    print()
    print(f"lines per second: cold {lines / results['cold']['wall']:,.0f}, warm {lines / results['warm']['wall']:,.0f}, "
          f"naive parse {lines / results['naive']['wall']:,.0f}")
    print(f"site count: cold {counts['cold']}, warm {counts['warm']}, --jobs 1 {counts['jobs 1']}"
          f" ({'same' if len(set(counts.values())) == 1 else 'DIFFERENT'})")
    base = results.get("semgrep")
    for key in ("cold", "warm", "touched", "jobs1", "naive", "fixit"):
        if key in results and base:
            print(f"ratio {results[key]['label']:38s} / semgrep = {results[key]['wall'] / base['wall']:.3f}")
    print(f"peak memory: cold {results['cold']['peak_mb']:.0f} MB, warm {results['warm']['peak_mb']:.0f} MB, "
          f"one file touched {results['touched']['peak_mb']:.0f} MB")
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
