# 临江区: how safe is the 骨干 CV margin the plan buys with one directed transfer?
from calc import load
from whatif import evaluate
df = load('linjiang_district.xlsx')
def run(mods, label):
    d = df.copy()
    for n, col, dv in mods:
        d.loc[d.name == n, col] += dv
    p, cvs, _ = evaluate(d)
    print(f"{label}: 小学骨干CV {cvs['小学']['bb']:.4f}; pass {sum(p.values())}/{len(p)} {[k for k,v in p.items() if not v]}")
run([], 'base data')
run([('临江区东苑小学', 'tbb', 3)], '东苑 +3 认定')
plan = [('临江区东苑小学', 'tbb', 3), ('临江区实验小学', 'tbb', -1), ('临江区江南学校', 'tbb', 1)]
run(plan, 'plan (认定3 + transfer 1)')
run(plan[1:], 'plan if the 认定 slips')
run(plan + [('临江区第二小学', 'tbb', -2), ('临江区实验小学', 'tbb', 2)], 'plan + 2 骨干 drift to 实验小学')
run([('临江区东苑小学', 'tbb', 3), ('临江区实验小学', 'tbb', -4), ('临江区江南学校', 'tbb', 1)], 'alternative: 4 transfers out of 实验小学')
