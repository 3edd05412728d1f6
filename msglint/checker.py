"""``msglint check``: run the selected rules over the analysed project and filter what users asked to skip.

Order of filters: rule selection (select / extend-select / ignore), per-file
ignores, inline suppressions, the baseline, and ``--diff`` (only findings in
files changed since a revision; the graph is still built from the whole tree).
"""
from __future__ import annotations

import fnmatch
import json
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Optional, Sequence

from typing import TYPE_CHECKING
from msglint.config import Config, ConfigError
from msglint.rules import Context, Finding, Rule, all_rules, rule_codes
from msglint.suppressions import FileSuppressions, parse

if TYPE_CHECKING:  # the analyser is imported by whoever analyses, not to validate a selection
    from msglint.analyzer.pipeline import Inventory

UNUSED_SUPPRESSION = "MSG002"


@dataclass
class CheckResult:
    findings: list[Finding]
    rules: list[type[Rule]]
    inventory: Inventory
    suppressed: int = 0
    baselined: int = 0


def _matches(code: str, selectors: Iterable[str]) -> bool:
    return any(code.startswith(selector) for selector in selectors)


def validate_codes(selectors: Iterable[str], where: str) -> None:
    known = rule_codes() + [UNUSED_SUPPRESSION]
    for selector in selectors:
        if selector.upper() == "ALL":
            continue
        if not any(code.startswith(selector.upper()) for code in known):
            raise ConfigError(f"{where}: unknown rule code or prefix '{selector}' "
                              f"(known: {', '.join(known)})")


def validate_selection(config: Config, select: Optional[Sequence[str]] = None, ignore: Sequence[str] = (),
                       extend_select: Sequence[str] = ()) -> tuple[list[str], list[str], list[str]]:
    """The select, extend-select and ignore lists in effect; raises ConfigError for an unknown code."""
    where = str(config.path or "configuration")
    chosen_select = [s.upper() for s in (select if select is not None else config.select or ["ALL"])]
    extend = [s.upper() for s in list(config.extend_select) + list(extend_select)]
    ignored = [s.upper() for s in list(config.ignore) + list(ignore)]
    for selectors in (chosen_select, extend, ignored, *config.per_file_ignores.values()):
        validate_codes(selectors, where)
    validate_codes(list(config.severity), where)
    return chosen_select, extend, ignored


def selected_rules(config: Config, select: Optional[Sequence[str]] = None, ignore: Sequence[str] = (),
                   extend_select: Sequence[str] = ()) -> list[type[Rule]]:
    """ruff's semantics: ``select`` replaces the default (all rules), ``extend-select`` adds, ``ignore`` removes."""
    chosen_select, extend, ignored = validate_selection(config, select, ignore, extend_select)
    rules = []
    for rule in all_rules():
        wanted = "ALL" in chosen_select or _matches(rule.code, chosen_select) or _matches(rule.code, extend)
        if wanted and not _matches(rule.code, ignored):
            rules.append(rule)
    return rules


def run_rules(rules: Sequence[type[Rule]], inventory: Inventory, graph, naming=None) -> list[Finding]:
    context = Context(sites=inventory.sites, message_types=inventory.message_types, graph=graph, naming=naming,
                      diagnostics=[d for d in inventory.diagnostics if d.code == "MSG001"], facts=inventory.facts)
    findings: list[Finding] = []
    for rule_class in rules:
        findings.extend(rule_class().check(context))
    unique = {(f.code, f.path, f.line, f.column, f.message): f for f in findings}
    return sorted(unique.values(), key=lambda f: f.sort_key)


def check(inventory: Inventory, graph, config: Config, *, select: Optional[Sequence[str]] = None,
          ignore: Sequence[str] = (), extend_select: Sequence[str] = (), baseline: Optional[Path] = None,
          diff_files: Optional[set[str]] = None, warn_unused_ignores: bool = False, naming=None) -> CheckResult:
    rules = selected_rules(config, select, ignore, extend_select)
    findings = run_rules(rules, inventory, graph, naming)
    findings = [replace(f, severity=config.severity.get(f.code, f.severity)) for f in findings]
    findings = [f for f in findings if not _per_file_ignored(f, config)]
    kept, suppressed, unused = _apply_suppressions(findings, inventory.root, warn_unused_ignores,
                                                   inventory.files)
    baselined = 0
    if baseline is not None:
        known = load_baseline(baseline)
        before = len(kept)
        kept = [f for f in kept if f.fingerprint not in known]
        baselined = before - len(kept)
    if diff_files is not None:
        kept = [f for f in kept if f.path in diff_files]
        unused = [f for f in unused if f.path in diff_files]
    return CheckResult(findings=kept + unused, rules=rules, inventory=inventory, suppressed=suppressed,
                       baselined=baselined)


def _per_file_ignored(finding: Finding, config: Config) -> bool:
    for pattern, codes in config.per_file_ignores.items():
        if fnmatch.fnmatch(finding.path, pattern) or fnmatch.fnmatch(finding.path, pattern.rstrip("/") + "/*"):
            if _matches(finding.code, [c.upper() for c in codes]):
                return True
    return False


def _read(root: Path, path: str) -> Optional[str]:
    try:
        return (root / path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _apply_suppressions(findings: list[Finding], root: Path, warn_unused: bool,
                        all_paths: Sequence[str] = ()) -> tuple[list[Finding], int, list[Finding]]:
    by_path: dict[str, FileSuppressions] = {}
    kept: list[Finding] = []
    suppressed = 0
    for finding in findings:
        if finding.path not in by_path:
            source = _read(root, finding.path)
            by_path[finding.path] = parse(source) if source is not None else FileSuppressions()
        file = by_path[finding.path]
        if file.skip_file:
            suppressed += 1
            continue
        found = file.suppressing(finding.code, finding.line)
        if found is not None:
            found.used.add(finding.code)
            suppressed += 1
            continue
        kept.append(finding)
    unused: list[Finding] = []
    if warn_unused:
        from msglint.rules.base import Rule as _Rule

        class _Unused(_Rule):
            code = UNUSED_SUPPRESSION
            name = "unused-suppression"
            severity = "warning"
            summary = "A suppression comment that suppresses nothing."
            fix = "Remove the comment, or the codes in it that no longer occur."

        reporter = _Unused()
        for path in all_paths:  # files without findings may hold suppressions that are no longer needed
            if path not in by_path:
                source = _read(root, path)
                if source is not None and ("noqa" in source or "msglint:" in source):
                    by_path[path] = parse(source)
        for path in sorted(path for path, file in by_path.items() if file.by_line):
            file = by_path[path]
            for suppression, idle in file.unused():
                what = f"unused suppression of {', '.join(idle)}" if idle else "unused blanket suppression"
                unused.append(reporter.finding(f"{what}: nothing here is reported", path=path,
                                               line=suppression.line, subject=",".join(idle)))
    return kept, suppressed, unused


def load_baseline(path: Path) -> set[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ConfigError(f"{path}: the baseline is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise ConfigError(f"{path}: not a msglint baseline (expected {{\"version\": 1, \"findings\": [...]}})")
    return {entry["fingerprint"] for entry in data["findings"] if isinstance(entry, dict) and "fingerprint" in entry}


def write_baseline(path: Path, findings: Sequence[Finding]) -> None:
    payload = {"version": 1, "findings": [
        {"fingerprint": f.fingerprint, "code": f.code, "path": f.path, "message": f.message}
        for f in sorted(findings, key=lambda f: (f.path, f.code, f.fingerprint))]}
    try:
        path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the baseline: {exc.strerror or exc}") from None


def changed_files(root: Path, revision: str) -> set[str]:
    """Files changed since ``revision`` (committed, staged, unstaged or new), relative to ``root``."""
    def git(*args: str) -> list[str]:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise ConfigError(f"--diff {revision}: git failed: {result.stderr.strip() or 'not a git repository?'}")
        return [line for line in result.stdout.splitlines() if line]

    top = Path(git("rev-parse", "--show-toplevel")[0])
    names = set(git("diff", "--name-only", revision, "--")) | set(git("ls-files", "--others", "--exclude-standard"))
    prefix = root.resolve()
    out = set()
    for name in names:
        absolute = (top / name).resolve()
        try:
            out.add(absolute.relative_to(prefix).as_posix())
        except ValueError:
            continue
    return out


def add_noqa(root: Path, findings: Sequence[Finding]) -> int:
    """Append ``# noqa: CODE`` to each finding's line (merged with an existing noqa). Returns lines changed."""
    by_path: dict[str, dict[int, set[str]]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, {}).setdefault(finding.line, set()).add(finding.code)
    changed = 0
    for path, lines in by_path.items():
        file = root / path
        try:
            text = file.read_text(encoding="utf-8")
        except OSError:
            continue
        rows = text.splitlines(keepends=True)
        for line, codes in lines.items():
            if not 0 < line <= len(rows):
                continue
            row = rows[line - 1]
            ending = row[len(row.rstrip("\r\n")):]
            body = row.rstrip("\r\n")
            existing = None
            marker = body.find("# noqa")
            if marker >= 0:
                existing = body[marker:]
                body = body[:marker].rstrip()
                codes = codes | set(part.strip() for part in existing.partition(":")[2].replace(",", " ").split()
                                    if part.strip())
            rows[line - 1] = f"{body}  # noqa: {', '.join(sorted(codes))}{ending}"
            changed += 1
        file.write_text("".join(rows), encoding="utf-8")
    return changed


from msglint.rules.base import failing  # noqa: E402,F401 - part of this module's interface
