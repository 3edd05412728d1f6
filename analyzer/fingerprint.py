"""A fingerprint of msglint's own code, so that no cache outlives the code that filled it."""
from __future__ import annotations

import hashlib
import os
from typing import Iterable

_SUBFOLDERS = ("", "libraries", "data")


def code_fingerprint(folders: Iterable[str], version: str = "") -> str:
    """``version`` and the size and mtime of every module and data file in ``folders`` (and their
    ``libraries`` and ``data`` subfolders): what Python itself trusts to reuse a module's bytecode, and
    much cheaper than reading every module on every run."""
    digest = hashlib.sha256(version.encode())
    for folder in sorted(set(folders)):
        for sub in _SUBFOLDERS:
            try:
                entries = sorted(os.scandir(os.path.join(folder, sub)), key=lambda e: e.name)
            except OSError:
                continue
            for entry in entries:
                if entry.name.endswith((".py", ".tsv")) and entry.is_file():
                    info = entry.stat()
                    digest.update(f"{sub}/{entry.name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()
