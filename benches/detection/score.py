#!/usr/bin/env python3
"""Scores scanners' reports against the labelled corpus that build.py wrote.

    score.py --corpus DIR TOOL=REPORT [TOOL=REPORT ...] [--by provider|syntax|source] [--json F]
             [--list TOOL]

TOOL names the report's format: `nhiscan` (its JSON report; `nhiscan-high` scores only its
high-confidence findings, `nhiscan-gate` only those that fail the gate), `gitleaks` and
`betterleaks` (their JSON reports, which differ), `kingfisher` (its JSON report).

A secret sample is realistic unless build.py judged its credential a placeholder; `real` is the
recall on realistic samples. A secret sample counts as found when the tool reports anything in its file; `line` is the share
of found samples with known lines where a reported line is one of them. A clean sample counts
as a false positive when the tool reports anything in it.
"""
import argparse
import json
import os
import sys
from collections import defaultdict


def nhiscan(report, keep=lambda f: True):
    for f in report.get("findings", []):
        if not keep(f):
            continue
        for loc in f.get("locations") or [f]:
            yield loc["path"], loc["line"]


def gitleaks(report):
    for f in report or []:
        yield f["File"], f.get("StartLine", 0)


def betterleaks(report):
    for f in report.get("findings", []):
        loc = f.get("location", {})
        yield loc.get("path", ""), loc.get("start_line", 0)


def kingfisher(report):
    for item in report.get("findings", []) if isinstance(report, dict) else report:
        f = item.get("finding", item)
        path = f.get("path") or f.get("file") or ""
        line = f.get("line") or f.get("start_line") or 0
        yield path, line


PARSERS = {
    "nhiscan": nhiscan,
    "nhiscan-high": lambda r: nhiscan(r, lambda f: f.get("confidence") == "high"),
    "nhiscan-gate": lambda r: nhiscan(r, lambda f: f.get("gates")),
    "gitleaks": gitleaks,
    "betterleaks": betterleaks,
    "kingfisher": kingfisher,
}


def sample_of(path, root):
    """The labelled file (label/source/NNNNN/name) a reported path falls in."""
    path = os.path.normpath(path)
    if os.path.isabs(path):
        path = os.path.relpath(path, root)
    parts = path.split(os.sep)
    for i in range(len(parts) - 3):
        if parts[i] in ("secret", "clean") and parts[i + 2].isdigit():
            return os.sep.join(parts[i:i + 4])
    return None


def hits(tool, report_path, root):
    """{sample file: set of reported lines}."""
    if tool not in PARSERS:
        sys.exit(f"score.py: unknown tool `{tool}`: one of {', '.join(PARSERS)}")
    with open(report_path, "rb") as f:
        text = f.read().strip()
    report = json.loads(text) if text else []
    found = defaultdict(set)
    for path, line in PARSERS[tool](report):
        sample = sample_of(path, root)
        if sample:
            found[sample].add(line)
    return found


def score(labels, found):
    pos = [e for e in labels if e["label"] == "secret"]
    neg = [e for e in labels if e["label"] == "clean"]
    tp = [e for e in pos if e["file"] in found]
    real = [e for e in pos if e.get("realistic")]
    real_tp = [e for e in real if e["file"] in found]
    with_lines = [e for e in tp if e["lines"]]
    on_line = [e for e in with_lines if found[e["file"]] & set(e["lines"])]
    fp = [e for e in neg if e["file"] in found]
    return {
        "secret": len(pos), "clean": len(neg),
        "recall": len(tp) / len(pos) if pos else None,
        "realistic": len(real_tp) / len(real) if real else None,
        "fp": len(fp) / len(neg) if neg else None,
        "line": len(on_line) / len(with_lines) if with_lines else None,
    }


def fmt(x):
    return "   -" if x is None else f"{x:4.2f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--by", choices=["provider", "syntax", "source"], action="append",
                        default=[])
    parser.add_argument("--json", help="also write every figure to this file")
    parser.add_argument("--list", metavar="TOOL",
                        help="list the secret samples TOOL missed and the clean ones it flagged")
    parser.add_argument("reports", nargs="+", metavar="TOOL=REPORT")
    args = parser.parse_args()
    root = os.path.abspath(args.corpus)
    with open(os.path.join(root, "labels.jsonl")) as f:
        labels = [json.loads(line) for line in f]
    tools = []
    for spec in args.reports:
        tool, _, path = spec.partition("=")
        tools.append((tool, hits(tool, path, root)))
    figures = {"overall": {t: score(labels, found) for t, found in tools}}
    width = max(len(t) for t, _ in tools)
    print(f"{len(labels)} samples: "
          f"{sum(e['label'] == 'secret' for e in labels)} secret, "
          f"{sum(e['label'] == 'clean' for e in labels)} clean")
    print(f"{sum(bool(e.get('realistic')) for e in labels)} of the secret samples are realistic "
          "(build.py: no placeholder value); `real` is the recall on those")
    print(f"{'tool':<{width}}  recall  real    FP  line")
    for tool, _ in tools:
        s = figures["overall"][tool]
        print(f"{tool:<{width}}    {fmt(s['recall'])}  {fmt(s['realistic'])}  {fmt(s['fp'])}"
              f"  {fmt(s['line'])}")
    for key in args.by:
        groups = sorted({e[key] for e in labels})
        figures[key] = {}
        print(f"\nby {key}: recall / FP (secret, clean samples)")
        print(f"{key:<24}" + "".join(f"  {t[:13]:>13}" for t, _ in tools) + "   n")
        for g in groups:
            subset = [e for e in labels if e[key] == g]
            row = {t: score(subset, found) for t, found in tools}
            figures[key][g] = row
            cells = "".join(f"  {fmt(row[t]['recall']) + ' / ' + fmt(row[t]['fp']):>13}" for t, _ in tools)
            n = f"{row[tools[0][0]]['secret']}/{row[tools[0][0]]['clean']}"
            print(f"{g[:24]:<24}{cells}   {n}")
    if args.list:
        found = dict(tools).get(args.list)
        if found is None:
            sys.exit(f"score.py: --list {args.list}: not one of the scored tools")
        print(f"\n{args.list}: missed secret samples, then flagged clean samples")
        for e in labels:
            if (e["label"] == "secret") != (e["file"] in found):
                verdict = "missed " if e["label"] == "secret" else "flagged"
                print(f"{verdict} {e['source']:<14} {e['provider']:<24} {e['file']}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=1)


if __name__ == "__main__":
    main()
