"""Policy answers: the clause that answers, from the official document first, or a plain "not found".

The index ranks passages by relevance; here the passages are re-read against the question's content
words (jieba): a policy question the corpus does not cover (食堂, 校车, 营养餐 …) leaves its content
words uncovered and is refused (``COVERAGE_FLOOR``, calibrated by bench/policy_refusal.py); among
passages that cover it, an official document with a 文号 is quoted before the project's own notes, and
example plans (with "XXXX年" placeholders) only when examples are asked for.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from planner.chat.entities import vocabulary
from planner.chat.types import ChatContext, ChatState, Citation, PassageLike, Reply

if TYPE_CHECKING:
    from planner.chat.args import PolicySearchArgs

__all__ = ["COVERAGE_FLOOR", "Ranked", "content_words", "policy_search", "rank_passages"]

COVERAGE_FLOOR = 0.6
"""Share of the question's content words the best passage must contain to be quoted."""
CANDIDATES = 12
QUOTED = 2
NEAR_TIE = 0.9
EXAMPLE_KINDS = ("方案范例", "总结范例", "迎评方案范例", "经验材料")

_SYNONYMS = {
    "老师": ("教师",),
    "教师": ("老师",),
    "配": ("配备",),
    "操场": ("运动场",),
    "运动场": ("运动场馆", "运动场地"),
    "算": ("计算",),
    "怎么算": ("计算",),
}
log = logging.getLogger(__name__)


@cache
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def content_words(question: str) -> tuple[str, ...]:
    """The words of a question that carry its subject: 体育艺术老师按什么标准配 → 体育, 艺术, 老师."""
    words = []
    for w in _jieba().lcut(re.sub(r"[\s?？。！!,，、]", "", question)):
        if len(w) < 2 or w in vocabulary().policy_generic or re.fullmatch(r"[\d.]+", w):
            continue
        words.append(w)
    return tuple(dict.fromkeys(words))


def _covers(word: str, text: str) -> bool:
    if word in text or any(s in text for s in _SYNONYMS.get(word, ())):
        return True
    if len(word) >= 4:  # 学校食堂 → 学校 + 食堂: both halves must be there
        half = len(word) // 2
        return word[:half] in text and word[half:] in text
    return False


@cache
def _weight(word: str) -> float:
    """Information in a word: −log of its share in jieba's dictionary (教师 says little, 校车 much)."""
    import math

    dictionary = _jieba().dt
    dictionary.check_initialized()
    freq = dictionary.FREQ.get(word) or 1
    return max(1.0, math.log(dictionary.total / freq))


def coverage_weight(word: str) -> float:
    """The weight a content word carries in the "not found" rule (loads jieba's dictionary)."""
    return _weight(word)


def coverage(words: tuple[str, ...], passage: PassageLike) -> float:
    """The share of the question's information (weighted content words) the passage contains."""
    if not words:
        return 0.0
    text = f"{passage.title}\n{passage.section}\n{passage.text}"
    total = sum(_weight(w) for w in words)
    return sum(_weight(w) for w in words if _covers(w, text)) / total


def _is_example(passage: PassageLike) -> bool:
    return passage.kind in EXAMPLE_KINDS or "XXXX" in passage.text


def _names_document(question: str, passage: PassageLike) -> bool:
    """The question names the example's place (郑州高新区, 汉阴县): it asks about that document."""
    places = re.findall(r"[\u4e00-\u9fff]{2,6}?(?:高新区|新区|区|县|市|镇)", passage.title)
    return any(p in question or (len(p) > 2 and p[:-1] in question) for p in places)


@dataclass(frozen=True)
class Ranked:
    passage: PassageLike
    coverage: float
    score: float
    clause: str = ""
    """The line of the passage that answers the question, quoted first."""


_FIGURE_QUESTION = re.compile(r"标准|多少|按什么|不低于|不超过|不少于|达到|上限|下限|几人|几个")
_FIGURE = re.compile(r"\d(?:\.\d+)?\s*(?:人|㎡|平方米|元|间|%|册|台)")


def rank_passages(
    question: str, results: list[PassageLike], examples: bool = False, standard_doc: str = ""
) -> list[Ranked]:
    """Passages re-ranked for quoting: covered words first; an official document (the standard in use
    first) before the project's notes; a passage with figures when the question asks for one."""
    words = content_words(question)
    wants_figure = bool(_FIGURE_QUESTION.search(question))
    covered = [(p, coverage(words, p)) for p in results]
    weights = sum(_weight(w) for w in words) or 1.0
    # Example plans and experience reports answer only when asked for, or when no official document
    # or note covers the question (郑州高新区计划什么时候…); a template with XXXX年 only when asked.
    ranked = []
    for p, c in covered:
        example = _is_example(p)
        if example and not (examples or (_names_document(question, p) and "XXXX" not in p.text)):
            continue
        boost = 1.0
        if p.doc_no and p.kind == "政策":
            boost *= 1.25 * (1.2 if standard_doc and p.doc_no == standard_doc else 1.0)
        if examples and example:
            boost *= 1.5
        # The clause that answers: the line holding most of the question (and a figure when asked).
        best_line, best = "", -1.0
        for line in (x.strip() for x in p.text.splitlines()):
            if not line:
                continue
            context = f"{p.section}\n{line}"
            value = sum(_weight(w) for w in words if _covers(w, context)) / weights
            if wants_figure and _FIGURE.search(line):
                value += 0.3
            if value > best:
                best_line, best = line, value
        ranked.append(Ranked(p, c, p.score * (0.3 + c) * boost * (0.5 + best), best_line))
    return sorted(ranked, key=lambda r: -r.score)


def _named_standard_doc(question: str) -> str:
    """The 文号 of the standard a question names (基本均衡 → 教督〔2012〕3号), else ""."""
    from metrics.standards import load_standard

    for word, key in vocabulary().standards.items():
        if word in question:
            return load_standard(key).doc_no
    return ""


def _refusal(question: str) -> Reply:
    return Reply(
        f"政策库中没有找到与“{question}”直接相关的规定。可以换个说法，或在“政策库”页上传相关文件后再问。",
        kind="policy",
        suggestions=["班额有什么要求？", "差异系数怎么算？"],
    )


def policy_search(args: PolicySearchArgs, ctx: ChatContext, state: ChatState | None = None) -> Reply:
    """The answering passages with 文号 and section, or a plain refusal when the corpus has no answer."""
    if ctx.search is None:
        return Reply("政策库还没有加载，暂时无法检索政策。", kind="policy")
    question = args.question.strip()
    result = ctx.search(question, k=CANDIDATES)
    doc = _named_standard_doc(question) or (
        ctx.evaluation.standard.doc_no if ctx.evaluation is not None else ""
    )
    ranked = rank_passages(question, list(result.results), args.examples, doc)
    if not ranked or ranked[0].coverage < COVERAGE_FLOOR:
        return _refusal(question)
    citations = [
        Citation(
            r.passage.title, r.passage.doc_no, r.passage.section, r.passage.text, r.passage.source, r.score
        )
        for r in ranked[:5]
    ]
    best = ranked[0]
    shown = [(best, citations[0])]
    for r, c in zip(ranked[1:QUOTED], citations[1:QUOTED], strict=False):
        if r.score >= best.score * NEAR_TIE and r.coverage >= COVERAGE_FLOOR:
            shown.append((r, c))
    lines: list[str] = []
    for r, c in shown:
        text = [x.strip() for x in c.text.strip().splitlines() if x.strip()]
        # the answering clause first, then the rest of the passage for context
        ordered = [r.clause, *[x for x in text if x != r.clause]] if r.clause else text
        quoted = "\n".join(f"> {x}" for x in ordered)
        lines += [*([""] if lines else []), f"根据{c.label}：", "", quoted]
    others = [
        c
        for r, c in zip(ranked[len(shown) :], citations[len(shown) :], strict=False)
        if r.coverage >= COVERAGE_FLOOR
    ]
    if others:
        lines += ["", "相关条文：" + "；".join(c.label for c in others[:3])]
    return Reply("\n".join(lines), kind="policy", citations=[c for _, c in shown] + others[:3])
