"""Count string-key lookups in a folder: ``x["key"]`` subscripts and ``x.get("key")``/``setdefault``/``pop``
calls, per module, to keep stage data typed (records, not dicts keyed by strings).

    python scripts/count_key_lookups.py analyzer

Code at the JSON and TOML boundaries (configuration tables, the JSON form of sites) counts too: subtract it
when reading the total (analyzer/user_apis.py, components.py and model.py are such code).
"""
import ast, sys
from pathlib import Path
total = 0
rows = []
for path in sorted(Path(sys.argv[1]).rglob("*.py")):
    tree = ast.parse(path.read_text())
    n = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
            n += 1
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("get", "setdefault", "pop") \
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            n += 1
    if n:
        rows.append((n, str(path)))
    total += n
for n, p in sorted(rows):
    print(n, p)
print("total", total)
