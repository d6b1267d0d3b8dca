"""Planning judgment a 督导 reviewer returns a plan for, each as a Chinese message:

- 超规模 left to "逐步化解" (no 分设校区 or new school with its year) while the plan claims 认定;
- class teachers hired for 大班额 and, at the same school, degree hires on top (the class teachers
  already hold the degree and count toward it);
- work for a growth buffer alone: a post or a project at a school that already meets the line
  ("（现值…）在在校生增加…后仍不低于…" with nothing raised);
- a 超大班额 (66 人+) in the 班额 table that the text never names;
- 自评 and 迎评 scheduled in a year at whose end the plan itself still has failing schools;
- empty annex tables (a header with no row) and tables of zeros only;
- without a yearly cap, most of a large building programme in the first year (no 分步实施).
"""

from __future__ import annotations

import re

from planner.check.document import PlanDoc, Table

__all__ = [
    "buffer_work",
    "checks",
    "double_hires",
    "empty_tables",
    "front_loaded",
    "open_size",
    "selfeval_with_failing",
    "super_large_classes",
]

_SIZE_OPEN = ("逐步化解", "限期整改")
_SIZE_MEASURE = re.compile(r"(分设校区|新建学校)[^。]*?\d{4}年")
_CLAIM = re.compile(r"力争\d{4}年通过评估认定")
_CLASS_HIRE = re.compile(r"招聘专任教师(\d+)人")
_DEGREE_HIRE = re.compile(r"招聘(?:具有规定以上学历|高于规定学历)的专任教师(\d+)人")
_SUPER_LARGE = 66
_FAILING_END = re.compile(r"(\d{4})年底仍有(\d+)所学校未达到")
_SHORT_GOAL = re.compile(r"到(\d{4})年底[^。]*?其余(\d+)所[^。]*?须待")
_SELFEVAL = re.compile(r"\d+—\d+月完成[县区市镇]级自评")
_YEAR = re.compile(r"(\d{4})年")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def checks(doc: PlanDoc) -> list[str]:
    return [
        *open_size(doc),
        *double_hires(doc),
        *buffer_work(doc),
        *super_large_classes(doc),
        *selfeval_with_failing(doc),
        *empty_tables(doc),
        *front_loaded(doc),
    ]


def open_size(doc: PlanDoc) -> list[str]:
    """A 学校规模 item left open ("逐步化解") without a dated 分设校区 or new school, in a plan that
    says when it will be 认定."""
    claim = any(_CLAIM.search(p.text) for p in doc.paragraphs)
    out = []
    for p in doc.paragraphs:
        text = p.text
        sentences = re.split(r"[。；]", text)
        if not any("超规模" in t and any(w in t for w in _SIZE_OPEN) for t in sentences):
            continue
        if _SIZE_MEASURE.search(text):
            continue
        tail = "，方案却写明评估认定年份" if claim else ""
        out.append(
            f"超规模学校：“{p.section}”只写“逐步化解”，没有新建学校或分设校区的项目、用地、资金和完成年份{tail}；"
            "应写明措施和学校规模达标的年份，或说明评估认定须待其完成。"
        )
    return out


def _segments(text: str) -> list[str]:
    """A paragraph's per-school clauses (a 乡镇 task lists its schools separated by "；")."""
    return [s for s in re.split(r"[；。]", text) if s]


_SCHOOL = re.compile(r"([^；。：，、（）\s]{2,24}?(?:小学|中学|学校|教学点))：")


def _school_lines(text: str) -> list[tuple[str, str]]:
    """(school, its clause) for each "某学校：…" in a paragraph, up to the next school's name."""
    marks = list(_SCHOOL.finditer(text))
    return [
        (m.group(1), text[m.end() : marks[i + 1].start() if i + 1 < len(marks) else len(text)])
        for i, m in enumerate(marks)
    ]


def _degree_gaps(doc: PlanDoc) -> dict[str, float]:
    """School → its 高学历教师 缺口 (人) in the 差距清单 (both 学段 of a combined school added)."""
    table = doc.table("缺口")
    if table is None:
        return {}
    school, ind, gap = table.column("学校"), table.column("指标（简称）"), table.column("缺口")
    if school is None or ind is None or gap is None:
        return {}
    out: dict[str, float] = {}
    for row in table.rows:
        m = _NUMBER.search(row[gap])
        if "学历" in row[ind] and m:
            out[row[school]] = out.get(row[school], 0.0) + float(m.group())
    return out


def double_hires(doc: PlanDoc) -> list[str]:
    """A school's line with teachers for extra classes and, beside them, degree hires beyond its
    degree gap: every new teacher holds the degree, so the class teachers count toward 高于规定学历
    already (the degree hires are only what the class teachers leave; a half again for the design
    margin and rounding is allowed)."""
    gaps = _degree_gaps(doc)
    out = []
    for p in doc.paragraphs:
        for name, line in _school_lines(p.text):
            classes = sum(int(n) for n in _CLASS_HIRE.findall(line))
            degree = sum(int(n) for n in _DEGREE_HIRE.findall(line))
            gap = gaps.get(name)
            if not classes or not degree or gap is None:
                continue
            if classes >= gap or classes + degree > 1.5 * gap + 2:
                out.append(
                    f"教师重复计算：“{p.section}”中{name}高学历教师缺口{gap:g}人，既招聘增设教学班教师{classes}人，"
                    f"又另行招聘高于规定学历教师{degree}人；新招聘教师均具有规定以上学历，增设教学班教师已计入"
                    "学历指标，应先抵减。"
                )
    return out


def buffer_work(doc: PlanDoc) -> list[str]:
    """Work whose every stated result is "（现值…）在在校生增加…后仍不低于…": the school meets the line
    today, the work only guards a growth it may not have."""
    out = []
    for p in doc.paragraphs:
        for seg in _segments(p.text):
            if "，使" not in seg:
                continue
            result = seg.split("，使", 1)[1]
            if "仍不低于" in result and "提高到" not in result:
                work = seg.split("，使", 1)[0][-40:]
                out.append(
                    f"缓冲项目：“{p.section}”中“{work}”所列指标现已达到标准，仅为在校生增长留余量；"
                    "已达标的学校不单列招聘或建设项目，余量只用于确定必须建设项目的规模。"
                )
    return out


def super_large_classes(doc: PlanDoc) -> list[str]:
    """A 最大班额 of 66 or more in the 班额 table that the text never calls 超大班额."""
    table = doc.table("最大班额")
    if table is None:
        return []
    col, name = table.column("最大班额"), table.column("学校")
    found = []
    for row in table.rows:
        m = _NUMBER.search(row[col]) if col is not None else None
        if m and float(m.group()) >= _SUPER_LARGE:
            found.append(row[name] if name is not None else "")
    if not found or any("超大班额" in p.text for p in doc.paragraphs):
        return []
    names = "、".join(dict.fromkeys(found))
    return [f"超大班额：{names}最大班额达66人以上，正文未点明“超大班额”，也未作为首要任务优先消除。"]


def selfeval_with_failing(doc: PlanDoc) -> list[str]:
    """自评 scheduled in a year at whose end the plan itself still counts failing schools."""
    failing: dict[int, int] = {}
    for p in doc.paragraphs:
        for m in _FAILING_END.finditer(p.text):
            failing[int(m.group(1))] = int(m.group(2))
        for m in _SHORT_GOAL.finditer(p.text):
            failing.setdefault(int(m.group(1)), int(m.group(2)))
    if not failing:
        return []
    out = []
    for p in doc.paragraphs:
        for m in _SELFEVAL.finditer(p.text):
            years = _YEAR.findall(p.text[: m.start()])  # the year the months belong to
            if not years:
                continue
            year = int(years[-1])
            if failing.get(year, 0) > 0 and "不开展" not in p.text:
                out.append(
                    f"自评时间：“{p.section}”安排{year}年完成自评，但按方案测算{year}年底仍有{failing[year]}所"
                    "学校未达标；应写明学校全部达标、可以自评和申请认定的年份。"
                )
    return out


def _rows(table: Table) -> list[list[str]]:
    """Data rows: not the 合计/小计 rows, not the "—" row an empty table is exported with."""
    return [r for r in table.rows if r and r[0] not in ("合计", "小计") and any(c.strip("— ") for c in r[1:])]


def empty_tables(doc: PlanDoc) -> list[str]:
    """An annex table with no data row, or whose every figure is zero."""
    out = []
    for t in doc.tables:
        rows = _rows(t)
        if not rows:
            out.append(f"空附件：附件“{t.title}”没有内容，不需要的附件应删去。")
            continue
        numbers = [
            float(n) for r in rows for c in r[1:] for n in _NUMBER.findall(c) if not re.search(r"\d{4}年", c)
        ]
        if numbers and all(n == 0 for n in numbers) and any("万元" in c for r in rows for c in r):
            out.append(f"空附件：附件“{t.title}”各项金额均为0，没有项目时应删去。")
    return out


FRONT_SHARE = 0.6
"""More than this share of the period's 建设资金 in the first year is not phased."""
FRONT_MIN_WAN = 3000.0
"""…when the programme is large (the drafting's ``uncapped_yearly_wan``: a county's usual year)."""


def front_loaded(doc: PlanDoc) -> list[str]:
    """Without a yearly cap, more than 60 % of a programme over 3000 万元 of 建设资金 in its first year."""
    table = doc.table("年度", "建设资金")
    if table is None or doc.budget is not None:
        return []
    year, money = table.column("年度"), table.column("建设资金")
    values = []
    for row in table.rows:
        m = _NUMBER.search(row[money]) if money is not None else None
        if year is not None and m and re.fullmatch(r"\d{4}年", row[year].strip()):
            values.append((row[year].strip(), float(m.group())))
    total = sum(v for _, v in values)
    if len(values) < 3 or total <= FRONT_MIN_WAN or values[0][1] <= FRONT_SHARE * total:
        return []
    first, amount = values[0]
    return [
        f"分步实施：{first}安排建设资金{amount:.2f}万元，占方案期建设资金{total:.2f}万元的"
        f"{amount / total:.0%}，未按先急后缓分年安排；应按财力分年度实施，或说明首年集中投入的资金来源。"
    ]
