"""The guard's adversarial suite: each case (a JSONL line in the format of /work/notes/guard_cases_format.md)
is one model reply served by a fake OpenAI-compatible server; the product must refuse it (keep its
own text) or accept it, and a faulty server (hang, slow, huge reply …) must cost no more than the
turn's bound. Reports caught / missed / false refusals per class. Used by ``bench/llm_eval.py
--adversarial FILE``.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from metrics import evaluate, load_schools, load_standard
from planner import PlanSettings, draft_plan
from planner.chat import ChatContext, ChatState, default_api
from planner.export.docx import numbered_sections
from planner.llm import LLMSettings, build_chat_model
from planner.llm.chat import confident, respond_with_model
from planner.llm.polish import POLISHED_KINDS, polish_sections
from tests.planner.openai_stub import FAULTS, Stub, completion, fault, serve

REPO = Path(__file__).resolve().parent.parent
CLASSES = (
    "invented_money",
    "numeral_forms",
    "wrong_subject",
    "claim_without_number",
    "polarity_flip",
    "private_to_public",
    "untrusted_source",
    "faithful",
    "fault",
)
FREE = "帮我想想明年先把钱花在哪"
"""The chat question of a fault case that gives none (the rules cannot place it)."""
USER_KIND = "用户文档"


class CaseError(ValueError):
    """A case that does not follow the format (reported, never crashes the run)."""


# --------------------------------------------------------------------------------------------------
# Data, plans and the workspace's uploaded documents


@cache
def _evaluated(data: str, standard: str):
    path = Path(data) if Path(data).is_absolute() else REPO / data
    frame = load_schools(path).frame
    return frame, evaluate(frame, load_standard(standard))


@cache
def _plan(data: str, standard: str, region: str, level: str | None, start_year: int, budget: float | None):
    frame, ev = _evaluated(data, standard)
    settings: dict[str, Any] = {"region": region, "start_year": start_year}
    if level:
        settings["level"] = level
    if budget:
        settings["yearly_budget_wan"] = budget
    return draft_plan(ev, PlanSettings(**settings), schools_frame=frame)


@dataclass(frozen=True)
class Uploaded:
    """A passage of a document the case uploads (as the workspace's own: untrusted)."""

    title: str
    text: str
    doc_no: str = ""
    section: str = ""
    kind: str = USER_KIND
    source: str = "upload"
    status: str = "参考"
    score: float = 0.0


@dataclass
class Found:
    answerable: bool
    results: list[Uploaded] = field(default_factory=list)


class DocumentSearch:
    """Search over the case's uploaded documents (character bigrams), optionally with a real index."""

    def __init__(self, documents: list[dict], index: Any = None):
        self.passages = [
            Uploaded(str(d.get("title", "")), part.strip())
            for d in documents
            for part in str(d.get("text", "")).split("\n")
            if part.strip()
        ]
        self.index = index

    def __call__(self, query: str, k: int = 5, **_: Any) -> Found:
        grams = {query[i : i + 2] for i in range(len(query) - 1)}
        scored = []
        for p in self.passages:
            text = p.title + p.text
            score = sum(g in text for g in grams) / max(1, len(grams))
            if score > 0:
                scored.append(Uploaded(p.title, p.text, score=round(score, 4)))
        scored.sort(key=lambda p: -p.score)
        results: list[Any] = scored[:k]
        if self.index is not None:
            found = self.index.search(query, k=k)
            results = sorted([*found.results, *results], key=lambda p: -p.score)[:k]
        return Found(bool(results), results)


# --------------------------------------------------------------------------------------------------
# Serving one case


def _group(plan, heading: str):
    """The sections a heading names (三、工作目标 → 工作目标 and its （一）（二）), in order."""
    numbered = list(numbered_sections(plan))
    wanted = heading.strip().lstrip("#").strip()
    bare = re.sub(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", "", wanted)
    for i, (sec, shown) in enumerate(numbered):
        if shown == wanted or (sec.title and sec.title == bare) or sec.key == wanted:
            group = [sec]
            if sec.level == 1:
                group += [s for s, _ in numbered[i + 1 :][: _children(numbered, i)]]
            return group
    headings = "、".join(h for _, h in numbered if h)
    raise CaseError(f"方案中没有标题为“{heading}”的部分；现有：{headings}")


def _children(numbered, i: int) -> int:
    n = 0
    for sec, _ in numbered[i + 1 :]:
        if sec.level != 2:
            break
        n += 1
    return n


_NUMBERING = re.compile(r"^(?:\d+[．.、]|（[一二三四五六七八九十\d]+）|[一二三四五六七八九十]+、)\s*")
_UNITS = re.compile(r"〔责任单位[:：][^〕]*〕\s*$")


def _paragraph_lines(model_output: str, group) -> dict[str, list[str]]:
    """The case's rewritten text, one line per polishable paragraph of the group, cut into each
    section's share (headings, numbering, bold leads and 〔责任单位〕 removed, as the page adds them)."""
    headings = {s.title for s in group} | {h for s in group for h in (s.key,)}
    lines = []
    for raw in model_output.split("\n"):
        line = raw.strip().lstrip("#").strip().replace("**", "")
        if not line:
            continue
        bare = _NUMBERING.sub("", line)
        if bare in headings or line in headings:
            continue
        lines.append(line)
    paras = [(s, p) for s in group for p in s.paragraphs if p.kind in POLISHED_KINDS]
    if len(lines) > len(paras):
        lines = _joined_leads(lines)
    if len(lines) != len(paras):
        return {group[0].key: lines} if group else {}
    out: dict[str, list[str]] = defaultdict(list)
    for line, (s, p) in zip(lines, paras, strict=True):
        text = _UNITS.sub("", _NUMBERING.sub("", line)).strip()
        if p.lead and text.startswith(p.lead):
            text = text[len(p.lead) :].strip()
        out[s.key].append(text)
    return out


def _joined_leads(lines: list[str]) -> list[str]:
    """An unnumbered line before a numbered one (工作中把握好以下四条原则。 before （一）…) is the
    start of that paragraph: a model answering paragraph by paragraph would put it there."""
    out: list[str] = []
    carry = ""
    for i, line in enumerate(lines):
        numbered = bool(_NUMBERING.match(line))
        following = i + 1 < len(lines) and bool(_NUMBERING.match(lines[i + 1]))
        if not numbered and following:
            carry += line
            continue
        out.append(carry + (_NUMBERING.sub("", line) if carry else line))
        carry = ""
    return out


def _polish_server(group, shares: dict[str, list[str]]):
    by_title = {s.title or s.key: shares.get(s.key, []) for s in group}

    def answer(body: dict) -> dict:
        prompt = body["messages"][-1]["content"]
        m = re.search(r"中“(.+?)”一节", prompt)
        paragraphs = by_title.get(m.group(1), []) if m else []
        return completion(json.dumps({"paragraphs": paragraphs}, ensure_ascii=False))

    return answer


@dataclass
class Outcome:
    case: dict
    accepted: bool | None = None
    seconds: float = 0.0
    reasons: list[str] = field(default_factory=list)
    error: str = ""
    rules_answer: bool = False
    """A chat question the rules answer themselves (the page would not ask the model)."""

    @property
    def verdict(self) -> str:
        """caught, missed, false_refusal, accepted (faithful, kept), pass / fail (faults), error."""
        if self.error:
            return "error"
        expect = self.case.get("expect")
        if expect == "fallback":
            bound = float(self.case.get("max_seconds") or 1e9)
            return "pass" if self.accepted is False and self.seconds <= bound else "fail"
        if expect == "refuse":
            return "caught" if self.accepted is False else "missed"
        return "accepted" if self.accepted else "false_refusal"


def run_case(case: dict, timeout: float, index: Any = None) -> Outcome:
    out = Outcome(case)
    try:
        data, standard = case["data"], case.get("standard") or "quality_2017"
        frame, ev = _evaluated(data, standard)
        region = case.get("region") or "本镇"
        search = DocumentSearch(case.get("documents") or [], index)
        stub = Stub()
        if case.get("class") == "fault" or case.get("surface") == "fault":
            mode = case.get("mode", "")
            if mode not in FAULTS:
                raise CaseError(f"未知的故障类型“{mode}”")
            stub.default = fault(mode, timeout)
        server = serve(stub)
        try:
            settings = LLMSettings(
                provider="openai", base_url=stub.url, model="stub", timeout_s=timeout, max_retries=0
            )
            model = build_chat_model(settings)
            surface = case.get("surface") or ("fault" if case.get("class") == "fault" else "chat")
            plan_args = (
                data,
                standard,
                region,
                case.get("level"),
                int(case.get("start_year") or 2026),
                case.get("budget"),
            )
            if surface == "polish":
                plan = _plan(*plan_args)
                group = _group(plan, case["section"])
                stub.default = _polish_server(group, _paragraph_lines(case["model_output"], group))
                start = time.perf_counter()
                _, results = polish_sections(
                    plan, [s.key for s in group], model, retrieve=search, evaluation=ev
                )
                out.seconds = time.perf_counter() - start
                out.accepted = all(r.status in ("polished", "empty") for r in results)
                out.reasons = [v.message for r in results for v in r.violations]
                out.reasons += [r.message for r in results if r.status == "failed"]
            else:
                ctx = ChatContext(
                    evaluation=ev,
                    schools=frame,
                    search=search,
                    region=region,
                    level=case.get("level") or "town",
                    start_year=int(case.get("start_year") or 2026),
                    planner=default_api(),
                )
                question = case.get("question") or FREE
                # a case with a budget speaks of the plan drafted with it: the workspace holds that plan
                held = _plan(*plan_args) if case.get("budget") else None
                if surface == "chat":
                    calls = case.get("tool_calls") or []
                    if calls:
                        stub.script.append(
                            completion(
                                tool_calls=[
                                    {"name": c["name"], "args": c.get("arguments") or {}} for c in calls
                                ]
                            )
                        )
                    stub.script.append(completion(case["model_output"]))
                    out.rules_answer = confident(question, ctx, ChatState(plan=held))
                start = time.perf_counter()
                turn = respond_with_model(question, ctx, ChatState(plan=held), model, force=True)
                out.seconds = time.perf_counter() - start
                out.accepted = turn.path == "model"
                out.reasons = [v.message for v in (turn.guarded.violations if turn.guarded else ())]
                out.reasons += list(turn.refusals)
                if surface == "fault" and case.get("section"):
                    plan = _plan(*plan_args)
                    group = _group(plan, case["section"])
                    start = time.perf_counter()
                    _, results = polish_sections(plan, [s.key for s in group], model, evaluation=ev)
                    polish_seconds = time.perf_counter() - start
                    out.seconds = max(out.seconds, polish_seconds)
                    out.accepted = out.accepted or any(r.status in ("polished", "partial") for r in results)
        finally:
            stub.stop.set()
            server.shutdown()
            server.server_close()
    except (CaseError, KeyError, ValueError, OSError) as exc:
        out.error = f"{type(exc).__name__}: {exc}"
    if case.get("expect") == "fallback":
        limit = timeout + 1.0
        out.case = {**case, "max_seconds": min(float(case.get("max_seconds") or limit), limit)}
    return out


def load_cases(path: Path) -> list[dict]:
    cases = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SystemExit(f"{path}:{n}: 不是有效的 JSON：{exc}") from None
        case.setdefault("id", f"{path.stem}-{n}")
        cases.append(case)
    return cases


def run_file(path: Path, timeout: float = 5.0, index: Any = None, verbose: bool = False) -> dict:
    """Every case of ``path``: per class caught / missed / false refusals (faults: pass / fail with
    the longest turn), and the cases that went wrong."""
    outcomes = [run_case(case, timeout, index) for case in load_cases(path)]
    per: dict[str, Counter] = defaultdict(Counter)
    slowest: dict[str, float] = defaultdict(float)
    for o in outcomes:
        cls = o.case.get("class", "?")
        per[cls][o.verdict] += 1
        slowest[cls] = max(slowest[cls], o.seconds)
    wrong = [
        {
            "id": o.case.get("id"),
            "class": o.case.get("class"),
            "verdict": o.verdict,
            "seconds": round(o.seconds, 2),
            "note": o.case.get("note", ""),
            "reasons": o.reasons[:3],
            "error": o.error,
        }
        for o in outcomes
        if o.verdict in ("missed", "false_refusal", "fail", "error") or verbose
    ]
    return {
        "file": str(path),
        "cases": len(outcomes),
        "timeout": timeout,
        "classes": {cls: dict(c) for cls, c in sorted(per.items())},
        "slowest": {cls: round(s, 2) for cls, s in slowest.items()},
        "rules_would_answer": sum(o.rules_answer for o in outcomes),
        "wrong": wrong,
    }


_KEYS = ("caught", "missed", "accepted", "false_refusal", "pass", "fail", "error")


def print_report(report: dict) -> None:
    print(f"adversarial {report['file']}: {report['cases']} cases, timeout {report['timeout']:g} s")
    heads = ("caught", "missed", "accepted", "false_ref", "pass", "fail", "error")
    print(f"  {'class':22} " + " ".join(f"{h:>9}" for h in heads) + f" {'slowest':>8}")
    totals: Counter = Counter()
    for cls, c in report["classes"].items():
        totals.update(c)
        counts = " ".join(f"{c.get(k, 0):>9}" for k in _KEYS)
        print(f"  {cls:22} {counts} {report['slowest'].get(cls, 0):>7.2f}s")
    print(f"  {'total':22} " + " ".join(f"{totals[k]:>9}" for k in _KEYS))
    if report["rules_would_answer"]:
        n = report["rules_would_answer"]
        print(f"  ({n} chat questions the rules answer themselves; sent to the model anyway)")
    for w in report["wrong"]:
        print(f"  [{w['verdict']}] {w['id']} ({w['class']}, {w['seconds']}s) {w['note']}")
        for r in w["reasons"]:
            print(f"      - {r}")
        if w["error"]:
            print(f"      ! {w['error']}")
