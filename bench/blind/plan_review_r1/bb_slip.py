# What if the one-year 骨干 培养认定 delivers none / half of the planned 骨干? (county quality plan, end of 2029)
import math, copy
from calc import load
from whatif import parse_annex4, apply, evaluate
df = load('shiling_county.xlsx'); rows = parse_annex4('out/A_quality.md')
for frac in (1.0, 0.5, 0.0):
    rr = []
    for r in rows:
        r = dict(r)
        if '骨干' in r['item']:
            q = float(r['qty'].rstrip('人')); r['qty'] = f"{math.floor(q*frac)}人"
        rr.append(r)
    d = apply(df, rr, 2029, {'石岭县第一小学': 2000})
    p, cvs, _ = evaluate(d)
    print(f'骨干 delivered {frac:.0%}: pass {sum(p.values())}/23, 小学 骨干 CV {cvs["小学"]["bb"]:.3f}')
