# Where do the 150 students removed from 石岭县第一小学 go? Re-run end-2029 with them in each 城关镇 primary school.
import sys
from calc import load
from whatif import parse_annex4, apply, evaluate
df = load('shiling_county.xlsx'); rows = parse_annex4(sys.argv[1] if len(sys.argv)>1 else 'out/A_quality.md')
for tgt in ['石岭县第二小学', '石岭县第三小学', '石岭县城东小学']:
    d = apply(df, rows, 2029, {'石岭县第一小学': 2000})
    d.loc[d.name == tgt, 'ps'] += 150
    passed, cvs, det = evaluate(d)
    t = [x for x in det if x[0] == tgt][0]
    print(tgt, '+150 ->', 'pass' if passed[tgt] else 'FAIL', t[2], 'met', t[3], 'min ratio', t[4], t[6])
