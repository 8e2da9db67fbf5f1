#!/usr/bin/env python3
"""Summarise bench/inspection/rounds_ab.sh output (stdin or files): per port,
medians of wall and CPU ms, ratio of medians draw / baseline and the median
(min-max) of the per-round ratios (draw / the baseline just before it)."""
import fileinput, statistics as st
from collections import defaultdict
rows = defaultdict(list)          # (port, what) -> [(batch, round, wall, cpu)]
for line in fileinput.input():
    f = line.split()
    if not f or f[0] != 'raw':
        continue
    port, batch, rnd, wall, cpu = f[1], (fileinput.filename(), int(f[2])), int(f[-3]), float(f[-2]), float(f[-1])
    what = ' '.join(f[3:-3])
    rows[(port, what)].append((batch, rnd, wall, cpu))
for port in sorted({p for p, _ in rows}):
    base = {(b, r): w for b, r, w, c in rows[(port, 'ORDER BY random() LIMIT 50000')]}
    bm = st.median(base.values())
    print(f"port {port}: baseline median {bm:.1f} ms (n={len(base)})")
    for what in ('draw()', 'draw() table serial'):
        v = rows.get((port, what), [])
        if not v:
            continue
        wm = st.median(w for *_, w, c in v)
        cm = st.median(c for *_, w, c in v)
        rr = sorted(w / base[(b, r)] for b, r, w, c in v if (b, r) in base)
        print(f"  {what:14s} n={len(v):3d} wall median {wm:6.1f} ms, cpu median {cm:6.1f} ms; "
              f"ratio of medians {wm / bm:.3f}; per-round median {st.median(rr):.3f} ({rr[0]:.3f}-{rr[-1]:.3f})")
# with two ports: the median of the per-round ratios second / first (same batch and round)
ports = sorted({p for p, _ in rows})
if len(ports) == 2:
    for what in ('ORDER BY random() LIMIT 50000', 'draw()', 'draw() table serial'):
        a = {(b, r): (w, c) for b, r, w, c in rows.get((ports[0], what), [])}
        z = [(w / a[(b, r)][0], c / a[(b, r)][1]) for b, r, w, c in rows.get((ports[1], what), []) if (b, r) in a]
        if z:
            print(f"{ports[1]} / {ports[0]}, {what}: n={len(z)}, median of paired ratios wall {st.median(x for x, _ in z):.3f}, "
                  f"cpu {st.median(y for _, y in z):.3f}")
