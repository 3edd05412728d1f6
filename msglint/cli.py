"""The command line: ``msglint sites`` (and, as they land, check, graph, intent)."""
from __future__ import annotations

import sys
import traceback
from functools import wraps
from pathlib import Path
from typing import Any, Callable, Optional

import click

from msglint import __version__
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
                traceback.print_exc()
            sys.exit(EXIT_ERROR)
    return wrapper


def _debug() -> bool:
    import os
    return os.environ.get("MSGLINT_DEBUG") not in (None, "", "0")


def _write(text: str, output: Optional[Path]) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{output}: cannot write: {exc.strerror or exc}") from None


_config_options = [
    click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
                 help="Use this configuration file instead of searching for one."),
    click.option("--isolated", is_flag=True, help="Ignore every configuration file."),
]


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
@_guarded
def sites(paths: tuple[Path, ...], fmt: str, output: Optional[Path], config_file: Optional[Path],
          isolated: bool) -> None:
    """List every place that produces or consumes messages, with its channel."""
    from msglint.api import analyze_paths

    path_list = list(paths) or [Path(".")]
    config = resolve_config(path_list, config_file, isolated)
    inventory = analyze_paths(path_list, config)
    for diagnostic in inventory.diagnostics:
        click.echo(f"msglint: {diagnostic.path}:{diagnostic.line}:{diagnostic.column}: {diagnostic.message}",
                   err=True)
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


if __name__ == "__main__":  # pragma: no cover
    main()
