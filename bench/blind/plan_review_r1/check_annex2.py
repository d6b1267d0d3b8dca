# Compare every row of a plan's 附件2 (差距清单: 现值, 缺口) with the independent computation in calc.py.
import re, sys
from calc import quality
data, md = sys.argv[1], sys.argv[2]
_, _, res = quality(data)
mine = {(s['name'], s['stage']): s for s in res['per_school']}
short = {'高学历教师': 'deg', '骨干教师': 'bb', '体育艺术教师': 'pe', '教学及辅助用房': 'space', '体育运动场馆': 'sport',
         '教学仪器设备': 'equip', '网络多媒体教室': 'mm'}
txt = open(md).read()
blk = re.search(r'## 附件2.*?\n(\|.*?)\n\n', txt, re.S).group(1)
n = bad = 0
for line in blk.splitlines()[2:]:
    c = [x.strip() for x in line.strip('|').split('|')]
    name, stage, ind, cur, std, gap = c[1], c[2], c[3], c[4], c[5], c[6]
    k = short[ind]
    s = mine[(name, stage)]
    curv = float(re.match(r'[\d.]+', cur).group(0)); gapv = float(re.match(r'[\d.]+', gap).group(0))
    ok_cur = abs(curv - s['vals'][k]) < 0.006 + 0.0001 * s['vals'][k]
    ok_gap = abs(gapv - s['gaps'].get(k, -999)) < 0.06
    n += 2
    if not (ok_cur and ok_gap):
        bad += 1
        print('MISMATCH', name, stage, ind, cur, gap, 'mine', s['vals'][k], s['gaps'].get(k))
print(f'{n} figures checked in 附件2, mismatching rows: {bad}')
