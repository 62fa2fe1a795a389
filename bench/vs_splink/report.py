#!/usr/bin/env python3
"""Builds the side-by-side markdown table from a run.sh runs directory.

For each dataset directory under WORK (in the order given) it reads
  linkage/summary.json   Linkage's own phase timings, peak memory, evaluation
  linkage.time           /usr/bin/time -v of the Linkage process
  splink.json            splink_run.py's phase timings, peak memory, evaluation
  splink.time            /usr/bin/time -v of the Splink process
and prints one row per phase (train, predict, cluster, end to end).

Phase mapping: Linkage "train" = Splink train; Linkage "block and score" =
Splink predict; Linkage "decide and cluster" = Splink cluster; end to end =
the whole run without evaluation (Linkage: total_seconds minus its
evaluate phase; Splink: prepare + train + predict + cluster). Peak MiB per
phase is the process's peak resident set up to the end of that phase; the
end-to-end peak is the process peak from /usr/bin/time -v (it includes
evaluation, which is small next to the run). F1 is the best pairwise F1 over
thresholds (true pairs counted over all records); the end-to-end row also
gives F1 at match probability 0.95 in brackets.

Usage: report.py WORK DATASET [DATASET ...]
"""

import json
import os
import re
import sys


def read_time_v(path):
    """Peak RSS in MiB and wall seconds from a /usr/bin/time -v file."""
    if not os.path.exists(path):
        return None, None
    text = open(path).read()
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text)
    seconds = None
    if wall:
        parts = [float(p) for p in wall.group(1).split(":")]
        seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    return (int(rss.group(1)) / 1024.0 if rss else None), seconds


def fmt(x, digits=2):
    if x is None:
        return "n/a"
    return f"{x:.{digits}f}"


def ratio(a, b):
    if a is None or b is None or a <= 0:
        return "n/a"
    return f"{b / a:.1f}x"


def main():
    work, datasets = sys.argv[1], sys.argv[2:]
    header = ("| dataset | records | phase | Linkage s | Splink s | Splink/Linkage | "
              "Linkage peak MiB | Splink peak MiB | Linkage F1 | Splink F1 |")
    lines = [header, "|" + "---|" * 10]
    for ds in datasets:
        d = os.path.join(work, ds)
        lk_path = os.path.join(d, "linkage", "summary.json")
        sp_path = os.path.join(d, "splink.json")
        lk = json.load(open(lk_path)) if os.path.exists(lk_path) else None
        sp = json.load(open(sp_path)) if os.path.exists(sp_path) else None
        lk_rss, _ = read_time_v(os.path.join(d, "linkage.time"))
        sp_rss, _ = read_time_v(os.path.join(d, "splink.time"))
        lk_phase = {p["phase"]: p for p in (lk or {}).get("phases", [])}
        sp_phase = {p["phase"]: p for p in (sp or {}).get("phases", [])}
        records = (sp or {}).get("records") or (lk or {}).get("records") or "?"

        def lk_get(*names):
            for n in names:
                if n in lk_phase:
                    return lk_phase[n]
            return None

        def f1(doc, key="best_f1"):
            try:
                return doc["evaluation"][key]["f1"]
            except (KeyError, TypeError):
                return None

        rows = [("read and normalise (prepare)", lk_get("read and normalise"),
                 sp_phase.get("prepare")),
                ("train", lk_get("train"), sp_phase.get("train")),
                ("predict (block and score)", lk_get("block and score"),
                 sp_phase.get("predict")),
                ("cluster (decide and cluster)", lk_get("decide and cluster"),
                 sp_phase.get("cluster"))]
        for name, lp, spp in rows:
            ls = lp["seconds"] if lp else None
            ss = spp["seconds"] if spp else None
            lines.append(
                f"| {ds} | {records} | {name} | {fmt(ls)} | {fmt(ss)} | {ratio(ls, ss)} | "
                f"{fmt(lp.get('peak_memory_mib') if lp else None, 0)} | "
                f"{fmt(spp.get('peak_memory_mib') if spp else None, 0)} | | |")
        lk_e2e = None
        if lk:
            evaluate = lk_get("evaluate")
            lk_e2e = lk["total_seconds"] - (evaluate["seconds"] if evaluate else 0)
        sp_e2e = sp["end_to_end_seconds"] if sp else None
        lf = f"{fmt(f1(lk), 4)} ({fmt(f1(lk, 'at_match_threshold'), 4)})"
        sf = f"{fmt(f1(sp), 4)} ({fmt(f1(sp, 'at_match_threshold'), 4)})"
        lines.append(
            f"| {ds} | {records} | **end to end** | {fmt(lk_e2e)} | {fmt(sp_e2e)} | "
            f"{ratio(lk_e2e, sp_e2e)} | {fmt(lk_rss, 0)} | {fmt(sp_rss, 0)} | {lf} | {sf} |")
    table = "\n".join(lines)
    print(table)
    with open(os.path.join(work, "results.md"), "w") as f:
        f.write(table + "\n")


if __name__ == "__main__":
    main()
