"""The checks of the cycle's other documents (自评报告, 工作总结, 迎评工作方案, 经验交流材料), and the one
for every file: no software words.

- every part the kind's template requires, in order (and a 自评报告's 主送机关 and its date);
- no sentence stamped on many schools (words and dates only, no figures of its own);
- no 工作区, 上传, 导出 … anywhere (templates/kinds/software_words.yaml);
- a 民办 school's work is its 举办者's: no 财政 body and no public money in its paragraph;
- an 迎评工作方案 that calls its date feasible lists no work that cannot be finished before it;
- with the 实施方案 it quotes (``--plan``), each school's finish months are the plan's, and an
  迎评工作方案's date (called feasible, or the earliest it proposes) is not one by which the plan still
  projects failing schools or a school over the 学校规模 limit;
- ``consistency``: verdict sentences true of their schools, a 民办 school's work never on 财政, a
  一贯制 school's 班额 per 学段, "时间可行" only with every item verified and after the plan's 自评, and
  the plan's 自评 year, and no advised date before the day the document is signed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from planner.check import consistency, cycle
from planner.check.document import PlanDoc

__all__ = ["checks", "software_words"]


def checks(doc: PlanDoc, plan: PlanDoc | None = None) -> list[str]:
    """The document checks (software words for a 实施方案 too)."""
    if doc.kind != "document":
        return _software(doc) + consistency.verdicts(doc)
    out = [*_software(doc), *_structure(doc), *_repeated(doc), *_private(doc), *_dates(doc)]
    out += consistency.private_money(doc) + consistency.combined_class_limits(doc) + consistency.verdicts(doc)
    out += consistency.feasible_claims(doc, plan) + consistency.past_dates(doc)
    out += consistency.compressed_claims(doc)
    out += cycle.countdown_dates(doc) + cycle.mobilisation_date(doc) + cycle.late_tasks_listed(doc)
    out += cycle.next_year_schools(doc) + cycle.summary_inputs(doc) + cycle.private_additions(doc)
    out += cycle.dangling_parts(doc)
    if plan is not None:
        out += _against_plan(doc, plan) + _date_against_plan(doc, plan)
        out += consistency.self_check_years(doc, plan)
    return out


_PRIVATE = re.compile(r"（民办[）,，]")
_UNITS = re.compile(r"〔责任单位：[^〕]*〕")


def _private(doc: PlanDoc) -> list[str]:
    """A paragraph on a 民办 school (（民办） or （民办，…）) names no 财政 body and no public money."""
    out = []
    for p in doc.paragraphs:
        if not _PRIVATE.search(p.text):
            continue
        units = "".join(re.findall(r"〔责任单位：([^〕]*)〕", p.text))
        public = re.search(r"(?<!不使用)财政资金|财政资金安排", p.text)
        if "财政" in units or "财政局" in _UNITS.sub("", p.text) or public:
            out.append(f"民办学校：“{p.text[:24]}…”由财政承担，民办学校达标应由举办者投入。")
    return out


def _structure(doc: PlanDoc) -> list[str]:
    """Every part the kind's template requires, in order; a 自评报告 opens with its 主送机关."""
    if not doc.document:
        return []
    from planner.documents.templates import KINDS, load_kind

    tpl = load_kind(doc.document)
    required = [s.title for s in tpl.sections if s.level == 1 and not s.optional and "{{" not in s.title]
    present = [t for level, t in doc.headings if level == 1]
    missing = [t for t in required if t not in present]
    out = [f"结构：{KINDS[doc.document]}缺少“{t}”部分。" for t in missing]
    order = [t for t in present if t in required]
    if not missing and order != required:
        out.append(f"结构：{KINDS[doc.document]}各部分的顺序应为{'、'.join(required)}。")
    if doc.document == "self_report" and not (doc.paragraphs and doc.paragraphs[0].text.endswith("：")):
        out.append("结构：自评报告应在标题下写明主送机关（如“××市人民政府教育督导委员会：”）。")
    dated = any(_DATE_LINE.fullmatch(p.text.strip()) for p in doc.paragraphs)
    if "signature" in {s.generator for s in tpl.sections} and not dated:
        out.append(f"结构：{KINDS[doc.document]}缺少落款的成文日期。")
    return out


_DATE_LINE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日|年　月　日")
_SENTENCE = re.compile(r"[^。！？]+[。！？]")


def _repeated(doc: PlanDoc) -> list[str]:
    """A sentence written twice (a measure stamped on every school) is said once, with its schools.
    A sentence with its own figures (2 teachers by December) is specific even when two schools share
    it; only dates and words repeat in a stamp."""
    seen: dict[str, int] = defaultdict(int)
    for p in doc.paragraphs:
        body = _UNITS.sub("", p.text)
        for sentence in _SENTENCE.findall(body):
            sentence = re.sub(r"^\d+．", "", sentence.strip())
            figures = re.sub(r"\d{4}年(\d{1,2}月(\d{1,2}日)?)?", "", sentence)
            if len(sentence) >= 15 and "〔待填报" not in sentence and not re.search(r"\d", figures):
                seen[sentence] += 1
    return [f"重复语句：“{s[:30]}…”出现{n}次，相同的内容应合并说明。" for s, n in seen.items() if n > 1]


def _software(doc: PlanDoc) -> list[str]:
    """No 工作区, 上传, 导出 … in a document meant for a 督导 or a higher office."""
    words = software_words()
    out = []
    texts = [("", p.text) for p in doc.paragraphs]
    texts += [(f"{t.title}：", c) for t in doc.tables for r in t.rows for c in r]
    for where, text in texts:
        found = [w for w in words if w in text]
        if found:  # quoted around the first word, so the reader finds the sentence (a title may be empty)
            at = text.index(found[0])
            quote = ("…" if at > 12 else "") + text[max(0, at - 12) : at + 12] + "…"
            out.append(f"软件用语：{where}“{quote}”中出现“{'、'.join(found)}”，公文不谈软件和操作。")
    return list(dict.fromkeys(out))


@lru_cache(maxsize=1)
def software_words() -> tuple[str, ...]:
    """The words (templates/kinds/software_words.yaml) no document may contain."""
    import yaml

    from planner.drafting.templates import TEMPLATES_DIR

    data = yaml.safe_load((TEMPLATES_DIR / "kinds" / "software_words.yaml").read_text(encoding="utf-8"))
    return tuple(data["words"])


def _dates(doc: PlanDoc) -> list[str]:
    """An 迎评工作方案 that calls its date feasible lists no work that cannot be finished by then."""
    if doc.document != "inspection_plan":
        return []
    feasible = any("迎接评估的时间可行" in p.text for p in doc.paragraphs)
    late = [p for p in doc.paragraphs if "评估前无法完成" in p.text]
    if feasible and late:
        return [f"时间安排：方案称评估时间可行，但整改清单中有{len(late)}所学校的项目评估前无法完成。"]
    promise = next((p for p in doc.paragraphs if "确保每所学校达到学校达标要求" in p.text), None)
    if promise is not None and late:
        return ["时间安排：方案承诺评估前每所学校达标，但整改清单中有评估前无法完成的项目。"]
    return []


_DUE = re.compile(r"(\d{4})年(\d{1,2})月(?:底前完成|完成)")


def _finish(cell: str) -> str | None:
    """The finish month of an 实施时间 cell: 2026年3—12月 → 2026年12月, 2026年3月—2027年8月 → 2027年8月."""
    m = re.search(r"(?:(\d{4})年)?(\d{1,2})月$", cell.strip())
    start = re.match(r"(\d{4})年", cell.strip())
    if not m or not start:
        return None
    return f"{m.group(1) or start.group(1)}年{int(m.group(2))}月"


def _month_order(said: str) -> tuple[int, int]:
    """ "2027年12月" as (2027, 12), so months are listed in time order, not as strings.

    >>> sorted(["2027年12月", "2027年8月"], key=_month_order)
    ['2027年8月', '2027年12月']
    """
    year, month = re.match(r"(\d{4})年(\d{1,2})月", said).groups()
    return int(year), int(month)


def _against_plan(doc: PlanDoc, plan: PlanDoc) -> list[str]:
    """Each school's "……年……月底前完成" in a document is a finish month the plan has for that school."""
    projects = plan.table("实施时间", "学校")
    if projects is None:
        return ["完成时间：所依据的实施方案没有年度实施项目表，无法核对完成时间。"]
    school, when = projects.column("学校"), projects.column("实施时间")
    months: dict[str, set[str]] = defaultdict(set)
    for row in projects.rows:
        if row[0] in ("合计", "") or school is None or when is None:
            continue
        name = re.sub(r"（(?:小学|初中|高中)部）$", "", row[school])
        finish = _finish(row[when])
        if finish:
            months[name].add(finish)
    out = []
    for p in doc.paragraphs:
        text = re.sub(r"^\d+．", "", p.text)  # a numbered item ("3．某小学未达到……") names its school first
        named = [n for n in sorted(months, key=len, reverse=True) if text.startswith(n) or f"{n}：" in text]
        if not named:
            continue
        for y, m in _DUE.findall(p.text):
            said = f"{y}年{int(m)}月"
            if said not in months[named[0]]:
                plan_months = "、".join(sorted(months[named[0]], key=_month_order))
                out.append(f"完成时间：{named[0]}的“{said}”与实施方案的安排（{plan_months}）不一致。")
    return list(dict.fromkeys(out))


_FEASIBLE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日迎接评估的时间可行")
_EARLIEST = re.compile(r"最早可在(\d{4})年(\d{1,2})月以后迎接评估")
_YEAR_END = re.compile(r"(?:(\d{4})—)?(\d{4})年(?:每年年底|底)：预计达标学校\d+所、未达标学校(\d+)所")
_CUT = re.compile(r"([^，。；：]+?)通过[^。]*?于(\d{4})年秋季学期前将在校生逐年调减至")


def _date_against_plan(doc: PlanDoc, plan: PlanDoc) -> list[str]:
    """An 迎评工作方案's inspection date (called feasible) or proposed earliest date falls after the
    plan's last year-end with failing schools and after every roll cut the plan makes (plans drafted
    before issue 15b cut rolls; current ones never do, but an older one may be the plan in force)."""
    if doc.document != "inspection_plan":
        return []
    claims = []
    for p in doc.paragraphs:
        claims += [((int(y), int(m)), f"{y}年{m}月{d}日") for y, m, d in _FEASIBLE.findall(p.text)]
        claims += [((int(y), int(m)), f"{y}年{m}月") for y, m in _EARLIEST.findall(p.text)]
    failing: dict[int, int] = {}
    cuts: list[tuple[str, int]] = []
    for p in plan.paragraphs:
        for first, last, n in _YEAR_END.findall(p.text):
            for year in range(int(first or last), int(last) + 1):
                failing[year] = int(n)
        cuts += [(school, int(year)) for school, year in _CUT.findall(p.text)]
    out = []
    for (year, month), said in claims:
        late = [y for y, n in failing.items() if n and y >= year]
        if late:
            y = max(late)
            out.append(
                f"时间安排：方案称{said}可以迎接评估，但实施方案预计{y}年底仍有{failing[y]}所学校未达标。"
            )
        for school, cut in cuts:
            if (year, month) < (cut, 9):
                out.append(
                    f"时间安排：方案称{said}可以迎接评估，但实施方案安排{school}于{cut}年秋季学期前"
                    "才将在校生调减至规模上限以内。"
                )
    return list(dict.fromkeys(out))
