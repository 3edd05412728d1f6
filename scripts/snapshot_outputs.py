"""Save msglint's JSON outputs on every fixture folder (and any extra trees) to compare two versions.

A refactoring must not change what users see: run this before and after, then `diff -r` the two folders.

    python scripts/snapshot_outputs.py /tmp/before [--extra /path/to/nova/nova]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def targets(extra: list[str]) -> list[Path]:
    fixtures = ROOT / "fixtures"
    found = [fixtures]
    for group in sorted(p for p in fixtures.iterdir() if p.is_dir()):
        found.append(group)
        if group.name in ("libraries", "resolution"):
            found.extend(sorted(p for p in group.iterdir() if p.is_dir()))
    return found + [Path(e).resolve() for e in extra]


def label(target: Path) -> str:
    try:
        return str(target.relative_to(ROOT)).replace("/", "__")
    except ValueError:
        return "extra__" + target.name


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--extra", action="append", default=[], help="another tree to snapshot")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    commands = {
        "sites.json": ["sites", "--format", "json"],
        "check.json": ["check", "--output-format", "json", "--exit-zero"],
        "coupling.json": ["graph", "--format", "json", "--view", "coupling"],
        "flow.json": ["graph", "--format", "json", "--view", "flow"],
    }
    for target in targets(args.extra):
        for suffix, command in commands.items():
            run = subprocess.run(  # not from the checkout, whose msglint/ would shadow the installed package
                [sys.executable, "-m", "msglint", *command, "--no-cache", str(target)],
                capture_output=True, text=True, cwd=tempfile.gettempdir(),
            )
            name = f"{label(target)}.{suffix}"
            (args.out / name).write_text(run.stdout)
            (args.out / (name + ".stderr")).write_text(f"exit {run.returncode}\n{run.stderr}")
        print(label(target), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
