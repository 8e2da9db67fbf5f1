#!/usr/bin/env python3
# bench/routing/sla_ab.py ROUNDS [REPS] — case_sla against main in the same run.
# Two kept clusters (bench/inspection/ab_start.sh; /tmp/draw-env-PORT), ports
# 24101 (main) and 24102 (this branch), each with a database sa_route loaded by
# bench/routing/setup.sql (-v cases=1000000 -v tasks=100).  Per round, for each
# port in turn, one session: the three aggregate queries of bench/routing/sla.sql
# once each as a warm-up, then REPS (default 3) times each; per query the
# backend's CPU time (/proc/PID/schedstat: not disturbed by other jobs waiting
# for the 2 cores) and the wall time (psql \timing).  Prints medians, minima
# and the ratios of the view to the two-column and five-column reads.
# SLA_AB_COPY=1 adds the three COPY ... TO '/dev/null' reads of sla.sql.
# SLA_AB_SAME=PORT: both sides on the one cluster of PORT instead (same rows,
# same buffers): main's library copied into its $libdir as
# service_affair_main.so and bench/routing/sla_ab_same.sql loaded; the main
# side reads bench_main.case_sla, the branch side service_affair.case_sla.
# Two clusters loaded alike differed by up to 10 % on the baselines alone.
import subprocess, sys, re, statistics as st, os
Q = {
 'due2': "SELECT count(*), max(c.id), max(c.due) FROM service_affair.cases c WHERE c.status IN ('accepted', 'concluded')",
 'cols5': "SELECT count(*), max(c.id), max(c.due), sum(c.due_shift), count(*) FILTER (WHERE c.sla_state = 'warning'), count(*) FILTER (WHERE c.suspended) FROM service_affair.cases c WHERE c.status IN ('accepted', 'concluded')",
 'sla': "SELECT count(*), max(case_id), max(due), sum(workdays_left), count(*) FILTER (WHERE state = 'warning'), count(*) FILTER (WHERE provisional) FROM {v}.case_sla",
}
if os.environ.get('SLA_AB_COPY'):
    # the COPY queries of bench/routing/sla.sql (every row produced and formatted)
    Q['due2c'] = "COPY (SELECT c.id, c.due FROM service_affair.cases c WHERE c.status IN ('accepted', 'concluded')) TO '/dev/null'"
    Q['cols5c'] = "COPY (SELECT c.id, c.due, c.due_shift, c.sla_state, c.suspended FROM service_affair.cases c WHERE c.status IN ('accepted', 'concluded')) TO '/dev/null'"
    Q['slac'] = "COPY (SELECT * FROM {v}.case_sla) TO '/dev/null'"
def env(p):
    d = {}
    for kv in open(f'/tmp/draw-env-{p}').read().split()[1:]:
        k, v = kv.split('=', 1); d[k] = v
    return d
res = {}
R = int(sys.argv[1]); reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
# the two sides: (label, port, schema of the view read)
if os.environ.get('SLA_AB_SAME'):
    # one cluster, the same data and buffers: main's library loaded under
    # another name behind a copy of the view (bench/routing/sla_ab_same.sql)
    same = int(os.environ['SLA_AB_SAME'])
    SIDES = [('main', same, 'bench_main'), ('branch', same, 'service_affair')]
else:
    SIDES = [('24101', 24101, 'service_affair'), ('24102', 24102, 'service_affair')]
for r in range(R):
    for side, p, v in SIDES:
        e = env(p)
        lines = ["SET max_parallel_workers_per_gather = 0;", "SET jit = off;", "SET service_affair.as_of = '2026-06-15 10:00+08';",
                 f"SELECT pg_backend_pid() \\g /tmp/sla_ab_pid_{p}"]
        for k, q in Q.items():
            lines.append(q.format(v=v) + " \\g /dev/null")
        for i in range(reps):
            for k, q in Q.items():
                q = q.format(v=v)
                lines.append(f"\\! echo {k} $(cut -d' ' -f1 /proc/$(cat /tmp/sla_ab_pid_{p})/schedstat)")
                lines.append("\\timing on")
                lines.append(q + " \\g /dev/null")
                lines.append("\\timing off")
                lines.append(f"\\! echo end $(cut -d' ' -f1 /proc/$(cat /tmp/sla_ab_pid_{p})/schedstat)")
        out = subprocess.run(['psql', '-X', '-qAt', '-h', e['PGHOST'], '-p', str(p), '-U', 'postgres', '-d', 'sa_route'],
                             input="\n".join(lines) + "\n", capture_output=True, text=True).stdout
        cur = None
        for l in out.splitlines():
            f = l.split()
            if not f: continue
            if f[0] in Q: cur = (f[0], int(f[1])); wall = None
            elif l.startswith('Time:'): wall = float(f[1])
            elif f[0] == 'end' and cur:
                res.setdefault((side, cur[0]), []).append(((int(f[1]) - cur[1]) / 1e6, wall)); cur = None
    print(f"round {r+1} done, load {open('/proc/loadavg').read().split()[0]}", file=sys.stderr)
print("side   query  n  cpu_med cpu_min  wall_med wall_min")
for p, _, _ in SIDES:
    for k in Q:
        v = res.get((p, k), [])
        c = [x[0] for x in v]; w = [x[1] for x in v]
        print(f"{p} {k:6s} {len(v):2d} {st.median(c):8.1f} {min(c):7.1f} {st.median(w):8.1f} {min(w):7.1f}")
    cm = {k: st.median(x[0] for x in res[(p, k)]) for k in Q}
    cn = {k: min(x[0] for x in res[(p, k)]) for k in Q}
    wm = {k: st.median(x[1] for x in res[(p, k)]) for k in Q}
    wn = {k: min(x[1] for x in res[(p, k)]) for k in Q}
    print(f"{p} ratio sla/due2: cpu med {cm['sla']/cm['due2']:.2f} min {cn['sla']/cn['due2']:.2f}; wall med {wm['sla']/wm['due2']:.2f} min {wn['sla']/wn['due2']:.2f}"
          f" | sla/cols5: cpu med {cm['sla']/cm['cols5']:.2f} min {cn['sla']/cn['cols5']:.2f}; wall med {wm['sla']/wm['cols5']:.2f} min {wn['sla']/wn['cols5']:.2f}")
    if 'slac' in Q:
        print(f"{p} COPY ratio slac/due2c: cpu med {cm['slac']/cm['due2c']:.2f} min {cn['slac']/cn['due2c']:.2f}; wall med {wm['slac']/wm['due2c']:.2f} min {wn['slac']/wn['due2c']:.2f}"
              f" | slac/cols5c: cpu med {cm['slac']/cm['cols5c']:.2f} min {cn['slac']/cn['cols5c']:.2f}")
