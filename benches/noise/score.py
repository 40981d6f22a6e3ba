#!/usr/bin/env python3
"""Scores a scan of the noise-study corpus against the labels kept in the project.

    score.py --corpus DIR --labels labels.tsv nhiscan=REPORT [gitleaks=REPORT] [--list]

Reports findings per 100 MB for each tool, and for nhiscan the share of its findings labelled
`noise` (not a credential). Findings without a label are drift: label them (`--list` prints
them as label lines to fill in) and the study counts them from then on. Labels whose finding is
gone are counted too, by label, so a change that silences credentials shows.
"""
import argparse
import json
import os
import sys


def nhiscan(report):
    for f in report.get("findings", []):
        yield f["path"], f["fingerprint"], f["rule_id"], f["line"]


def gitleaks(report):
    for f in report or []:
        yield f["File"], f.get("Fingerprint", ""), f.get("RuleID", ""), f.get("StartLine", 0)


PARSERS = {"nhiscan": nhiscan, "gitleaks": gitleaks}


def load(path):
    with open(path, "rb") as f:
        text = f.read().strip()
    return json.loads(text) if text else []


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--labels", required=True)
    parser.add_argument("--list", action="store_true", help="print unlabelled nhiscan findings")
    parser.add_argument("reports", nargs="+", metavar="TOOL=REPORT")
    args = parser.parse_args()
    labels = {}
    with open(args.labels) as f:
        for n, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 4 or fields[3] not in ("credential", "noise"):
                sys.exit(f"score.py: {args.labels}:{n}: want path, fingerprint, rule, "
                         "credential|noise, why (tab-separated)")
            labels[(fields[0], fields[1])] = fields[3]
    reports = {}
    for spec in args.reports:
        tool, _, path = spec.partition("=")
        if tool not in PARSERS:
            sys.exit(f"score.py: unknown tool `{tool}`: one of {', '.join(PARSERS)}")
        reports[tool] = list(PARSERS[tool](load(path)))
    if "nhiscan" not in reports:
        sys.exit("score.py: give nhiscan=REPORT")
    scanned = load(dict(s.partition("=")[::2] for s in args.reports)["nhiscan"])["scan"]
    mb = scanned["bytes_scanned"] / 1e6
    print(f"corpus: {scanned['files_scanned']} files, {mb:.0f} MB read by nhiscan")
    for tool, found in reports.items():
        print(f"{tool:<10} {len(found):5d} findings, {len(found) / mb * 100:6.1f} per 100 MB")
    found = {(os.path.normpath(p), fp): (rule, line) for p, fp, rule, line in reports["nhiscan"]}
    counts = {"credential": 0, "noise": 0}
    unlabelled = []
    for key, (rule, line) in sorted(found.items()):
        label = labels.get(key)
        if label:
            counts[label] += 1
        else:
            unlabelled.append((key, rule, line))
    labelled = counts["credential"] + counts["noise"]
    share = counts["noise"] / labelled if labelled else 0.0
    print(f"nhiscan labelled: {counts['credential']} credential, {counts['noise']} noise "
          f"-> not-a-credential share {share:.1%}")
    gone = {"credential": 0, "noise": 0}
    for key, label in labels.items():
        if key not in found:
            gone[label] += 1
    print(f"labels no longer found: {gone['credential']} credential, {gone['noise']} noise")
    print(f"unlabelled (drift): {len(unlabelled)}")
    if args.list:
        for (path, fp), rule, line in unlabelled:
            print(f"{path}\t{fp}\t{rule}\t?\tline {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
