"""A small in-memory policy search for chat tests that do not need the real index: a few passages
scored by the share of the query's character bigrams they contain."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Passage:
    title: str
    doc_no: str
    section: str
    text: str
    kind: str = "政策"
    source: str = "test"
    score: float = 0.0


@dataclass
class Result:
    answerable: bool
    results: list[Passage] = field(default_factory=list)


PASSAGES = (
    Passage(
        "县域义务教育优质均衡发展督导评估办法",
        "教督〔2017〕6号",
        "二、资源配置 > 七项指标",
        "3. 每百名学生拥有体育、艺术（美术、音乐）专任教师数：小学0.9人以上，初中0.9人以上。",
    ),
    Passage(
        "县域义务教育优质均衡发展督导评估办法",
        "教督〔2017〕6号",
        "三、政府保障程度",
        "2. 班额：所有小学、初中班级学生数分别不超过45人、50人。",
    ),
    Passage(
        "办学条件拆分规则",
        "",
        "二、需要拆分的项目",
        "教师不按比例拆分：专任教师、骨干教师、体育艺术教师等按实际任教人数分别填报。",
        kind="标准",
    ),
    Passage(
        "乡镇实施方案（城关镇）",
        "",
        "二、目标任务",
        "到XXXX年，实现镇域内义务教育基本均衡。",
        kind="方案范例",
    ),
)


class MemorySearch:
    def __init__(self, passages: tuple[Passage, ...] = PASSAGES):
        self.passages = passages
        self.queries: list[str] = []

    def __call__(self, query: str, k: int = 5) -> Result:
        self.queries.append(query)
        grams = {query[i : i + 2] for i in range(len(query) - 1)}
        scored = []
        for p in self.passages:
            text = p.section + p.text
            score = sum(g in text for g in grams) / max(1, len(grams))
            scored.append(replace(p, score=round(score, 4)))
        scored.sort(key=lambda p: -p.score)
        top = [p for p in scored if p.score > 0][:k]
        return Result(bool(top), top)
