"""From a message to a tool call: read it (planner.chat.reading), say what it asks (planner.chat.grammar),
decide whom it is about with the conversation (scope follows the official), and fill the typed tool
arguments (planner.chat.args). No language model.

Scope: a school, 乡镇 or scope word named in the message is the subject (全县 resets it); 它/该校 is
the last school; 其中/这些 narrows to the last answer's list; a message of names and 呢 only (那初中呢,
换成清水镇呢) repeats the last question with them; a short follow-up (差多少？ 为什么？) stays on the
last school; anything else is about the whole area. A message not about schools, the standard or the
plan is declined without touching the conversation. Unknown parts (which school? how many?) are asked
back in one question, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from metrics.columns import BY_KEY
from metrics.result import STAGE_NAMES
from metrics.standards import Standard
from planner.chat.args import Args
from planner.chat.entities import FieldWords, indicator_words, normalise, vocabulary
from planner.chat.grammar import PAIR, SIZE, START, measure_of
from planner.chat.guarantees import items_in
from planner.chat.names import Mention, SchoolIndex, school_index, sound
from planner.chat.query import SUBJECT_MEASURES, Query
from planner.chat.reading import Reading, read
from planner.chat.tools import TOOLS
from planner.chat.types import ChatContext, ChatState, Pending, Reply
from planner.documents import kind_of
from planner.numerals import parse_number

__all__ = ["REFUSAL", "Routed", "route"]

REFUSAL = "抱歉，这个问题超出了本助手的范围，无法回答。我只回答学校数据、均衡发展政策和实施方案方面的问题。"
_LISTED = re.compile(r"第([一二三四五六七八九十\d])(?:个|所|名|家)(?:学校)?")
_ORDINAL = re.compile(
    r"^(?:那|就|选|是)?第?([一二三四五六七八九十\d])(?:个|所|项|家)?(?:吧|呢|学校)?[?!.。]*$"
)
_FILLER = re.compile(
    r"那么|那|呢|吧|还有|再看看|看看|换成|换个|如果是|的情况|情况|的|又|和|老师|教师"
    r"|它|该校|这所学校|这个学校|[?!.。,、]|　"
)
_SINGULAR = re.compile(r"哪个|哪所|哪一所|哪一个|是哪|哪家|谁")
_GENERAL = (
    "describe",
    "policy",
    "unknown",
    "verdict",
    "gaps",
    "value",
    "list",
    "count",
    "rank",
    "rate",
    "drag",
    "profile",
)
"""Measures any question may fall into: with no word of the domain, the question is declined."""
_FOLLOW_UP = ("why", "how_fix", "anaphor", "within", "ellipsis")
"""Classes that make a message without words of its own a follow-up (为什么？ 那它呢？)."""


@dataclass
class Routed:
    tool: str
    args: Args
    rule: str
    notes: list[str] = field(default_factory=list)
    query: Query | None = None


# --- the reading -------------------------------------------------------------------------------------


def _names(ctx: ChatContext) -> SchoolIndex:
    if ctx.evaluation is None:
        return school_index(())
    towns = {s.name: s.township or "" for s in ctx.evaluation.schools}
    for e in ctx.evaluation.excluded:
        towns.setdefault(e.name, "")
    if ctx.schools is not None and "township" in ctx.schools:
        for name, town in zip(ctx.schools["name"], ctx.schools["township"], strict=False):
            if name in towns and not towns[name] and isinstance(town, str):
                towns[name] = town
    return school_index(tuple(towns), tuple(towns.values()))


def _towns(ctx: ChatContext) -> tuple[str, ...]:
    if ctx.evaluation is None:
        return ()
    towns = tuple(dict.fromkeys(s.township for s in ctx.evaluation.schools if s.township))
    return towns if len(towns) >= 2 else ()


def _fallback_field(state: ChatState, std: Standard | None) -> FieldWords | None:
    """The upload column of the indicator the conversation is about (or of the last what-if), for
    amounts said without one (那再加一个呢)."""
    memory = state.memory
    if memory.tool == "what_if" and memory.args.get("changes"):
        columns = tuple(memory.args["changes"][0]["columns"])
        return FieldWords((BY_KEY[columns[0]].header,), columns, BY_KEY[columns[0]].unit)
    if std is None or not memory.indicators or memory.indicators[0] not in std.keys:
        return None
    ind = std.indicator(state.memory.indicators[0])
    return FieldWords((ind.short,), (ind.add_to,), ind.gap_unit)


def _read(text: str, ctx: ChatContext, state: ChatState) -> Reading:
    std = ctx.evaluation.standard if ctx.evaluation is not None else None
    return read(normalise(text), _names(ctx), std, _towns(ctx), _fallback_field(state, std))


def _stage_label(stage: str | None) -> str:
    return STAGE_NAMES.get(stage or "", "")


def _read_as(school: str, stage: str | None = None) -> str:
    return f"按 {school}" + (f"（{_stage_label(stage)}）" if stage else "") + " 理解"


# --- the entry point ----------------------------------------------------------------------------------


def route(text: str, ctx: ChatContext, state: ChatState) -> Routed | Reply:
    """The tool call a message asks for, or a Reply (declined, asked back, unknown)."""
    reading = _read(text, ctx, state)
    memory = state.memory
    pending = state.pending

    if pending is not None:
        forced = _answer_to(reading, pending)
        if forced is not None:
            state.pending = None
            routed = _route(_read(pending.text, ctx, state), ctx, state, forced)
            if isinstance(routed, Routed):
                stage = getattr(routed.args, "stage", None)
                routed.notes.insert(0, _read_as(forced, stage))
            return routed

    # 第二个: the second school the last reply listed.
    e = reading.entities
    if e.ordinal and memory.listed and not e.mentions:
        state.pending = None
        if e.ordinal > len(memory.listed):
            return Reply(f"上一条回答只列出了{len(memory.listed)}所学校。", kind="clarify", intent="clarify")
        name = memory.listed[e.ordinal - 1]
        stage = (
            memory.stage if ctx.evaluation is not None and ctx.evaluation.school(name, memory.stage) else None
        )
        args = TOOLS["school_gaps"].args.model_validate({"school": name, "stage": stage})
        query = Query("describe", schools=(name,), stage=stage)
        return Routed("school_gaps", args, "ordinal", [f"按 第{e.ordinal}所：{name} 理解"], query)
    measure, _ = measure_of(reading, state)
    m = _LISTED.search(e.rest)
    listed = bool(m and memory.listed and not e.mentions)  # 第一个怎么样: the last answer's first school
    follow_up = memory.query is not None and any(reading.has(c) for c in _FOLLOW_UP)
    if measure in _GENERAL and not reading.on_topic and not follow_up and not listed:
        return Reply(REFUSAL, kind="refused", intent="refused")
    state.pending = None
    if listed:
        index = int(parse_number(m.group(1)) or 0)
        if 0 < index <= len(memory.listed):
            name = memory.listed[index - 1]
            routed = _route(reading, ctx, state, name)
            if isinstance(routed, Routed):
                routed.notes.insert(0, f"按 第{index}所：{name} 理解")
            return routed
    return _route(reading, ctx, state, None)


def _answer_to(reading: Reading, pending: Pending) -> str | None:
    """The school an answer to a question asked back chooses: a number, a name, or yes."""
    e = reading.entities
    text = reading.text.rstrip("?")
    if e.ordinal and 0 < e.ordinal <= len(pending.candidates):
        return pending.candidates[e.ordinal - 1]
    if e.schools and e.schools[0] in pending.candidates:
        return e.schools[0]
    if text in ("是", "是的", "对", "对的", "嗯", "好", "没错") and len(pending.candidates) == 1:
        return pending.candidates[0]
    return None


def _route(reading: Reading, ctx: ChatContext, state: ChatState, forced: str | None) -> Routed | Reply:
    measure, _ = measure_of(reading, state)
    notes: list[str] = []
    e = reading.entities
    memory = state.memory

    # Names: a sound-alike is taken and said; an ambiguous one is settled by the last school's 乡镇,
    # or asked back.
    schools: list[str] = []
    for mention in e.mentions:
        if mention.name:
            if not mention.exact:
                notes.append(f"“{mention.text}”按 {mention.name} 理解")
            schools.append(mention.name)
            continue
        if forced is not None and forced not in schools:
            schools.append(forced)
            forced = None
            continue
        named = tuple(m.name for m in e.mentions if m.name)
        chosen = _by_context(mention, ctx, named) or _by_context(mention, ctx, memory.schools)
        if chosen is None:
            return _ask_school(mention, state, reading.text)
        where_from = "同一问中的学校" if _by_context(mention, ctx, named) else "上一问的学校"
        notes.append(f"“{mention.text}”按 {chosen} 理解，与{where_from}同一乡镇")
        schools.append(chosen)
    if forced is not None and forced not in schools:
        schools.insert(0, forced)
    schools = list(dict.fromkeys(schools))

    query = _query(measure, reading, tuple(schools))
    if reading.strange_places and measure in (*_GENERAL, "compare"):
        query = _strange_place(query, reading, ctx, notes)
        if isinstance(query, Reply):
            return query
    if not schools and reading.has("school_kind"):
        query = _kind_of_school(query, reading, ctx, state, notes)
        if isinstance(query, Reply):
            return query
    std = ctx.evaluation.standard if ctx.evaluation is not None else None
    resolved = _resolve(query, reading, state, notes, std)
    if isinstance(resolved, Reply):
        return resolved
    return _execute(resolved, reading, ctx, state, notes)


def _by_context(mention: Mention, ctx: ChatContext, recent: tuple[str, ...]) -> str | None:
    """An ambiguous short name (二小) read as the one candidate in the last school's 乡镇."""
    if not recent or ctx.evaluation is None:
        return None
    town_of = {s.name: s.township for s in ctx.evaluation.schools}
    town = town_of.get(recent[0])
    same = [c for c in mention.candidates if town and town_of.get(c) == town]
    return same[0] if len(same) == 1 else None


def _strange_place(q: Query, r: Reading, ctx: ChatContext, notes: list[str]) -> Query | Reply:
    """A 乡镇 the data does not have: the one it sounds like (心集镇 → 新集镇), else said, never the
    whole area's figures in its place."""
    towns = _towns(ctx)
    cores = {re.sub(r"(街道|镇|乡)$", "", t): t for t in towns}
    found = list(q.towns)
    for word in r.strange_places:
        core = re.sub(r"(街道|镇|乡)$", "", word)
        heard = [
            t for c, t in cores.items() if sound(c) == sound(core) or sound(c, True) == sound(core, True)
        ]
        if len(heard) == 1:
            notes.append(f"“{word}”按 {heard[0]} 理解")
            found.append(heard[0])
            continue
        listing = "、".join(towns)
        return Reply(
            f"数据中没有“{word}”的学校。本数据的乡镇（街道）有：{listing}。请问是哪一个？",
            kind="clarify",
            intent="clarify",
            suggestions=list(towns),
        )
    return q.with_(towns=tuple(dict.fromkeys(found)))


_TOWNS_ASKED = re.compile(r"哪(个|些|几个)?(乡镇|镇|乡|街道)|各乡镇|乡镇(排名|排序|排一下)")
_PLURAL = re.compile(r"都|各|所有|全部|哪些|哪几|几所|每所|这些|多少所|分别")


def _kind_of_school(
    q: Query, r: Reading, ctx: ChatContext, state: ChatState, notes: list[str]
) -> Query | Reply:
    """中心小学 with no place: one school of that kind is it; several are all of them when the question
    is about several (中心小学都达标了吗), else asked back (中心小学达标了吗)."""
    word = r.words_of("school_kind")[0]
    index = _names(ctx)
    found = [n for n in index.names if n.endswith(word)]
    found += [n for a, ns in index.aliases.items() if a.endswith(word) for n in ns if n not in found]
    judged = {s.name for s in ctx.evaluation.schools} if ctx.evaluation is not None else set()
    found = [n for n in found if n in judged]
    if len(found) == 1:
        notes.append(f"“{word}”按 {found[0]} 理解")
        return q.with_(schools=(found[0],))
    if len(found) < 2:
        return q
    if _PLURAL.search(r.rest) or q.measure in ("count", "list", "rate", "rank", "drag", "compare"):
        notes.append(f"按 {len(found)}所{word}（{'、'.join(found)}）理解")
        return q.with_(within=tuple(found), measure="verdict" if q.measure == "describe" else q.measure)
    mention = Mention(word, 0, len(word), candidates=tuple(found[:6]))
    return _ask_school(mention, state, r.text)


def _ask_school(mention: Mention, state: ChatState, text: str) -> Reply:
    candidates = mention.candidates
    state.pending = Pending(text, candidates)
    listing = "；".join(f"{i}. {c}" for i, c in enumerate(candidates, 1))
    if len(candidates) == 1:
        head = f"数据中没有“{mention.text}”。您问的是“{candidates[0]}”吗？"
    elif any(mention.text in c or c.endswith(mention.text) for c in candidates) or mention.exact:
        head = f"“{mention.text}”可能指{len(candidates)}所学校：{listing}。请问是哪一所？"
    else:
        head = f"数据中没有“{mention.text}”这所学校。您问的可能是：{listing}。请问是哪一所？"
    return Reply(
        head + "（可直接点击或回复序号）", kind="clarify", suggestions=list(candidates), intent="clarify"
    )


# --- the explicit query -------------------------------------------------------------------------------


def _query(measure: str, r: Reading, schools: tuple[str, ...]) -> Query:
    """What the message itself says: the measure and every slot it names."""
    e = r.entities
    has = r.has
    ownership = None
    rest = r.rest
    if "民办" in rest or "私立" in rest:
        ownership = "公办" if has("exclude") else "民办"
    elif "公办" in rest:
        ownership = "民办" if has("exclude") else "公办"
    kind = "教学点" if "教学点" in rest else "一贯制" if re.search("一贯制|九年制|十二年制", rest) else None
    status = "failed" if has("failed") else "passed" if has("passed") else None
    order = None
    if has("most_short") or (has("shortage") and has("most")):
        order, by = "most", "gap"
    elif has("least") and not has("most"):
        order, by = "least", None
    elif has("most"):
        order, by = "most", None
    else:
        by = None
    if by is None and measure == "rank":
        by = "gap" if has("shortage") and e.indicators else ("value" if e.indicators else "overall")
    show = "rate" if has("rate") else "list" if (has("list") or has("which")) else "count"
    if measure == "count":
        show = "rate" if has("rate") else "count"
    limit = e.count
    if limit is None and measure == "rank" and not has("rank") and _SINGULAR.search(r.rest):
        limit = 1
    if measure == "rank" and re.search("规模|学生|人数|在校生", rest) and not e.indicators:
        by = "students"
    towns, not_towns = r.towns, ()
    if has("exclude") and towns:
        excluded = tuple(
            t
            for t in towns
            if re.search(f"(不算|除了|除去|去掉|排除|不包括|不含|扣除|刨除)(掉|了)?{t}", r.text)
        )
        towns, not_towns = tuple(t for t in towns if t not in excluded), excluded
    area_type = (
        "乡村"
        if re.search("农村|乡村", rest)
        else "城区"
        if "城区" in rest
        else "镇区"
        if "镇区" in rest
        else None
    )
    return Query(
        measure=measure,
        schools=schools,
        towns=towns,
        not_towns=not_towns,
        area_type=area_type,
        area=has("area"),
        stage=e.stage,
        ownership=ownership,
        kind=kind,
        status=status,
        indicators=e.indicators,
        items=tuple(items_in(r.rest)),
        order=order,
        by=by,
        limit=limit,
        show=show,
    )


# --- scope with the conversation -----------------------------------------------------------------------


def _elliptical(r: Reading, std: Standard | None) -> bool:
    """Only names, a 学段, an indicator, a filter and fillers: 那初中呢？ 城关三小呢？ 换成清水镇呢？"""
    e = r.entities
    if not (e.mentions or r.towns or e.stage or e.indicators or r.has("public") or r.has("private")):
        return False
    rest = r.rest
    for words in vocabulary().stages.values():
        for w in words:
            rest = rest.replace(w, "")
    if std is not None:
        for word, key in indicator_words(std):
            if key in e.indicators:
                rest = rest.replace(word, "")
    rest = re.sub("公办|民办|学校|的", "", rest)
    return not _FILLER.sub("", rest).strip()


def _resolve(q: Query, r: Reading, state: ChatState, notes: list[str], std: Standard | None) -> Query | Reply:
    """The query with the conversation's subject where the message leaves it out."""
    memory = state.memory
    last = memory.query if memory.query is not None and memory.query.tool == memory.tool else None
    e = r.entities

    # 它 / 该校 with no school talked about: asked, never guessed.
    if r.has("anaphor") and not q.schools and not memory.schools:
        return Reply("您说的“它”指哪所学校？请说出学校名称。", kind="clarify", intent="clarify")

    # 其中 / 这些学校: the last answer's list.
    if r.has("within") and memory.listed and not q.schools:
        q = q.with_(within=memory.listed)
        if last is not None and q.stage is None and last.stage and not r.has("area"):
            q = q.with_(stage=last.stage)
        if (
            last is not None and not q.indicators and last.indicators
        ):  # 其中哪所缺得最多: of the same indicator
            q = q.with_(indicators=last.indicators)
            if q.measure == "rank" and (r.has("shortage") or r.has("most_short")):
                q = q.with_(by="gap", order="most")
        notes.append(f"按上一条回答所列的{len(memory.listed)}所学校理解")
        if q.measure in ("describe", "gaps", "value", "unknown"):
            q = q.with_(measure="list")
        return q

    # 那初中呢？ 城关三小呢？ 换成清水镇呢？ 它的骨干教师呢？
    if last is not None and q.measure in ("describe", "value", "unknown", "gaps") and _elliptical(r, std):
        return _refine(last, q, r, memory, notes, std)

    # 它 / 该校: the last school.
    if r.has("anaphor") and not q.schools:
        school = memory.schools[0]
        q = q.with_(schools=(school,))
        stage = q.stage or (memory.stage if q.measure in ("what_if", "gaps", "verdict") else None)
        what = school + (f"（{_stage_label(stage)}）" if stage else "")
        notes.append(f"按 {what}" + ("、" + _short_names(q, std) if q.indicators else "") + " 理解")
        return q.with_(stage=stage) if stage and not q.stage else q

    # A short follow-up with no subject of its own stays on the last school (差多少？ 达标没？ 为什么？).
    if (
        not q.schools
        and not q.towns
        and not q.area
        and not q.not_towns
        and not q.area_type
        and memory.schools
        and q.measure in ("gaps", "verdict", "describe", "what_if", "guarantee")
        and not q.stage
        and not q.ownership
        and not q.kind
        and not (q.indicators and q.measure != "what_if")
        and not (e.years or r.has("which") or r.has("list") or r.has("count_noun") or r.has("total"))
        and last is not None
        and last.subject == "school"
    ):
        school = memory.schools[0]
        stage = memory.stage if q.measure == "what_if" else last.stage
        notes.append(_read_as(school, stage))
        return q.with_(schools=(school,), stage=stage)
    if r.has("why") and last is not None and not (q.schools or q.towns or q.area):
        return last.with_(tool="")  # 为什么？ after a verdict: the verdict says why
    return q


def _short_names(q: Query, std: Standard | None) -> str:
    if std is None:
        return ""
    return "、".join(std.indicator(k).short for k in q.indicators if k in std.keys)


def _refine(last: Query, q: Query, r: Reading, memory: Any, notes: list[str], std: Standard | None) -> Query:
    """The last question again with what the message changes (school, 乡镇, 学段, indicator, filter)."""
    new = last.with_(tool="", within=())
    if q.schools:
        measure = last.measure if last.measure in SUBJECT_MEASURES else "describe"
        new = new.with_(
            schools=q.schools, towns=(), not_towns=(), area=False, area_type=None, measure=measure
        )
    elif r.has("anaphor") and memory.schools:
        new = new.with_(schools=memory.schools[:1])
    if q.towns:
        measure = new.measure if new.measure not in ("what_if", "compare") else "describe"
        new = new.with_(towns=q.towns, schools=(), not_towns=(), area=False, measure=measure)
    if q.stage:
        new = new.with_(stage=q.stage)
    elif q.schools:
        new = new.with_(stage=None)
    if q.indicators:
        new = new.with_(indicators=q.indicators)
    if q.ownership:
        new = new.with_(ownership=q.ownership)
    what = "、".join(
        x
        for x in (
            *new.schools,
            *new.towns,
            _stage_label(q.stage),
            *(std.indicator(k).short for k in q.indicators if std is not None and k in std.keys),
        )
        if x
    )
    carried = [k for k in new.indicators if k not in q.indicators]
    if carried and std is not None:
        what += "（" + "、".join(std.indicator(k).short for k in carried if k in std.keys) + "）"
    plain = new.measure in ("describe", "gaps") and q.schools and not carried and not q.stage
    if not plain and what:
        notes.append(f"沿用上一问，按 {what} 理解")
    return new


# --- execution ---------------------------------------------------------------------------------------


def _filters(q: Query) -> dict[str, Any]:
    return {
        "township": q.towns[0] if len(q.towns) == 1 else None,
        "townships_together": list(q.towns) if len(q.towns) > 1 else [],
        "except_townships": list(q.not_towns),
        "area_type": q.area_type,
        "ownership": q.ownership,
        "kind": q.kind,
        "schools": list(q.within),
    }


def _routed(tool: str, args: dict[str, Any], q: Query, notes: list[str]) -> Routed:
    model = TOOLS[tool].args.model_validate(args)
    return Routed(tool, model, q.measure, notes, q.with_(tool=tool))


def _execute(q: Query, r: Reading, ctx: ChatContext, state: ChatState, notes: list[str]) -> Routed | Reply:
    e = r.entities
    m = q.measure
    first = q.indicators[0] if q.indicators else None
    school = q.schools[0] if q.schools else None

    if m == "help":
        return _routed("help", {}, q, notes)
    if m == "thanks":
        return Reply("不客气。还有什么要问的，可以接着说。", kind="info", intent="thanks")
    if m in ("workbook", "versions"):
        return _routed(m, {}, q, notes)
    if m == "export":
        return _routed(
            "export", {"format": "markdown" if re.search(r"markdown|md", r.text, re.I) else "docx"}, q, notes
        )
    if m.startswith("edit_"):
        return _edit(m, r, q, notes)
    if m == "polish":
        section = e.section or "方案"
        return Reply(
            f"没有语言模型时，我不能自行把“{section}”改写得更具体。可以：说“重写{section}”按数据重新生成；"
            f"说“在{section}里加一句：……”加入您的原话；或在“方案”页直接编辑。",
            kind="clarify",
            intent="clarify",
        )
    if m == "basis":
        return _routed("basis", {}, q, notes)
    if m == "document":
        return _routed("document", {"kind": kind_of(r.text)}, q, notes)
    if m == "plan_costs":
        return _routed("plan_costs", _cost_arguments(r), q, notes)
    if m == "plan_query":
        return _routed("plan_query", _plan_arguments(r, school, first), q, notes)
    if m == "draft":
        return _routed("draft", _draft_arguments(r), q, notes)
    if m == "trend":
        return _routed("trend", {"stage": q.stage, "indicators": list(q.indicators)}, q, notes)
    if m == "settings":
        args = {"start_year": e.years[0] if e.years else None, "years": e.duration, "level": _level(r.rest)}
        return _routed("settings", args, q, notes)
    if m.startswith("revise_"):
        return _routed("revise", _revise_arguments(m, r), q, notes)
    if m == "standard_items":
        return _routed("standard_items", _items_arguments(r), q, notes)
    if m == "standard_rule":
        return _rule(q, r, notes)
    if m == "transfer":
        return _transfer(q, r, notes)
    if m == "what_if":
        return _what_if(q, r, state, notes)
    subject = q.schools or q.towns or q.area or q.within or q.stage
    if r.has("unmeasured") and subject and not q.indicators and not q.items and m in _GENERAL:
        return _unmeasured(r, ctx)
    if (
        r.has("unmeasured") and m in _GENERAL and m != "policy"
    ):  # 厕所蹲位按多少学生配: asked of the policy index
        return _routed("policy_search", {"question": e.text, "examples": False}, q, notes)
    if m in ("policy", "policy_examples"):
        return _routed("policy_search", {"question": e.text, "examples": m == "policy_examples"}, q, notes)
    if m == "compare":
        return _compare(q, r, notes)
    if m == "composite":
        return _routed("cv", {"stage": q.stage, "composite": True}, q, notes)
    if m == "cv":
        if q.towns or q.schools:
            notes.append("差异系数是全域各校之间的指标，不按乡镇或单校计算；以下为全域")
        return _routed("cv", {"stage": q.stage, "indicators": list(q.indicators)}, q, notes)
    if m == "guarantee":
        args = {"items": list(q.items), "school": school, "stage": q.stage, **_filters(q)}
        return _routed("guarantees", args, q, notes)
    if m == "drag":
        return _routed("drag", {"stage": q.stage, **_filters(q)}, q, notes)
    if m == "rank":
        order = "best" if q.order == "most" and q.by != "gap" else "worst"
        if q.by == "students":
            order = "worst" if q.order == "least" else "best"
        args = {
            "stage": q.stage,
            "indicator": first,
            "order": order,
            "count": q.limit,
            "by": q.by,
            **_filters(q),
        }
        if q.limit is None and not r.has("rank"):
            args["count"] = 3 if q.by == "overall" else None
        if _TOWNS_ASKED.search(r.rest):  # 哪个乡镇最差, 哪个镇缺的骨干教师最多
            args["of"] = "towns"
            args["count"] = q.limit
        return _routed("rank", args, q, notes)
    if m in ("count", "rate", "list"):
        status = q.status or ("failed" if first and m == "list" and r.has("shortage") else "all")
        if m == "rate" and status == "all":
            status = "passed"
        show = "rate" if m == "rate" else q.show if m == "list" else ("rate" if q.show == "rate" else "count")
        if m == "list":
            show = "list"
        args = {"stage": q.stage, "status": status, "indicator": first, "show": show, **_filters(q)}
        if len(q.indicators) > 1:
            args.update({"also": list(q.indicators[1:]), "both": bool(re.search("都|同时|均|既", r.rest))})
        return _routed("count_schools", args, q, notes)
    if m == "profile":
        if q.subject == "school":
            return _routed("school_profile", {"school": school}, q, notes)
        return _routed("overview", {"stage": q.stage, **_filters(q)}, q, notes)
    if q.subject == "school":
        if len(q.schools) > 1 and m in ("describe", "gaps", "verdict", "value"):
            args = {
                "school": q.schools[0],
                "stage": q.stage,
                "indicators": list(q.indicators),
                "also": list(q.schools[1:5]),
            }
            return _routed("school_gaps", args, q, notes)
        args = {"school": school, "stage": q.stage, "indicators": list(q.indicators)}
        return _routed("school_gaps", args, q, notes)
    # the whole area, a 乡镇 or a kind of school
    if m == "verdict":
        return _routed("verdict", {"stage": q.stage, **_filters(q)}, q, notes)
    if m == "gaps":
        if r.has("why") or r.has("how_fix"):
            return _routed("verdict", {"stage": q.stage, **_filters(q)}, q, notes)
        if first is None and re.search(
            "各|分别|每所|逐校", r.rest
        ):  # 柳林乡各学校分别差什么: school by school
            return _routed("overview", {"stage": q.stage, **_filters(q)}, q, notes)
        unit = None
        if first is None:
            unit = next((u for u, ws in _UNIT_HINTS.items() if any(w in r.rest for w in ws)), None)
        args = {"stage": q.stage, "indicator": first, "unit": unit, **_filters(q)}
        return _routed("total_gap", args, q, notes)
    if m == "value" and first is not None:
        return _routed("indicator_across", {"indicator": first, "stage": q.stage, **_filters(q)}, q, notes)
    if m in ("describe", "value"):
        return _routed("overview", {"stage": q.stage, **_filters(q)}, q, notes)
    return Reply("这个问题我还不会回答。", kind="unknown", intent="unknown")


def _unmeasured(r: Reading, ctx: ChatContext) -> Reply:
    """A data question about something nothing measures (食堂, 宿舍): said so, with what can be asked."""
    word = r.words_of("unmeasured")[0]
    std = ctx.evaluation.standard if ctx.evaluation is not None else None
    asked = "、".join(i.short for i in std.indicators) if std is not None else ""
    return Reply(
        f"学校数据和评估标准中没有“{word}”这一项，无法回答。"
        + (f"可以问的指标有：{asked}，以及学校规模、班额、音乐美术专用教室。" if asked else "")
        + f"“{word}”方面的规定可以问“{word}有什么规定”。",
        kind="clarify",
        intent="clarify",
    )


_UNIT_HINTS = {
    "人": ("老师", "教师", "多少人", "几个人"),
    "㎡": ("平方", "面积", "㎡"),
    "万元": ("钱", "万元", "资金", "经费"),
    "间": ("几间", "多少间", "教室"),
}


def _edit(m: str, r: Reading, q: Query, notes: list[str]) -> Routed:
    section = _sub_section(r) or r.entities.section or ""  # 在强化经费保障里: the 小节, not 保障措施
    if m == "edit_start":
        found = START.search(r.text)
        year = int(found.group(1)) if found and found.group(1) else None
        month = int(found.group(2)) if found else None
        args = {"action": "start", "start_year": year, "start_month": month}
    elif m == "edit_insert":
        args = {"action": "insert", "section": section, "text": r.quote}
    elif m == "edit_replace":
        old, new = (r.quotes[0], r.quotes[1]) if len(r.quotes) >= 2 else _pair(r.text)
        args = {"action": "replace", "section": section, "old": old, "text": new}
    else:
        args = {"action": "delete", "section": section, "old": r.quote}
    return _routed("edit", args, q, notes)


def _sub_section(r: Reading) -> str:
    """A 小节 named in the message (在加强组织领导里加一句): the words before 里/中/部分."""
    m = re.search(r"在(.{2,12}?)(?:里|中|部分|一节|末尾|后面)", r.text)
    return m.group(1) if m else ""


def _pair(text: str) -> tuple[str, str]:
    m = PAIR.search(text)
    return (m.group(1), m.group(2)) if m else ("", "")


def _rule(q: Query, r: Reading, notes: list[str]) -> Routed:
    students = classes = None
    for m in SIZE.finditer(r.rest):
        value = parse_number(m.group(1))
        if value is None:
            continue
        if m.group(2) == "班":
            classes = int(value)
        else:
            students = int(value)
    grades = [g for g in re.findall(r"(?<![每])(\d+|[二两三四五六七八九十]+)个年级", r.rest)]
    if classes and grades and re.search(r"(每个|一个|每)年级", r.rest):  # 一个年级4个班，6个年级: 24 classes
        classes *= int(parse_number(grades[0]) or 1)
        notes.append(f"按共{classes}个班计算")
    if r.has("room_word") or items_in(r.rest) == ["special_rooms"]:
        item = "special_rooms"
    elif q.indicators:
        item = q.indicators[0]
    elif "班额" in r.rest or "一个班" in r.rest or "每班" in r.rest:
        item = "class_size"
    else:
        item = "school_size"
    args = {"item": item, "stage": q.stage or "primary" if item not in ("school_size",) else q.stage}
    args.update({"students": students, "classes": classes})
    return _routed("standard_rule", args, q, notes)


def _transfer(q: Query, r: Reading, notes: list[str]) -> Routed | Reply:
    e = r.entities
    if len(q.schools) < 2:
        return Reply(
            "请说明从哪所学校调到哪所学校，例如“从实验小学调5名骨干教师到城关三小”。",
            kind="clarify",
            intent="clarify",
        )
    if not e.additions:
        return Reply("要调动多少？请说出数量，例如“调5名骨干教师”。", kind="clarify", intent="clarify")
    positions = {m.name: m.start for m in e.mentions if m.name}
    text = e.text
    source, target = q.schools[0], q.schools[1]
    for name in q.schools[:2]:
        at = positions.get(name, -1)
        before = text[max(0, at - 2) : at]
        if re.search(r"[到去往给至向]|支援", before):
            target = name
            source = next(n for n in q.schools[:2] if n != name)
            break
        if "从" in before or "把" in before:
            source = name
            target = next(n for n in q.schools[:2] if n != name)
            break
    add = e.additions[0]
    args = {
        "source": source,
        "target": target,
        "columns": list(add.columns[:1]),
        "amount": add.amount,
        "stage": q.stage,
    }
    return _routed("transfer", args, q, notes)


def _what_if(q: Query, r: Reading, state: ChatState, notes: list[str]) -> Routed | Reply:
    e = r.entities
    if not q.schools:
        return Reply("要给哪所学校增加？请说出学校名称。", kind="clarify", intent="clarify")
    if e.vague or not e.additions:
        said = "、".join(e.vague) or "这个数量"
        return Reply(
            f"“{said}”不是确切数量。请告诉我具体增加多少，例如“增加30名教师”“新建1500平方米运动场”“购置20万元设备”。",
            kind="clarify",
            intent="clarify",
        )
    school = q.schools[0]
    changes = [{"columns": list(a.columns), "amount": a.amount} for a in e.additions]
    memory = state.memory
    last = memory.query
    again = last is not None and last.measure == "what_if" and memory.schools[:1] == (school,)
    if again and re.search(r"再|还要|另外|同时", r.rest) and memory.args.get("changes"):
        merged: dict[tuple[str, ...], float] = {}
        for change in [*memory.args.get("changes", []), *changes]:
            key = tuple(change["columns"])
            merged[key] = merged.get(key, 0.0) + change["amount"]
        changes = [{"columns": list(k), "amount": v} for k, v in merged.items()]
        notes.append("在上一次模拟的基础上累加")
    return _routed("what_if", {"school": school, "stage": q.stage, "changes": changes}, q, notes)


def _compare(q: Query, r: Reading, notes: list[str]) -> Routed:
    lacking = (
        r.has("shortage") or r.has("failed") or any("缺" in w or "差" in w for w in r.words_of("compare"))
    )
    by = "gap" if lacking else "value"
    if len(q.schools) >= 2:
        args = {"schools": list(q.schools), "stage": q.stage, "indicators": list(q.indicators), "by": by}
    else:
        args = {"townships": list(q.towns), "stage": q.stage, "indicators": list(q.indicators), "by": by}
    return _routed("compare", args, q, notes)


def _items_arguments(r: Reading) -> dict[str, Any]:
    part = "resources"
    for word, key in (
        ("政府保障", "guarantee"),
        ("教育质量", "quality"),
        ("社会认可", "recognition"),
        ("一票否决", "veto"),
    ):
        if word in r.rest:
            part = key
    return {"standard": r.entities.standard, "part": part}


# --- the plan's arguments (as the chat always read them) ----------------------------------------------


def _region(text: str) -> str | None:
    stripped = re.sub(r"帮我|给我|请|麻烦|一份|一个|一下|的|生成|起草|制定|编制|撰写|写|拟定?", "", text)
    stripped = re.sub(r"20\d\d\D{0,2}20\d\d", " ", stripped)
    m = re.search(r"([\u4e00-\u9fff]{2,8}?(?:街道|镇|乡|区|县|市))", stripped)
    if not m or m.group(1) in (
        "全镇",
        "全区",
        "全县",
        "本镇",
        "本区",
        "本县",
        "区县",
        "乡镇",
        "我县",
        "我区",
        "我镇",
    ):
        return None
    return m.group(1)


def _level(text: str) -> str | None:
    if re.search(r"县级市", text):
        return "city"
    if re.search(r"县级(?!及以上|以上)|全县|县方案", text):
        return "county"
    if re.search(r"区县|区级|全区|区方案", text):
        return "district"
    if re.search(r"镇级|乡级|全镇|镇方案|乡镇方案", text):
        return "town"
    return None


def _draft_arguments(r: Reading) -> dict[str, Any]:
    e = r.entities
    start = e.years[0] if e.years else None
    years = e.years[1] - e.years[0] + 1 if len(e.years) >= 2 and e.years[1] >= e.years[0] else e.duration
    return {
        "region": _region(e.text),
        "start_year": start,
        "years": years,
        "level": _level(r.rest),
        "standard": e.standard,
    }


def _topic(text: str, section: str) -> str:
    m = re.search(r"(?:关于|有关)(.+?)(?:的)?(?:内容|任务|措施|工作|段落|要求|条目)?[。.！!]?$", text)
    if not m:
        m = re.search(
            r"(?:加|增加|添加|补充|新增|补上|写入)(?:一条|一段|一项|一点|一句)?(.+?)(?:的)?(?:内容|任务|措施|段落)?[。.！!]?$",
            text,
        )
    topic = m.group(1).strip() if m else ""
    for w in vocabulary().sections[section]:
        topic = topic.replace(w, "")
    return topic.strip("，,。 的里中")


def _revise_arguments(measure: str, r: Reading) -> dict[str, Any]:
    e = r.entities
    action = {"revise_delete": "delete", "revise_rewrite": "rewrite"}.get(measure, "add")
    section = e.section or ("" if e.part else "主要任务")
    return {
        "action": action,
        "section": section,
        "topic": _topic(e.text, section) if action == "add" else "",
        "item": e.item,
        "part": e.part,
        "kind": kind_of(e.text),
    }


def _year_index(t: str) -> int | None:
    """第N年 / 最后一年 / 首年 → the plan's year index (1-based; -1 the last)."""
    m = re.search(r"第([一二三四五六七八九十\d])年|(最后一年|最后1年|末年)|(首年|头一年)", t)
    if not m:
        return None
    return -1 if m.group(2) else 1 if m.group(3) else int(parse_number(m.group(1)) or 1)


_FUND_WORDS = {
    "personnel": ("人员经费", "人员费", "工资", "人头费", "教师经费", "人员开支"),
    "training": ("培养培训", "培训经费", "培训费", "培训"),
    "construction": ("建设资金", "建设经费", "建设费", "基建", "工程", "建设投入", "建设投资"),
}


def _cost_arguments(r: Reading) -> dict[str, Any]:
    e, t = r.entities, r.rest
    fund = next((f for f, ws in _FUND_WORDS.items() if any(w in t for w in ws)), None)
    year = e.years[0] if e.years else None
    if year is None and "明年" in t:
        year = date.today().year + 1
    index = None if year is not None else _year_index(t)
    yearly = any(w in t for w in ("每年", "分年度", "各年", "逐年", "每一年", "年度"))
    return {"fund": fund, "year": year, "year_index": index, "yearly": yearly}


def _plan_arguments(r: Reading, school: str | None, indicator: str | None) -> dict[str, Any]:
    e, t = r.entities, r.rest
    if school:
        return {"aspect": "school", "school": school, "indicator": indicator}
    if e.years or "明年" in t:
        year = e.years[0] if e.years else date.today().year + 1
        return {"aspect": "year", "year": year, "indicator": indicator}
    index = _year_index(t)
    if index is not None:
        return {"aspect": "year", "year_index": index, "indicator": indicator}
    if indicator is not None:
        return {"aspect": "tasks", "indicator": indicator}
    if any(w in t for w in ("哪几年", "几年", "哪年", "年份", "起止", "多少年", "期限", "年限")):
        return {"aspect": "years"}
    if any(w in t for w in ("钱", "投入", "经费", "资金", "投资", "费用", "预算")):
        return {"aspect": "cost"}
    return {"aspect": "tasks"}
