#!/bin/bash
# Reproduce: data, drafts, renders and the independent checks used in review.md.
set -e
D=/work/blind/plan_review_r1; PY=/work/main/.venv/bin/python
cd $D && $PY make_data.py
$PY -c "import pandas as pd; d=pd.read_excel('linjiang_district.xlsx'); d[d['所属乡镇']=='南湖镇'].to_excel('nanhu_town.xlsx',index=False,sheet_name='学校数据')"
cd /work/main
for a in "shiling_county.xlsx 石岭县 A_quality" "hekou_town.xlsx 河口镇 A_town" "linjiang_district.xlsx 临江区 B_quality" "nanhu_town.xlsx 南湖镇 B_town"; do
  set -- $a; .venv/bin/python -m planner draft $D/$1 --region $2 --start-year 2027 --out $D/out/$3.docx --markdown $D/out/$3.md; done
.venv/bin/python -m planner draft $D/shiling_county.xlsx --region 石岭县 --start-year 2027 --budget 100 --out $D/out/A_budget.docx --markdown $D/out/A_budget.md
.venv/bin/python -m planner draft $D/linjiang_district.xlsx --region 临江区 --start-year 2027 --budget 30 --out $D/out/B_budget.docx --markdown $D/out/B_budget.md
.venv/bin/python -m planner draft $D/shiling_county.xlsx --region 石岭县 --start-year 2027 --standard basic_2012 --out $D/out/A_basic.docx --markdown $D/out/A_basic.md
.venv/bin/python -m planner draft $D/linjiang_district.xlsx --region 临江区 --start-year 2027 --standard basic_2012 --out $D/out/B_basic.docx --markdown $D/out/B_basic.md
cd $D/out && for f in *.docx; do soffice --headless --convert-to pdf $f >/dev/null 2>&1; done
mkdir -p png && for f in *.pdf; do pdftoppm -png -r 60 $f png/${f%.pdf}; done
cd $D
$PY calc.py shiling_county.xlsx > logs/calc_A.txt; $PY calc.py linjiang_district.xlsx > logs/calc_B.txt
$PY check_annex2.py shiling_county.xlsx out/A_quality.md > logs/annex2_A.txt
$PY check_annex3.py shiling_county.xlsx out/A_quality.md > logs/annex3_A.txt
$PY whatif.py shiling_county.xlsx out/A_quality.md 2027,2028,2029 "{'石岭县第一小学':2000}" > logs/whatif_A.txt
$PY whatif.py shiling_county.xlsx out/A_budget.md 2028,2029 > logs/whatif_A_budget_no_reduction.txt
$PY displace.py > logs/displace_A.txt
$PY sensitivity.py shiling_county.xlsx out/A_quality.md 2029 "{'石岭县第一小学':2000}" > logs/sensitivity_A.txt
$PY bb_slip.py > logs/bb_slip_A.txt
for f in A_quality A_budget A_town A_basic B_quality; do $PY check_money.py out/$f.md; done > logs/money.txt
$PY whatif.py shiling_county.xlsx out/A_budget.md 2028,2029 "{'石岭县第一小学':2000}" > logs/whatif_A_budget_with_reduction.txt
$PY sensitivity.py hekou_town.xlsx out/A_town.md 2028 > logs/sensitivity_A_town.txt
$PY b_margin.py > logs/b_margin.txt
# funding probe for finding A2-4
cd /work/main && for b in 1700 1750; do .venv/bin/python -m planner draft $D/shiling_county.xlsx --region 石岭县 --start-year 2027 --budget $b --out /tmp/bud$b.docx --markdown $D/out/A_budget_${b}_probe.md; done
