# Compare the current CVs in 附件3 with the independent computation.
import re, sys
from calc import quality
data, md = sys.argv[1], sys.argv[2]
_, _, res = quality(data)
short = {'高学历教师': 'deg', '骨干教师': 'bb', '体育艺术教师': 'pe', '教学及辅助用房': 'space', '体育运动场馆': 'sport',
         '教学仪器设备': 'equip', '网络多媒体教室': 'mm'}
txt = open(md).read()
blk = re.search(r'## 附件3.*?\n(\|.*?)\n\n', txt, re.S).group(1)
n = bad = 0
for line in blk.splitlines()[2:]:
    c = [x.strip() for x in line.strip('|').split('|')]
    ind, st, val = c[0], c[1], float(c[2])
    mine = res['cv'][st]['comp'] if ind == '综合差异系数' else res['cv'][st]['cvs'][short[ind]][0]
    n += 1
    if abs(mine - val) > 0.0006:
        bad += 1; print('MISMATCH', ind, st, val, mine)
print(f'{n} CVs checked, mismatches {bad}')
