"""Chat reply times with 300 schools, name matching included (target: data replies p95 < 200 ms).

Usage: .venv/bin/python bench/chat_speed.py [--schools 300]

The county sample's schools are copied under new town names (青河县 → 10 counties' worth of 石桥镇 …
renamed 东山镇1, …) until the table holds the number asked; the questions name schools, stages,
indicators, follow-ups, 乡镇, filters, comparisons, a transfer, sound-alike names and an off-topic
message; the policy index is not loaded (policy replies are not data replies).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from metrics import evaluate, load_schools, load_standard  # noqa: E402
from planner.chat import ChatContext, ChatState, respond  # noqa: E402

PLACES = ["东山", "西河", "南岭", "北川", "龙泉", "凤凰", "桃源", "金沙", "银杏", "松柏", "梅溪", "竹林"]
QUESTIONS = [
    "{a}哪些指标没达标？差多少？",
    "差多少？",
    "{b}呢？",
    "给它加2名骨干教师呢？",
    "全县总共还要补多少骨干教师",
    "初中有几所达标",
    "那小学呢？",
    "达标的是哪几所学校",
    "第二个",
    "我们县能通过优质均衡认定吗？",
    "哪项指标最拖后腿",
    "小学骨干教师的差异系数是多少",
    "最薄弱的5所学校",
    "如果给{a}新建两千平方米运动场会怎样？",
    "{typo}怎么样",
    "{sound}还差什么",
    "全县达标情况怎样",
    "{town}一共还缺多少骨干教师",
    "换成{town2}呢",
    "公办小学哪些骨干教师不达标",
    "其中{town}的是哪几所",
    "哪个学校运动场缺得最多",
    "{a}和{b}比较一下",
    "{town}和{town2}哪个缺的骨干老师多",
    "从{a}调2名骨干教师到{b}，差异系数会变成多少",
    "要是只看综合差异系数能过吗",
    "一个小学24个班要配几间音乐教室",
    "明天天气怎么样",
]


def big_frame(n: int) -> pd.DataFrame:
    base = load_schools(REPO / "data" / "samples" / "青河县.xlsx").frame
    parts = []
    for i in range((n + len(base) - 1) // len(base)):
        copy = base.copy()
        place = f"{PLACES[i % len(PLACES)]}{i // len(PLACES) or ''}"
        copy["name"] = (
            copy["name"]
            .str.replace("青河县", f"{place}县", regex=False)
            .str.replace(r"^(石桥|新集|柳林|白沙)", lambda m, p=place: p + m.group(1), regex=True)
        )
        copy["township"] = place + copy["township"].astype(str)
        parts.append(copy)
    return pd.concat(parts, ignore_index=True).head(n)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=300)
    args = parser.parse_args()
    frame = big_frame(args.schools)
    ev = evaluate(frame, load_standard("quality_2017"))
    ctx = ChatContext(evaluation=ev, schools=frame, region="示例县", level="district")
    names = list(frame["name"])
    towns = sorted(set(frame["township"]))
    times = []
    for round_ in range(3):
        for i in range(0, 30, 3):
            a, b = names[(i * 7 + round_) % len(names)], names[(i * 11 + 5) % len(names)]
            typo = a[:-3] + "兴" + a[-2:]
            sound = (
                a.replace("城", "成").replace("新", "心").replace("桥", "乔")
            )  # same sounds, other characters
            town, town2 = towns[(i + round_) % len(towns)], towns[(i * 5 + 1) % len(towns)]
            state = ChatState()
            for q in QUESTIONS:
                text = q.format(a=a, b=b, typo=typo, sound=sound, town=town, town2=town2)
                start = time.perf_counter()
                respond(text, ctx, state)
                times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[round(0.95 * (len(times) - 1))]
    print(
        f"{len(frame)} schools, {len(times)} data replies: p50 {statistics.median(times):.1f} ms, "
        f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
