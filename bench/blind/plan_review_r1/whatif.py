# Re-apply the projects listed in a plan's 附件4 (年度实施项目表) to the raw data and recompute,
# independently of the planner, the per-school result and the CVs at the end of each year.
import re, sys, math
import pandas as pd, numpy as np
from calc import load, split, q_values, Q, cv, QLIM


def parse_annex4(md):
    txt = open(md).read()
    m = re.search(r'## 附件4.*?\n(\|.*?)(?:\n\n|\Z)', txt, re.S)
    rows = []
    for line in m.group(1).splitlines()[2:]:
        c = [x.strip() for x in line.strip('|').split('|')]
        if not c[0].isdigit():
            continue
        rows.append(dict(no=int(c[0]), school=c[1], item=c[2], qty=c[3], when=c[4], fund=c[5],
                         y=[float(x) if x else 0.0 for x in c[6:-1]], total=float(c[-1]) if c[-1] else 0.0))
    return rows


def done_year(when):
    yrs = [int(y) for y in re.findall(r'(20\d\d)年', when)]
    return max(yrs)


def apply(df, rows, year, reduce=None):
    d = df.copy().set_index('name')
    for r in rows:
        if done_year(r['when']) > year:
            continue
        name = r['school']; part = None
        mm = re.match(r'(.*)（(小学部|初中部)）', name)
        if mm:
            name, part = mm.group(1), mm.group(2)
        if name not in d.index:
            print('?? unknown school', name); continue
        q = float(re.match(r'[\d.]+', r['qty']).group(0))
        it = r['item']
        if '教学及辅助用房' in it or it == '调整功能用房':
            d.loc[name, 'room'] += q
        elif '运动场地' in it:
            d.loc[name, 'field'] += q
        elif '仪器设备' in it:
            d.loc[name, 'equip'] += q
        elif '多媒体' in it:
            d.loc[name, 'mm'] += q
        elif '体育、艺术' in it:
            d.loc[name, 'tpe'] += q; d.loc[name, 't'] += q; d.loc[name, 'tdeg'] += q
            if part == '初中部':
                d.loc[name, 'jtpe'] += q; d.loc[name, 'jt'] += q; d.loc[name, 'jtdeg'] += q
        elif '骨干' in it:
            d.loc[name, 'tbb'] += q
            if part == '初中部':
                d.loc[name, 'jtbb'] += q
        elif '学历' in it:
            d.loc[name, 'tdeg'] += q
            if part == '初中部': d.loc[name, 'jtdeg'] += q
        elif '职称' in it or '中级' in it:
            d.loc[name, 'tmid'] += q
            if part == '初中部': d.loc[name, 'jtmid'] += q
        elif '招聘' in it:  # generic teacher hire
            d.loc[name, 't'] += q; d.loc[name, 'tdeg'] += q
            if part == '初中部': d.loc[name, 'jt'] += q; d.loc[name, 'jtdeg'] += q
        elif '音乐' in it or '美术' in it:
            pass
        else:
            print('?? item', it)
    if reduce:
        for n, newP in reduce.items():
            d.loc[n, 'ps'] = newP
    return d.reset_index()


def evaluate(d, include_private=True, verbose=False):
    p = split(d)
    scope = ~((p.type == '教学点') & (p.P < 50))
    if not include_private:
        scope &= p.own != '民办'
    p = p[scope].reset_index(drop=True)
    v = q_values(p)
    passed = {}
    detail = []
    for i, r in p.iterrows():
        T = {k: Q[k][1 if r.stage == '小学' else 2] for k in Q}
        met = sum(v.loc[i, k] >= T[k] - 1e-9 for k in Q)
        mr = min(v.loc[i, k] / T[k] for k in Q)
        ok = met >= 6 and mr >= 0.85 - 1e-12
        passed.setdefault(r['name'], True)
        passed[r['name']] &= ok
        detail.append((r['name'], r.stage, int(r.P), met, round(mr, 4), ok,
                       {k: round(float(v.loc[i, k]), 4) for k in Q}))
    cvs = {}
    for st in ('小学', '初中'):
        m = p.stage == st
        cvs[st] = {k: cv(p[m].P, v[m][k])[0] for k in Q}
    return passed, cvs, detail


if __name__ == '__main__':
    data, md = sys.argv[1], sys.argv[2]
    years = [int(x) for x in sys.argv[3].split(',')]
    reduce = eval(sys.argv[4]) if len(sys.argv) > 4 else None  # e.g. {'石岭县第一小学': 2000}
    df = load(data)
    rows = parse_annex4(md)
    print('projects', len(rows))
    for y in years:
        red = reduce if (reduce and y >= years[-1]) else None
        d = apply(df, rows, y, red)
        passed, cvs, detail = evaluate(d)
        n = sum(passed.values())
        print(f'== end {y}: pass {n}/{len(passed)}; fail: {[k for k, v in passed.items() if not v]}')
        for st in cvs:
            print('  ', st, {k: round(c, 4) for k, c in cvs[st].items()}, 'max', round(max(cvs[st].values()), 4))
        if '-v' in sys.argv[5:] or (len(sys.argv) > 5):
            for t in detail:
                if not t[5] or t[4] < 0.87:
                    print('    ', t)
