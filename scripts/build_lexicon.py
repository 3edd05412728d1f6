#!/usr/bin/env python3
"""Build msglint's English verb lexicon (analyzer/data/verbs.tsv, analyzer/data/not_verb_forms.tsv).

The name grammar (``analyzer/naming/``) needs to know, for a word in a message
or channel name, whether it is a verb's base form (imperative: ``send``), its
past tense or past participle (a fact: ``sent``, ``placed``), its gerund or its
third person; and whether the same spelling is also a noun or an adjective
(``order``, ``update``, ``open``). A suffix list cannot do this (``sent``,
``paid``, ``built`` have no ``-ed``; ``red``, ``need``, ``hundred`` are not
past tenses), so the data come from a real lexicon.

Source
------
LemmInflect 0.2.3 (https://github.com/bjascob/LemmInflect, PyPI ``lemminflect``),
MIT License, Copyright (C) 2019 Brad Jascob. Its inflection table is derived
from the NIH/NLM SPECIALIST Lexicon (Lexical Systems Group, National Library of
Medicine), distributed under the SPECIALIST NLP Tools open-source terms, which
allow redistribution with acknowledgement. Both are acknowledged in the header
of the generated files.

What is taken from it:
- every verb of LemmInflect's inflection table that is written in plain lower
  case letters (about 6,700 verbs), with its 3rd person, past, past participle
  and gerund spellings, including LemmInflect's overrides and its irregular
  forms (send/sent, pay/paid, build/built, sell/sold, win/won, hold/held, ...);
- whether the same word is also listed as a noun (flag ``N``) or an adjective
  (flag ``A``);
- the nouns, adjectives and adverbs ending in ``-ed``/``-en`` that are no verb form
  (``hundred``, ``sacred``, ``red``, ``kitchen``), for the file of words that
  must never be read as a past participle.

A short supplement of verbs common in software but missing from a general
English lexicon (``sync``, ``upsert``, ``enqueue``, ``dedupe``, ``text``,
``snapshot``...) is inflected with LemmInflect's own out-of-vocabulary rules
and marked with flag ``S``; solid phrasal compounds that code uses as verbs
(``logout``, ``checkout``, ``rollback``) are listed by base form only with flag
``C``. A curated list of past forms that identifiers use as nouns (``led``
for LED, ``fed``, ``ground``, ``rose``...) goes into not_verb_forms.tsv.

How to run it (once; the output is committed and msglint does not depend on
LemmInflect at run time)::

    python3 -m venv /tmp/lexvenv
    /tmp/lexvenv/bin/pip install lemminflect==0.2.3
    /tmp/lexvenv/bin/python scripts/build_lexicon.py

Output format (UTF-8, tab-separated, ``#`` lines are comments)

verbs.tsv, one verb a line::

    base  flags  third  past  participle  gerund

``flags`` is a combination of N (also a noun), A (also an adjective), S
(software supplement), C (solid phrasal compound, base form only) or ``-``.
Each form column holds one or more spellings separated by ``,``; a spelling
that starts with the base form is written as ``+`` and the rest
(``place  ... +s  +d  ...``); an empty participle column means "same as the
past"; ``-`` means no such form.

not_verb_forms.tsv, one word a line: ``word  why``.
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "analyzer" / "data"

# Verbs used in software that a general lexicon lacks (or lists only as nouns).
# word -> extra flags (N: also a noun). Inflected by LemmInflect's OOV rules; for a verb the
# lexicon already has, only the flags are added.
SOFTWARE_VERBS = {
    "ack": "N", "nack": "N", "acknowledge": "", "allowlist": "N", "anonymize": "", "anonymise": "",
    "autofill": "N", "autoscale": "", "autosave": "N", "backfill": "N", "batch": "N", "blocklist": "N",
    "bootstrap": "N", "cache": "N", "checkpoint": "N", "containerize": "", "dedupe": "", "dedup": "",
    "deduplicate": "", "deauthorize": "", "debounce": "", "decommission": "", "decrypt": "",
    "deescalate": "", "denylist": "N", "deprovision": "", "dequeue": "", "deregister": "",
    "deserialize": "", "detokenize": "", "dockerize": "", "downscale": "", "downvote": "N",
    "enqueue": "", "favorite": "N", "favourite": "N", "geocode": "", "geolocate": "", "hydrate": "",
    "dehydrate": "", "rehydrate": "", "invalidate": "", "offboard": "", "onboard": "", "pseudonymize": "",
    "precompute": "", "prefetch": "", "prefill": "", "preload": "", "preauthorize": "", "reauthorize": "",
    "reboot": "N", "rebase": "", "recompute": "", "redact": "", "reexport": "", "reimport": "",
    "reindex": "", "reinitialize": "", "reinstall": "", "republish": "", "requeue": "", "rerender": "",
    "resend": "", "resubscribe": "", "resync": "", "retweet": "N", "reupload": "",
    "reverify": "", "revalidate": "", "shard": "N", "snapshot": "N", "sync": "N", "text": "N",
    "timestamp": "N", "tokenize": "", "transcode": "", "unarchive": "", "unassign": "", "unban": "",
    "unblock": "", "undeploy": "", "unfavorite": "", "unflag": "", "unfollow": "", "uninstall": "",
    "unlike": "", "unlink": "", "unmarshal": "", "unmute": "", "unpin": "", "unpublish": "",
    "unschedule": "", "unstar": "", "unsubscribe": "", "untag": "", "upscale": "", "upsert": "N",
    "upvote": "N", "version": "N", "whitelist": "N", "blacklist": "N", "upload": "N", "download": "N",
    "unregister": "", "unshare": "", "unsuspend": "", "unverify": "", "unwatch": "", "correlate": "",
    "multiplex": "N", "rebalance": "N", "reconnect": "", "redeliver": "", "reroute": "", "unlist": "",
    "relist": "", "reorder": "", "restock": "", "backorder": "N", "preorder": "N", "rebook": "",
    "overbook": "", "autorenew": "", "unenroll": "", "reenroll": "", "prorate": "", "refire": "",
    # in the lexicon as verbs only, but code also uses them as nouns (a log, a retry, a commit)
    "log": "N", "retry": "N", "commit": "N", "merge": "N", "redirect": "N", "refresh": "N", "invite": "N",
    "edit": "N", "deploy": "N", "install": "N", "spawn": "N", "launch": "N", "release": "N", "review": "N",
    "reply": "N", "insert": "N", "recall": "N", "repost": "N", "rerun": "N", "reset": "N", "restart": "N",
}

# Solid phrasal compounds: nouns in prose ("a checkout"), verbs in code ("checkout_cart").
# Their inflected forms are two words (checked out), which the grammar reads token by token.
COMPOUND_VERBS = (
    "backup", "checkin", "checkout", "cleanup", "failover", "handoff", "handover", "logout", "lookup",
    "pickup", "dropoff", "setup", "shutdown", "signin", "signout", "signup", "startup", "teardown",
    "rollback", "rollout", "login", "logon", "logoff",
)

# Past forms that identifiers mostly use as nouns or adjectives: never read as a fact.
CURATED_NOT_PAST = {
    "led": "noun (LED); also past of lead",
    "fed": "noun (the Fed); also past of feed",
    "ground": "noun/verb base; also past of grind",
    "rose": "noun; also past of rise",
    "spoke": "noun (wheel spoke); also past of speak",
    "dove": "noun; also past of dive",
    "felt": "noun (fabric); also past of feel",
    "saw": "noun/verb base; also past of see",
    "wound": "noun; also past of wind",
    "bore": "verb base/noun; also past of bear",
    "lay": "verb base/adjective; also past of lie",
    "rent": "noun/verb base; also past of rend",
    "stove": "noun; also past of stave",
    "spat": "noun; also past of spit",
    "shed": "noun (a shed); also past of shed",
    "sat": "abbreviation (SAT); also past of sit",
    "lit": "adjective/abbreviation; also past of light",
    "feed": "noun/verb base; also past of fee",
    "crew": "noun; also past of crow",
    "weed": "noun/verb base; also past of wee",
    "overlay": "noun/verb base; also past of overlie",
    "underlay": "noun; also past of underlie",
    "smelt": "noun/verb base; also past of smell",
}

PREFIXES = ("un", "re", "de", "dis", "mis", "pre", "non", "over", "under", "out", "co", "auto")
WORD = re.compile(r"^[a-z]+$")
PENN = {"third": "VBZ", "past": "VBD", "participle": "VBN", "gerund": "VBG"}


def _clean(spellings) -> list[str]:
    out: list[str] = []
    for spelling in spellings or ():
        spelling = spelling.lower()
        if WORD.match(spelling) and spelling not in out:
            out.append(spelling)
    return out


def _encode(base: str, spellings: list[str]) -> str:
    if not spellings:
        return "-"
    return ",".join("+" + s[len(base):] if s.startswith(base) and len(s) > len(base) else s
                    for s in spellings)


def build(out_dir: Path) -> tuple[int, int]:
    import lemminflect
    from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec
    from lemminflect import config as li_config

    version = getattr(lemminflect, "__version__", "?")
    table = InflectionLUCodec.load(li_config.inflection_lu_fn)  # word -> {penn tag: spellings}
    verbs: dict[str, dict[str, list[str]]] = {}
    flags: dict[str, str] = {}

    def pos_flags(word: str) -> str:
        entry = table.get(word, {})
        return ("N" if "NN" in entry else "") + ("A" if "JJ" in entry else "")

    for word in sorted(table):
        entry = table[word]
        if "VB" not in entry:
            continue
        base = word.lower()
        if not WORD.match(base) or base in verbs:
            continue
        forms = lemminflect.getAllInflections(word, upos="VERB")
        record = {key: _clean(forms.get(tag)) for key, tag in PENN.items()}
        if not record["past"] and not record["gerund"]:
            continue
        if not record["participle"]:
            record["participle"] = list(record["past"])
        verbs[base] = record
        flags[base] = pos_flags(word)

    supplement = 0
    for word, extra in sorted(SOFTWARE_VERBS.items()):
        if word in verbs:
            flags[word] = "".join(sorted(set(flags[word] + extra), key="NAS".index))
            continue
        forms = lemminflect.getAllInflectionsOOV(word, "VERB")
        record = {key: _clean(forms.get(tag)) for key, tag in PENN.items()}
        if not record["participle"]:
            record["participle"] = list(record["past"])
        verbs[word] = record
        flags[word] = "".join(sorted(set(pos_flags(word) + extra + "S"), key="NAS".index))
        supplement += 1
    for word in COMPOUND_VERBS:
        if word in verbs:
            continue
        verbs[word] = {"third": [], "past": [], "participle": [], "gerund": []}
        flags[word] = "NC"

    # every verb form, to keep real participles out of the not-a-verb-form list
    all_forms: set[str] = set(verbs)
    for record in verbs.values():
        for spellings in record.values():
            all_forms.update(spellings)

    def prefixed_form(word: str) -> bool:
        return any(word.startswith(p) and word[len(p):] in all_forms and len(word) - len(p) >= 3
                   for p in PREFIXES)

    not_verb: dict[str, str] = {}
    for word in sorted(table):
        entry = table[word]
        if not WORD.match(word) or not word.endswith(("ed", "en")) or len(word) < 3:
            continue
        if "NN" not in entry and "JJ" not in entry and "RB" not in entry:
            continue
        if word in all_forms or prefixed_form(word):
            continue
        not_verb[word] = "noun" if "NN" in entry else "adjective" if "JJ" in entry else "adverb"
    for word, why in CURATED_NOT_PAST.items():
        not_verb[word] = "curated: " + why

    header = [
        "# msglint English verb lexicon: generated by scripts/build_lexicon.py; do not edit by hand.",
        f"# Source: LemmInflect {version} (https://github.com/bjascob/LemmInflect), MIT License,",
        "#   Copyright (C) 2019 Brad Jascob; its data derive from the NIH/NLM SPECIALIST Lexicon",
        "#   (Lexical Systems Group, U.S. National Library of Medicine), used under the SPECIALIST",
        "#   NLP Tools terms (free redistribution with acknowledgement).",
    ]
    lines = header + [
        "# Columns: base, flags (N noun, A adjective, S software supplement, C phrasal compound, - none),",
        "#   third person, past, past participle (empty: same as past), gerund.",
        "# Spellings are comma-separated; '+x' means base + 'x'; '-' means no such form.",
    ]
    for base in sorted(verbs):
        record = verbs[base]
        participle = "" if record["participle"] == record["past"] else _encode(base, record["participle"])
        lines.append("\t".join([base, flags[base] or "-", _encode(base, record["third"]),
                                _encode(base, record["past"]), participle, _encode(base, record["gerund"])]))
    (out_dir / "verbs.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    lines = header + [
        "# Words that end like a past participle (-ed, -en) or that spell a past form, but that",
        "# identifiers use as nouns or adjectives: the grammar never reads them as a fact.",
        "# Columns: word, why.",
    ] + [f"{word}\t{why}" for word, why in sorted(not_verb.items())]
    (out_dir / "not_verb_forms.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(verbs), len(not_verb)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DATA, help="output folder (default: analyzer/data)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    verbs, not_verb = build(args.out)
    print(f"wrote {verbs} verbs and {not_verb} not-a-verb-form words to {args.out}")


if __name__ == "__main__":
    main()
