#!/usr/bin/env python3
# bench/inspection/ab_summary.py FILE: medians per variant and work_mem of the output of ab.sh
import sys, statistics as st, collections
d=collections.defaultdict(list)
for line in open(sys.argv[1]):
    f=line.split()
    if len(f)<14 or f[4]!='base' or 'DETAIL:' in f: continue
    name,wm=f[0],f[1]
    bw,bc,dw,dc=map(float,(f[5],f[6],f[8],f[9]))
    d[(name,wm)].append((bw,bc,dw,dc))
order=['64kB','4MB','64MB']
print("variant      work_mem  n  base_ms(med) draw_ms(med)  ratio_of_medians  median_of_round_ratios (min-max)  cpu_ratio_med")
for name in ['main','main-serial','mine','mine-serial']:
    for wm in order:
        v=d.get((name,wm))
        if not v: continue
        b=st.median(x[0] for x in v); dd=st.median(x[2] for x in v)
        rr=[x[2]/x[0] for x in v]; cr=[x[3]/x[1] for x in v]
        print(f"{name:12s} {wm:5s} {len(v):3d} {b:10.1f} {dd:10.1f} {dd/b:10.3f} {st.median(rr):10.3f} ({min(rr):.2f}-{max(rr):.2f}) {st.median(cr):8.3f}")
