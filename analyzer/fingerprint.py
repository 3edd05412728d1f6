"""A fingerprint of msglint's own code, so that no cache outlives the code that filled it."""
from __future__ import annotations

import hashlib
import os
from typing import Iterable

_SKIPPED = ("__pycache__",)


def code_fingerprint(folders: Iterable[str], version: str = "") -> str:
    """``version`` and the size and mtime of every module and data file in ``folders`` and the folders
    below them (``libraries``, ``naming``, ``data``): what Python itself trusts to reuse a module's
    bytecode, and much cheaper than reading every module on every run."""
    digest = hashlib.sha256(version.encode())
    folders = sorted({os.path.abspath(folder) for folder in folders})
    # a folder inside another listed one (an installed msglint/analyzer below msglint/) is walked once
    folders = [folder for folder in folders
               if not any(folder.startswith(other + os.sep) for other in folders if other != folder)]
    for folder in folders:
        todo = [""]
        while todo:
            sub = todo.pop()
            try:
                entries = sorted(os.scandir(os.path.join(folder, sub)), key=lambda e: e.name)
            except OSError:
                continue
            for entry in entries:
                if entry.is_dir() and entry.name not in _SKIPPED and not entry.name.startswith("."):
                    todo.append(f"{sub}/{entry.name}" if sub else entry.name)
                elif entry.name.endswith((".py", ".tsv")) and entry.is_file():
                    info = entry.stat()
                    digest.update(f"{sub}/{entry.name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()
