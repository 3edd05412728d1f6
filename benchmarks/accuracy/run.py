#!/usr/bin/env python3
"""Recall, precision and channel accuracy of ``msglint sites`` on hand-labelled public repositories.

    python benchmarks/accuracy/run.py SNAPSHOTS [--repo owner/name ...] [--show-misses 20]

``labels/<owner>__<name>.jsonl`` holds the hand-checked sites of one repository (format: LABELS.md) and
``labels/<owner>__<name>.scope.json`` the files they cover (``include``/``exclude`` globs) and the commit
they were made at. SNAPSHOTS is a folder with a checkout of each repository at that commit, named
``<owner>+<name>`` or ``<owner>__<name>`` (fetched code is never committed here); repositories absent
from it are skipped. Prints one row per repository and the totals over every label (micro averages),
scored by ``score_sites.py``.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = HERE / "labels"  # a test points this elsewhere
SCORER = HERE / "score_sites.py"


@dataclass
class Score:
    need: int = 0  # labels that count (borderline ones do not)
    hit: int = 0  # of those, found
    matched: int = 0  # tool sites matched to a label (borderline included)
    extra: int = 0  # tool sites matched to no label
    channels: int = 0  # found labels with a known channel
    channels_ok: int = 0  # of those, with the same channel

    def add(self, other: "Score") -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def recall(self) -> float:
        return self.hit / self.need if self.need else 1.0

    @property
    def precision(self) -> float:
        return self.matched / (self.matched + self.extra) if self.matched + self.extra else 1.0

    @property
    def channel_accuracy(self) -> float:
        return self.channels_ok / self.channels if self.channels else 1.0


def find_tree(snapshots: Path, repo: str) -> Path | None:
    owner, name = repo.split("/", 1)
    for candidate in (f"{owner}+{name}", f"{owner}__{name}", name):
        if (snapshots / candidate).is_dir():
            return snapshots / candidate
    return None


def head_commit(tree: Path) -> str | None:
    run = subprocess.run(["git", "-C", str(tree), "rev-parse", "HEAD"], capture_output=True, text=True, check=False)
    return run.stdout.strip() if run.returncode == 0 else None


def score_repo(labels: Path, scope: dict, tree: Path, msglint: list[str], show_misses: int) -> tuple[Score, str]:
    with tempfile.TemporaryDirectory(prefix="msglint-accuracy-") as work:
        sites = Path(work) / "sites.json"
        # run from outside any checkout: "python -m msglint" in this repository's root would import its
        # source folders instead of the installed package
        run = subprocess.run([*msglint, "sites", str(tree.absolute()), "--format", "json", "--no-cache",
                              "--isolated", "-o", str(sites)], capture_output=True, text=True, check=False, cwd=work)
        if run.returncode != 0 or not sites.exists():
            raise SystemExit(f"msglint failed on {tree}: {run.stderr.strip()[-400:]}")
        command = [sys.executable, str(SCORER), str(labels), str(sites), "--json",
                   "--show-misses", str(show_misses)]
        for glob in scope.get("include", []):
            command += ["--include", glob]
        for glob in scope.get("exclude", []):
            command += ["--exclude", glob]
        scored = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    counts = next(json.loads(line) for line in scored.splitlines() if line.startswith("{"))
    report = "\n".join(line for line in scored.splitlines() if line.startswith(("  MISS", "  EXTRA")))
    return Score(**counts), report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("snapshots", type=Path)
    parser.add_argument("--repo", action="append", default=[], help="only this repository (owner/name)")
    parser.add_argument("--show-misses", type=int, default=0, help="list this many misses and extras per repository")
    parser.add_argument("--msglint", default=f"{sys.executable} -m msglint", help="the command that runs msglint")
    args = parser.parse_args()
    total = Score()
    rows = []
    for labels in sorted(LABELS.glob("*.jsonl")):
        scope = json.loads(labels.with_name(labels.name[:-len(".jsonl")] + ".scope.json").read_text())
        repo = scope["repo"]
        if args.repo and repo not in args.repo:
            continue
        tree = find_tree(args.snapshots, repo)
        if tree is None:
            print(f"{repo}: no snapshot in {args.snapshots}, skipped", file=sys.stderr)
            continue
        commit = head_commit(tree)
        if commit and commit != scope["commit"]:
            print(f"{repo}: snapshot at {commit[:12]}, labels made at {scope['commit'][:12]}", file=sys.stderr)
        score, misses = score_repo(labels, scope, tree, args.msglint.split(), args.show_misses)
        total.add(score)
        rows.append((repo, score))
        if misses:
            print(f"{repo}\n{misses}")
    print(f"{'repository':42s} {'labels':>6s} {'recall':>7s} {'precision':>9s} {'channel':>8s}")
    for repo, score in rows + [("all", total)]:
        print(f"{repo:42s} {score.need:6d} {score.recall:7.3f} {score.precision:9.3f} {score.channel_accuracy:8.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
