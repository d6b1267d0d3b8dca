"""Write questions.jsonl: every expected figure comes from compute.py (via facts.py)."""
import json
import math
from collections import Counter

import compute as C
import facts as F

U, T = F.county(), F.town()
DC, DT = "/work/blind/chat_r3/青岚县.xlsx", "/work/blind/chat_r3/梅岗镇.xlsx"


def r(x, n=3):
    x = float(x)
    return int(x) if abs(x - round(x)) < 1e-9 else round(x, n)


def cvr(x):
    return round(float(x), 6)


v = lambda s, k, st=None, D=U: r(F.val(D, s, k, st))
g = lambda s, k, st=None, D=U: r(F.gap(D, s, k, st), 2)
cvc = lambda st, k, D=U, scope=None: cvr(C.cv(D, st, k, scope))
comp = lambda st, D=U: cvr(C.cvs(D)[st]["composite"])


def A(figs=(), names=(), absent=(), why=""):
    return {"kind": "answer", "figures": list(figs), "names": list(names), "absent": list(absent), "why": why}


def E(figs=(), names=(), absent=(), why=""):
    return {"kind": "edit", "figures": list(figs), "names": list(names), "absent": list(absent), "why": why}


def K(why):
    return {"kind": "ask_back", "figures": [], "names": [], "absent": [], "why": why}


def R(absent=(), why="off-topic"):
    return {"kind": "refuse", "figures": [], "names": [], "absent": list(absent), "why": why}


convs = []


def add(cat, turns_expect, town=False):
    turns = [t for t, _ in turns_expect]
    exp = [e for _, e in turns_expect]
    convs.append({"id": f"c{len(convs) + 1:03d}", "data": DT if town else DC,
                  "region": "梅岗镇" if town else "青岚县", "level": "town" if town else "county",
                  "category": cat, "turns": turns, "expect": exp})


Y1, Y2, Y3, Y4, Y5 = "青岚县第一小学", "青岚县第二小学", "青岚县第三小学", "青岚县第四小学", "青岚县第五小学"
YZ, EZ, SY = "青岚县第一中学", "青岚县第二中学", "青岚县实验学校"
BY, YC = "青岚博雅小学", "青岚县英才中学"
BSX, BS2, BSZ, SK, DT_ = "白沙镇中心小学", "白沙镇第二小学", "白沙镇中学", "白沙镇沙口小学", "白沙镇渡头教学点"
LTX, LTZ, XC, SX = "柳塘乡中心小学", "柳塘乡中学", "柳塘乡新村小学", "柳塘乡双溪小学"
JPX, JP2, ML, JPZ, YCX = "金坪镇中心小学", "金坪镇第二小学", "金坪镇马岭小学", "金坪镇中学", "金坪镇育才学校"
FLX, HY = "枫林乡中心小学", "枫林乡红岩学校"
LOX, LOZ, LX, QT = "龙潭乡中心小学", "龙潭乡中学", "龙潭乡龙溪学校", "龙潭乡桥头小学"
MX, M2, MZ, XQ, SW, DP = "梅岗镇中心小学", "梅岗镇第二小学", "梅岗镇中学", "梅岗镇新桥学校", "梅岗镇沙湾小学", "梅岗镇大坪小学"
BB, SPORT, TEACH, EQ = "骨干", "体育运动场馆", "教学及辅助用房", "仪器设备"

# ---------------- school_gap ----------------
add("school_gap", [
    ("县一小运动场还差多少平方", A([g(Y1, "sport")], [Y1], why="7.5*2160 - (12664+620) = 16200-13284 = 2916 ㎡")),
    ("那教学用房呢", A([g(Y1, "teach")], [Y1], why="4.5*2160 - (10048-620) = 9720-9428 = 292 ㎡")),
    ("它算不算达标学校", A([v(Y1, "sport")], [SPORT, TEACH],
                      why="5 of 7 met; sport 6.15 = 82% of 7.5 < 85% → 未达标 (teach 4.365 also unmet)")),
])
add("school_gap", [
    ("洪岩学校初中部生均仪器设备值还差多少钱", A([g(HY, "equip", "初中")], [HY],
                                   why="九年一贯制拆分 share 1.1*260/(300+286)=0.488; 2500*260 - 100万*0.488 → 16.19 万元")),
    ("小学部呢", A([g(HY, "equip", "小学")], [HY], why="2000*300 - 100万*300/586 → 8.81 万元")),
    ("多媒体教室两个学段一共差几间", A([g(HY, "mm", "小学") + g(HY, "mm", "初中")], [HY],
                             why="小学部 ceil(6.9-5.63)=2, 初中部 ceil(6.24-5.37)=1 → 3")),
])
add("school_gap", [
    ("柳塘新村小学缺几个骨干老师", A([g(XC, "bb")], [XC], why="ceil(1.0*160/100 - 0) = 2")),
    ("体艺老师呢", A([g(XC, "pe")], [XC], why="ceil(0.9*1.6 - 1) = ceil(0.44) = 1")),
])
add("school_gap", [
    ("金坪中学生均仪器设备值现在多少，离标准还差几万", A([v(JPZ, "equip"), g(JPZ, "equip")], [JPZ],
                                         why="150.1万/690 = 2175.36 元; 2500*690=172.5万 - 150.1 = 22.4 万元")),
])
add("school_gap", [
    ("一中初中部的生均教学用房差多少平", A([g(YZ, "teach")], [YZ],
                               why="完全中学 share 1450/(1450+1.2*1620)=0.4272; (19084-1100)*0.4272=7683.2; 5.8*1450-7683.2=726.79")),
    ("那运动场馆呢", A([g(YZ, "sport")], [YZ], why="(28648+1100)*0.4272=12709.07; 10.2*1450=14790; gap 2080.93")),
])
add("school_gap", [
    ("大坪小学运动场差多少面积", A([g(DP, "sport", D=T)], [DP], why="7.5*120 - 630 = 270")),
    ("生均仪器呢差几万", A([g(DP, "equip", D=T)], [DP], why="2000*120=24万 - 18.0 = 6.0 万元")),
    ("体艺老师缺几个", A([g(DP, "pe", D=T)], [DP], why="ceil(0.9*1.2 - 0) = ceil(1.08) = 2")),
], town=True)
add("school_gap", [
    ("新桥学校初中部高学历老师差几个", A([g(XQ, "deg", "初中", D=T)], [XQ], why="ceil(5.3*190/100 - 9) = ceil(1.07) = 2")),
    ("小学部呢", A([g(XQ, "deg", "小学", D=T)], [XQ], why="小学部 19-9=10 above degree; ceil(4.2*2.6 - 10)=ceil(0.92)=1")),
], town=True)
add("school_gap", [
    ("梅岗中学运动场差多少平米", A([g(MZ, "sport", D=T)], [MZ], why="10.2*820=8364 - (7028+500)=836")),
    ("多煤体教室呢", A([g(MZ, "mm", D=T)], [MZ], why="ceil(2.4*8.2 - 19) = ceil(0.68) = 1")),
], town=True)

# ---------------- township_totals ----------------
add("township_totals", [
    ("枫林乡几个学校教学用房加起来还缺多少平米", A([r(F.town_sum(U, "枫林乡", "teach_gap"), 2)], ["枫林乡"],
                                        why="only 红岩学校: 小学部 296.42 + 初中部 503.58 = 800")),
    ("仪器设备呢，一共差几万", A([r(F.town_sum(U, "枫林乡", "equip_gap"), 2)], ["枫林乡"], why="8.81 + 16.19 = 25.0 万元")),
])
add("township_totals", [
    ("龙潭乡骨干教师总共缺几个", A([r(F.town_sum(U, "龙潭乡", "bb_gap"))], ["龙潭乡"],
                            why="中心小学2 + 龙溪小学部2 + 龙溪初中部1 + 桥头2 = 7 (龙潭中学 met)")),
    ("体艺老师呢", A([r(F.town_sum(U, "龙潭乡", "pe_gap"))], ["龙潭乡"], why="龙潭乡中学 1 + 桥头小学 1 = 2")),
])
add("township_totals", [
    ("金坪镇小学加初中一共多少在校生", A([r(F.town_sum(U, "金坪镇", "P"))], ["金坪镇"], why="740+330+180+690+450+280 = 2670 (no 教学点)")),
    ("其中初中多少", A([r(F.town_sum(U, "金坪镇", "P", "初中"))], ["金坪镇"], why="690 + 育才初中部 280 = 970")),
])
add("township_totals", [
    ("岚城镇运动场缺口合计是多少", A([r(F.town_sum(U, "岚城镇", "sport_gap"), 2)], ["岚城镇"], why="县一小 2916 + 一中初中部 2080.93")),
    ("不算一中呢", A([g(Y1, "sport")], ["岚城镇"], why="only 县一小 2916 remains")),
])
add("township_totals", [
    ("柳塘乡的小学有几所没达标？教学点不算", A([3], [LTX, XC, SX], why="中心小学 bb 0.769<85%, 新村 1/7 met, 双溪 bb 0.435 → all 3 fail")),
    ("它们骨干老师一共差几个", A([6], ["柳塘乡"], why="2+2+2 = 6")),
])
add("township_totals", [
    ("白沙镇不算教学点，骨干老师总共还差几个", A([5], ["白沙镇"], why="中心小学1 + 第二小学3 + 沙口1 = 5; 白沙镇中学 met")),
    ("运动场呢", A([620], ["白沙镇"], why="白沙镇中学 10.2*760 - (6712+420) = 620")),
])

# ---------------- county_overview ----------------
add("county_overview", [
    ("全县小学有几所没达标，初中呢", A([14, 6], [], why="per 学段 after 拆分, 教学点<50 out: 小学 22 units 8 pass; 初中 11 units 5 pass")),
])
add("county_overview", [
    ("青岚县优质均衡七项差异系数有没有超的", A([cvc("小学", "bb")], [BB], why="小学 骨干 CV 0.5051 > 0.50; all others below")),
    ("超了多少", A([round(cvc("小学", "bb") - 0.5, 6)], [BB], why="0.5051 - 0.50 = 0.0051")),
])
add("county_overview", [
    ("参评学校小学在校生一共多少", A([r(U[U.in_scope & (U.stage == "小学")].P.sum())], [],
                            why="all 小学 units incl. 九年一贯制小学部, excl. 3 教学点 (<50) = 14150")),
    ("初中呢", A([r(U[U.in_scope & (U.stage == "初中")].P.sum())], [], why="初中 incl. 一中初中部, 九年制初中部 = 7140")),
])
add("county_overview", [
    ("小学有哪些学校最大班额超过45", A([], [Y1, Y2, BSX, JPX], why="最大班额 52, 47, 48, 46 > 45")),
    ("初中超50的呢", A([], [YZ, BSZ, JPZ], absent=[Y2, BSX], why="54, 51, 52 > 50")),
])
add("county_overview", [
    ("有没有规模超标的学校", A([2160], [Y1], why="小学 ≤2000: 县一小 2160 students; others within")),
])

# ---------------- superlative_gap ----------------
add("superlative_gap", [
    ("哪个小学运动场缺得最多", A([g(Y1, "sport")], [Y1], why="largest shortage ㎡: 县一小 2916 (lowest value is 新村 4.125 but only 540 short)")),
])
add("superlative_gap", [
    ("初中那个学校仪器设备缺口最大", A([g(JPZ, "equip")], [JPZ], why="金坪中学 22.4 万 > 红岩初中部 16.19 (lowest value) > 英才 13.5")),
])
add("superlative_gap", [
    ("小学里教学用房缺的最多的是哪个", A([g(Y2, "teach")], [Y2], why="县二小 4.5*1680-7031 = 529 ㎡; lowest per-student is 红岩小学部 (296.42 short)")),
])
add("superlative_gap", [
    ("骨干老师缺得最多的小学", A([g(BY, "bb")], [BY], why="博雅 (民办) ceil(6.2-3)=4")),
    ("公办的呢", A([g(BS2, "bb")], [BS2], absent=[BY], why="白沙镇第二小学 ceil(4.1-2)=3")),
])
add("superlative_gap", [
    ("初中运动场馆缺口最大的是哪个学小", A([g(YZ, "sport")], [YZ], why="一中初中部 2080.93")),
    ("第二个呢", A([g(BSZ, "sport")], [BSZ], why="白沙镇中学 620 (red 498.70 third)")),
])
add("superlative_gap", [
    ("镇里哪个学校运动场缺的最多", A([g(MZ, "sport", D=T)], [MZ], why="梅岗镇中学 836 > 大坪 270")),
], town=True)

# ---------------- superlative_value ----------------
add("superlative_value", [
    ("小学生均运动场最少的是哪所", A([v(XC, "sport")], [XC], why="660/160 = 4.125")),
])
add("superlative_value", [
    ("初中每百名学生骨干教师最高的是哪个学校", A([v(SY, "bb", "初中")], [SY], why="实验学校初中部 15/820*100 = 1.829")),
])
add("superlative_value", [
    ("全县小学生均仪器设被值最高的", A([v(LX, "equip", "小学")], [LX], why="龙溪小学部 106.5万*210/375/210 = 2840")),
    ("最低的呢", A([v(XC, "equip")], [XC], absent=[LX], why="22.4万/160 = 1400")),
])
add("superlative_value", [
    ("初中生均教学用房最低的", A([v(HY, "teach", "初中")], [HY], why="2058*0.488/260 = 3.863")),
])
add("superlative_value", [
    ("镇上小学生均教学用房最低的是哪个", A([v(DP, "teach", D=T)], [DP], why="421/120 = 3.508")),
    ("最高的呢", A([v(SW, "teach", D=T)], [SW], absent=[DP], why="1351/210 = 6.433")),
], town=True)

# ---------------- list_refine ----------------
add("list_refine", [
    ("把骨干教师不达标的小学列一下", A([], [BY, BS2, XC, QT, HY], why="16 小学 units below 1.0 per 100; listing must include these")),
    ("其中柳塘乡的", A([], [LTX, XC, SX], absent=[BS2, BY, QT], why="柳塘乡: 中心小学 0.769, 新村 0, 双溪 0.435")),
    ("它们一共还差几个", A([6], [], why="2+2+2")),
])
add("list_refine", [
    ("运动场馆不达标的初中有哪些", A([], [YZ, BSZ, YCX, HY, LX], why="一中 8.76, 白沙 9.38, 育才 10.04, 红岩 8.28, 龙溪 9.65 < 10.2")),
    ("只看乡村学校", A([], [HY, LX], absent=[YZ, BSZ, YCX], why="城乡分类 乡村: 红岩, 龙溪")),
    ("差距加起来多少", A([r(g(HY, "sport", "初中") + g(LX, "sport", "初中"), 2)], [], why="498.70 + 81.96")),
])
add("list_refine", [
    ("哪些学校七项里有三项以上没达标", A([], [XC, HY, QT, YCX], why="n_met ≤4: 新村 1, 红岩小2/初1, 桥头 3, 育才初中部 4")),
    ("把九年制的去掉", A([], [XC, QT], absent=[HY, YCX], why="remove 一贯制 schools")),
])
add("list_refine", [
    ("仪器设备不达标的学校有哪些", A([], [BS2, XC, HY, QT, YC, JPZ], why="小学<2000: 白沙二小, 新村, 红岩, 桥头; 初中<2500: 英才, 金坪中学, 红岩")),
    ("民办的不要", A([], [JPZ, HY], absent=[YC], why="drop 英才中学 (民办)")),
    ("按缺口从大到小排前三", A([g(JPZ, "equip"), g(HY, "equip", "初中"), g(BS2, "equip")], [JPZ, BS2],
                       absent=[YC], why="22.4, 16.19, 9.8 万元")),
])
add("list_refine", [
    ("镇里哪些学校没达标", A([], [M2, MZ, XQ, SW, DP], absent=[], why="only 中心小学 passes (6 met, min 0.94)")),
    ("只看小学", A([], [M2, SW, DP], absent=[MZ], why="新桥小学部 also fails (4 met)")),
], town=True)

# ---------------- composite_cv / cv ----------------
add("composite_cv", [
    ("全县小学综合差异系数多少", A([comp("小学")], [], why="mean of the 7 小学 CVs")),
    ("初中呢", A([comp("初中")], [], why="mean of the 7 初中 CVs")),
    ("综合都这么低了是不是就达标了", A([cvc("小学", "bb")], [BB], why="no: each CV must be ≤ limit; 小学 骨干 0.5051 > 0.50")),
])
add("cv", [
    ("初中骨干教师差义系数多少", A([cvc("初中", "bb")], [BB], why="enrolment-weighted CV")),
    ("小学的", A([cvc("小学", "bb")], [BB], why="0.5051")),
])
add("cv", [
    ("小学生均运动场差异系数是多少，标准要求多少", A([cvc("小学", "sport"), 0.5], [], why="CV 0.1746 vs 0.50")),
])
add("cv", [
    ("镇里小学七个差异系数哪个最高", A([cvc("小学", "bb", T)], [BB], why="骨干 0.3889 highest")),
    ("初中综合差异系数", A([comp("初中", T)], [], why="mean of 7, 初中 (2 units)")),
], town=True)
add("cv", [
    ("不算民办学校，小学骨干教师差异系数是多少", A([cvc("小学", "bb", scope=lambda d: d.owner != "民办")], [BB],
                                          why="exclude 博雅 → 0.4823")),
])
add("cv", [
    ("初中生均教学用方差异系数", A([cvc("初中", "teach")], [], why="0.2010")),
])

# ---------------- compare ----------------
add("compare", [
    ("县二小跟县三小生均教学用房比一下", A([v(Y2, "teach"), v(Y3, "teach")], [Y2, Y3], why="7031/1680=4.185; 6250/1240=5.04")),
])
add("compare", [
    ("白沙镇跟金坪镇哪个仪器设备缺口大", A([r(F.town_sum(U, "金坪镇", "equip_gap"), 2), r(F.town_sum(U, "白沙镇", "equip_gap"), 2)],
                                   ["金坪镇"], why="金坪 22.4 (金坪中学) vs 白沙 9.8 (白沙二小)")),
])
add("compare", [
    ("龙谭中学和柳塘中学每百名学生高学历老师比较下", A([v(LOZ, "deg"), v(LTZ, "deg")], [LOZ, LTZ],
                                          why="24/380*100=6.316; 21/430*100=4.884 (<5.3)")),
])
add("compare", [
    ("中心小学和二小骨干比一下", A([v(MX, "bb", D=T), v(M2, "bb", D=T)], [MX, M2], why="9/780*100=1.154; 3/420*100=0.714")),
], town=True)
add("compare", [
    ("柳塘乡和枫林乡骨干教师缺口比较", A([6], ["柳塘乡", "枫林乡"], why="柳塘 2+2+2=6 (教学点 out); 枫林 中心2 + 红岩2+2 = 6: equal")),
])

# ---------------- transfer / what-if ----------------
def mv(D, src, dst, n, k="bb", s1=None, s2=None, st="小学"):
    return cvr(F.cv(F.move(D, src, dst, f"{k}_n", n, k, s1, s2), st, k))

add("transfer", [
    ("从县一小调3个骨干教师到新村小学，小学骨干差异系数变成多少", A([mv(U, Y1, XC, 3)], [BB], why="bb_n 50→47, 0→3; recompute CV")),
    ("调5个呢", A([mv(U, Y1, XC, 5)], [], why="0.4811: 新村 now far above mean")),
    ("调8个呢", A([mv(U, Y1, XC, 8)], [], why="0.5265: overshoots, CV rises above 0.50")),
])
add("transfer", [
    ("县二小拿3个骨干支援白沙二小，小学骨干差异系数能降到0.5以下吗", A([mv(U, Y2, BS2, 3)], [], why="34→31, 2→5 → 0.4806 < 0.50")),
])
add("transfer", [
    ("实验学校初中部调2个骨干到红岩学校初中部，初中骨干差异系数多少", A([mv(U, SY, HY, 2, s1="初中", s2="初中", st="初中"), cvc("初中", "bb")], [BB],
                                                     why="15→13, 1→3 初中部; 0.3062 → 0.2432")),
])
add("transfer", [
    ("中心小学调2个骨干去大坪小学，小学骨干差异系数会怎么变", A([cvc("小学", "bb", T), mv(T, MX, DP, 2)], [BB], why="0.3889 → 0.3122")),
], town=True)
_Vpe = F.move(T, MX, DP, "pe_n", 2, "pe")
add("transfer", [
    ("中心小学调2个体艺老师去大坪，体艺教师差异系数是多少", A([cvr(F.cv(_Vpe, "小学", "pe"))], [], why="pe_n 8→6, 0→2 → 0.2725")),
    ("这样中心小学自己够不够", A([r(100 * 6 / 780)], [MX], why="6/780*100 = 0.769 < 0.9 → 不够, needs ceil(7.02-6)=2 more")),
], town=True)

# ---------------- policy ----------------
add("policy", [
    ("优质均衡差异系数要求是多少，哪个文件定的", A([0.5, 0.45], ["教督〔2017〕6号"], why="小学 ≤0.50, 初中 ≤0.45")),
])
add("policy", [
    ("以前基本均衡的综合差异系数标准是多少", A([0.65, 0.55], ["教督〔2012〕3号"], why="小学 ≤0.65 初中 ≤0.55")),
])
add("policy", [
    ("单个学校怎么才算达标", A([6, 85], [], why="≥6 of 7 meet the threshold and every one ≥85%")),
])
add("policy", [
    ("大班额和超大班额怎么划的", A([56, 66], ["大班额"], why="56–65 大班额, 66+ 超大班额")),
])
add("policy", [
    ("优质均衡认定工作规程是哪个文", A([], ["国教督办函〔2019〕30号"], why="2019 规程")),
    ("流程是啥", A([], ["县级自评", "市级复核", "省级评估", "国家认定"], why="four levels")),
])
add("policy", [
    ("23年中办国办那个构建优质均衡基本公共教育服务体系的意见，时间节点是哪两年", A([2027, 2035], [], why="2027 初步建立; 2035 绝大多数县实现")),
])

# ---------------- policy_compute ----------------
add("policy_compute", [
    ("一个学校30个班音乐教室至少要几间，每间多大", A([3, 96], ["音乐"], why="ceil(30/12)=3; ≥96 ㎡ each")),
])
add("policy_compute", [
    ("县一小46个班，音乐教室现在3间，够不够", A([4, 1], [Y1], why="ceil(46/12)=4 required; 3 → short 1")),
])
add("policy_compute", [
    ("一个初中800个学生，网络多媒体教室要几间才达标", A([20], [], why="2.4*800/100 = 19.2 → 20 间")),
])
add("policy_compute", [
    ("九年一贯制学校小学600人初中400人，图书20000册，拆分后小学部算多少册", A([r(20000 * 600 / (600 + 440), 2)], [],
                                                          why="600/(600+1.1*400) = 600/1040 → 11538.46")),
    ("初中部呢", A([r(20000 * 440 / 1040, 2)], [], why="440/1040*20000 = 8461.54")),
])

# ---------------- ambiguous ----------------
add("ambiguous", [
    ("二小的运动场达表了没", K("three 第二小学: 青岚县第二小学, 白沙镇第二小学, 金坪镇第二小学")),
    ("白沙的", A([v(BS2, "sport")], [BS2], why="3505/410 = 8.549 ≥ 7.5 → 达标")),
])
add("ambiguous", [
    ("镇中学生均仪器设备值多少", K("白沙镇中学 or 金坪镇中学 (county file)")),
    ("金坪镇", A([v(JPZ, "equip")], [JPZ], absent=[BSZ], why="150.1万/690 = 2175.36")),
])
add("ambiguous", [
    ("中心小学骨干差几个", K("five 中心小学 (白沙镇, 柳塘乡, 金坪镇, 枫林乡, 龙潭乡)")),
    ("龙潭乡的", A([g(LOX, "bb")], [LOX], why="ceil(4.2-3) = 2")),
])
add("ambiguous", [
    ("那个学校差多少平米", K("no school and no indicator given (教学用房 or 运动场)")),
    ("大坪小学，教学用房", A([g(DP, "teach", D=T)], [DP], why="4.5*120 - 421 = 119")),
], town=True)

# ---------------- off_topic ----------------
add("off_topic", [
    ("红岩学校初中部骨干还差几个", A([g(HY, "bb", "初中")], [HY], why="ceil(2.6-1) = 2")),
    ("顺便帮我查下明天去省城的高铁", R(["红岩"])),
])
add("off_topic", [
    ("今天天气咋样", R()),
])
add("off_topic", [
    ("大坪小学生均仪器多少", A([v(DP, "equip", D=T)], [DP], why="18万/120 = 1500")),
    ("帮我写个请假条，孩子发烧了", R(["大坪"])),
], town=True)
add("off_topic", [
    ("金坪中学体艺老师差几个", A([g(JPZ, "pe")], [JPZ], why="ceil(0.9*6.9 - 6) = ceil(0.21) = 1")),
    ("你觉得最近哪只股票能涨", R(["金坪"])),
])

# ---------------- plan_draft ----------------
SECT = ["指导思想", "工作目标", "主要任务", "保障措施"]
add("plan_draft", [
    ("帮我起草梅岗镇义务教育优质均衡实施方案", A([], SECT + ["教督〔2017〕6号"], why="skeleton sections + basis")),
    ("在保障措施里加一句：镇财政每年安排不少于30万元均衡发展专项经费", E([], ["保障措施"], why="insert sentence")),
    ("开始年份改成2027年", E([2027], [], why="change start year")),
], town=True)
add("plan_draft", [
    ("起草青岚县推进义务教育优质均衡发展实施方案，从2026年9月开始", A([2026], SECT, why="county plan")),
    ("实施步骤开始时间改到2027年3月", E([2027], ["实施步骤"], why="change start year/month")),
])
add("plan_draft", [
    ("写个县里的优质均衡实施方案", A([], SECT, why="county plan")),
    ("工作目标里最后一句删掉", E([], ["工作目标"], why="delete sentence")),
])

# ---------------- plan_edit ----------------
add("plan_edit", [
    ("先出个镇里的实施方案初稿", A([], SECT, why="draft")),
    ("基本原则里插一句：坚持问题导向，一校一策补短板", E([], ["基本原则"], why="insert")),
    ("把保障措施里讲宣传的那句删了", E([], ["保障措施"], why="delete")),
    ("开始月份改成9月", E([9], [], why="change start month")),
], town=True)
add("plan_edit", [
    ("起草个青岚县优质均衡实施方案", A([], SECT, why="draft")),
    ("主要任务第一句换成：2026年底前完成枫林乡红岩学校教学用房改扩建800平方米", E([], ["主要任务"], why="replace; 800 = 红岩 teach gap total")),
    ("起始年份改成2027", E([2027], [], why="change year")),
])
add("plan_edit", [
    ("出个县级方案", A([], SECT, why="draft")),
    ("实施步骤里加一句：2027年6月前完成县级自评", E([], ["实施步骤"], why="insert")),
    ("刚才加的那句删掉", E([], ["实施步骤"], why="delete the inserted sentence")),
])

# ---------------- scope_switch ----------------
add("scope_switch", [
    ("县一小每百名学生骨干教师多少", A([v(Y1, "bb")], [Y1], why="50/2160*100 = 2.315")),
    ("全县小学骨干差异系数呢", A([cvc("小学", "bb")], [BB], absent=[Y1, "县一小"], why="county scope")),
    ("金坪镇小学骨干一共差几个", A([r(F.town_sum(U, "金坪镇", "bb_gap", "小学"))], ["金坪镇"], absent=[Y1, "县一小"],
                          why="中心1 + 二小2 + 马岭1 + 育才小学部1 = 5")),
])
add("scope_switch", [
    ("红岩学校小学部教学用房差多少", A([g(HY, "teach", "小学")], [HY], why="4.5*300 - 2058*300/586 = 296.42")),
    ("全县初中生均教学用房差异系数", A([cvc("初中", "teach")], [], absent=["红岩"], why="county")),
    ("龙潭乡运动场缺口合计", A([r(F.town_sum(U, "龙潭乡", "sport_gap"), 2)], ["龙潭乡"], absent=["红岩"], why="龙溪初中部 81.96 + 桥头 178 = 259.96")),
])
add("scope_switch", [
    ("一中运动场馆缺多少", A([g(YZ, "sport")], [YZ], why="2080.93")),
    ("全县初中综合差异系数", A([comp("初中")], [], absent=[YZ, "一中"], why="county")),
    ("金坪镇初中在校生多少", A([970], ["金坪镇"], absent=[YZ, "一中"], why="690+280")),
])
add("scope_switch", [
    ("梅岗中学运动场差多少", A([g(MZ, "sport", D=T)], [MZ], why="836")),
    ("全镇小学综合差异系数", A([comp("小学", T)], [], absent=[MZ], why="town 小学 units only; 梅岗镇中学 is 初中")),
], town=True)

# ---------------- long 1 ----------------
V1 = F.move(U, Y1, QT, "bb_n", 2, "bb")
V2 = F.move(V1, Y2, LOX, "bb_n", 2, "bb")
add("long", [
    ("青岚县数据导进去了，先说说全县小学有几所没达标", A([14], [], why="per 学段 units")),
    ("初中呢", A([6], [], why="11 units 5 pass")),
    ("小学哪个差异系数超了", A([cvc("小学", "bb")], [BB], why="0.5051 > 0.50")),
    ("上限多少，哪个文件", A([0.5], ["教督〔2017〕6号"], why="")),
    ("县一小运动场差多少", A([g(Y1, "sport")], [Y1], why="2916")),
    ("它生均运动场现在多少", A([v(Y1, "sport")], [Y1], why="13284/2160 = 6.15")),
    ("县二小呢", A([v(Y2, "sport")], [Y2], why="(15774+480)/1680 = 9.675 ≥7.5 达标")),
    ("换成教学用房呢", A([g(Y2, "teach")], [Y2], why="529")),
    ("白沙镇运动场缺口合计", A([620], ["白沙镇"], absent=[Y2, Y1], why="only 白沙镇中学")),
    ("那个中学生均运动场多少", A([v(BSZ, "sport")], [BSZ], why="7132/760 = 9.384")),
    ("和金平中学比呢", A([v(BSZ, "sport"), v(JPZ, "sport")], [BSZ, JPZ], why="9.384 vs 12.954")),
    ("金坪中学到底哪几项没达", A([], [JPZ, "体育", "仪器"], why="pe 0.870<0.9, equip 2175<2500")),
    ("仪器按85%算够不够线", A([2125], [JPZ], why="85%*2500 = 2125; 2175.36 ≥ 2125 → above the 85% floor")),
    ("全县初中仪器设备差异系数", A([cvc("初中", "equip")], [], absent=[JPZ, "金坪中学"], why="county")),
    ("枫林乡教学用房一共差多少", A([800], ["枫林乡"], why="296.42+503.58")),
    ("其中红岩初中部占多少", A([g(HY, "teach", "初中")], [HY], why="503.58")),
    ("九年制学校设施怎么分到两个学段的", A([1.1], [], why="小学生:初中生 = 1:1.1 by student-equivalents")),
    ("红岩学校音乐美术教室够不够", A([2], [HY], why="14 classes → ceil(14/12)=2 each; has 音乐1 美术0 → 音乐缺1, 美术缺2")),
    ("龙潭乡骨干一共差几个", A([7], ["龙潭乡"], absent=[HY], why="2+2+1+2")),
    ("龙潭乡哪些学校体艺老师不够", A([], [LOZ, QT], why="龙潭中学 0.789, 桥头 0.714 < 0.9")),
    ("从县一小调2个骨干去桥头小学，小学骨干差异系数多少", A([cvr(F.cv(V1, "小学", "bb"))], [BB], why="50→48, 0→2")),
    ("在这基础上再从县二小调2个去龙潭中心小学呢", A([cvr(F.cv(V2, "小学", "bb"))], [BB], why="34→32, 3→5 cumulative")),
    ("这样能过0.5吗", A([cvr(F.cv(V2, "小学", "bb"))], [], why="yes, below 0.50")),
    ("回到全县现状，小学生均运动场差异系数", A([cvc("小学", "sport")], [], absent=[QT, "桥头"], why="actual data, no transfer")),
    ("最大班额超过50的初中有哪些", A([], [YZ, JPZ, BSZ], why="54, 52, 51")),
    ("大班额是多少人以上", A([56], ["大班额"], why="56–65")),
    ("一中的教学用房拆到初中部是多少平方", A([r(C.row(U, YZ)["teach_cur"], 2)], [YZ], why="(19084-1100)*1450/3394 = 7683.21")),
    ("那生均呢", A([v(YZ, "teach")], [YZ], why="7683.21/1450 = 5.299")),
    ("跟标准差多少", A([g(YZ, "teach")], [YZ], why="5.8*1450 - 7683.21 = 726.79")),
    ("好，最后再报一下全县小学综合差异系数", A([comp("小学")], [], absent=[YZ], why="")),
    ("今晚食堂吃啥", R([YZ, "一中"])),
])

# ---------------- long 2 ----------------
tc2 = C.row(U, Y2)["teach_cur"]
add("long", [
    ("柳塘乡新村小学七项达了几项", A([1], [XC], why="only 高学历 5.625 ≥4.2")),
    ("哪项达了", A([v(XC, "deg")], ["高于规定学历"], why="9/160*100 = 5.625")),
    ("运动场差多少", A([g(XC, "sport")], [XC], why="1200-660 = 540")),
    ("教学用房呢", A([g(XC, "teach")], [XC], why="720-576 = 144")),
    ("仪器设备差几万", A([g(XC, "equip")], [XC], why="32万-22.4 = 9.6")),
    ("多媒体教室", A([g(XC, "mm")], [XC], why="ceil(3.68-3) = 1")),
    ("它音乐美术教室一间没有，按规定要几间", A([1], ["音乐", "美术"], why="6 classes → ceil(6/12)=1 each")),
    ("面积各要多少", A([96, 90], [], why="音乐 ≥96, 美术 ≥90")),
    ("柳塘乡中心小学呢，差哪项", A([g(LTX, "bb")], [LTX, BB], absent=[XC], why="only 骨干: ceil(5.2-4)=2")),
    ("它只差一项，算达标学校吗", A([], [LTX, "85"], why="no: bb 0.769 is below 85% of 1.0")),
    ("全县小学骨干差异系数现在多少", A([cvc("小学", "bb")], [BB], absent=[XC, LTX], why="county")),
    ("哪个小学每百名学生骨干最高", A([v(Y1, "bb")], [Y1], why="2.315")),
    ("骨干缺口最多的公办小学", A([g(BS2, "bb")], [BS2], absent=[BY], why="民办 博雅 4 excluded → 白沙二小 3")),
    ("民办那个博雅小学缺几个", A([g(BY, "bb")], [BY], why="ceil(6.2-3)=4")),
    ("不算民办的话小学骨干差异系数多少", A([cvc("小学", "bb", scope=lambda d: d.owner != "民办")], [BB], why="0.4823")),
    ("金坪育才学校初中部差哪几项，各差多少", A([g(YCX, "bb", "初中"), g(YCX, "teach", "初中"), g(YCX, "sport", "初中")], [YCX],
                                     why="骨干 1 人, 教学用房 111.63 ㎡, 运动场 45.8 ㎡")),
    ("小学部呢", A([g(YCX, "bb", "小学")], [YCX], why="小学部 only 骨干 ceil(4.5-4)=1; 6 met min 0.889 → passes")),
    ("育才学校规模超没超", A([2500], [YCX], why="730 ≤ 2500 九年一贯制")),
    ("全县初中综合差异系数", A([comp("初中")], [], absent=[YCX, "育才"], why="county")),
    ("哪个乡镇运动场缺口最大", A([r(F.town_sum(U, "岚城镇", "sport_gap"), 2)], ["岚城镇"], why="4996.93")),
    ("除了岚城镇呢", A([620], ["白沙镇"], why="白沙 620 > 柳塘 540 > 枫林 498.70")),
    ("帮我起草青岚县优质均衡实施方案，2026年启动", A([2026], SECT, why="draft")),
    ("工作目标里加一句：到2028年全县小学骨干教师差异系数降到0.45以内", E([], ["工作目标"], why="insert")),
    ("保障措施里经费那句改成：县财政三年累计投入不少于3000万元", E([], ["保障措施"], why="replace")),
    ("开始时间改成2026年9月", E([2026], [], why="change start month")),
    ("方案主要依据哪个文件", A([], ["教督〔2017〕6号"], why="basis")),
    ("2021年那个开展优质均衡创建工作的通知文号是多少", A([], ["教基厅函〔2021〕43号"], why="")),
    ("县一小和县二小生均教学用房比一下", A([v(Y1, "teach"), v(Y2, "teach")], [Y1, Y2], why="4.365 vs 4.185")),
    ("两个加起来教学用房还差多少", A([g(Y1, "teach") + g(Y2, "teach")], [], why="292 + 529 = 821")),
    ("县二小要是新建600平的教学用房能达标不", A([r((tc2 + 600) / 1680)], [Y2], why="(7031+600)/1680 = 4.542 ≥ 4.5 → yes")),
    ("帮我订个明天下午的会议室", R([Y2, "县二小"])),
])

with open("questions.jsonl", "w", encoding="utf-8") as f:
    for c in convs:
        assert len(c["turns"]) == len(c["expect"])
        f.write(json.dumps(c, ensure_ascii=False) + "\n")
cat = Counter(c["category"] for c in convs)
turns = Counter()
for c in convs:
    turns[c["category"]] += len(c["turns"])
print(len(convs), "conversations", sum(turns.values()), "turns")
for k in cat:
    print(f"{k}\t{cat[k]}\t{turns[k]}")
