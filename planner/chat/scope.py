"""Scope that follows the official: the Query a message states (planner.chat.slots), completed from the
conversation.

- 它 / 该校 is the last school (or the one school the last answer listed); asked when there is none.
- 其中 / 这些学校 narrows to the last answer's list; 初中里面 does not (a 学段, not a list).
- A fragment (那初中呢, 换成5个呢, 教学点不算呢, 美术呢, 基本均衡的呢, 列出来, 整个白沙乡呢) is the last
  question again with the slots it names replaced, whatever that question measured: a school's gaps,
  a total, a ranking, a verdict, a 差异系数, a transfer, a requirement worked out or a policy question.
- A ranking that names no criterion (前三是哪几个, 石桥镇缺得最多的又是哪个) ranks by the last one's.
- 能过吗 after a simulation asks the simulation's verdict; 超了多少 after a 差异系数 asks by how much.
- A short follow-up with no subject of its own stays on the last school or 乡镇 (差多少？ 老师一共缺几个).
- Anything else is about the whole area.
"""

from __future__ import annotations

import re

from metrics.result import STAGE_NAMES
from metrics.standards import Standard
from planner.chat.entities import indicator_words, vocabulary
from planner.chat.guarantees import item_words
from planner.chat.query import SUBJECT_MEASURES, Query
from planner.chat.reading import Reading
from planner.chat.slots import UNIT_HINTS
from planner.chat.types import ChatState, Memory, Reply
from planner.numerals import NUMBER

__all__ = ["is_fragment", "refine", "resolve", "substitute"]

_SIMULATIONS = ("transfer", "what_if")
_FRAGMENT_WORDS = re.compile(
    "|".join(
        (
            "一共|总共|合计|加起来|总的",  # before the numerals: 一共, 九年制 are no amounts
            "九年一贯制|十二年一贯制|九年制|十二年制|一贯制|完全中学|完中|乡村|农村|城区|镇区",
            r"(?:调|抽|派|加|增加|补|配|给|换成|改成|改为)?(?:" + NUMBER.pattern + r")"
            r"(?:个|名|位|所|间)?(?:人|班|学生|小学生|初中生|老师|教师|万元|万|元|平方米|平米|平方|㎡)?",
            "优质均衡|基本均衡|公办|民办|私立|教学点|一贯制|九年制|十二年制",
            "不算|除了|除去|去掉|排除|不包括|不含|扣除|刨除|不计|剔除|拿掉|除外|刨去|去除|不要|不看",
            "也算上|也算进|也算|算上|算进|包括|一起算|都算",
            "全县|全区|全镇|全乡|全市|整个|县里|区里|镇里|县城|全域|所有学校|全部学校",
            "最高|最低|最多|最少|最大|最小|最差|最好|最弱|最强|倒数|前[一二三四五六七八九十\\d]+",
            "超过|超出|超了|超|大于|高于|多于|以上|低于|小于|不到|以下",  # 初中超50的呢: another bound
            "列出来|列一下|列下|列个表|列举|列出|名单|都列|看看|说说|看下|看一下|说一下|算算|算一下|查查|查一下",
            "没达标的|不达标的|未达标的|达标的|没达标|不达标|未达标|有缺口的|有缺口",
            "音乐|美术|体育|艺术|专用",
            "只说|就说|只看|就看|只要|光看|单看|光说|单说|说",
            "那么|那|呢|吧|还有|再看看|换成|换个|改成|如果是|要是|的话|如果|情况|的|又|和|也|再|把|就|呀|啊|么|哦",
            r"里面|里头|里|当中|之中|中|部分|方面|这边|那边|那个|那所|这个|学校|学段|[?!.。,、，~～　\s]",
        )
    )
)
"""Words a fragment may hold besides names, 乡镇, 学段 and indicators: amounts, standards, filters,
scope words, orders, listing verbs, statuses, subjects, fillers."""
_LIST_VERBS = re.compile("列出来|列一下|列下|列个表|列举|列出|名单|都列")


def _strip(text: str, words: list[str]) -> str:
    for w in sorted(words, key=len, reverse=True):
        text = text.replace(w, "")
    return text


def is_fragment(r: Reading, std: Standard | None) -> bool:
    """Only slots and fillers: 那初中呢？ 换成5个呢 教学点不算呢 基本均衡的呢 列出来 整个白沙乡呢."""
    e = r.entities
    rest = _strip(r.rest, [w for ws in vocabulary().stages.values() for w in ws])
    if std is not None:
        words = [w for w, k in indicator_words(std) if k in e.indicators]
        if e.indicators:  # 体育场地呢: the upload's own words for what the indicator measures
            words += [w for f in vocabulary().fields for w in f.words]
        rest = _strip(rest, words)
    rest = _strip(rest, [w for ws in item_words().values() for w in ws])
    rest = _strip(rest, [w for ws in UNIT_HINTS.values() for w in ws])
    rest = _strip(rest, r.words_of("area"))  # 镇上呢, 全县呢
    rest = _FRAGMENT_WORDS.sub("", rest)
    return not rest.strip() and len(r.text) <= 24


def substitute(text: str, r: Reading, std: Standard | None) -> str:
    """The last question with the words the fragment names put in place of their kind's (基本均衡 for
    优质均衡, 初中 for 小学, 美术 for 音乐); a word with nothing to replace goes in front."""
    e = r.entities
    vocab = vocabulary()
    front = []
    groups: list[tuple[list[str], str]] = []
    if e.standard:
        word = next(k for k, v in vocab.standards.items() if v == e.standard)
        groups.append((list(vocab.standards), word))
    if e.stage:
        groups.append(([w for ws in vocab.stages.values() for w in ws], STAGE_NAMES[e.stage]))
    if e.indicators and std is not None:
        word = std.indicator(e.indicators[0]).short
        groups.append(([w for w, _ in indicator_words(std)], word))
    for word in ("音乐", "美术"):
        if word in r.rest:
            groups.append((["音乐", "美术"], word))
    for words, new in groups:
        hit = next((w for w in sorted(words, key=len, reverse=True) if w in text), None)
        if hit is None:
            front.append(new)
        else:
            text = text.replace(hit, new, 1)
    return "".join(front) + text


def _shorts(std: Standard | None, keys: tuple[str, ...]) -> str:
    return "、".join(std.indicator(k).short for k in keys if std is not None and k in std.keys)


def _label(q: Query, std: Standard | None) -> str:
    parts = [*q.schools, *q.towns]
    if q.area and not parts:
        parts.append("全部学校")
    if q.stage:
        parts.append(STAGE_NAMES[q.stage])
    parts.append(_shorts(std, q.indicators))
    if q.unit and q.measure in ("gaps", "value", "compare", "describe"):
        parts.append({"人": "教师", "㎡": "面积", "万元": "资金", "间": "教室"}[q.unit])
    if q.ownership:
        parts.append(q.ownership)
    if q.area_type:
        parts.append(f"{q.area_type}学校")
    parts += [f"不含{k}" for k in q.not_kinds]
    if q.kind:
        parts.append(q.kind)
    if q.changes and q.measure in _SIMULATIONS:
        parts.append(f"{q.changes[0][1]:g}")
    if q.classes and q.measure == "standard_rule":
        parts.append(f"{q.classes}个班")
    if q.standard:
        parts.append({"quality_2017": "优质均衡", "basic_2012": "基本均衡"}.get(q.standard, q.standard))
    return "、".join(dict.fromkeys(p for p in parts if p))


def refine(
    last: Query, q: Query, r: Reading, memory: Memory, notes: list[str], std: Standard | None
) -> Query:
    """The last question again with the slots the fragment names put in place of the last ones."""
    new = last.with_(tool="")
    if q.schools:
        measure = last.measure if last.measure in SUBJECT_MEASURES else "describe"
        new = new.with_(
            schools=q.schools,
            towns=(),
            not_towns=(),
            area=False,
            area_type=None,
            within=(),
            measure=measure,
            stage=None,
        )
    elif r.has("anaphor") and memory.schools:
        new = new.with_(schools=memory.schools[:1], towns=(), area=False, within=())
    if q.towns:
        measure = new.measure
        if measure == "what_if" or (measure == "compare" and len(q.towns) < 2):
            measure = "describe"
        new = new.with_(towns=q.towns, schools=(), not_towns=(), area=False, within=(), measure=measure)
    elif q.area:
        measure = "describe" if new.measure in (*_SIMULATIONS, "profile") else new.measure
        new = new.with_(towns=(), schools=(), not_towns=(), area=True, within=(), measure=measure)
    if q.stage:
        new = new.with_(stage=q.stage)
    if q.indicators:
        new = new.with_(indicators=q.indicators, unit=None)
        if new.measure == "standard_rule":
            new = new.with_(rule=q.indicators[0])
    elif q.unit:
        new = new.with_(unit=q.unit, indicators=())
    if q.ownership:
        new = new.with_(ownership=q.ownership)
    elif re.search("也算上|也算进|也算|算上|算进|包括|一起算|都算", r.rest) and "民办" in r.rest:
        new = new.with_(ownership=None)
    if q.kind:
        new = new.with_(kind=q.kind)
    if q.area_type:
        new = new.with_(area_type=q.area_type)
    if q.not_kinds:
        new = new.with_(not_kinds=tuple(dict.fromkeys((*new.not_kinds, *q.not_kinds))))
        if new.kind in q.not_kinds:
            new = new.with_(kind=None)
    if q.not_towns:
        new = new.with_(not_towns=q.not_towns)
    if q.status and new.measure in ("count", "list", "rate"):
        new = new.with_(status=q.status)
    if q.order:
        new = new.with_(order=q.order)
    if q.limit:
        new = new.with_(limit=q.limit)
    if q.above is not None and new.by == "students":
        new = new.with_(above=q.above, and_up=q.and_up)  # 超2000的呢 after 在校生超过1500人的小学
    if q.standard:
        new = new.with_(standard=q.standard)
    if q.changes and new.measure in _SIMULATIONS:
        amount = q.changes[0][1]
        new = new.with_(changes=((new.changes[0][0], amount), *new.changes[1:]) if new.changes else q.changes)
    if new.measure == "standard_rule" and (q.classes or q.students):
        new = new.with_(classes=q.classes or new.classes, students=q.students or new.students)
    if _LIST_VERBS.search(r.rest) and new.measure in ("count", "rate"):
        new = new.with_(measure="list", show="list")
    if new.measure in ("policy", "policy_examples"):
        new = new.with_(text=substitute(last.text, r, std))
    what = _label(new, std)
    if new.measure in ("policy", "policy_examples"):
        what = new.text
    plain = new.measure in ("describe", "gaps") and q.schools and not new.indicators and not q.stage
    if not plain and what:
        notes.append(f"沿用上一问，按 {what} 理解")
    return new


def _moved(q: Query, std: Standard | None) -> tuple[str, ...]:
    """The indicators a simulation's changes touch."""
    if std is None:
        return ()
    columns = {c for cols, _ in q.changes for c in cols}
    return tuple(i.key for i in std.indicators if columns & set(i.columns))


def _only_schools(memory: Memory) -> tuple[str, ...]:
    """The school 它 refers to: the last one talked about, or the only one the last answer listed."""
    if memory.schools:
        return memory.schools
    return memory.listed if len(memory.listed) == 1 else ()


def resolve(q: Query, r: Reading, state: ChatState, notes: list[str], std: Standard | None) -> Query | Reply:
    """The query with the conversation's subject where the message leaves it out."""
    memory = state.memory
    last = memory.query if memory.query is not None and memory.query.tool == memory.tool else None
    asked = memory.asked

    # 综合差异系数要求多少: under the standard the conversation is about (基本均衡的呢 …).
    carried = asked is not None and asked.measure in ("policy", "standard_items", "standard_rule")
    if q.measure == "standard_rule" and q.standard is None and carried and asked.standard:
        q = q.with_(standard=asked.standard)

    # 那全区小学平均是多少 after one school's indicator: that indicator's mean over the scope said.
    general = q.measure in ("describe", "value", "unknown", "gaps")
    if _MEAN.search(r.rest) and not q.indicators and memory.indicators and not q.schools and general:
        q = q.with_(indicators=memory.indicators[:1], measure="value")
        notes.append(f"按 {_shorts(std, memory.indicators[:1])}的平均值 理解")

    # 它 / 该校 with no school talked about: asked, never guessed.
    schools = _only_schools(memory)
    if r.has("anaphor") and not q.schools and not schools:
        return Reply("您说的“它”指哪所学校？请说出学校名称。", kind="clarify", intent="clarify")
    # 小学部差什么 with no school talked about: a part of some school, asked which.
    part_of = re.search("(小学|初中)部(?!分)", r.rest)
    alone = last is None and asked is None  # a first question: no school or list to take it from
    if part_of and alone and not (q.schools or schools or q.towns or q.area or q.within or q.kind):
        return Reply(
            f"您问的是哪所学校的{part_of.group(0)}？请说出学校名称。", kind="clarify", intent="clarify"
        )

    # 其中 / 这些学校: the last answer's list (初中里面 is a 学段, not a list).
    if _within(r) and memory.listed and not q.schools:
        return _narrow(q, r, memory, last, notes)

    # 那初中呢 换成5个呢 不算民办呢 美术呢 基本均衡的呢 列出来: the last question, slots replaced.
    new_ranking = q.measure == "rank" and q.indicators and asked is not None and asked.measure != "rank"
    refinable = (
        (q.measure in ("describe", "value", "unknown", "gaps", "rank", "profile") and not new_ranking)
        or (q.measure == "list" and _LIST_VERBS.search(r.rest))
        or (  # 调4个呢 after a transfer, 美术室呢 / 48个班呢 after a requirement worked out
            asked is not None
            and asked.measure in ("standard_rule", *_SIMULATIONS)
            and q.measure in ("guarantee", "standard_rule", *_SIMULATIONS)
        )
    )
    if asked is not None and refinable and is_fragment(r, std):
        return refine(asked, q, r, memory, notes, std)

    # 从实验中学调3个过去: to (or from) the school talked about.
    if q.measure == "transfer" and len(q.schools) == 1:
        other = next((n for n in schools if n != q.schools[0]), None)
        if other is not None:
            at = next((m.start for m in r.entities.mentions if m.name == q.schools[0]), 0)
            gives = bool(re.search("[从把]", r.entities.text[max(0, at - 2) : at]))
            q = q.with_(schools=(q.schools[0], other) if gives else (other, q.schools[0]))
            notes.append(f"按 从{q.schools[0]}调到{q.schools[1]} 理解")

    # 要是把一小的运动场补齐了，还剩多少: the total of the others, in the last total's scope.
    if q.measure == "remaining":
        before = asked if asked is not None and asked.measure == "gaps" and not asked.schools else None
        q = q.with_(
            not_schools=q.schools,
            schools=(),
            towns=q.towns or (before.towns if before is not None else ()),
            area=not (q.towns or (before is not None and before.towns)),
            indicators=q.indicators or (before.indicators if before is not None else ()),
            unit=q.unit or (before.unit if before is not None else None),
            stage=q.stage or (before.stage if before is not None else None),
        )
        notes.append(f"按 {'、'.join(q.not_schools)}补齐后其余学校的合计 理解")
        return q

    # 能降到0.45以下吗 after a simulation: the simulation again, against that figure.
    subject = q.schools or q.towns or q.area or q.within
    if last is not None and last.measure in _SIMULATIONS and r.has("cv_target") and not subject:
        value = float(re.findall(r"\d*\.\d+", r.words_of("cv_target")[0])[0])
        notes.append(f"沿用上一次模拟，对照差异系数{value:g}")
        return last.with_(tool="", below=value)

    # 能过吗 / 能达标了吗 after a simulation: the simulation says.
    if last is not None and last.measure in _SIMULATIONS and q.measure == "verdict" and not subject:
        if r.has("anaphor") and last.schools:  # 它达标了吗: the simulated school, after the change
            notes.append(f"按 {last.schools[-1]} 理解")
        notes.append("沿用上一次模拟")
        return last.with_(tool="")
    # 一小体艺够了没 right after moving teachers to 一小: after the move.
    simulated = last is not None and last.measure in _SIMULATIONS and not q.changes
    same = simulated and q.schools and set(q.schools) <= set(last.schools) and not (q.towns or q.area)
    if same and q.measure in ("verdict", "gaps", "value") and q.indicators in ((), _moved(last, std)):
        notes.append("按上一次模拟后的情况理解")
        return last.with_(tool="")

    # 超了多少 after a 差异系数 or a verdict: by how much each 差异系数 exceeds its limit.
    if r.has("excess") and not q.items and not q.schools:
        before = asked.measure if asked is not None else ""
        if q.measure == "cv" or before in ("cv", "composite", "verdict", "drag"):
            stage = q.stage or (asked.stage if asked is not None else None)
            return Query("cv", stage=stage, indicators=q.indicators, text=q.text)

    # 哪个最少 after 按乡镇列一下初中在校生: the 乡镇 at that end of the list just given.
    grouped = asked is not None and asked.measure == "profile" and asked.of == "towns"
    if grouped and q.measure == "rank" and not (q.indicators or q.schools or q.towns) and q.order:
        notes.append("按上一条回答的乡镇（街道）在校生理解")
        return asked.with_(tool="", order=q.order)

    # 前三是哪几个 / 石桥镇缺得最多的又是哪个: ranked as the last ranking, where no criterion is said.
    if q.measure == "rank" and not q.indicators and q.by in (None, "gap") and q.of is None:
        ranking = memory.rank
        listed_on = last is not None and last.measure in ("list", "count", "gaps") and last.indicators
        if listed_on and memory.listed and not (q.schools or q.towns or q.area):
            # 按差距从大到小排一下 after a list on one indicator: those schools, on that indicator
            by = "gap" if (r.has("shortage") or r.has("most_short") or r.has("lack")) else q.by or "value"
            q = q.with_(indicators=last.indicators, within=memory.listed, by=by, stage=q.stage or last.stage)
            q = q.with_(limit=q.limit or len(memory.listed))
            notes.append(
                f"按上一条回答所列的{len(memory.listed)}所学校，按{_shorts(std, last.indicators)}排序"
            )
        elif ranking is not None and ranking.indicators:
            q = q.with_(indicators=ranking.indicators, by=q.by or ranking.by, stage=q.stage or ranking.stage)
            if q.order is None:
                q = q.with_(order=ranking.order)
            what = "、".join(
                std.indicator(k).short for k in ranking.indicators if std is not None and k in std.keys
            )
            notes.append(f"沿用上一个排序，按{what}" + ("缺口" if q.by == "gap" else "") + "排序")
        else:
            q = q.with_(by="overall")

    # 两个加起来 / 这两所 after two schools were named: those two together.
    named = last.schools if last is not None and len(last.schools) >= 2 else memory.schools
    pair = len(named) >= 2 and not (q.schools or q.towns or q.area or q.within)
    if pair and _BOTH.search(r.rest) and q.measure in ("gaps", "value", "describe", "count", "list"):
        both = named[:2]
        notes.append(f"按 {'、'.join(both)} 两所学校理解")
        measure = "gaps" if r.has("total") or r.has("shortage") else q.measure
        return q.with_(within=both, measure=measure)

    # 白沙镇的是哪几所 after 有几所学校不达标: a short list question keeps the last one's filters.
    plain = re.sub(r"[\s?？。!！,，]", "", r.text)
    counted = last is not None and last.measure in ("count", "list", "rate") and last.status
    if counted and q.measure in ("count", "list") and q.status is None and len(plain) <= 12:
        kept = q.with_(
            status=last.status,
            indicators=q.indicators or last.indicators,
            stage=q.stage or last.stage,
            ownership=q.ownership or last.ownership,
            kind=q.kind or last.kind,
            not_kinds=q.not_kinds or last.not_kinds,
        )
        said = {"failed": "（未达标）", "passed": "（达标）"}.get(last.status or "", "")
        notes.append(f"沿用上一问的条件{said}")
        return kept

    # 它 / 该校: the last school (or the one school just listed).
    if r.has("anaphor") and not q.schools:
        school = schools[0]
        q = q.with_(schools=(school,))
        stage = q.stage or (memory.stage if q.measure in ("what_if", "gaps", "verdict") else None)
        what = school + (f"（{STAGE_NAMES[stage]}）" if stage else "")
        shorts = _shorts(std, q.indicators)
        notes.append(f"按 {what}" + ("、" + shorts if shorts else "") + " 理解")
        return q.with_(stage=stage) if stage and not q.stage else q

    # 为什么？ after a verdict: the verdict again (it says why), so that 那全镇呢 next asks the verdict.
    after_verdict = last is not None and last.measure == "verdict"
    if r.has("why") and after_verdict and not (q.schools or q.towns or q.area):
        return last.with_(tool="")

    # A short follow-up with no subject of its own stays on the last school or 乡镇.
    bare = not (q.schools or q.towns or q.area or q.not_towns or q.area_type or q.within or q.of == "towns")
    part = re.search("小学部|初中部|高中部", r.rest)  # a school's part: 初中部运动场差多少
    plain = not ((q.stage and not part) or q.ownership or q.kind or q.not_kinds)
    listed_on = last is not None and last.measure in ("list", "count") and last.indicators and memory.listed
    if bare and plain and listed_on and q.measure == "gaps" and r.has("total") and not q.indicators:
        # 差距加起来多少 right after a list of schools short on one indicator: those schools' total
        notes.append(f"按上一条回答所列的{len(memory.listed)}所学校、{_shorts(std, last.indicators)}理解")
        return q.with_(within=memory.listed, indicators=last.indicators, stage=q.stage or last.stage)
    if bare and last is not None and plain:
        if last.subject == "school" and memory.schools and _stays_on_school(q, r):
            school = memory.schools[0]
            stage = q.stage or (memory.stage if q.measure == "what_if" else last.stage)
            notes.append(f"按 {school}" + (f"（{STAGE_NAMES[stage]}）" if stage else "") + " 理解")
            return q.with_(schools=(school,), stage=stage)
        totals = q.measure == "profile" and not q.stage  # 老师一共多少个 after 金塘镇有几所学校
        on_town = q.measure in ("gaps", "verdict", "value") or totals
        if last.subject == "town" and on_town and not r.has("which"):
            notes.append(f"按 {'、'.join(last.towns)} 理解")
            return q.with_(towns=last.towns)
    if r.has("why") and last is not None and not (q.schools or q.towns or q.area):
        return last.with_(tool="")  # 为什么？ after a verdict: the verdict says why
    return q


_BOTH = re.compile(r"(?:这|那)?(?:两|俩)(?:个|所|家|校|学校)|二者|两者|这俩|它们俩|他俩")
_MEAN = re.compile("平均|均值|平均水平|人均")


def _stays_on_school(q: Query, r: Reading) -> bool:
    """差多少？ 达标没？ 为什么？ 运动场要补多少平方 — not 哪些学校…, 全县一共…"""
    if q.measure not in ("gaps", "verdict", "describe", "what_if", "guarantee", "value"):
        return False
    if q.measure == "value" and not q.indicators:
        return False
    if r.entities.years or r.has("which") or r.has("list") or r.has("count_noun"):
        return False
    return not (r.has("total") and not q.indicators and not q.unit)


_STAGE_WITHIN = re.compile(r"(小学|初中|中学|公办|民办|教学点|一贯制)的?(里面|里头|里|当中|之中|中间)")


def _within(r: Reading) -> bool:
    """其中 / 这些学校 / 里面 as a reference to the last list; 初中里面 narrows by 学段 instead."""
    if not r.has("within"):
        return False
    words = [w for w in r.words_of("within") if w not in ("里面", "当中", "之中", "这里面")]
    return bool(words) or not _STAGE_WITHIN.search(r.rest)


def _narrow(q: Query, r: Reading, memory: Memory, last: Query | None, notes: list[str]) -> Query:
    q = q.with_(within=memory.listed)
    if (
        last is not None
        and q.status is None
        and last.status
        and q.measure in ("describe", "value", "unknown")
    ):
        q = q.with_(status=last.status)  # 其中白塔镇的呢 after 没达标的: still those that fail
    if last is not None and q.stage is None and last.stage and not r.has("area"):
        q = q.with_(stage=last.stage)
    if last is not None and not q.indicators and last.indicators and not q.unit:  # 其中哪所缺得最多
        q = q.with_(indicators=last.indicators)
        if q.measure == "rank" and (r.has("shortage") or r.has("most_short")):
            q = q.with_(by="gap", order="most")
    if q.measure == "rank" and q.by is None:
        q = q.with_(by="overall")
    notes.append(f"按上一条回答所列的{len(memory.listed)}所学校理解")
    asks_amount = bool(re.search("多少|几", r.rest)) and (r.has("shortage") or r.has("need"))
    if asks_amount and q.measure in ("gaps", "list", "count", "unknown", "value", "describe"):
        return q.with_(measure="gaps")  # 其中没达标的差多少设备: their total
    if q.measure == "unknown" and last is not None and last.measure == "profile":
        # 其中初中多少 after 在校生一共多少: their students
        return q.with_(measure="profile", towns=last.towns)
    if q.measure in ("describe", "gaps", "value", "unknown"):
        q = q.with_(measure="list")
    return q
