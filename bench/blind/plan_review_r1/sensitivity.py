# Knife-edge check: end-of-plan result if each school's enrolment is 1 student / 2 % higher than in the base year.
import sys, math
from calc import load
from whatif import parse_annex4, apply, evaluate
data, md, y = sys.argv[1], sys.argv[2], int(sys.argv[3])
red = eval(sys.argv[4]) if len(sys.argv) > 4 else None
df = load(data); rows = parse_annex4(md)
base = apply(df, rows, y, red)
p0, _, _ = evaluate(base)
for label, f in [('+1 student', lambda x: x + 1 if x > 0 else 0), ('+2%', lambda x: math.ceil(x * 1.02) if x > 0 else 0)]:
    fails = []
    for n in base.name:
        d = base.copy()
        m = d.name == n
        d.loc[m, 'ps'] = d.loc[m, 'ps'].map(f); d.loc[m, 'js'] = d.loc[m, 'js'].map(f)
        p, _, _ = evaluate(d)
        if p0.get(n) and not p.get(n, True):
            fails.append(n)
    print(label, 'schools that stop passing:', len(fails), fails)
