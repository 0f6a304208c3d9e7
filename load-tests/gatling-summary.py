"""Prints throughput and latency percentiles from the console output of one Gatling run."""
import re
import sys

text = open(sys.argv[1]).read()
per_request = int(sys.argv[2]) if len(sys.argv) > 2 else 1
unit = sys.argv[3] if len(sys.argv) > 3 else "requests"
g = text[text.rindex("---- Global Information"):]


def val(label):
    return float(re.search(re.escape(label) + r"\s*\|\s*([\d.,]+)", g).group(1).replace(",", ""))


print(f"{unit}/s = {val('mean throughput (rps)') * per_request:,.0f}")
print("request latency ms: p50=%d p95=%d p99=%d max=%d" % (
    val("response time 50th percentile (ms)"), val("response time 95th percentile (ms)"),
    val("response time 99th percentile (ms)"), val("max response time (ms)")))
