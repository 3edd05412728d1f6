"""What every findings reporter receives (``msglint check --output-format ...``)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence, Union

from msglint.version import __version__
from msglint.rules.base import Finding, Rule, RuleSummary


@dataclass
class Report:
    findings: Sequence[Finding]  # sorted by path, line, column, code
    rules: Sequence[Union[type[Rule], RuleSummary]]  # every rule that ran (metadata: SARIF, docs links)
    root: Path  # the project root; finding paths are POSIX and relative to it
    files_analysed: int = 0
    color: bool = False
    version: str = __version__
    read_line: Optional[Callable[[str, int], Optional[str]]] = None  # (path, line) -> source line, for "full"

