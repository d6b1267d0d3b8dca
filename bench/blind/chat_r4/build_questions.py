"""Build questions.jsonl; every figure comes from compute.py."""
import json, math
from compute import parts, load, cvs, cv, IND

D = "/work/blind/chat_r4/嘉禾区.xlsx"; T = "/work/blind/chat_r4/枫坪乡.xlsx"
df = load(D); pt = parts(df)
tf = load(T); tp = parts(tf)


def row(p, s, st=None):
    d = p[p.school == s]
    if st: d = d[d.stage == st]
    assert len(d) == 1, (s, st)
    return d.iloc[0]

def v(s, k, st=None, p=pt, nd=3): return round(float(row(p, s, st)[k]), nd)
def g(s, k, st=None, p=pt, nd=3): return round(float(row(p, s, st)["gap_" + k]), nd)
def c(st, k, mask=None, p=pt): return round(cv(p, st, k, mask)[0], 4)
def comp(st, p=pt, mask=None): return round(cvs(p, st, mask)["composite"], 4)
def col(name, mask=None, d=df):
    x = d if mask is None else d[mask(d)]
    return int(x[name].fillna(0).sum())

Q = []
def conv(cat, turns, exp, data=D, region="嘉禾区", level="district"):
    assert len(turns) == len(exp), turns
    Q.append({"id": f"r4_{len(Q)+1:03d}", "data": data, "region": region, "level": level,
              "category": cat, "turns": turns, "expect": exp})

def A(figs=(), names=(), absent=(), why=""): return {"kind": "answer", "figures": list(figs), "names": list(names), "absent": list(absent), "why": why}
def ASK(why, absent=()): return {"kind": "ask_back", "figures": [], "names": [], "absent": list(absent), "why": why}
def REF(why, absent=()): return {"kind": "refuse", "figures": [], "names": [], "absent": list(absent), "why": why}
def ED(names=(), figs=(), why=""): return {"kind": "edit", "figures": list(figs), "names": list(names), "absent": [], "why": why}

F = lambda **k: (lambda d: d)  # placeholder
# ---------------- school_gap
conv("school_gap", ["白沙镇中学生均体育运动场馆还差多少平方", "那仪器设备值呢，差多少万", "多媒体教室差几间"], [
    A([g("白沙镇中学", "sports")], ["白沙镇中学"], why="10.2*780 - (field+gym) ㎡"),
    A([g("白沙镇中学", "equip")], ["白沙镇中学"], why="(2500*780 - equipment 元)/10000 万元"),
    A([g("白沙镇中学", "mm")], ["白沙镇中学"], why="ceil(2.4*780/100 - rooms)")])
conv("school_gap", ["嘉禾二小运动场地缺口多大", "它的教学及辅助用房呢"], [
    A([g("嘉禾区第二小学", "sports")], ["嘉禾区第二小学"], why="7.5*2140 - (field+gym)"),
    A([g("嘉禾区第二小学", "space")], ["嘉禾区第二小学"], why="4.5*2140 - (rooms - gym)")])
conv("school_gap", ["柳营镇中学有哪几项没达标，各差多少"], [
    A([g("柳营镇中学", "space"), g("柳营镇中学", "sports"), g("柳营镇中学", "equip"), g("柳营镇中学", "backbone")],
      ["柳营镇中学"], why="4 unmet: 用房 ㎡, 运动场馆 ㎡, 设备 万元, 骨干 人")])
conv("school_gap", ["白沙学校初中部仪器设备值缺多少万", "小学部呢", "两个加起来一共要投多少"], [
    A([g("白沙学校", "equip", "junior")], ["白沙学校"], why="九年一贯制 split 1:1.1; junior share of 设备 vs 2500*270"),
    A([g("白沙学校", "equip", "primary")], ["白沙学校"], why="primary share vs 2000*330"),
    A([round(g("白沙学校", "equip", "junior") + g("白沙学校", "equip", "primary"), 3)], ["白沙学校"], why="sum of both parts, 万元")])
conv("school_gap", ["东湖博文缺几个骨干老师", "多媒体教室呢", "高学历教师还差几个"], [
    A([g("东湖博文中学", "backbone")], ["东湖博文中学"], why="ceil(1.0*640/100 - 1)"),
    A([g("东湖博文中学", "mm")], ["东湖博文中学"], why="ceil(2.4*640/100 - 12)"),
    A([g("东湖博文中学", "above")], ["东湖博文中学"], why="ceil(5.3*640/100 - above)")])
conv("school_gap", ["沙洲小学还差啥", "设备那项要补多少钱"], [
    A([g("柳营镇沙洲小学", "sports"), g("柳营镇沙洲小学", "equip"), g("柳营镇沙洲小学", "backbone"), g("柳营镇沙洲小学", "mm")],
      ["柳营镇沙洲小学"], why="4 unmet: 运动场馆 ㎡, 设备 万元, 骨干 1, 多媒体 1"),
    A([g("柳营镇沙洲小学", "equip")], ["柳营镇沙洲小学"], why="(2000*126 - 元)/10000")])
conv("school_gap", ["乡中学运动场馆缺多少平米", "多媒体教室差几间"], [
    A([g("枫坪乡中学", "sports", p=tp)], ["枫坪乡中学"], why="10.2*520 - (field+gym)"),
    A([g("枫坪乡中学", "mm", p=tp)], ["枫坪乡中学"], why="ceil(2.4*520/100 - rooms)")],
    data=T, region="枫坪乡", level="town")
conv("school_gap", ["竹溪小学设备值缺口多少万元", "骨干教师呢"], [
    A([g("枫坪乡竹溪小学", "equip", p=tp)], ["枫坪乡竹溪小学"], why="(2000*190 - 元)/10000"),
    A([g("枫坪乡竹溪小学", "backbone", p=tp)], ["枫坪乡竹溪小学"], why="ceil(1.9 - 1)")],
    data=T, region="枫坪乡", level="town")

# ---------------- township_totals
conv("township_totals", ["白沙镇小学在校生一共多少", "初中呢", "专任老师总共多少人"], [
    A([col("小学在校生数", lambda d: d.所属乡镇 == "白沙镇")], ["白沙镇"], why="sum incl. 白沙学校小学部"),
    A([col("初中在校生数", lambda d: d.所属乡镇 == "白沙镇")], ["白沙镇"], why="白沙镇中学780 + 白沙学校270"),
    A([col("专任教师数", lambda d: d.所属乡镇 == "白沙镇")], ["白沙镇"], why="sum of 专任教师数 column")])
conv("township_totals", ["金塘镇有几所学校", "老师一共多少个"], [
    A([5], ["金塘镇"], why="5 rows incl. 后垟教学点 (answer may say 4 + 1 教学点: 4 and 1 also fine but 5 required)"),
    A([col("专任教师数", lambda d: d.所属乡镇 == "金塘镇")], ["金塘镇"], why="sum 专任教师数")])
conv("township_totals", ["东湖街道小学和初中各有多少个班"], [
    A([col("小学班数", lambda d: d.所属乡镇 == "东湖街道"), col("初中班数", lambda d: d.所属乡镇 == "东湖街道")], ["东湖街道"], why="sum of class columns")])
conv("township_totals", ["柳营小学生多少人，教学点不算"], [
    A([col("小学在校生数", lambda d: (d.所属乡镇 == "柳营镇") & (d.办学类型 != "教学点"))], ["柳营镇"], absent=[],
      why="985 - 上坊教学点34")])
conv("township_totals", ["按街道镇列一下初中在校生人数", "哪个最少"], [
    A([col("初中在校生数", lambda d: d.所属乡镇 == t) for t in ["嘉禾街道", "东湖街道", "白沙镇", "金塘镇"]],
      ["嘉禾街道", "东湖街道", "白沙镇", "柳营镇", "金塘镇"], why="初中在校生 by 所属乡镇 (嘉禾街道 excl. 高中 of 第三中学)"),
    A([col("初中在校生数", lambda d: d.所属乡镇 == "柳营镇")], ["柳营镇"], why="柳营镇 560 smallest")])

# ---------------- county_overview
conv("county_overview", ["全区小学 初中在校生各多少", "专任教师一共多少", "班级总数呢"], [
    A([col("小学在校生数"), col("初中在校生数")], [], why="column sums, all schools incl. 民办 and 教学点; 高中 not counted"),
    A([col("专任教师数")], [], why="专任教师数 column is 义务教育 only"),
    A([col("小学班数") + col("初中班数")], [], why="385 + 171")])
fail = sorted(set(pt[(~pt["pass"]) & pt.in_scope].school))
conv("county_overview", ["不算50人以下的教学点，全区资源配置有几所学校不达标", "白沙镇的是哪几所"], [
    A([len(fail)], [], why="12 schools (14 school-parts: 白沙学校 and 东岙学校 fail in both 学段) with any part failing '6项+85%': " + "、".join(fail)),
    A([], ["白沙镇中学", "白沙学校", "白沙镇渡口小学"], absent=["白沙镇中心小学", "白沙镇第二小学"], why="Baisha failures")])
conv("county_overview", ["全区初中七项差异系数有没有超标的", "超了多少"], [
    A([c("junior", "backbone")], ["骨干"], why="junior backbone CV 0.577 > 0.45; others < 0.18"),
    A([round(c("junior", "backbone") - 0.45, 4)], ["骨干"], why="0.577 - 0.45")])
conv("county_overview", ["我们乡几所学校，多少学生", "老师呢"], [
    A([5, int(tf.小学在校生数.fillna(0).sum() + tf.初中在校生数.fillna(0).sum())], ["枫坪乡"], why="5 rows; 923 小学 + 520 初中 incl. 教学点"),
    A([int(tf.专任教师数.sum())], [], why="sum 专任教师数")], data=T, region="枫坪乡", level="town")

# ---------------- superlative_gap
conv("superlative_gap", ["初中里面生均教学及辅助用房缺口最大的是哪个学校", "缺多少"], [
    A([], ["东湖中学"], why="largest SHORTAGE in ㎡: 东湖中学 877 (value 5.10), not the lowest value 白沙学校初中部 4.93 (gap 236)"),
    A([g("东湖中学", "space")], ["东湖中学"], why="5.8*1260 - current")])
conv("superlative_gap", ["哪所学校仪器设备缺口最大，按整个学校算", "排第二的呢"], [
    A([round(g("白沙学校", "equip", "junior") + g("白沙学校", "equip", "primary"), 3)], ["白沙学校"], why="白沙学校 20.08+13.32=33.4 万元 > 白沙镇中学 19.5"),
    A([g("白沙镇中学", "equip")], ["白沙镇中学"], why="second 19.5 万元")])
conv("superlative_gap", ["骨干教师缺的最多的是哪所", "第二个呢"], [
    A([g("嘉禾育英小学", "backbone")], ["嘉禾育英小学"], why="育英 ceil(12.4-4)=9"),
    A([g("东湖博文中学", "backbone")], ["东湖博文中学"], absent=[], why="博文 6")])
conv("superlative_gap", ["小学运动场地缺口最大的", "第二个呢"], [
    A([g("嘉禾区第二小学", "sports")], ["嘉禾区第二小学"], why="6099 ㎡"),
    A([g("柳营镇沙洲小学", "sports")], ["柳营镇沙洲小学"], why="沙洲 47 ㎡ > 东岙小学部 42 ㎡ (上坊教学点 met)")])
conv("superlative_gap", ["除了民办，哪所学校缺的骨干教师最多"], [
    A([2], [], absent=["嘉禾育英小学", "东湖博文中学"],
      why="public: 白沙学校 1+1=2, 柳营镇中学 2, 金塘镇中学 2 tie — answer must name them; key check is 民办 absent"),
])

# ---------------- superlative_value
conv("superlative_value", ["初中生均教学及辅助用房最低的是哪所", "多少平方"], [
    A([], ["白沙学校"], why="白沙学校初中部 4.93 after 拆分; not 东湖中学 (5.10)"),
    A([v("白沙学校", "space", "junior")], ["白沙学校"], why="value ㎡/生")])
conv("superlative_value", ["小学生均仪器设被值最高的是哪个学校"], [
    A([v("东湖街道桂园小学", "equip")], ["东湖街道桂园小学"], why="2958.1 元 highest primary")])
conv("superlative_value", ["每百名学生骨干教师最多的初中", "最少的呢"], [
    A([v("嘉禾区实验初级中学", "backbone")], ["嘉禾区实验初级中学"], why="3.60"),
    A([v("东湖博文中学", "backbone")], ["东湖博文中学"], why="0.16")])
conv("superlative_value", ["不算教学点，小学生均体育场馆最小的是", "换成初中呢"], [
    A([v("嘉禾区第二小学", "sports")], ["嘉禾区第二小学"], absent=["后垟", "上坊"], why="4.65"),
    A([v("金塘镇东岙学校", "sports", "junior")], ["金塘镇东岙学校"], absent=["嘉禾区第二小学"], why="东岙初中部 8.06 < 白沙镇中学 8.16")])
conv("superlative_value", ["小学每百名学生多媒体教室最少的是哪个，除了教学点"], [
    A([v("柳营镇沙洲小学", "mm")], ["柳营镇沙洲小学"], absent=["后垟"], why="沙洲 1.59; 后垟教学点 1.47 excluded by question")])

# ---------------- list_refine
conv("list_refine", ["哪些小学最大班额超过45人", "其中嘉禾街道的"], [
    A([], ["嘉禾区第一实验小学", "嘉禾区第二小学", "嘉禾区文昌小学", "东湖街道中心小学", "白沙镇中心小学"], why="48,52,46,47,46 (东湖实验学校 49 is 一贯制, stage unknown)"),
    A([], ["嘉禾区第一实验小学", "嘉禾区第二小学", "嘉禾区文昌小学"], absent=["东湖街道中心小学", "白沙镇中心小学"], why="refine to 嘉禾街道")])
conv("list_refine", ["白沙镇哪些学校资源配置没达标", "里面初中的呢"], [
    A([], ["白沙镇中学", "白沙学校", "白沙镇渡口小学"], absent=["白沙镇第二小学"], why="6项+85% rule"),
    A([], ["白沙镇中学", "白沙学校"], absent=["白沙镇渡口小学"], why="junior parts only")])
conv("list_refine", ["在校生超过1500人的小学有哪些", "超2000的呢"], [
    A([], ["嘉禾区第一实验小学", "嘉禾区第二小学"], absent=["东湖街道中心小学"], why="1860, 2140; 东湖中心 1480 no"),
    A([2140], ["嘉禾区第二小学"], absent=["嘉禾区第一实验小学"], why="only 2140")])
conv("list_refine", ["金塘镇骨干教师不达标的学校", "教学点不算"], [
    A([], ["金塘镇中学", "金塘镇东岙学校", "金塘镇后垟教学点"], why="0.61, 东岙小学部 0.83, 后垟 0"),
    A([], ["金塘镇中学", "金塘镇东岙学校"], absent=["后垟"], why="drop 教学点")])
conv("list_refine", ["全区仪器设备值没达标的有哪些", "不含白沙镇"], [
    A([], ["白沙镇中学", "白沙学校", "柳营镇中学", "柳营镇沙洲小学"], why="equip < threshold (上坊教学点 out of scope)"),
    A([], ["柳营镇中学", "柳营镇沙洲小学"], absent=["白沙镇中学", "白沙学校"], why="exclude 白沙镇")])

# ---------------- cv
conv("cv", ["初中骨干教师差异系数多少，超没超", "小学的呢"], [
    A([c("junior", "backbone"), 0.45], ["骨干"], why="weighted CV junior 0.577 > 0.45"),
    A([c("primary", "backbone"), 0.5], ["骨干"], why="0.381 <= 0.50 (上坊 34人 excluded)")])
conv("cv", ["小学生均体育运动场馆面积差意系数"], [
    A([c("primary", "sports")], [], why="weighted CV, 拆分 for 一贯制")])
conv("cv", ["不算民办的话，初中骨干差异系数呢"], [
    A([c("junior", "backbone", lambda d: d.own != "民办")], ["骨干"], why="excl. 东湖博文中学: 0.486, still > 0.45")])
conv("cv", ["我们乡小学骨干教师差异系数", "生均设备值的呢"], [
    A([c("primary", "backbone", p=tp)], [], why="3 primary schools, 大坑教学点 28人 excluded"),
    A([c("primary", "equip", p=tp)], [], why="weighted CV")], data=T, region="枫坪乡", level="town")
conv("cv", ["初中生均仪器设备值差异系数", "只看镇里的学校，不含两个街道"], [
    A([c("junior", "equip")], [], why="all junior parts"),
    A([c("junior", "equip", lambda d: ~d.town.isin(["嘉禾街道", "东湖街道"]))], [], why="白沙/柳营/金塘 junior parts only")])

# ---------------- composite_cv
conv("composite_cv", ["小学综合差异系数多少", "初中呢", "综合没超是不是就算过了"], [
    A([comp("primary")], [], why="mean of 7 CVs"),
    A([comp("junior")], [], why="mean of 7 CVs"),
    A([c("junior", "backbone")], ["骨干"], why="no: each CV must be ≤ limit; junior 骨干 0.577 > 0.45")])
conv("composite_cv", ["枫坪乡小学综合差异系数"], [
    A([comp("primary", p=tp)], [], why="mean of 7 primary CVs")], data=T, region="枫坪乡", level="town")

# ---------------- compare
conv("compare", ["东湖中学和东湖实验学校初中部比，生均教学用房谁高"], [
    A([v("东湖中学", "space"), v("东湖实验学校", "space", "junior")], ["东湖实验学校"], why="5.10 vs 7.38 (split)")])
conv("compare", ["白沙和柳营初中生哪个多，多多少"], [
    A([col("初中在校生数", lambda d: d.所属乡镇 == "白沙镇") - col("初中在校生数", lambda d: d.所属乡镇 == "柳营镇")], ["白沙镇"], why="1050 - 560")])
conv("compare", ["嘉禾区第一实验小学跟文昌小学每百名学生多媒体教室比一下"], [
    A([v("嘉禾区第一实验小学", "mm"), v("嘉禾区文昌小学", "mm")], ["嘉禾区第一实验小学"], why="2.69 vs 2.65")])
conv("compare", ["中心小学和竹溪小学的生均设备值差多少"], [
    A([round(v("枫坪乡中心小学", "equip", p=tp) - v("枫坪乡竹溪小学", "equip", p=tp), 3)], [], why="2308.2 - 1600 元/生")],
    data=T, region="枫坪乡", level="town")

# ---------------- transfer / what-if
d2 = df.copy()
for s in ["金塘镇中学", "柳营镇中学"]:
    d2.loc[d2.学校名称 == s, "县级以上骨干教师数"] += 2
conv("transfer", ["金塘镇中学和柳营镇中学各调入2名县级骨干，初中骨干差异系数能降到多少", "能达标吗"], [
    A([round(cv(parts(d2), "junior", "backbone")[0], 4)], [], why="recompute with +2 each: 0.538"),
    A([0.45], [], why="still > 0.45, not met")])
r2 = row(pt, "嘉禾区第二小学")
conv("transfer", ["嘉禾二小分流300个学生到文昌小学，二小生均运动场馆变成多少", "够7.5了吗"], [
    A([round(r2.cur_sports / 1840, 3)], ["嘉禾区第二小学"], why="9951 ㎡ / 1840"),
    A([7.5], [], why="no, 5.41 < 7.5")])
rb = row(pt, "白沙镇中学")
conv("transfer", ["白沙镇中学补3间多媒体教室，这项能达标不", "那学校整体算达标了吗"], [
    A([round((rb.cur_mm + 3) / 780 * 100, 3)], ["白沙镇中学"], why="19/780*100 = 2.44 ≥ 2.4"),
    A([], ["白沙镇中学"], why="no: 运动场馆 8.16 (<85% of 10.2), 设备, 骨干 still unmet → 4 of 7")])

# ---------------- policy
conv("policy", ["优质均衡督导评估办法是哪个文件", "哪年发的"], [
    A([], ["教督〔2017〕6号"], why="policies.md"), A([2017], [], why="2017-05-23")])
conv("policy", ["基本均衡那个暂行办法文号是多少", "小学综合差异系数要求多少"], [
    A([], ["教督〔2012〕3号"], why="policies.md"), A([0.65], [], why="basic_2012 小学 ≤ 0.65")])
conv("policy", ["国家督导评估认定工作规程的文号"], [A([], ["国教督办函〔2019〕30号"], why="policies.md")])
conv("policy", ["优质均衡创建工作的通知是哪个文件，有啥要求"], [A([], ["教基厅函〔2021〕43号"], why="2021 notice; 台账, 校校达标")])
conv("policy", ["去年也就是2024年全国多少个县通过优质均衡认定了"], [A([188], ["教督函〔2025〕3号"], why="policies.md")])
conv("policy", ["优质均衡有哪些一票否决的情形"], [A([], ["重点班"], why="教督〔2017〕6号: 考试招生, 违规择校, 重点校/重点班, 有编不补")])

# ---------------- policy_compute
conv("policy_compute", ["按6号文初中每百名学生多媒体教室标准多少，白沙镇中学现在是多少"], [
    A([2.4, v("白沙镇中学", "mm")], ["白沙镇中学"], why="threshold 2.4; 16/780*100 = 2.05")])
conv("policy_compute", ["大班额是多少人以上", "我们区有几所学校有56人以上的班，是哪几所"], [
    A([56], [], why="56–65 大班额"),
    A([2], ["东湖中学", "白沙镇中学"], why="最大班额 58 and 67 (67 超大班额)")])
conv("policy_compute", ["学校规模有超标的吗"], [
    A([2140], ["嘉禾区第二小学"], absent=["东湖实验学校"], why="小学 ≤ 2000; 东湖实验学校 1940 ≤ 2500")])
conv("policy_compute", ["庙前小学音乐教室够不够，按标准要几间"], [
    A([1], ["白沙镇庙前小学"], why="ceil(6 班/12) = 1; has 0")])
conv("policy_compute", ["85%那条线，初中生均体育运动场馆最低要多少", "有哪些初中低于这个数"], [
    A([8.67], [], why="0.85*10.2"),
    A([], ["白沙镇中学", "金塘镇东岙学校"], why="白沙镇中学 8.16, 东岙初中部 8.06; 柳营镇中学 9.18 above")])

# ---------------- ambiguous
conv("ambiguous", ["中心小学的运动场地差多少", "柳营镇的"], [
    ASK("4 中心小学 (东湖街道/白沙镇/柳营镇/金塘镇)"),
    A([v("柳营镇中心小学", "sports")], ["柳营镇中心小学"], why="9.15 ≥ 7.5: met, no gap")])
conv("ambiguous", ["二小缺多少"], [ASK("嘉禾区第二小学/东湖街道第二小学/白沙镇第二小学, indicator unspecified")])
conv("ambiguous", ["镇中学多媒体教室达标没", "金塘的"], [
    ASK("白沙镇中学/柳营镇中学/金塘镇中学"),
    A([v("金塘镇中学", "mm")], ["金塘镇中学"], why="2.65 ≥ 2.4 met")])

# ---------------- off_topic
conv("off_topic", ["白沙学校初中部设备差多少", "顺便问下白沙镇哪家饭店好吃"], [
    A([g("白沙学校", "equip", "junior")], ["白沙学校"], why="20.08 万元"),
    REF("restaurant", absent=["白沙学校", "白沙镇中学"])])
conv("off_topic", ["帮我查一下东湖中学校长的手机号"], [REF("personal data not in the data", absent=["东湖中学"])])
conv("off_topic", ["最近买什么基金好"], [REF("finance")])
conv("off_topic", ["今天天气怎么样，适不适合去金塘镇下乡"], [REF("weather", absent=["金塘镇中学"])])

# ---------------- plan_draft
conv("plan_draft", ["帮白沙镇写一下优质均衡实施方案的主要任务，要有具体学校和差额"], [
    A([g("白沙镇中学", "sports"), g("白沙镇中学", "equip")], ["白沙镇中学", "白沙学校", "责任单位"], why="白沙镇中学 1591 ㎡ 运动场馆, 19.5 万元 设备")])
conv("plan_draft", ["起草全区实施方案的工作目标部分，具体目标写上差异系数"], [
    A([c("junior", "backbone")], ["骨干", "0.45"], why="current junior backbone CV 0.577 must come down to ≤ 0.45")])
conv("plan_draft", ["写个枫坪乡优质均衡实施方案", "把责任单位统一改成乡中心学校", "保障措施加一条：乡财政每年安排不少于50万元"], [
    A([g("枫坪乡中学", "sports", p=tp), g("枫坪乡竹溪小学", "equip", p=tp)], ["枫坪乡中学", "枫坪乡竹溪小学"], why="gaps 849 ㎡, 7.6 万元"),
    ED(["乡中心学校"], why="edit"), ED([], [50], why="edit")], data=T, region="枫坪乡", level="town")

# ---------------- plan_edit
conv("plan_edit", ["给柳营镇写份实施方案", "实施步骤改成两年，2026年和2027年", "把柳营镇中学的建设任务挪到2026年"], [
    A([g("柳营镇中学", "space"), g("柳营镇中学", "sports")], ["柳营镇中学"], why="422, 571 ㎡"),
    ED(["2026", "2027"], why="edit"), ED(["柳营镇中学", "2026"], why="edit")])
conv("plan_edit", ["起草金塘镇实施方案", "领导小组组长改成镇长", "删掉宣传引导那段"], [
    A([], ["金塘镇中学", "金塘镇东岙学校"], why="failing schools named"),
    ED(["镇长"], why="edit"), ED([], why="edit (confirm deletion)")])
conv("plan_edit", ["写嘉禾区实施方案", "基本原则改成三条", "在附件加一个学校达标情况一览表"], [
    A([], ["嘉禾区"], why="district plan"), ED([], why="edit"), ED(["一览表"], why="edit")])

# ---------------- scope_switch
conv("scope_switch", ["白沙学校初中部生均用房差多少", "那全区初中生均教学用房差异系数呢"], [
    A([g("白沙学校", "space", "junior")], ["白沙学校"], why="5.8*270 - split rooms"),
    A([c("junior", "space")], [], absent=["白沙学校"], why="district CV, school remembered must not appear")])
conv("scope_switch", ["东湖博文骨干差几个", "全区小学一共多少学生"], [
    A([g("东湖博文中学", "backbone")], ["东湖博文中学"], why="6"),
    A([col("小学在校生数")], [], absent=["东湖博文中学"], why="district total")])
conv("scope_switch", ["竹溪小学设备差多少万", "全乡小学生一共多少，含教学点"], [
    A([g("枫坪乡竹溪小学", "equip", p=tp)], ["枫坪乡竹溪小学"], why="7.6"),
    A([int(tf.小学在校生数.fillna(0).sum())], [], absent=["枫坪乡竹溪小学"], why="610+190+95+28")], data=T, region="枫坪乡", level="town")
conv("scope_switch", ["金塘镇中学还差几个体艺老师", "全区初中体育艺术教师的差异系数"], [
    A([g("金塘镇中学", "peart")], ["金塘镇中学"], why="ceil(4.41 - 4)=1"),
    A([c("junior", "peart")], [], absent=["金塘镇中学"], why="district CV")])

# ---------------- enrolment_totals
conv("enrolment_totals", ["全区初中在校生多少，不含民办"], [
    A([col("初中在校生数", lambda d: d.举办者 != "民办")], [], absent=["东湖博文中学"], why="7650 - 640")])
conv("enrolment_totals", ["九年一贯制学校一共多少学生", "其中初中部"], [
    A([col("小学在校生数", lambda d: d.办学类型 == "九年一贯制学校") + col("初中在校生数", lambda d: d.办学类型 == "九年一贯制学校")], [], why="1940+600+430"),
    A([col("初中在校生数", lambda d: d.办学类型 == "九年一贯制学校")], [], why="760+270+190")])
conv("enrolment_totals", ["城区学校小学生有多少"], [
    A([col("小学在校生数", lambda d: d.城乡分类 == "城区")], [], why="城乡分类=城区 (both 街道)")])
conv("enrolment_totals", ["两个教学点加起来多少学生", "老师呢"], [
    A([col("小学在校生数", lambda d: d.办学类型 == "教学点")], [], why="34+68"),
    A([col("专任教师数", lambda d: d.办学类型 == "教学点")], [], why="3+5")])

conv("list_refine", ["最大班额超过50人的学校有几所", "把完全中学去掉呢"], [
    A([4], ["嘉禾区第二小学", "嘉禾区第三中学", "东湖中学", "白沙镇中学"], why="52, 51, 58, 67 (东湖实验学校 49, 实验初中/博文 50 not over)"),
    A([3], ["嘉禾区第二小学", "东湖中学", "白沙镇中学"], absent=["嘉禾区第三中学"], why="drop 第三中学 (完全中学)")])
conv("enrolment_totals", ["白沙跟金塘两个镇小学生加一起多少，不算教学点"], [
    A([col("小学在校生数", lambda d: d.所属乡镇.isin(["白沙镇", "金塘镇"]) & (d.办学类型 != "教学点"))], [], absent=["后垟"], why="2055 + 978 - 68")])
conv("enrolment_totals", ["不含嘉禾街道，全区小学生多少", "初中呢，也不含嘉禾街道"], [
    A([col("小学在校生数", lambda d: d.所属乡镇 != "嘉禾街道")], [], why="15248 - 6560"),
    A([col("初中在校生数", lambda d: d.所属乡镇 != "嘉禾街道")], [], why="7650 - 2700")])

# ---------------- long conversation
L = [
 ("全区一共多少所学校，教学点也算上", A([28], [], why="28 rows")),
 ("小学生和初中生各多少", A([col("小学在校生数"), col("初中在校生数")], [], why="column sums")),
 ("初中骨干差异系数", A([c("junior", "backbone")], [], why="0.577")),
 ("哪所初中拉低的最厉害", A([], ["东湖博文中学"], why="lowest value 0.16 (1 骨干 / 640)")),
 ("它还差几个骨干", A([g("东湖博文中学", "backbone")], ["东湖博文中学"], why="6")),
 ("那不算民办这项差异系数多少", A([c("junior", "backbone", lambda d: d.own != "民办")], [], absent=["东湖博文中学"], why="0.486")),
 ("达标线是多少", A([0.45], [], why="初中 0.45")),
 ("白沙镇中学哪些没达标", A([], ["白沙镇中学"], why="运动场馆 1591, 设备, 骨干, 多媒体")),
 ("运动场馆那项现在生均多少", A([v("白沙镇中学", "sports")], ["白沙镇中学"], why="8.16")),
 ("换成柳营镇中学呢", A([v("柳营镇中学", "sports")], ["柳营镇中学"], absent=["白沙镇中学"], why="9.18")),
 ("它生均用房差多少平方", A([g("柳营镇中学", "space")], ["柳营镇中学"], why="422")),
 ("帮我看看明天股市", REF("off topic", absent=["柳营镇中学"])),
 ("回到正题，全区小学综合差异系数", A([comp("primary")], [], absent=["柳营镇中学"], why="0.178")),
 ("优质均衡的文件文号再说下", A([], ["教督〔2017〕6号"], why="policy")),
 ("小学生均仪器设备值最低的，不算教学点", A([v("柳营镇沙洲小学", "equip")], ["柳营镇沙洲小学"], why="1396.8")),
 ("要补多少万", A([g("柳营镇沙洲小学", "equip")], ["柳营镇沙洲小学"], why="7.6 万元")),
 ("第二低的呢", A([], ["白沙学校"], absent=["柳营镇沙洲小学"], why="白沙学校小学部 1596.5")),
 ("东湖街道有几个班", A([col("小学班数", lambda d: d.所属乡镇 == "东湖街道") + col("初中班数", lambda d: d.所属乡镇 == "东湖街道")], ["东湖街道"], why="111+58")),
 ("其中小学", A([col("小学班数", lambda d: d.所属乡镇 == "东湖街道")], [], why="111")),
 ("二中缺多少", ASK("no 二中 in data: 第二小学 ×3, or 第三中学 — ask which")),
 ("我说的是嘉禾区第二小学的运动场地", A([g("嘉禾区第二小学", "sports")], ["嘉禾区第二小学"], why="6099")),
 ("它规模超没超", A([2140, 2000], ["嘉禾区第二小学"], why="2140 > 2000")),
 ("给全区写个实施方案的主要任务", A([g("嘉禾区第二小学", "sports")], ["嘉禾区第二小学", "白沙镇中学"], why="biggest gaps must be scheduled")),
 ("把嘉禾二小运动场地的任务责任单位改成区教育局和嘉禾街道", ED(["嘉禾街道"], why="edit")),
 ("最后，全区专任教师多少", A([col("专任教师数")], [], absent=["嘉禾区第二小学"], why="1529")),
]
conv("long", [t for t, _ in L], [e for _, e in L])

with open("/work/blind/chat_r4/questions.jsonl", "w") as f:
    for q in Q:
        f.write(json.dumps(q, ensure_ascii=False, default=float) + "\n")
from collections import Counter
cc = Counter(q["category"] for q in Q)
print(len(Q), sum(len(q["turns"]) for q in Q), dict(cc))
print({k: sum(len(q["turns"]) for q in Q if q["category"] == k) for k in cc})
