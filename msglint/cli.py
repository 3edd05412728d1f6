"""The command line: check, sites, graph, intent, rules, rule and clean."""
from __future__ import annotations

import sys
from functools import wraps
from pathlib import Path
from typing import Any, Callable, Optional

import click

from msglint.version import __version__
from msglint.config import ConfigError, resolve_config

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _guarded(command: Callable[..., Any]) -> Callable[..., Any]:
    """Configuration problems exit 2 with one line; internal errors never show a bare traceback."""
    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ConfigError as exc:
            click.echo(f"msglint: error: {exc}", err=True)
            sys.exit(EXIT_ERROR)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the user gets a short report request instead
            click.echo(f"msglint: internal error: {type(exc).__name__}: {exc}", err=True)
            click.echo("This is a bug in msglint; please report it with the command you ran "
                       "(set MSGLINT_DEBUG=1 to see the traceback).", err=True)
            if _debug():
                import traceback

                traceback.print_exc()
            sys.exit(EXIT_ERROR)
    return wrapper


def _debug() -> bool:
    import os
    return os.environ.get("MSGLINT_DEBUG") not in (None, "", "0")


def _write(text: str, output: Optional[Path]) -> None:
    if output is None:
        try:
            click.echo(text, nl=False)
        except UnicodeEncodeError:  # a file name that is not UTF-8, on an output that takes only UTF-8
            click.echo(text.encode("utf-8", "replace").decode("utf-8"), nl=False)
        return
    try:
        # a file name that is not UTF-8 (a surrogate escape) is written as U+FFFD, so the file stays UTF-8
        output.write_text(text, encoding="utf-8", errors="replace")
    except OSError as exc:
        raise ConfigError(f"{output}: cannot write: {exc.strerror or exc}") from None


_config_options = [
    click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
                 help="Use this configuration file instead of searching for one."),
    click.option("--isolated", is_flag=True, help="Ignore every configuration file."),
]
_run_options = [
    click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                 help="Worker processes for parsing (default: the number of CPUs)."),
    click.option("--no-cache", is_flag=True, help="Neither read nor write the per-file cache."),
]


def run_options(func: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(_run_options):
        func = option(func)
    return func


def _inventory(paths: tuple[Path, ...], config_file: Optional[Path], isolated: bool, jobs: Optional[int],
               no_cache: bool) -> Any:
    """Configuration, analysis, and the input problems on standard error (sites and graph)."""
    path_list = list(paths) or [Path(".")]
    inventory = _analyze(path_list, resolve_config(path_list, config_file, isolated), jobs, no_cache)
    for diagnostic in inventory.diagnostics:
        click.echo(f"msglint: {diagnostic.path}:{diagnostic.line}:{diagnostic.column}: {diagnostic.message}",
                   err=True)
    return inventory


def _analyze(path_list: list[Path], config: Any, jobs: Optional[int], no_cache: bool, found: Any = None,
             idle: Optional[Callable[[], None]] = None) -> Any:
    """The analysis every command shares: workers, cache and a progress bar on a terminal."""
    import os

    from msglint.api import analyze_paths

    bar: dict[str, Any] = {}

    def progress(done: int, total: int) -> None:
        if total < 200 or not sys.stderr.isatty():
            return
        if "bar" not in bar:
            bar["bar"] = click.progressbar(length=total, label="msglint", file=sys.stderr)
            bar["bar"].__enter__()
        bar["bar"].update(1)

    try:
        inventory = analyze_paths(path_list, config, jobs=jobs or os.cpu_count() or 1, cache=not no_cache,
                                  progress=progress, found=found, idle=idle)
    finally:
        if "bar" in bar:
            bar["bar"].__exit__(None, None, None)
    if inventory.cache_problem:
        click.echo(f"msglint: warning: {inventory.cache_problem}", err=True)
    return inventory


def config_options(func: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(_config_options):
        func = option(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="msglint")
def main() -> None:
    """Static analysis of message-driven and event-driven Python code.

    Finds where code sends, publishes and consumes messages, who knows whom,
    and where the code contradicts its own intent (commands vs events).
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True, help="Output format.")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file instead of standard output.")
@config_options
@run_options
@_guarded
def sites(paths: tuple[Path, ...], fmt: str, output: Optional[Path], config_file: Optional[Path],
          isolated: bool, jobs: Optional[int], no_cache: bool) -> None:
    """List every place that produces or consumes messages, with its channel."""
    inventory = _inventory(paths, config_file, isolated, jobs, no_cache)
    if fmt == "json":
        from msglint.reporters import sites_json
        text = sites_json.render(inventory.sites)
    elif fmt == "csv":
        from msglint.reporters import sites_csv
        text = sites_csv.render(inventory.sites)
    else:
        from msglint.reporters import sites_table
        color = output is None and sys.stdout.isatty()
        text = sites_table.render(inventory.sites, color=color)
    _write(text, output)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "dot", "mermaid", "graphml", "svg", "html"]),
              default="mermaid", show_default=True, help="Output format.")
@click.option("--view", "view_name", type=click.Choice(["coupling", "flow"]), default="coupling", show_default=True,
              help="coupling: components and how they know each other; flow: components, channels and messages.")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file instead of standard output.")
@config_options
@run_options
@_guarded
def graph(paths: tuple[Path, ...], fmt: str, view_name: str, output: Optional[Path], config_file: Optional[Path],
          isolated: bool, jobs: Optional[int], no_cache: bool) -> None:
    """Draw who knows whom: the coupling graph (or the message flow) of the components."""
    import importlib

    from msglint.api import build_message_graph

    inventory = _inventory(paths, config_file, isolated, jobs, no_cache)
    message_graph = build_message_graph(inventory)
    reporter = importlib.import_module(f"msglint.reporters.graph_{fmt}")
    if fmt == "svg":
        from msglint.reporters.graph_svg import GraphvizMissing
        try:
            text = reporter.render(message_graph, view_name)
        except GraphvizMissing as exc:
            click.echo(f"msglint: error: {exc}", err=True)
            sys.exit(EXIT_ERROR)
    else:
        text = reporter.render(message_graph, view_name)
    _write(text, output)


OUTPUT_FORMATS = ["full", "concise", "json", "sarif", "github", "gitlab", "junit"]


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--output-format", "fmt", type=click.Choice(OUTPUT_FORMATS), default=None,
              help="How to report findings (default: full on a terminal, concise otherwise).")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write the report to this file.")
@click.option("--select", help="Comma-separated rule codes or prefixes to run (replaces the configured set).")
@click.option("--extend-select", help="Comma-separated rule codes or prefixes to add.")
@click.option("--ignore", help="Comma-separated rule codes or prefixes to skip.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="warning", show_default=True,
              help="Exit 1 when a finding of this severity or worse remains.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--statistics", is_flag=True, help="Print counts per rule instead of the findings.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the findings, no summary or diagnostics.")
@click.option("--baseline", type=click.Path(path_type=Path, dir_okay=False),
              help="Skip findings recorded in this baseline file.")
@click.option("--write-baseline", type=click.Path(path_type=Path, dir_okay=False),
              help="Record the current findings in this baseline file and exit 0.")
@click.option("--add-noqa", is_flag=True, help="Add '# noqa: CODE' comments to every finding's line.")
@click.option("--diff", "diff_revision", metavar="REV",
              help="Report only findings in files changed since this git revision.")
@click.option("--warn-unused-ignores", is_flag=True, help="Report suppression comments that suppress nothing.")
@config_options
@run_options
@_guarded
def check(paths: tuple[Path, ...], fmt: Optional[str], output: Optional[Path], select: Optional[str],
          extend_select: Optional[str], ignore: Optional[str], fail_on: str, exit_zero: bool, statistics: bool,
          quiet: bool, baseline: Optional[Path], write_baseline: Optional[Path], add_noqa: bool,
          diff_revision: Optional[str], warn_unused_ignores: bool, config_file: Optional[Path],
          isolated: bool, jobs: Optional[int], no_cache: bool) -> None:
    """Check messaging code against the rules; exit 1 when findings remain (see 'msglint rules')."""
    import dataclasses
    import importlib

    from msglint.config import cache_dir
    from msglint.reporters.findings_base import Report
    from msglint.rules.base import Finding, RuleSummary, failing

    def codes(text: Optional[str]) -> list[str]:
        return [part.strip() for part in (text or "").split(",") if part.strip()]

    path_list = list(paths) or [Path(".")]
    config = resolve_config(path_list, config_file, isolated)
    # an unchanged tree with the same configuration and options: the previous result (msglint.memo)
    from msglint import memo
    from msglint.analyzer.discover import discover

    found = discover(path_list, config.root, exclude=config.exclude, extend_exclude=config.extend_exclude)
    key = None
    if not (no_cache or diff_revision or add_noqa or write_baseline):
        settings = {"config": dataclasses.asdict(config), "select": select, "ignore": ignore,
                    "extend_select": extend_select, "baseline": memo.file_digest(baseline),
                    "warn_unused_ignores": warn_unused_ignores, "problems": found.problems}
        key = memo.run_key(found.files, config.root, settings)
    cached = memo.load(cache_dir(config), key) if key else None
    if cached is not None:
        findings = [Finding.from_json(item) for item in cached["findings"]]
        rules = [RuleSummary(**item) for item in cached["rules"]]
        diagnostics, files_seen = cached["diagnostics"], cached["files_seen"]
    else:
        findings, rules, diagnostics, files_seen = _check(
            path_list, config, jobs, no_cache, found, codes(select) or None, codes(ignore), codes(extend_select),
            baseline, write_baseline, add_noqa, diff_revision, warn_unused_ignores)
        if key:
            memo.store(cache_dir(config), key, {
                "findings": [f.to_json() for f in findings], "diagnostics": diagnostics, "files_seen": files_seen,
                "rules": [dataclasses.asdict(RuleSummary.of(rule)) for rule in rules]})
    if not quiet:
        for diagnostic in diagnostics:
            click.echo(f"msglint: {diagnostic['path']}: {diagnostic['message']}", err=True)
    fmt = fmt or ("full" if output is None and sys.stdout.isatty() else "concise")
    report = Report(findings=findings, rules=rules, root=config.root,
                    files_analysed=files_seen, color=output is None and sys.stdout.isatty(),
                    read_line=_line_reader(config.root))
    if statistics:
        from msglint.reporters import statistics as statistics_reporter
        text = statistics_reporter.render(report)
    else:
        text = importlib.import_module(f"msglint.reporters.findings_{fmt}").render(report)
    if quiet and fmt in ("full", "concise"):  # findings only: drop the closing summary
        lines = text.splitlines()
        while lines and (not lines[-1].strip() or lines[-1].startswith(("Found ", "All checks passed"))):
            lines.pop()
        text = "\n".join(lines) + ("\n" if lines else "")
    _write(text, output)
    if not exit_zero and failing(findings, fail_on):
        sys.exit(EXIT_FINDINGS)


def _load_rules() -> None:
    """Imports the check needs after the analysis (the rules, the graph, networkx: about 0.3 s), done
    while the workers parse."""
    from msglint.analyzer import graph  # noqa: F401
    from msglint.rules import all_rules

    all_rules()


def _check(path_list: list[Path], config: Any, jobs: Optional[int], no_cache: bool, found: Any,
           select: Optional[list[str]], ignore: list[str], extend_select: list[str], baseline: Optional[Path],
           write_baseline: Optional[Path], add_noqa: bool, diff_revision: Optional[str],
           warn_unused_ignores: bool) -> tuple[list[Any], list[Any], list[dict], int]:
    """Analysis and rules: the findings, the rules that ran, the input problems, the files seen."""
    from msglint import checker
    from msglint.api import build_message_graph, naming_config

    checker.validate_selection(config, select, ignore, extend_select)  # before the long part
    inventory = _analyze(path_list, config, jobs, no_cache, found, idle=_load_rules)
    diagnostics = [{"path": d.path, "message": d.message} for d in inventory.diagnostics if d.code != "MSG001"]
    diff_files = checker.changed_files(config.root, diff_revision) if diff_revision else None
    result = checker.check(inventory, build_message_graph(inventory), config, select=select, ignore=ignore,
                           extend_select=extend_select, baseline=None if write_baseline else baseline,
                           diff_files=diff_files, warn_unused_ignores=warn_unused_ignores,
                           naming=naming_config(config))
    if write_baseline is not None:
        checker.write_baseline(write_baseline, result.findings)
        click.echo(f"msglint: wrote {len(result.findings)} findings to the baseline {write_baseline}", err=True)
        sys.exit(EXIT_OK)
    if add_noqa:
        changed = checker.add_noqa(config.root, result.findings)
        click.echo(f"msglint: added noqa comments to {changed} lines", err=True)
        sys.exit(EXIT_OK)
    return result.findings, result.rules, diagnostics, inventory.files_seen


def _line_reader(root: Path):
    cache: dict[str, list[str]] = {}

    def read(path: str, line: int) -> Optional[str]:
        if path not in cache:
            try:
                cache[path] = (root / path).read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                cache[path] = []
        lines = cache[path]
        return lines[line - 1] if 0 < line <= len(lines) else None
    return read


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@config_options
@_guarded
def clean(paths: tuple[Path, ...], config_file: Optional[Path], isolated: bool) -> None:
    """Remove msglint's cache folder."""
    from msglint.analyzer.cache import clean as clean_cache
    from msglint.api import cache_dir

    config = resolve_config(list(paths) or [Path(".")], config_file, isolated)
    folder = cache_dir(config)
    if clean_cache(folder):
        click.echo(f"Removed {folder}")
    else:
        click.echo(f"No msglint cache at {folder}")


@main.command(name="rules")
@click.option("--format", "fmt", type=click.Choice(["table", "markdown", "json"]), default="table",
              show_default=True)
def rules_command(fmt: str) -> None:
    """List every rule: code, name, severity and what it flags."""
    from msglint.rules import all_rules
    from msglint.rules.docs import render_json, render_markdown, render_table

    text = {"table": render_table, "markdown": render_markdown, "json": render_json}[fmt](all_rules())
    click.echo(text, nl=False)


@main.command(name="rule")
@click.argument("code")
def rule_command(code: str) -> None:
    """Show one rule's full documentation (e.g. 'msglint rule MSG101')."""
    from msglint.rules import rule_by_code
    from msglint.rules.docs import render_rule

    try:
        rule = rule_by_code(code)
    except KeyError:
        click.echo(f"msglint: error: no rule '{code}' (see 'msglint rules')", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(render_rule(rule), nl=False)


@main.command()
@click.argument("names", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@config_options
@_guarded
def intent(names: tuple[str, ...], fmt: str, config_file: Optional[Path], isolated: bool) -> None:
    """Classify message or channel names as command, event or unclear, with the evidence."""
    import json

    from msglint.analyzer.naming import classify_name
    from msglint.api import naming_config

    config = resolve_config([Path(".")], config_file, isolated)
    naming = naming_config(config)
    results = [(name, classify_name(name, naming)) for name in names]
    if fmt == "json":
        payload = [{"name": name, "intent": r.intent, "evidence": list(r.evidence)} for name, r in results]
        click.echo(json.dumps(payload, indent=2))
        return
    width = max(len(name) for name, _ in results)
    for name, result in results:
        colour = {"command": "yellow", "event": "cyan"}.get(result.intent)
        label = click.style(result.intent.ljust(8), fg=colour) if sys.stdout.isatty() and colour \
            else result.intent.ljust(8)
        click.echo(f"{name.ljust(width)}  {label}  {'; '.join(result.evidence)}")


if __name__ == "__main__":  # pragma: no cover
    main()
