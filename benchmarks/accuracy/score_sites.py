#!/usr/bin/env python3
"""Score msglint's site inventory against hand-made ground-truth labels.

usage: score_sites.py LABELS.jsonl SITES.json (labels as in LABELS.md beside this file) [--include GLOB ...] [--exclude GLOB ...] [--tolerance N] [--show-misses K]

LABELS.jsonl: one labelled site per line (see LABELS.md beside this file).
SITES.json:   msglint's `sites --format json` output: an object with a "sites" list
              (or a bare list); each site needs path, line, role; channel is compared when present.
Only sites whose path matches the include globs (default: all) and no exclude glob are scored.
A label whose note starts with "borderline" is "don't care": it is neither a miss nor a false positive.
Prints recall, precision, channel accuracy; the last line is a one-line summary.
"""
import argparse, fnmatch, json, sys
from collections import Counter


def in_scope(path, inc, exc):
    return (not inc or any(fnmatch.fnmatch(path, g) for g in inc)) and not any(fnmatch.fnmatch(path, g) for g in exc)


def norm_channel(c):
    if c is None:
        return None
    return str(c).strip().strip("'\"").lower()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("labels"); ap.add_argument("sites")
    ap.add_argument("--include", action="append", default=[]); ap.add_argument("--exclude", action="append", default=[])
    ap.add_argument("--tolerance", type=int, default=3)
    ap.add_argument("--show-misses", type=int, default=0)
    ap.add_argument("--json", action="store_true", help="also print the raw counts as one JSON line")
    a = ap.parse_args()
    labels = [json.loads(l) for l in open(a.labels) if l.strip()]
    data = json.load(open(a.sites))
    sites = data["sites"] if isinstance(data, dict) else data
    labels = [l for l in labels if in_scope(l["path"], a.include, a.exclude)]
    sites = [s for s in sites if in_scope(str(s["path"]).lstrip("./"), a.include, a.exclude)]
    for s in sites:
        s["path"] = str(s["path"]).lstrip("./")
    used = set()
    matched = []  # (label, site)
    misses = []
    # closest-line greedy matching per (path, role): first every label with a site on its own line, then
    # the rest by distance; counted labels before borderline ones, so that a borderline label on a nearby
    # line never takes the site of a counted label on the line itself
    care = lambda l: not str(l.get("note", "")).lower().startswith("borderline")
    by_key = {}
    for i, s in enumerate(sites):
        by_key.setdefault((s["path"], s.get("role")), []).append(i)
    order = sorted(labels, key=lambda l: (not care(l), l["path"], l["line"]))
    found = {}
    for exact in (True, False):
        for n, l in enumerate(order):
            if n in found:
                continue
            best = None
            for i in by_key.get((l["path"], l["role"]), []):
                if i in used:
                    continue
                d = sites[i]["line"] - l["line"]
                ok = d == 0 if exact else -1 <= d <= a.tolerance
                if ok and (best is None or abs(d) < abs(sites[best]["line"] - l["line"])):
                    best = i
            if best is not None:
                used.add(best); found[n] = best
    for n, l in enumerate(order):
        if n in found:
            matched.append((l, sites[found[n]]))
        else:
            misses.append(l)
    need = [l for l in labels if care(l)]
    hit = [(l, s) for l, s in matched if care(l)]
    missed = [l for l in misses if care(l)]
    fp = [sites[i] for i in range(len(sites)) if i not in used]
    tp_all = len(matched)
    recall = len(hit) / len(need) if need else 1.0
    precision = tp_all / (tp_all + len(fp)) if (tp_all + len(fp)) else 1.0
    ch_known = [(l, s) for l, s in hit if l.get("channel")]
    ch_ok = [1 for l, s in ch_known
             if norm_channel(s.get("channel")) in {norm_channel(c) for c in str(l["channel"]).split("|")}]
    ch_acc = len(ch_ok) / len(ch_known) if ch_known else 1.0
    print(f"labels in scope: {len(labels)} ({len(need)} counted, {len(labels)-len(need)} borderline); tool sites in scope: {len(sites)}")
    by_lib = Counter(l.get("library") for l in need); miss_lib = Counter(l.get("library") for l in missed)
    for lib, n in by_lib.most_common():
        print(f"  {lib:28s} recall {(n-miss_lib[lib])/n:6.1%}  ({n-miss_lib[lib]}/{n})")
    for l in missed[: a.show_misses]:
        print(f"  MISS {l['path']}:{l['line']} {l['role']} {l.get('api')} ch={l.get('channel')}")
    for s in fp[: a.show_misses]:
        print(f"  EXTRA {s['path']}:{s['line']} {s.get('role')} {s.get('api')} ch={s.get('channel')}")
    if a.json:
        print(json.dumps({"need": len(need), "hit": len(hit), "matched": tp_all, "extra": len(fp),
                          "channels": len(ch_known), "channels_ok": len(ch_ok)}))
    print(f"recall={recall:.3f} precision={precision:.3f} channel_accuracy={ch_acc:.3f} (n={len(need)}, extra={len(fp)}, channels={len(ch_known)})")


if __name__ == "__main__":
    main()
