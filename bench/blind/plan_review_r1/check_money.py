# Re-add 附件4 by year and funding channel; compare with the 合计 rows and with 附件5.
import re, sys
from whatif import parse_annex4
md = sys.argv[1]
rows = parse_annex4(md)
tot = {}
for r in rows:
    key = '举办者自筹' if r['fund'] == '举办者自筹' else '财政资金'
    t = tot.setdefault(key, [0.0, 0.0, 0.0, 0.0])
    for i, v in enumerate(r['y']): t[i] += v
    t[3] += r['total']
    if abs(sum(r['y']) - r['total']) > 0.005: print('row total mismatch', r)
for k, v in tot.items(): print(k, [round(x, 2) for x in v])
txt = open(md).read()
for line in re.findall(r'\|[^\n]*(?:财政资金|举办者自筹) \|[^\n]*', txt):
    if '合计' in line or line.startswith('|  |'): print('plan says:', line)
blk = re.search(r'## 附件5.*?\n(\|.*?)\n\n', txt, re.S)
print(blk.group(1) if blk else '')
