#!/usr/bin/env python3
"""Summary of a scripts/bench.sh run: medians, ratios ours/go, and the targets.

    bench-report.py RESULTS_DIR [--plot PNG]

Reads RESULTS_DIR/samples.tsv (METRIC, RUNTIME, SHIM, VALUE per line) and header.txt; writes
summary.txt (the table printed) and summary.md (the same as a Markdown table). --plot draws
the ratios ours/go per metric and runtime with gnuplot (a bar chart; 1.0 = parity).
"""
import os
import statistics
import subprocess
import sys
from collections import defaultdict

# metric -> (label, unit, target as (kind, value) or None); kinds: ratio <= v, ours <= v
METRICS = [
    ("run", "ctr run --rm /bin/true", "ms", ("ratio", 0.90)),
    ("exec", "ctr task exec /bin/true", "ms", ("ratio", 0.90)),
    ("execapi", "exec via the Task API (ttrpc)", "ms", None),
    ("runtime", "runtime exec --detach alone", "ms", None),
    ("ttrpc", "State round trip, ttrpc", "us", None),
    ("grpc", "State round trip, gRPC", "us", None),
    ("exit", "SIGKILL -> ctr task wait returns", "ms", None),
    ("rss1", "1 shim: VmRSS", "kB", None),
    ("pss1", "1 shim: PSS", "kB", None),
    ("anon1", "1 shim: anonymous", "kB", None),
    ("threads", "1 shim: threads (idle)", "", ("ours", 4)),
    ("wakeups", "1 shim: context switches while idle", "", ("ours", 0)),
    ("pss10", "10 shims: PSS per shim", "kB", ("ratio", 0.50)),
    ("anon10", "10 shims: anonymous per shim", "kB", ("ratio", 0.60)),
    ("rss10", "10 shims: VmRSS per shim", "kB", None),
    ("pss50", "50 shims: PSS per shim", "kB", ("ratio", 0.50)),
    ("anon50", "50 shims: anonymous per shim", "kB", ("ratio", 0.60)),
    ("rss50", "50 shims: VmRSS per shim", "kB", None),
    ("start", "binary start (SHIM -v)", "ms", None),
    ("size", "binary size", "kB", None),
]
PLOTTED = ["run", "exec", "execapi", "ttrpc", "exit", "pss1", "anon1", "pss10", "anon10", "pss50", "start"]


def fmt(value):
    if value is None:
        return "-"
    if abs(value) >= 100 or value == int(value):
        return "%d" % round(value)
    return "%.2f" % value if abs(value) < 10 else "%.1f" % value


def main():
    out = sys.argv[1]
    plot = sys.argv[sys.argv.index("--plot") + 1] if "--plot" in sys.argv else None
    samples = defaultdict(list)
    with open(os.path.join(out, "samples.tsv")) as f:
        for line in f:
            metric, runtime, shim, value = line.rstrip("\n").split("\t")
            samples[(metric, runtime, shim)].append(float(value))
    runtimes = []
    for (_, runtime, _) in samples:
        if runtime not in runtimes and runtime != "all":
            runtimes.append(runtime)

    rows, ratios = [], []
    for metric, label, unit, target in METRICS:
        for runtime in runtimes + ["all"]:
            ours = samples.get((metric, runtime, "ours"))
            go = samples.get((metric, runtime, "go"))
            if not ours and not go:
                continue
            mo = statistics.median(ours) if ours else None
            mg = statistics.median(go) if go else None
            ratio = mo / mg if mo is not None and mg else None
            verdict = ""
            if target and target[0] == "ratio" and ratio is not None:
                verdict = ("ok" if ratio <= target[1] else "MISSED") + " (<= %.2f)" % target[1]
            elif target and target[0] == "ours" and mo is not None:
                verdict = ("ok" if mo <= target[1] else "MISSED") + " (<= %d)" % target[1]
            spread = lambda xs: "[%s..%s]" % (fmt(min(xs)), fmt(max(xs))) if xs and len(xs) > 1 else ""
            rows.append(["%s%s" % (label, " (%s)" % unit if unit else ""), runtime,
                         "%s %s" % (fmt(mo), spread(ours)), "%s %s" % (fmt(mg), spread(go)),
                         "%.2f" % ratio if ratio is not None else "-", verdict])
            if metric in PLOTTED and ratio is not None:
                ratios.append((metric, runtime, ratio))

    header = open(os.path.join(out, "header.txt")).read() if os.path.exists(os.path.join(out, "header.txt")) else ""
    titles = ["metric (median [min..max])", "runtime", "ours", "go", "ours/go", "target"]
    widths = [max(len(r[i]) for r in rows + [titles]) for i in range(len(titles))]
    text = header + "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()
                              for r in [titles] + rows) + "\n"
    md = "| " + " | ".join(titles) + " |\n|" + "---|" * len(titles) + "\n"
    md += "".join("| " + " | ".join(r) + " |\n" for r in rows)
    with open(os.path.join(out, "summary.txt"), "w") as f:
        f.write(text)
    with open(os.path.join(out, "summary.md"), "w") as f:
        f.write(md)
    sys.stdout.write(text)
    if plot:
        draw(out, plot, ratios, runtimes)


def draw(out, png, ratios, runtimes):
    """Clustered bars: one cluster per metric, one bar per runtime; a line at 1.0."""
    metrics = [m for m in PLOTTED if any(r[0] == m for r in ratios)]
    data = os.path.join(out, "ratios.dat")
    with open(data, "w") as f:
        f.write("# metric " + " ".join(runtimes) + "\n")
        for m in metrics:
            values = {rt: v for (mm, rt, v) in ratios if mm == m}
            if "all" in values:  # not per runtime (binary start): the same bar in every column
                values = {rt: values["all"] for rt in runtimes}
            f.write(m + " " + " ".join("%.3f" % values[rt] if rt in values else "?" for rt in runtimes) + "\n")
    cols = " , ".join("'%s' using %d:xtic(1) title '%s'" % (data, i + 2, rt) for i, rt in enumerate(runtimes))
    script = """
set terminal pngcairo size 900,450 font ',10' noenhanced
set output '%s'
set title 'HCSShim / containerd-shim-runc-v2 (median ratio; below 1 = ours is faster or smaller)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key top left
set yrange [0:*]
set xrange [-0.6:*]
set grid ytics
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lw 2 lc rgb 'black'
set datafile missing '?'
plot %s
""" % (png, cols)
    try:
        subprocess.run(["gnuplot"], input=script, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        sys.stderr.write("plot skipped: gnuplot failed (%s)\n" % error)


if __name__ == "__main__":
    main()
