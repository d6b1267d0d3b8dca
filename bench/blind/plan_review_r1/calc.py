# Independent computation of the key figures per rules.md (quality_2017 and basic_2012).
import math, sys, json
import numpy as np, pandas as pd

COLS = {'学校名称': 'name', '办学类型': 'type', '举办者': 'own', '所属乡镇': 'town', '城乡分类': 'ur',
        '小学在校生数（人）': 'ps', '初中在校生数（人）': 'js', '高中在校生数（人）': 'ss', '小学班数（个）': 'pc',
        '初中班数（个）': 'jc', '最大班额（人）': 'maxc', '专任教师数（人）': 't', '高于规定学历专任教师数（人）': 'tdeg',
        '中级及以上职称专任教师数（人）': 'tmid', '县级以上骨干教师数（人）': 'tbb', '体育艺术专任教师数（人）': 'tpe',
        '初中部专任教师数（人）': 'jt', '初中部高于规定学历专任教师数（人）': 'jtdeg', '初中部中级及以上职称专任教师数（人）': 'jtmid',
        '初中部县级以上骨干教师数（人）': 'jtbb', '初中部体育艺术专任教师数（人）': 'jtpe', '教学及辅助用房面积（㎡）': 'room',
        '体育馆面积（㎡）': 'gym', '运动场地面积（㎡）': 'field', '教学仪器设备值（万元）': 'equip', '计算机台数（台）': 'pcn',
        '图书册数（册）': 'books', '网络多媒体教室数（间）': 'mm', '音乐专用教室数（间）': 'music', '美术专用教室数（间）': 'art'}

Q = {  # key: (label, 小学 T, 初中 T)
    'deg': ('每百名学生拥有高于规定学历教师数', 4.2, 5.3),
    'bb': ('每百名学生拥有县级及以上骨干教师数', 1.0, 1.0),
    'pe': ('每百名学生拥有体育、艺术专任教师数', 0.9, 0.9),
    'space': ('生均教学及辅助用房面积', 4.5, 5.8),
    'sport': ('生均体育运动场馆面积', 7.5, 10.2),
    'equip': ('生均教学仪器设备值', 2000, 2500),
    'mm': ('每百名学生拥有网络多媒体教室数', 2.3, 2.4),
}
QLIM = {'小学': 0.50, '初中': 0.45}


def load(path):
    df = pd.read_excel(path).rename(columns=COLS)
    for c in df.columns:
        if c not in ('name', 'type', 'own', 'town', 'ur'):
            df[c] = pd.to_numeric(df[c], errors='coerce').fillna(0)
    return df


def split(df):
    """Return one row per (school, 学段) with resources split per rules.md §3."""
    parts = []
    for _, r in df.iterrows():
        A, B, C = r.ps, r.js, r.ss
        typ = r.type
        if typ == '九年一贯制学校':
            sh = {'小学': A / (A + 1.1 * B), '初中': 1.1 * B / (A + 1.1 * B)}
            tch = {'小学': dict(t=r.t - r.jt, deg=r.tdeg - r.jtdeg, mid=r.tmid - r.jtmid, bb=r.tbb - r.jtbb, pe=r.tpe - r.jtpe),
                   '初中': dict(t=r.jt, deg=r.jtdeg, mid=r.jtmid, bb=r.jtbb, pe=r.jtpe)}
        elif typ == '完全中学':
            sh = {'初中': B / (B + 1.2 * C)}
            tch = {'初中': dict(t=r.t, deg=r.tdeg, mid=r.tmid, bb=r.tbb, pe=r.tpe)}
        elif typ == '十二年一贯制学校':
            den = A + 1.1 * B + 1.32 * C
            sh = {'小学': A / den, '初中': 1.1 * B / den}
            tch = {'小学': dict(t=r.t - r.jt, deg=r.tdeg - r.jtdeg, mid=r.tmid - r.jtmid, bb=r.tbb - r.jtbb, pe=r.tpe - r.jtpe),
                   '初中': dict(t=r.jt, deg=r.jtdeg, mid=r.jtmid, bb=r.jtbb, pe=r.jtpe)}
        elif typ == '初级中学':
            sh = {'初中': 1.0}
            tch = {'初中': dict(t=r.t, deg=r.tdeg, mid=r.tmid, bb=r.tbb, pe=r.tpe)}
        else:  # 小学, 教学点
            sh = {'小学': 1.0}
            tch = {'小学': dict(t=r.t, deg=r.tdeg, mid=r.tmid, bb=r.tbb, pe=r.tpe)}
        for stage, s in sh.items():
            P = A if stage == '小学' else B
            d = dict(name=r['name'], type=typ, own=r.own, town=r.town, stage=stage, P=P, share=s,
                     classes=(r.pc if stage == '小学' else r.jc),
                     room=r.room * s, gym=r.gym * s, field=r.field * s, equip=r.equip * s, pcn=r.pcn * s,
                     books=r.books * s, mm=r.mm * s, **tch[stage])
            parts.append(d)
    return pd.DataFrame(parts)


def q_values(p):
    v = pd.DataFrame(index=p.index)
    v['deg'] = 100 * p.deg / p.P
    v['bb'] = 100 * p.bb / p.P
    v['pe'] = 100 * p.pe / p.P
    v['space'] = (p.room - p.gym) / p.P
    v['sport'] = (p.field + p.gym) / p.P
    v['equip'] = p.equip * 10000 / p.P
    v['mm'] = 100 * p.mm / p.P
    return v


def b_values(p):
    v = pd.DataFrame(index=p.index)
    v['space'] = p.room / p.P
    v['sport'] = (p.field + p.gym) / p.P
    v['equip'] = p.equip * 10000 / p.P
    v['pc100'] = 100 * p.pcn / p.P
    v['books'] = p.books / p.P
    v['tps'] = p.t / p.P
    v['deg'] = p.deg / p.P
    v['mid'] = p.mid / p.P
    return v


def cv(P, X):
    P = np.asarray(P, float); X = np.asarray(X, float)
    tot = P.sum(); m = (P * X).sum() / tot
    if m == 0:
        return float('nan'), 0.0
    S = math.sqrt(((P / tot) * (X - m) ** 2).sum())
    return S / m, m


def quality(path, include_private=True):
    df = load(path)
    p = split(df)
    scope = ~((p.type == '教学点') & (p.P < 50))
    if not include_private:
        scope &= p.own != '民办'
    p = p[scope].reset_index(drop=True)
    v = q_values(p)
    res = {'per_school': [], 'cv': {}}
    for i, r in p.iterrows():
        T = {k: Q[k][1 if r.stage == '小学' else 2] for k in Q}
        met = {k: v.loc[i, k] >= T[k] - 1e-12 for k in Q}
        ratio = {k: v.loc[i, k] / T[k] for k in Q}
        ok = sum(met.values()) >= 6 and min(ratio.values()) >= 0.85
        gaps = {}
        for k in Q:
            if not met[k]:
                need = T[k] * r.P
                if k == 'deg': gaps[k] = math.ceil(need / 100 - r.deg - 1e-9)
                if k == 'bb': gaps[k] = math.ceil(need / 100 - r.bb - 1e-9)
                if k == 'pe': gaps[k] = math.ceil(need / 100 - r.pe - 1e-9)
                if k == 'space': gaps[k] = need - (r.room - r.gym)
                if k == 'sport': gaps[k] = need - (r.field + r.gym)
                if k == 'equip': gaps[k] = (need - r.equip * 10000) / 10000
                if k == 'mm': gaps[k] = math.ceil(need / 100 - r.mm - 1e-9)
        res['per_school'].append(dict(name=r['name'], stage=r.stage, own=r.own, town=r.town, P=int(r.P),
                                      vals={k: round(float(v.loc[i, k]), 3) for k in Q}, n_met=int(sum(met.values())),
                                      min_ratio=round(float(min(ratio.values())), 3), passed=bool(ok),
                                      gaps={k: round(float(g), 2) for k, g in gaps.items()}))
    for st in ('小学', '初中'):
        m = p.stage == st
        cvs = {}
        for k in Q:
            c, mean = cv(p[m].P, v[m][k])
            cvs[k] = (round(c, 4), round(mean, 3))
        vals = [c for c, _ in cvs.values() if not math.isnan(c)]
        res['cv'][st] = dict(cvs=cvs, comp=round(float(np.mean(vals)), 4), students=int(p[m].P.sum()),
                             schools=int(m.sum()))
    return p, v, res


def basic(path):
    df = load(path)
    p = split(df)
    p = p[(p.type != '教学点') & (p.own != '民办')].reset_index(drop=True)
    v = b_values(p)
    res = {}
    for st in ('小学', '初中'):
        m = p.stage == st
        cvs = {}
        for k in v.columns:
            c, mean = cv(p[m].P, v[m][k]); cvs[k] = (round(c, 4), round(mean, 4))
        res[st] = dict(cvs=cvs, comp=round(float(np.mean([c for c, _ in cvs.values()])), 4), schools=int(m.sum()))
    return p, v, res


def guarantees(path):
    df = load(path)
    out = []
    for _, r in df.iterrows():
        tot = r.ps + r.js
        lim = 2500 if '一贯制' in r.type else 2000
        cls_lim = 50 if r.type in ('初级中学', '完全中学') else 45
        classes = r.pc + r.jc
        need = math.ceil(classes / 12) if classes else 0
        out.append(dict(name=r['name'], own=r.own, students=int(tot), size_over=bool(tot > lim), maxc=int(r.maxc),
                        class_over=bool(r.maxc > cls_lim), band=('超大班额' if r.maxc >= 66 else '大班额' if r.maxc >= 56 else ''),
                        classes=int(classes), music=int(r.music), art=int(r.art), rooms_needed=need,
                        music_gap=max(0, need - int(r.music)), art_gap=max(0, need - int(r.art)),
                        teachers=int(r.t), backbone=int(r.tbb)))
    return pd.DataFrame(out)


if __name__ == '__main__':
    path = sys.argv[1]
    p, v, res = quality(path)
    pd.set_option('display.width', 250); pd.set_option('display.max_columns', 40)
    t = pd.concat([p[['name', 'stage', 'own', 'P']], v.round(3)], axis=1)
    t['pass'] = [s['passed'] for s in res['per_school']]
    t['n_met'] = [s['n_met'] for s in res['per_school']]
    t['minr'] = [s['min_ratio'] for s in res['per_school']]
    print(t.to_string())
    for st, d in res['cv'].items():
        print(st, d)
    print('gaps:')
    for s in res['per_school']:
        if s['gaps']:
            print(s['name'], s['stage'], s['P'], s['gaps'])
    pb, vb, rb = basic(path)
    print('BASIC', json.dumps(rb, ensure_ascii=False, indent=0))
    g = guarantees(path)
    print(g.to_string())
