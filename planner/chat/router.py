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
from typing import Any

from pypinyin import lazy_pinyin

from metrics.columns import BY_KEY
from metrics.result import STAGE_NAMES
from metrics.standards import Standard
from planner.chat.args import Args
from planner.chat.edits import has_label
from planner.chat.entities import FieldWords, normalise, vocabulary
from planner.chat.grammar import NEW_TEXT, PAIR, measure_of, start_of
from planner.chat.guarantees import item_words, items_in
from planner.chat.names import Mention, SchoolIndex, school_index, sound
from planner.chat.plan_args import (
    cost_arguments,
    draft_arguments,
    level_of,
    plan_arguments,
    revise_arguments,
)
from planner.chat.query import Query
from planner.chat.reading import Reading, read, towns_in
from planner.chat.scope import is_fragment, resolve
from planner.chat.slots import ABOVE, KINDS, query_of
from planner.chat.tools import TOOLS
from planner.chat.types import ChatContext, ChatState, Memory, Pending, Reply
from planner.documents import kind_of
from planner.numerals import parse_number

__all__ = ["REFUSAL", "Routed", "route"]

REFUSAL = "抱歉，这个问题超出了本助手的范围，无法回答。我只回答学校数据、均衡发展政策和实施方案方面的问题。"
_LISTED = re.compile(r"第([一二三四五六七八九十\d])(?:个|所|名|家)(?:学校)?")
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
_FOLLOW_UP = ("why", "how_fix", "anaphor", "within", "ellipsis", "excess")
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
    columns: tuple[str, ...] = ()
    if memory.tool == "what_if" and memory.args.get("changes"):
        columns = tuple(memory.args["changes"][0]["columns"])
    elif memory.tool == "transfer" and memory.args.get("columns"):
        columns = tuple(memory.args["columns"])
    if columns:
        return FieldWords((BY_KEY[columns[0]].header,), columns, BY_KEY[columns[0]].unit)
    if std is None or not memory.indicators or memory.indicators[0] not in std.keys:
        return None
    ind = std.indicator(state.memory.indicators[0])
    return FieldWords((ind.short,), (ind.add_to,), ind.gap_unit)


def _read(text: str, ctx: ChatContext, state: ChatState) -> Reading:
    std = ctx.evaluation.standard if ctx.evaluation is not None else None
    region = ctx.region or ""
    return read(normalise(text), _names(ctx), std, _towns(ctx), _fallback_field(state, std), region)


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

    if pending is not None and pending.town and _means_town(reading, pending):
        state.pending = None  # 街道 / 东沙街道 after 东沙 was asked back: the question about the 乡镇
        return _route(
            _read(pending.text.replace(pending.said, pending.town, 1), ctx, state), ctx, state, None
        )
    if pending is not None:
        forced = _answer_to(reading, pending, ctx)
        if forced is not None:
            state.pending = None
            routed = _route(_read(pending.text, ctx, state), ctx, state, forced)
            if isinstance(routed, Routed):
                stage = getattr(routed.args, "stage", None)
                routed.notes.insert(0, _read_as(forced, stage))
            return routed

    # 第二个 / 排第二的呢: the second school of the last ranking or list.
    e = reading.entities
    order = memory.ranked or memory.listed
    if memory.ranked and memory.listed and _NEXT.fullmatch(reading.text.strip()):
        state.pending = None  # 除了它呢 / 其次呢 after a ranking: the next one down
        return _ordinal(len(memory.listed) + 1, order, ctx, state)
    if e.ordinal and order and not e.mentions:
        state.pending = None
        return _ordinal(e.ordinal, order, ctx, state)
    if _off_topic(reading):
        return Reply(REFUSAL, kind="refused", intent="refused")
    asked = memory.asked
    after_rule = asked is not None and asked.measure == "standard_rule" and bool(asked.indicators)
    if reading.has("share") and not e.indicators and after_rule:  # 那85%对应多少: that standard's share
        share = re.sub("它的|它|这个的|这个|那个的|那个", "", reading.text)
        return _route(_read(f"{asked.text}，{share}", ctx, state), ctx, state, None)
    relabel = _relabel(reading, state)
    if relabel is not None:
        return relabel
    that = _that_school(reading, ctx, memory.schools)  # 那个教学点 with no school talked about
    if that is not None:
        said, candidates = that
        if len(candidates) == 1:
            routed = _route(reading, ctx, state, candidates[0])
            if isinstance(routed, Routed):
                routed.notes.insert(0, f"“{said}”按 {candidates[0]} 理解")
            return routed
        if len(candidates) > _ASK_AT_MOST:
            return Reply(f"您说的“{said}”指哪一所？请说出学校名称。", kind="clarify", intent="clarify")
        return _ask_school(Mention(said, 0, 0, None, candidates, True), state, reading.text)
    unknown = _unknown_attribute(reading)  # 城关一小的嘎嘎指数怎么样: asked, not the school's figures
    if unknown is not None:
        return Reply(
            f"抱歉，数据和标准里没有“{unknown}”这一项，我不明白它指什么。您想问的是哪项指标？"
            "例如：骨干教师、生均教学用房、运动场、仪器设备、多媒体教室、在校生、班额。",
            kind="clarify",
            intent="unknown",
        )
    town_school = _town_school(reading, ctx)  # 石门小学 where the data has 石门镇的三所小学
    if town_school is not None:
        said, candidates = town_school
        if len(candidates) == 1:
            routed = _route(reading, ctx, state, candidates[0])
            if isinstance(routed, Routed):
                routed.notes.insert(0, f"“{said}”按 {candidates[0]} 理解")
            return routed
        return _ask_school(Mention(said, 0, 0, None, candidates, True), state, reading.text)
    measure, _ = measure_of(reading, state)
    bare = _bare_follow_up(reading, measure) and not is_fragment(reading, std_of(ctx))
    if memory.asked is not None and bare:
        said = _context_words(memory, std_of(ctx))  # 标准多少 after a 差异系数: 差异系数标准多少
        if said == "模拟后" and (reading.has("yesno") or reading.has("passed")):
            return _route(_read("模拟后能达标吗", ctx, state), ctx, state, None)
        if said:
            return _route(_read(said + reading.text, ctx, state), ctx, state, None)
    both = _town_or_school(reading, measure, ctx)
    if both is not None:
        return _ask_town_or_school(reading, both, state)
    m = _LISTED.search(e.rest)
    listed = bool(m and memory.listed and not e.mentions)  # 第一个怎么样: the last answer's first school
    std = ctx.evaluation.standard if ctx.evaluation is not None else None
    follow_up = memory.query is not None and (
        any(reading.has(c) for c in _FOLLOW_UP)
        or is_fragment(reading, std)  # 民办的不要: a filter on it
        or _short_question(reading)  # 哪个最少 / 多少平方 / 哪年发的: about the last answer
    )
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


_RELABEL = re.compile(
    r"^(?:请)?(?:把|将)?(?:方案(?:中|里)?的?)?([\u4e00-\u9fff]{2,6}?)(?:统一|全部|都|一律|全都)?"
    r"(?:改成|改为|换成|调整为|替换为|定为)[:：]?([^，。,]{2,24})[。！!]?$"
)
"""把责任单位统一改成乡中心学校, 领导小组组长改成镇长: a role the plan fills, given a new value."""


def _relabel(r: Reading, state: ChatState) -> Routed | None:
    if state.plan is None or r.quotes:
        return None
    m = _RELABEL.search(r.text.strip())
    if m is None:
        return None
    label = m.group(1)
    for cut in range(len(label) - 1):  # 领导小组组长: the longest tail the plan names (组长)
        if has_label(state.plan, label[cut:]):
            args = {"action": "label", "old": label[cut:], "text": m.group(2)}
            return _routed("edit", args, Query("edit"), [])
    return None


_ASKING = ("which", "quantity", "most", "least", "yesno", "question", "passed", "failed", "excess")


def _short_question(r: Reading) -> bool:
    """A question of a few characters with nothing to place it but the conversation (哪个最少, 多少平方,
    哪年发的, 超了吗): it asks about the last answer."""
    plain = re.sub(r"[\s?？。!！,，]", "", r.text)
    return len(plain) <= 8 and any(r.has(c) for c in _ASKING) and not _own_words(r)


def _own_words(r: Reading) -> bool:
    """今晚食堂吃啥: words of its own that are not about the data (off topic, unmeasured, unknown)."""
    return r.has("offtopic") or r.has("unmeasured") or len(_unknown_chars(r)) >= 3


_ASK_AT_MOST = 6
"""Candidates listed in a question asked back; more are asked for by name."""
_THAT = re.compile(r"(?:那个|这个|那所|这所)(教学点|小学|初中|中学|一贯制学校|九年制学校)")


_IN_SCOPE = re.compile("算不算|算进|算在|计入|计不计|纳入|纳不纳入|参不参|参评|包括|包含|算上")


def _in_the_cv(school: str, ctx: ChatContext) -> Reply:
    """Whether a school's figures enter the 差异系数: judged schools do, a 教学点 under the standard's
    pupil floor does not (evaluation.excluded says why)."""
    ev = ctx.evaluation
    excluded = next((x for x in ev.excluded if x.name == school), None) if ev is not None else None
    if excluded is not None:
        text = f"{school}不参评（{excluded.reason}），不计入差异系数的计算。"
    else:
        parts = ev.school(school) if ev is not None else []
        said = "、".join(f"{STAGE_NAMES.get(s.stage, s.stage)}在校生{s.students}人" for s in parts)
        stages = "、".join(dict.fromkeys(STAGE_NAMES.get(s.stage, s.stage) for s in parts))
        floor = ev.standard.teaching_point_min_students if ev is not None else None
        text = f"{school}（{said}）是参评学校，计入{stages}各项差异系数的计算" + (
            f"（只有在校生不足{floor}人的教学点不参评）。" if floor else "。"
        )
    return Reply(text, kind="info", intent="cv")


def _senior_pupils(ctx: ChatContext, schools: tuple[str, ...]) -> str:
    """数据中的高中在校生：… — of the school talked about when it has a 高中部, else of every school that
    has one (the upload's 高中在校生 column), said before why they are not judged."""
    frame = ctx.schools
    if frame is None or "senior_students" not in frame:
        return ""
    rows = frame[frame["senior_students"].fillna(0) > 0]
    own = rows[rows["name"].isin(schools)]
    rows = own if not own.empty else rows
    if rows.empty:
        return "数据中没有高中学段的在校生。"
    parts = "、".join(f"{n}{int(v)}人" for n, v in zip(rows["name"], rows["senior_students"], strict=True))
    total = int(rows["senior_students"].sum())
    return f"数据中的高中在校生：{parts}" + (f"，合计{total}人" if len(rows) > 1 else "") + "。\n\n"


def _that_school(r: Reading, ctx: ChatContext, talked: tuple[str, ...]) -> tuple[str, tuple[str, ...]] | None:
    """(said, candidates) for 那个教学点 / 这所初中 naming no school: the last school talked about when
    it is of that kind, else the data's schools of the kind — one taken, several asked about."""
    m = _THAT.search(r.rest)
    frame = ctx.schools
    if m is None or r.entities.mentions or r.towns or frame is None or "name" not in frame:
        return None
    kind = m.group(1)
    types = frame["school_type"].astype(str) if "school_type" in frame else None
    if kind == "教学点" and types is not None:
        names = frame.loc[types == "教学点", "name"]
    elif kind in ("一贯制学校", "九年制学校") and types is not None:
        names = frame.loc[types.str.contains("一贯"), "name"]
    else:
        column = "primary_students" if kind == "小学" else "junior_students"
        if column not in frame:
            return None
        names = frame.loc[frame[column].fillna(0) > 0, "name"]
    candidates = tuple(dict.fromkeys(str(n) for n in names))
    if any(t in candidates for t in talked):
        return None  # the school just talked about: 它 by another word
    return (m.group(0), candidates) if candidates else None


def _town_school(r: Reading, ctx: ChatContext) -> tuple[str, tuple[str, ...]] | None:
    """(said, candidates) for a 乡镇's short name followed by 小学/初中/中学 that no school of the data is
    called (石门小学): the 乡镇's schools of that 学段, one taken, several asked about — never the whole
    area with the 乡镇 dropped."""
    ev = ctx.evaluation
    if ev is None or r.entities.mentions:
        return None
    for town in _towns(ctx):
        core = re.sub(r"(街道|镇|乡)$", "", town)
        if len(core) < 2 or town in r.rest:
            continue
        m = re.search(re.escape(core) + r"(小学|初中|中学)(?!生|部)", r.rest)
        if m is None:
            continue
        stage = "primary" if m.group(1) == "小学" else "junior"
        names = tuple(dict.fromkeys(s.name for s in ev.schools if s.township == town and s.stage == stage))
        if names:
            return m.group(0), names
    return None


def _bare_follow_up(r: Reading, measure: str) -> bool:
    """A short question with no subject, indicator or 学段 of its own that no rule reads as anything but
    a policy question or nothing (标准是多少来着, 够标准了吗, 生均多少, 哪年发的)."""
    e = r.entities
    if e.mentions or r.towns or e.indicators or e.stage or e.standard or r.has("area") or items_in(r.rest):
        return False  # 班额有什么要求: a subject of its own (a 政府保障 item), a policy question
    if re.search(r"\d", r.text) or r.has("cv_target"):  # 能降到0.2以下吗: a figure of its own
        return False
    if any(r.has(c) for c in _FOLLOW_UP):  # 为什么, 它呢: read by the follow-up rules themselves
        return False
    if _own_words(r):
        return False
    plain = re.sub(r"[\s?？。!！,，]", "", r.text)
    asking = any(r.has(c) for c in (*_ASKING, "standard_ask", "policy"))
    return len(plain) <= 12 and asking and (measure in ("policy", "unknown") or not r.on_topic)


_FILLERS = re.compile(r"[的了吗呢吧啊呀是在有个和与及把被给都也就还又要会能想来着那这\d\W_a-zA-Z]")


def _unknown_chars(r: Reading) -> str:
    """The characters of a message that no lexicon word, entity or filler accounts for."""
    left = r.rest
    for word in sorted({w for w, _ in r.words}, key=len, reverse=True):
        left = left.replace(word, "")
    return _FILLERS.sub("", left)


def std_of(ctx: ChatContext) -> Standard | None:
    return ctx.evaluation.standard if ctx.evaluation is not None else None


def _context_words(memory: Memory, std: Standard | None) -> str:
    """The words of the last question that a short follow-up leaves out, said as the official would
    (青溪县城关第二小学骨干教师, 初中差异系数, 能达标吗 after a simulation): the follow-up is read with them
    in front."""
    asked = memory.asked
    if asked is None:
        return ""
    if asked.measure in ("policy", "policy_examples"):
        return asked.text + "，"
    if asked.measure in ("transfer", "what_if"):
        return "模拟后"
    stage = STAGE_NAMES.get(asked.stage or "", "")
    shorts = "、".join(std.indicator(k).short for k in asked.indicators if std is not None and k in std.keys)
    if asked.measure in ("cv", "composite"):
        return stage + ("综合差异系数" if asked.measure == "composite" else "差异系数")
    subject = "".join(asked.schools[:1] or memory.schools[:1] or asked.towns)
    if asked.measure == "rank" and memory.schools:
        subject = memory.schools[0]
    words = subject + ("" if asked.schools or asked.measure == "rank" else stage) + shorts
    return words


_NEXT = re.compile(
    r"(?:那|那么)?(?:除了(?:它|这个|这所|这家|他)(?:以外|之外)?|除此之外|其次|下一个|下一名|再往下|后面一个|"
    r"(?:排在)?(?:它|这个|这所)?后面(?:的|那个|那所|一个|一所)?)"
    r"(?:呢|还有呢|是哪个|是哪所|是谁|还有谁|还有哪个)?[?？。!！]*"
)
"""The next school of the last ranking (除了它呢, 其次呢)."""

_TOWN_CUES = (
    "total",
    "area",
    "list",
    "count_noun",
    "which",
    "rank",
    "most",
    "least",
    "most_short",
    "compare",
)
"""Words that make a 乡镇's short name the 乡镇 (东沙一共差多少, 东沙有哪些学校)."""


def _town_or_school(r: Reading, measure: str, ctx: ChatContext) -> tuple[str, str, list[str]] | None:
    """(said, 乡镇, schools) when a 乡镇 is named by a short name that is also a school's own name (东沙 of
    东沙街道 and 东沙小学, 鹭洲区东沙学校) in a question about one subject: two close readings, asked."""
    if len(r.towns) != 1 or r.entities.mentions or any(r.has(c) for c in _TOWN_CUES):
        return None
    if measure not in ("gaps", "value", "describe", "verdict", "guarantee", "unknown"):
        return None
    town = r.towns[0]
    core = re.sub(r"(街道|镇|乡)$", "", town)
    said = next((w for w in _heard_as(r.text, core) if w), "")
    if not said or town in r.text:
        return None
    own = re.compile(re.escape(core) + r"(?!镇|乡|街道)")
    judged = {s.name for s in ctx.evaluation.schools} if ctx.evaluation is not None else set()
    schools = [n for n in _names(ctx).names if n in judged and own.search(n)]
    return (said, town, schools) if 0 < len(schools) <= 3 else None  # many: the 乡镇's naming custom


def _heard_as(text: str, core: str) -> list[str]:
    """The words of ``text`` that are ``core`` or sound like it (金屏 for 锦屏)."""
    if core in text:
        return [core]
    sounds = lazy_pinyin(core)
    return [
        text[i : i + len(core)]
        for i in range(len(text) - len(core) + 1)
        if lazy_pinyin(text[i : i + len(core)]) == sounds
    ]


def _ask_town_or_school(r: Reading, both: tuple[str, str, list[str]], state: ChatState) -> Reply:
    said, town, schools = both
    options = [f"{town}（全{town[-2:] if town.endswith('街道') else town[-1]}合计）", *schools[:4]]
    state.pending = Pending(r.text, tuple(schools[:4]), town=town, said=said)
    listing = "；".join(f"{i}. {c}" for i, c in enumerate(options, 1))
    return Reply(
        f"“{said}”可以指{town}，也可以指{'、'.join(schools[:4])}。请问是哪一个？{listing}",
        kind="clarify",
        suggestions=[town, *schools[:4]],
        intent="clarify",
    )


def _means_town(r: Reading, pending: Pending) -> bool:
    """The answer to 东沙 asked back chooses the 乡镇: its name, 街道, 全镇, 第1个."""
    text = r.text.strip().rstrip("?？。")
    if r.towns == (pending.town,) and not r.entities.mentions:
        return True
    if r.entities.ordinal == 1 and len(text) <= 4:
        return True
    return bool(
        re.fullmatch(r"(整个|全)?(街道|镇|乡|乡镇|镇上|街道的|全街道|全镇|全乡)(的|那个|吧|呢)?", text)
    )


_DATA_CLASSES = (
    "cv",
    "composite",
    "policy",
    "standard_word",
    "shortage",
    "need",
    "passed",
    "count_noun",
    "drag",
)


def _off_topic(r: Reading) -> bool:
    """天气, 股票, 火车票 …: declined even when a place or a school is named beside them, unless the
    message also asks about an indicator, the standard or a gap."""
    if not r.has("offtopic"):
        return False
    return not (r.entities.indicators or items_in(r.rest) or any(r.has(c) for c in _DATA_CLASSES))


def _ordinal(index: int, order: tuple[str, ...], ctx: ChatContext, state: ChatState) -> Routed | Reply:
    """The school at ``index`` (1-based; negative from the end) of the last ranking or list, on the
    indicator that ranking was about."""
    memory = state.memory
    if abs(index) > len(order) or index == 0:
        return Reply(f"上一条回答只列出了{len(order)}所学校。", kind="clarify", intent="clarify")
    last = memory.query
    place = f"第{index}所" if index > 0 else f"倒数第{-index}所"
    if index < 0 and last is not None and last.measure == "rank" and last.order == "least":
        index = -index  # 倒数第二 after 最少的: the second lowest, the start of this order
        place = f"倒数第{index}所（从最低数起）"
    name = order[index - 1] if index > 0 else order[index]
    ev = ctx.evaluation
    stage = memory.stage if ev is not None and memory.stage and ev.school(name, memory.stage) else None
    indicators = list(last.indicators) if last is not None and last.measure == "rank" else []
    args = TOOLS["school_gaps"].args.model_validate(
        {"school": name, "stage": stage, "indicators": indicators}
    )
    query = Query("describe", schools=(name,), stage=stage, indicators=tuple(indicators))
    return Routed("school_gaps", args, "ordinal", [f"按 {place}：{name} 理解"], query)


_CITY = re.compile("县城|城区|城里|县里|区里|市区|城关|主城|县直|区直|市里")


def _answer_to(reading: Reading, pending: Pending, ctx: ChatContext) -> str | None:
    """The school an answer to a question asked back chooses: a number, a name, its 乡镇 (白沙的), the
    county seat (县城那个), its kind (小学, 中学那个), or yes."""
    e = reading.entities
    text = reading.text.rstrip("?")
    candidates = pending.candidates
    if e.ordinal and 0 < e.ordinal <= len(candidates):
        return candidates[e.ordinal - 1]
    if e.schools and e.schools[0] in candidates:
        return e.schools[0]
    if text in ("是", "是的", "对", "对的", "嗯", "好", "没错") and len(candidates) == 1:
        return candidates[0]
    if re.search("九年|一贯|十二年", text) and ctx.evaluation is not None:  # 九年制那个
        combined = {s.name for s in ctx.evaluation.schools if "一贯" in s.school_type}
        chosen = [c for c in candidates if c in combined]
        if len(chosen) == 1:
            return chosen[0]
    if e.mentions or len(text) > 12:
        return None
    town_of = {}
    if ctx.evaluation is not None:
        town_of = {s.name: s.township for s in ctx.evaluation.schools}
    if reading.towns:
        chosen = [c for c in candidates if town_of.get(c) in reading.towns]
        return chosen[0] if len(chosen) == 1 else None
    if _CITY.search(text):
        return _in_the_seat(candidates, ctx)
    core = re.sub(r"那个|那所|这个|这所|的|吧|呢|是|就|啊", "", text)
    if len(core) >= 2:  # 学校那个: the one candidate whose name holds what is said
        holding = [c for c in candidates if core in c]
        if len(holding) == 1:
            return holding[0]
    if e.stage is not None or re.search("小学|中学|初中", text):
        word = {"primary": ("小学",), "junior": ("中学", "初中", "初级中学")}.get(e.stage or "", ())
        word = word or (("小学",) if "小学" in text else ("中学", "初中", "初级中学"))
        chosen = [c for c in candidates if any(w in c for w in word)]
        return chosen[0] if len(chosen) == 1 else None
    return None


def _in_the_seat(candidates: tuple[str, ...], ctx: ChatContext) -> str | None:
    """The candidate in the county (or district) seat: in a 城区 school row, else named after the
    county or district rather than a 乡镇."""
    frame = ctx.schools
    if frame is not None and "urban_rural" in frame:
        kinds = dict(zip(frame["name"], frame["urban_rural"], strict=False))
        chosen = [c for c in candidates if kinds.get(c) == "城区"]
        if len(chosen) == 1:
            return chosen[0]
    chosen = [c for c in candidates if re.match(r"[^镇乡]{2,6}?[县区市](?!镇|乡)", c)]
    return chosen[0] if len(chosen) == 1 else None


def _route(reading: Reading, ctx: ChatContext, state: ChatState, forced: str | None) -> Routed | Reply:
    measure, _ = measure_of(reading, state)
    notes: list[str] = []
    e = reading.entities
    memory = state.memory

    # Names: a sound-alike is taken and said; an ambiguous one is settled by the last school's 乡镇,
    # or asked back.
    schools: list[str] = []
    known = any(m.name for m in e.mentions)
    for mention in e.mentions:
        if mention.unknown and known:
            continue  # a name-like word beside a school of the data: the school is what is asked
        if mention.name:
            if not mention.exact:
                notes.append(f"“{mention.text}”按 {mention.name} 理解")
            schools.append(mention.name)
            continue
        if forced is not None and forced not in schools:
            schools.append(forced)
            forced = None
            continue
        own = _own_town(mention, ctx)  # 城关镇中心小学: only 城关镇's, whatever was talked about
        if own is not None:
            if isinstance(own, Reply):
                return own
            if len(own) == 1:
                schools.append(own[0])
                continue
            mention = Mention(mention.text, mention.start, mention.end, candidates=own)
            return _ask_school(mention, state, reading.text)
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

    query = query_of(measure, reading, tuple(schools))
    streets = tuple(t for t in _towns(ctx) if t.endswith("街道"))
    if reading.has("towns_only") and streets and not query.towns and not query.schools:
        query = query.with_(not_towns=streets)  # 只看镇里的学校，不含两个街道
    if reading.strange_places and measure in (*_GENERAL, "compare"):
        query = _strange_place(query, reading, ctx, notes)
        if isinstance(query, Reply):
            return query
    if not schools and reading.has("school_kind"):
        query = _kind_of_school(query, reading, ctx, state, notes)
        if isinstance(query, Reply):
            return query
    std = ctx.evaluation.standard if ctx.evaluation is not None else None
    resolved = resolve(query, reading, state, notes, std)
    if isinstance(resolved, Reply):
        return resolved
    return _execute(resolved, reading, ctx, state, notes)


def _own_town(mention: Mention, ctx: ChatContext) -> tuple[str, ...] | Reply | None:
    """For a name that says its 乡镇 (城关镇中心小学): the candidates of that 乡镇, or a Reply that the
    乡镇 has no such school (never another 乡镇's school of that kind). None when no 乡镇 is said."""
    ev = ctx.evaluation
    said = [t for _, _, t in towns_in(mention.text, _towns(ctx)) if t in mention.text]
    if ev is None or len(said) != 1:
        return None
    town_of = {s.name: s.township for s in ev.schools}
    kind = re.search("(小学|中学|初中|教学点)$", mention.text)
    words = {"小学": ("小学",), "中学": ("中学",), "初中": ("中学", "初中"), "教学点": ("教学点",)}
    wanted = words[kind.group(1)] if kind else ("",)
    own = tuple(c for c in mention.candidates if town_of.get(c) == said[0] and any(w in c for w in wanted))
    if own:
        return own
    theirs = "、".join(dict.fromkeys(s.name for s in ev.schools if s.township == said[0]))
    return Reply(
        f"数据中没有“{mention.text}”。{said[0]}的学校有：{theirs}。请问是哪一所？",
        kind="clarify",
        intent="clarify",
    )


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


_PLURAL = re.compile(r"都|各|所有|全部|哪些|哪几|几所|每所|这些|多少所|分别")


_SAME_KIND = {"中心学校": ("中心学校", "中心小学", "中心校"), "中心校": ("中心学校", "中心小学", "中心校")}


def _kind_of_school(
    q: Query, r: Reading, ctx: ChatContext, state: ChatState, notes: list[str]
) -> Query | Reply:
    """中心小学 with no place: one school of that kind is it; several are all of them when the question
    is about several (中心小学都达标了吗), else asked back (中心小学达标了吗)."""
    word = r.words_of("school_kind")[0]
    index = _names(ctx)
    ends = _SAME_KIND.get(word, (word,))  # 中心学校 is also what people call a 中心小学
    found = [n for n in index.names if n.endswith(ends)]
    found += [n for a, ns in index.aliases.items() if a.endswith(ends) for n in ns if n not in found]
    judged = {s.name for s in ctx.evaluation.schools} if ctx.evaluation is not None else set()
    found = [n for n in dict.fromkeys(found) if n in judged]
    stage = r.entities.stage
    if stage and ctx.evaluation is not None and len(found) > 1:  # 中心学校初中部: the one with a 初中
        found = [n for n in found if ctx.evaluation.school(n, stage)] or found
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
    if not candidates:  # 光明小学 where no school is called anything like it: said, never the area's
        return Reply(
            f"数据中没有“{mention.text}”这所学校。请核对学校名称（可以说“列出全部学校”查看名单）。",
            kind="clarify",
            intent="clarify",
        )
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


# --- execution ---------------------------------------------------------------------------------------


def _filters(q: Query) -> dict[str, Any]:
    return {
        "township": q.towns[0] if len(q.towns) == 1 else None,
        "townships_together": list(q.towns) if len(q.towns) > 1 else [],
        "except_townships": list(q.not_towns),
        "area_type": q.area_type,
        "ownership": q.ownership,
        "kind": q.kind,
        "except_kinds": list(q.not_kinds),
        "schools": list(q.within),
        "except_schools": list(q.not_schools),
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
    if m == "senior":  # 高中部呢: outside 义务教育; its facilities are split off, its teachers not counted
        return Reply(
            _senior_pupils(ctx, q.schools or state.memory.schools)
            + "义务教育均衡发展评估只评小学和初中学段，高中部（高中段）不在评估范围：一贯制学校、完全中学的"
            "设施按在校生比例拆分后只计入小学部、初中部，教师按各学段实际任教人数填报。",
            kind="info",
            intent="senior",
        )
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
            f"没有语言模型时，我不能自行改写“{section}”（写得更具体或更简短）。可以：说“重写{section}”按数据重新生成；"
            f"说“在{section}里加一句：……”加入您的原话；或在“方案”页直接编辑。",
            kind="clarify",
            intent="clarify",
        )
    if m == "basis":
        return _routed("basis", {}, q, notes)
    if m == "document":
        return _routed("document", {"kind": kind_of(r.text)}, q, notes)
    if m == "plan_costs":
        return _routed("plan_costs", cost_arguments(r), q, notes)
    if m == "plan_query":
        return _routed("plan_query", plan_arguments(r, school, first), q, notes)
    if m == "draft":
        return _routed("draft", draft_arguments(r), q, notes)
    if m == "trend":
        return _routed("trend", {"stage": q.stage, "indicators": list(q.indicators)}, q, notes)
    if m == "settings":
        args = {"start_year": e.years[0] if e.years else None, "years": e.duration, "level": level_of(r.rest)}
        return _routed("settings", args, q, notes)
    if m.startswith("revise_"):
        return _routed("revise", revise_arguments(m, r), q, notes)
    if m == "standard_items":
        return _routed("standard_items", _items_arguments(r, q), q, notes)
    if m == "standard_rule":
        return _rule(q, notes)
    if m == "transfer":
        return _transfer(q, notes)
    if m == "what_if":
        return _what_if(q, r, state, notes)
    subject = q.schools or q.towns or q.area or q.within or q.stage
    if r.has("unmeasured") and subject and not q.indicators and not q.items and m in _GENERAL:
        return _unmeasured(r, ctx)
    if (
        r.has("unmeasured") and m in _GENERAL and m != "policy"
    ):  # 厕所蹲位按多少学生配: asked of the policy index
        return _routed("policy_search", {"question": q.text, "examples": False}, q, notes)
    if m in ("policy", "policy_examples"):
        return _routed("policy_search", {"question": q.text, "examples": m == "policy_examples"}, q, notes)
    if m == "split":
        return _routed("split_rule", {"school": school}, q, notes)
    if m == "compare":
        return _compare(q, notes)
    if m == "composite":
        return _routed("cv", {"stage": q.stage, "composite": True}, q, notes)
    if m == "cv" and len(q.schools) == 1 and _IN_SCOPE.search(r.rest):  # 岭头教学点算不算进差异系数
        state.memory.schools = q.schools
        return _in_the_cv(q.schools[0], ctx)
    if m == "cv":
        if q.towns or q.schools:
            notes.append("差异系数是全域各校之间的指标，不按乡镇或单校计算；以下为全域")
            q = q.with_(towns=(), schools=())
        args = {"stage": q.stage, "indicators": list(q.indicators), **_filters(q)}
        return _routed("cv", args, q, notes)
    if m == "guarantee":
        args = {"items": list(q.items), "school": school, "stage": q.stage, **_filters(q)}
        bound = ABOVE.search(
            r.text
        )  # 最大班额超过48的 / 初中超50的呢: the official's bound, not the standard's
        if bound and "class_size" in q.items and school is None:
            args["above"] = int(bound.group(1)) if bound.group(1) else int(bound.group(2)) - 1  # 46以上: > 45
        return _routed("guarantees", args, q, notes)
    if m == "drag":
        return _routed("drag", {"stage": q.stage, **_filters(q)}, q, notes)
    if q.above is not None and m == "rank" and q.by == "students":
        # 在校生超过1500人的小学有哪些, 超2000的呢: the schools over the official's bound
        args = {"stage": q.stage, "order": "best", "by": "students", "students_above": q.above, **_filters(q)}
        args["and_up"] = q.and_up
        return _routed("rank", args, q, notes)
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
        if q.limit is None and not q.ranking:
            args["count"] = 3 if q.by == "overall" else None
        if q.of == "towns":  # 哪个乡镇最差, 哪个镇缺的骨干教师最多, 哪个乡镇缺的钱最多
            args["of"] = "towns"
            args["count"] = q.limit
            args["unit"] = None if first else q.unit
        return _routed("rank", args, q, notes)
    if (
        ((q.of == "towns" and not q.towns) or (len(q.towns) > 1 and q.each))
        and (m in ("gaps", "count", "value") or (m == "list" and r.has("shortage")))
        and (first or q.unit or m == "count")
    ):
        # 各街道骨干教师缺口分别是多少, 各乡镇有几所没达标, 甲镇和乙镇各差多少: town by town
        args = {"stage": q.stage, "indicator": first, "order": "worst", "count": None, "by": "gap"}
        args.update({**_filters(q), "of": "towns", "unit": None if first else q.unit})
        return _routed("rank", args, q, notes)
    if m in ("count", "rate", "list"):
        status = q.status or ("failed" if first and m == "list" and r.has("shortage") else "all")
        if m == "rate" and status == "all":
            status = "passed"
        show = "rate" if m == "rate" else q.show if m == "list" else ("rate" if q.show == "rate" else "count")
        if m == "list":
            show = "list"
        args = {"stage": q.stage, "status": status, "indicator": first, "show": show, **_filters(q)}
        if m == "list" and status == "passed" and r.has("yesno") and not first:
            args["status"] = "each"  # 有哪几所，达标了吗: each school's verdict
        below = _below(q, state)
        if below is not None:  # 其中低于85%的, 哪些初中低于这个数
            args["indicator"] = args["indicator"] or below[0]
            args["stage"] = args["stage"] or below[1]
            args["below_share"], args["status"] = below[2], "failed"
        if len(q.indicators) > 1:
            args.update({"also": list(q.indicators[1:]), "both": q.every})
        return _routed("count_schools", args, q, notes)
    if m == "profile":
        if q.subject == "school":
            return _routed("school_profile", {"school": school}, q, notes)
        by_town = q.of == "towns" and not q.towns  # 按街道镇列一下初中在校生: town by town
        args = {"stage": q.stage, **_filters(q), "by_town": by_town, "totals": not by_town}
        if by_town and q.order in ("most", "least"):
            args["pick"] = q.order
        return _routed("overview", args, q, notes)
    if q.subject == "school":
        if len(q.schools) > 1 and m in ("describe", "gaps", "verdict", "value"):
            args = {
                "school": q.schools[0],
                "stage": q.stage,
                "indicators": list(q.indicators),
                "also": list(q.schools[1:5]),
            }
            return _routed("school_gaps", args, q, notes)
        indicators = list(q.indicators)
        if r.has("why") and m in ("gaps", "verdict"):
            indicators = []  # 为啥没达标 它设备不是挺好吗: every unmet indicator says why
        args = {"school": school, "stage": q.stage, "indicators": indicators}
        return _routed("school_gaps", args, q, notes)
    # the whole area, a 乡镇 or a kind of school
    if m == "verdict":
        return _routed("verdict", {"stage": q.stage, **_filters(q)}, q, notes)
    if m == "remaining":  # the others' total once one school is assumed fixed
        args = {"stage": q.stage, "indicator": first, "unit": q.unit, **_filters(q)}
        return _routed("total_gap", args, q, notes)
    if m == "gaps":
        if r.has("why") or r.has("how_fix"):
            return _routed("verdict", {"stage": q.stage, **_filters(q)}, q, notes)
        if first is None and q.each and not q.unit:  # 柳林乡各学校分别差什么: school by school
            return _routed("overview", {"stage": q.stage, **_filters(q)}, q, notes)
        args = {"stage": q.stage, "indicator": first, "unit": q.unit, **_filters(q)}
        return _routed("total_gap", args, q, notes)
    if m == "value" and first is not None:
        return _routed("indicator_across", {"indicator": first, "stage": q.stage, **_filters(q)}, q, notes)
    if m == "value" and q.unit is not None:
        args = {"stage": q.stage, "indicator": None, "unit": q.unit, **_filters(q)}
        return _routed("total_gap", args, q, notes)
    if m in ("describe", "value"):
        return _routed("overview", {"stage": q.stage, **_filters(q)}, q, notes)
    words = _unknown_runs(r)
    if words:  # one short question about the words not understood, never a guess
        said = "、".join(f"“{w}”" for w in words[:2])
        return Reply(
            f"抱歉，我不明白{said}是指什么。能换个说法吗？例如：某校差多少、某镇在校生一共多少、全县几所学校没达标。",
            kind="clarify",
            intent="unknown",  # a language model, when there is one, may still read it
        )
    return Reply("这个问题我还不会回答。", kind="unknown", intent="unknown")


_ATTRIBUTE = re.compile(
    r"的([\u4e00-\u9fff]{2,6}?)(?:怎么样|如何|咋样|多少|是多少|有多少|高不高|够不够|达标吗|达标没|情况)"
)


def _unknown_attribute(r: Reading) -> str | None:
    """An attribute asked of a subject (X的嘎嘎指数怎么样) that no lexicon word, indicator, 政府保障
    item or upload column names: the word, to be asked about."""
    e = r.entities
    if e.indicators or items_in(r.rest) or not (e.mentions or r.towns or r.has("area")):
        return None
    m = _ATTRIBUTE.search(r.rest)
    if m is None:
        return None
    word = m.group(1)
    fields = [w for f in vocabulary().fields for w in f.words]
    if any(w in word for w in fields) or any(w in word for w, _ in r.words):
        return None
    return word if word in _unknown_runs(r) else None


def _known_words() -> list[str]:
    """Words the chat reads besides the lexicon's: 学段, upload fields, 政府保障 items, kinds of school."""
    vocab = vocabulary()
    words = [w for ws in vocab.stages.values() for w in ws] + [w for f in vocab.fields for w in f.words]
    words += [w for ws in item_words().values() for w in ws]
    words += [w for p in KINDS.values() for w in p.split("|")]
    return words


def _unknown_runs(r: Reading) -> list[str]:
    """Runs of two or more characters of the message that no word the chat reads, name or filler
    accounts for (a follow-up with 呢 is left to the follow-up rules)."""
    if r.has("ellipsis") or r.entities.indicators:
        return []
    covered = [False] * len(r.rest)
    for word in sorted({w for w, _ in r.words} | set(_known_words()), key=len, reverse=True):
        for m in re.finditer(re.escape(word), r.rest):
            for i in range(m.start(), m.end()):
                covered[i] = True
    runs, current = [], ""
    for ch, done in zip(r.rest, covered, strict=True):
        if done or _FILLERS.match(ch) or not "\u4e00" <= ch <= "\u9fff":
            if len(current) >= 2:
                runs.append(current)
            current = ""
        else:
            current += ch
    if len(current) >= 2:
        runs.append(current)
    return runs


_BELOW = re.compile(r"低于|小于|不到|不足|达不到|没到|不够")
_THAT_FIGURE = re.compile(
    r"(?:低于|小于|不到|不足|达不到|没到)(?:这个|该|上面的?|那个|刚才的?|这一)(?:数|值|标准|线|数字)"
)


def _below(q: Query, state: ChatState) -> tuple[str | None, str | None, float] | None:
    """(indicator, stage, share) of a filter by a share of the standard: 低于85%, or 低于这个数 after the
    share was worked out."""
    if not _BELOW.search(q.text):
        return None
    memory = state.memory
    share = share_of(q.text)
    if share is not None:
        return (q.indicators[0] if q.indicators else None), q.stage, share
    asked = memory.asked
    if (
        _THAT_FIGURE.search(q.text)
        and asked is not None
        and asked.measure == "standard_rule"
        and asked.indicators
    ):
        return asked.indicators[0], q.stage or asked.stage, share_of(asked.text) or 0.85
    return None


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


def _edit(m: str, r: Reading, q: Query, notes: list[str]) -> Routed:
    section = _sub_section(r) or r.entities.section or ""  # 在强化经费保障里: the 小节, not 保障措施
    if m == "edit_start":
        year, month = start_of(r.text) or (None, None)
        args = {"action": "start", "start_year": year, "start_month": month}
    elif m == "edit_insert":
        args = {"action": "insert", "section": section, "text": r.quote}
    elif m == "edit_set":
        found = NEW_TEXT.search(r.text)
        args = {"action": "set", "section": section, "text": found.group(1) if found else ""}
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


def _rule(q: Query, notes: list[str]) -> Routed:
    item = q.rule or (q.indicators[0] if q.indicators else "school_size")
    if q.classes and q.measure == "standard_rule" and q.rule == "special_rooms" and "年级" in q.text:
        notes.append(f"按共{q.classes}个班计算")
    stage = q.stage or "primary" if item not in ("school_size",) else q.stage
    if item == "cv":
        stage = q.stage
    args = {
        "item": item,
        "stage": stage,
        "students": q.students,
        "classes": q.classes,
        "standard": q.standard,
        "share": share_of(q.text),
    }
    return _routed("standard_rule", args, q, notes)


def share_of(text: str) -> float | None:
    """A share of the standard asked about (标准的85%, 百分之九十), as a fraction."""
    found = re.search(r"(\d{2}(?:\.\d+)?)\s*[%％]|(百分之[一二三四五六七八九十]+)", text)
    if found is None:
        return None
    value = float(found.group(1)) / 100 if found.group(1) else parse_number(found.group(2))
    return value if value is not None and 0 < value <= 1 else None


def _transfer(q: Query, notes: list[str]) -> Routed | Reply:
    if len(q.schools) < 2:
        return Reply(
            "请说明从哪所学校调到哪所学校，例如“从实验小学调5名骨干教师到城关三小”。",
            kind="clarify",
            intent="clarify",
        )
    if not q.changes:
        return Reply("要调动多少？请说出数量，例如“调5名骨干教师”。", kind="clarify", intent="clarify")
    columns, amount = q.changes[0]
    args = {
        "source": q.schools[0],
        "target": q.schools[1],
        "columns": list(columns[:1]),
        "amount": amount,
        "stage": q.stage,
        "below": q.below,
    }
    return _routed("transfer", args, q, notes)


def _what_if(q: Query, r: Reading, state: ChatState, notes: list[str]) -> Routed | Reply:
    e = r.entities
    if not q.schools:
        return Reply("要给哪所学校增加？请说出学校名称。", kind="clarify", intent="clarify")
    if e.vague or not q.changes:
        said = "、".join(e.vague) or "这个数量"
        return Reply(
            f"“{said}”不是确切数量。请告诉我具体增加多少，例如“增加30名教师”“新建1500平方米运动场”“购置20万元设备”。",
            kind="clarify",
            intent="clarify",
        )
    school = q.schools[0]
    changes = [{"columns": list(columns), "amount": amount} for columns, amount in q.changes]
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


def _compare(q: Query, notes: list[str]) -> Routed:
    by = q.by or "value"
    common = {"stage": q.stage, "indicators": list(q.indicators), "by": by, "unit": q.unit}
    if len(q.schools) >= 2:
        return _routed("compare", {"schools": list(q.schools), **common}, q, notes)
    return _routed("compare", {"townships": list(q.towns), **common}, q, notes)


def _items_arguments(r: Reading, q: Query) -> dict[str, Any]:
    part = "resources"
    for word, key in (
        ("政府保障", "guarantee"),
        ("教育质量", "quality"),
        ("社会认可", "recognition"),
        ("一票否决", "veto"),
    ):
        if word in q.text:
            part = key
    return {"standard": q.standard, "part": part}
