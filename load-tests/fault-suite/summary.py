#!/usr/bin/env python3
"""Prints the fault suite's reports as one Markdown table. Usage: summary.py OUT_DIR [scenario ...]"""
import json, os, sys

out = sys.argv[1]
names = sys.argv[2:] or sorted(d for d in os.listdir(out) if os.path.exists(os.path.join(out, d, "report.json")))
print("| scenario | acknowledged | lost | dup. log | dup. output | output missing | longest pause all / worst partition | failed requests |")
print("|---|---|---|---|---|---|---|---|")
for name in names:
    r = json.load(open(os.path.join(out, name, "report.json")))
    worst = max(r["longest_ack_pause_per_partition_s"].values(), default=0)
    failed = ", ".join(f"{n} × {k}" for k, n in sorted(r["failed_requests"].items(), key=lambda kv: -kv[1])) or "none"
    print(f"| {name} | {r['acknowledged_records']:,} | {r['lost']} | {r['log_duplicates']} | {r['output_duplicates']} | "
          f"{r['output_missing']} | {r['longest_ack_pause_s']} s / {worst} s | {failed} |")
