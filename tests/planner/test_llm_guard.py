"""The claim guard: model output is read into claims — each figure with its school, stage, year,
measure, payer and direction, and the statements without figures — and accepted only when every one
matches a fact or a verdict of the evaluation and the plan; words that are numerals pass; uploaded
documents are never evidence; citations must name a retrieved passage."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics import evaluate, load_schools, load_standard
from planner import PlanSettings, draft_plan
from planner.drafting.facts import Fact, FactKey
from planner.llm import check, evidence, guard
from planner.llm.claims import Frame
from planner.llm.guard import CHECKED, review
from planner.llm.polish import POLISHED_KINDS, plan_evidence

ROOT = Path(__file__).resolve().parents[2]
DRAFT = "经测算，全镇共需新建运动场地1080.0㎡，估算投入167.40万元，小学综合差异系数为0.518。"
SMALL = evidence(
    texts=[DRAFT],
    facts=[
        Fact(FactKey("sched", measure="total_cost"), 167.4, "万元", "167.40万元"),
        Fact(FactKey("policy", measure="rate"), 85.0, "%", "85%"),
    ],
    user="如果给城关二小增加2名骨干教师呢",
    passages=[
        {"title": "县域义务教育优质均衡发展督导评估办法", "doc_no": "教督〔2017〕6号", "section": "第六条"}
    ],
)


def kinds(output: str, ev, frame: Frame | None = None) -> list[tuple[str, str]]:
    return [(v.kind, v.found) for v in check(output, ev, frame)]


# --- the draft's facts, in any written form ----------------------------------------------------------


@pytest.mark.parametrize(
    "output",
    [
        "投入167.4万元",  # the fact, one decimal fewer
        "投入1674000元",  # the fact in 元
        "投入壹佰陆拾柒点肆万元",  # in 大写
        "小学综合差异系数约为0.52",  # 0.518 rounded to the precision written
        "达标比例不低于85%",  # a policy figure stored in percent
        "运动场地一千零八十平方米",
        "再增加2名骨干教师",  # the user's own number
        "依据《县域义务教育优质均衡发展督导评估办法》（教督〔2017〕6号）",
        "做到四个到位，抓好两个方面，办好九年一贯制学校",  # numerals that are words
    ],
)
def test_facts_in_any_form_words_and_the_users_numbers_pass(output):
    assert check(output, SMALL) == ()


@pytest.mark.parametrize(
    ("output", "found"),
    [
        ("估算投入187.40万元", "187.40万元"),  # a changed figure
        ("综合差异系数约为0.5", "0.5"),  # rounded too far: 3.5 % off
        ("需新建运动场地1100㎡", "1100㎡"),
        ("三所学校尚未达标", "三所"),  # an invented count in Chinese numerals
        ("另拨付专项资金伍仟万元", "伍仟万元"),  # 大写
        ("另争取上级资金5千万元", "5千万元"),  # digits with 千万
        ("惠及三至五所学校", "三所"),  # a range: its first end is invented
        ("另统筹5 000万元", "5 000万元"),  # spaced digits
        ("差异系数为0.518%", "0.518%"),  # a percentage is not the 差异系数 0.518
        ("增加3名骨干教师", "3名"),
    ],
)
def test_an_invented_or_changed_number_is_caught_in_every_form(output, found):
    violations = check(output, SMALL)
    assert violations and violations[0].found == found
    assert violations[0].kind == "number"


def test_a_citation_of_an_unretrieved_document_is_caught():
    assert kinds("依据《义务教育法》和教基〔2019〕3号，见[2]", SMALL) == [
        ("citation", "《义务教育法》"),
        ("citation", "和教基〔2019〕3号"),
        ("citation", "[2]"),
    ]


@pytest.mark.parametrize(
    "output",
    ['<img src="http://example.com/x?d=1">', "详见[这里](http://example.com)", "访问 www.example.com"],
)
def test_html_links_and_addresses_are_refused(output):
    assert "markup" in {k for k, _ in kinds(output, SMALL)}


def test_a_failing_text_is_replaced_by_the_deterministic_one_which_keeps_the_refused_text():
    result = guard("估算投入187.40万元。", SMALL, DRAFT)
    assert (result.accepted, result.text, result.output) == (False, DRAFT, "估算投入187.40万元。")
    assert "187.40万元" in result.notice and "已改用系统生成的文字" in result.notice


def test_an_accepted_text_says_what_was_checked():
    result = guard("估算投入167.4万元。", SMALL, DRAFT)
    assert result.accepted and result.label == CHECKED == "数字与判定已核对"


def test_a_rewrite_must_keep_every_figure_of_its_draft():
    result = guard("经测算，全镇需新建运动场地1080.0㎡。", SMALL, DRAFT, keep_figures_of=DRAFT)
    assert not result.accepted
    assert {v.found for v in result.violations} == {"167.40万", "0.518"}


# --- claims about the town's plan: subjects, verdicts and polarity -----------------------------------


@pytest.fixture(scope="module")
def town():
    frame = load_schools(ROOT / "data" / "samples" / "城关镇.xlsx").frame
    ev = evaluate(frame, load_standard("quality_2017"))
    plan = draft_plan(ev, PlanSettings(region="城关镇", start_year=2026), schools_frame=frame)
    return plan, plan_evidence(plan, ev)


@pytest.fixture(scope="module")
def county():
    frame = load_schools(ROOT / "data" / "samples" / "青河县.xlsx").frame
    ev = evaluate(frame, load_standard("quality_2017"))
    plan = draft_plan(ev, PlanSettings(region="青河县", level="county", start_year=2026), schools_frame=frame)
    return plan, ev


def at(plan, key: str, ev, lead: str = "") -> Frame:
    section = plan.section(key)
    f = ev.frame
    mood = "status" if key == "preamble" else "target"
    return Frame(section.title, lead, "", f.plan_years, f.data_year, f.this_year, mood)


# The plan's wording and figures change as drafting improves. A faithful text is therefore taken from
# the current draft, and a wrong one is the draft's sentence with one change planted by rule; the
# hand-checked figures below are kept where the figure itself is the point.

DRAFTED = ("preamble", "goals.overall", "steps.2026", "tasks.teachers", "tasks.building", "safeguards.funds")
REWORDED = (("估算投入", "预计投入资金"), ("其中", "包括"), ("全镇", "我镇"), ("尚未达到", "还没有达到"))
"""Rewordings that keep every figure and claim (applied wherever the draft uses the words)."""


def fact(plan, key_id: str):
    return next(f for f in plan.facts if f.key.id == key_id)


def drafted(plan, key: str) -> list[tuple[str, str]]:
    """The section's polished paragraphs: (lead, text)."""
    return [(p.lead, p.text) for p in plan.section(key).paragraphs if p.kind in POLISHED_KINDS]


def reworded(text: str) -> str:
    for old, new in REWORDED:
        text = text.replace(old, new)
    return text


def county_evidence(county):
    plan, evaluation = county
    return plan, plan_evidence(plan, evaluation)


@pytest.mark.parametrize("key", DRAFTED)
@pytest.mark.parametrize("region", ["town", "county"])
def test_the_drafts_own_text_and_a_rewording_of_it_are_accepted(request, region, key):
    plan, ev = (
        request.getfixturevalue(region)
        if region == "town"
        else county_evidence(request.getfixturevalue(region))
    )
    for lead, text in drafted(plan, key):
        frame = at(plan, key, ev, lead)
        assert check(text, ev, frame) == (), text
        assert check(reworded(text), ev, frame) == (), reworded(text)


@pytest.mark.parametrize("region", ["town", "county"])
def test_a_changed_total_planted_in_the_drafts_sentence_is_caught(request, region):
    plan, ev = (
        request.getfixturevalue(region)
        if region == "town"
        else county_evidence(request.getfixturevalue(region))
    )
    total = fact(plan, "sched.total_cost")
    said = [(lead, t) for lead, t in drafted(plan, "safeguards.funds") if total.display in t]
    assert said, f"经费保障 no longer states the total {total.display}"
    values = {round(f.value, 2) for f in plan.facts if isinstance(f.value, int | float)}
    wrong = next(v for v in (total.value + 20 * i for i in range(1, 50)) if round(v, 2) not in values)
    false = f"{wrong:.2f}万元"  # the true total plus 20万元 (or 40, 60 … when that is another fact)
    lead, text = said[0]
    found = check(text.replace(total.display, false, 1), ev, at(plan, "safeguards.funds", ev, lead))
    assert "number" in {v.kind for v in found} and any(v.found in false for v in found)


def test_a_years_cost_planted_in_another_years_sentence_is_caught(county):
    plan, ev = county_evidence(county)
    first, second = plan.settings.start_year, plan.settings.start_year + 1
    mine, other = fact(plan, f"year.{first}.cost"), fact(plan, f"year.{second}.cost")
    assert mine.display != other.display
    said = [(lead, t) for lead, t in drafted(plan, f"steps.{first}") if mine.display in t]
    assert said, f"{first}年度 no longer states its cost {mine.display}"
    lead, text = said[0]
    found = check(text.replace(mine.display, other.display, 1), ev, at(plan, f"steps.{first}", ev, lead))
    assert "subject" in {v.kind for v in found}


def test_the_failing_schools_said_to_meet_the_standard_are_caught(town):
    plan, ev = town
    failing = fact(plan, "schools.total.failing")
    assert failing.value > 0
    frame = at(plan, "preamble", ev)
    n = int(failing.value)
    # the draft's own count of failing schools, turned into a verdict that they pass
    assert check(f"{n}所学校尚未达到资源配置要求。", ev, frame) == ()
    assert {k for k, _ in kinds(f"{n}所学校已达到资源配置要求。", ev, frame)} & {"claim", "subject"}
    for lead, text in drafted(plan, "preamble"):
        if "尚未达到" in text:
            planted = text.replace("尚未达到", "已达到", 1)
            assert {k for k, _ in kinds(planted, ev, at(plan, "preamble", ev, lead))} & {"claim", "subject"}


def test_a_staff_count_nothing_supports_is_caught_even_when_the_number_is_a_fact(town):
    plan, ev = town
    frame = at(plan, "safeguards.org", ev)
    counts = {f.value for f in plan.facts if str(f.display).endswith(("人", "名"))}
    absent = next(n for n in range(2, 100) if n not in counts)
    present = int(fact(plan, "need.backbone_teachers.total").value)  # 骨干教师 to train, not staff
    for n in (absent, present):
        found = check(f"领导小组配备{n}名专职人员。", ev, frame)
        assert found and found[0].kind in ("number", "subject") and found[0].found == f"{n}名"


@pytest.mark.parametrize(
    ("key", "lead", "output"),
    [
        # 柳树湾小学 needs 3 骨干教师 (0.32 → 1 per hundred), sent by 城关第一小学 (which has them to
        # spare); the system wrote it in that order
        (
            "tasks.teachers",
            "柳树湾小学达标项目。",
            "接收城关第一小学交流的骨干教师3名，推动每百名学生骨干教师数从0.32人提升至1人以上。",
        ),
        # the town's 8 骨干 all come by 交流 (3 + 1 + 2 + 1 + 1)
        ("tasks.teachers", "", "经测算，全镇共需通过交流补充骨干教师8名。"),
        # 700 ㎡ × 3000 元 (210) + 3500 ㎡ of 城区 land × (300 元 field + 1500 元 land) (630) = 840
        (
            "tasks.building",
            "",
            "据测算，全镇需新建、改扩建教学及辅助用房700平方米，新增用地扩建运动场地3500平方米，预计投入840万元。",
        ),
    ],
)
def test_a_faithful_rewording_is_accepted(town, key, lead, output):
    plan, ev = town
    assert check(output, ev, at(plan, key, ev, lead)) == ()


@pytest.mark.parametrize(
    ("key", "lead", "output", "kind"),
    [
        # a school's figure said of another school: 3 is 柳树湾小学's, 石桥小学 needs 1
        ("tasks.teachers", "", "石桥小学需培养骨干教师3人。", "subject"),
        ("tasks.teachers", "石桥小学达标项目。", "培养认定骨干教师3人。", "subject"),
        # another stage: 0.605 is the 小学's highest 差异系数
        ("goals.specific", "", "初中各项指标校际差异系数由最高0.605降至0.45以下。", "subject"),
        # another measure: 3500㎡ is 运动场地, not 教学用房
        ("tasks.building", "", "经测算，全镇共需新建教学用房3500平方米。", "subject"),
        # exchange destinations swapped (4 go to 城关第二小学, 2 to 南街小学)
        ("tasks.teachers", "", "城关第一小学向柳树湾小学交流1人、向石桥小学交流3人。", "subject"),
        # present figure said of a plan year: 4 schools fail now, 1 at the end of 2026
        ("steps.2026", "", "按计划完成后，预计年末未达标学校4所。", "subject"),
    ],
)
def test_a_true_figure_said_of_the_wrong_thing_is_caught(town, key, lead, output, kind):
    plan, ev = town
    assert kind in {k for k, _ in kinds(output, ev, at(plan, key, ev, lead))}


@pytest.mark.parametrize(
    ("key", "output"),
    [
        # another year: 1219.00万元 is 2026's (2027 costs 459.00万元)
        ("steps.2027", "估算投入1219.00万元。"),
        # one year's cost called the total: 1219.00 + 459.00 + 333.00 = 2011.00万元 over the plan
        ("steps.2026", "三年共投入1219.00万元。"),
        ("safeguards.funds", "本方案期内财政资金估算投入1219.00万元。"),
        ("safeguards.funds", "本方案期内财政资金估算投入60.00万元。"),  # 2028's, and each year's 人员经费
    ],
)
def test_a_years_cost_said_of_another_year_or_of_the_whole_plan_is_caught(county, key, output):
    plan, evaluation = county
    ev = plan_evidence(plan, evaluation)
    assert "subject" in {k for k, _ in kinds(output, ev, at(plan, key, ev))}


@pytest.mark.parametrize(
    ("key", "output"),
    [
        # 2027: the fields on new land (66 + 99 = 165), the 分设校区's building (234) and the six
        # teachers' salaries (60)
        ("steps.2027", "估算投入459.00万元，其中建设资金399.00万元、人员经费60.00万元。"),
        ("safeguards.funds", "本方案期内财政资金估算投入2011.00万元。"),
    ],
)
def test_a_years_cost_said_of_its_year_and_the_total_of_the_plan_pass(county, key, output):
    plan, evaluation = county
    ev = plan_evidence(plan, evaluation)
    assert check(output, ev, at(plan, key, ev)) == ()


@pytest.mark.parametrize(
    ("key", "output"),
    [
        ("preamble", "对照标准测算，全部学校均已达标。"),  # 4 schools fail
        ("preamble", "差异系数已全部达标。"),  # 骨干教师's 0.605 is over 0.5
        ("preamble", "小学各项指标校际差异系数均低于0.5。"),  # 超过 → 低于
        ("preamble", "初中有1项指标校际差异系数超过0.45。"),  # the junior CVs are all within
        ("goals.overall", "到2026年底，全镇每所义务教育学校资源配置指标全部达到规定要求。"),  # 1 left in 2026
        ("tasks.building", "相关建设已全部完成。"),  # a plan has done nothing yet
        ("tasks.government", "城关第一小学学校规模已达标。"),  # 2310 students, limit 2000
        ("preamble", "4所学校已达到资源配置要求。"),  # 尚未达到 → 已达到
        ("goals.specific", "小学每百名学生拥有县级及以上骨干教师数：5所学校高于标准1人。"),  # 低于 → 高于
    ],
)
def test_a_claim_the_verdicts_contradict_is_caught(town, key, output):
    plan, ev = town
    found = kinds(output, ev, at(plan, key, ev))
    assert found and {k for k, _ in found} <= {"claim", "subject"}


def test_a_goal_the_schedule_cannot_confirm_is_accepted_and_said_to_be_unchecked(town):
    plan, ev = town
    frame = at(plan, "tasks.quality", ev)
    found = review("力争各校教学质量全部达标。", ev, frame)
    assert found.violations == ()


@pytest.mark.parametrize(
    ("key", "output", "accepted"),
    [
        # what a count counts: 7 is the 骨干教师 to train (need.backbone_teachers.total), not staff
        ("safeguards.org", "领导小组配备七名专职人员。", False),
        ("tasks.teachers", "全镇共需培养认定骨干教师七名。", True),
        # 3 is the 网络多媒体教室 to build (and 政府保障程度第3项 is an ordinal), not 专用教室
        ("tasks.government", "全镇共配备音乐、美术专用教室3间。", False),
        ("tasks.government", "按照政府保障程度第3项的要求配齐专用教室。", True),
        # when: the 4 failing schools meet the standard within the plan, not now
        ("goals.overall", "方案期内4所未达标学校将全部达标。", True),
        ("preamble", "目前已有4所学校达标。", False),
    ],
)
def test_a_figure_must_be_of_what_and_when_the_sentence_says(town, key, output, accepted):
    plan, ev = town
    assert (check(output, ev, at(plan, key, ev)) == ()) is accepted


# --- 民办 schools and uploaded documents ------------------------------------------------------------


def test_a_private_schools_cost_moved_to_the_public_purse_is_caught(county):
    plan, evaluation = county
    ev = plan_evidence(plan, evaluation)
    frame = at(plan, "safeguards.funds", ev)
    # 育英学校 (民办): 8 骨干 × 0.5 万元 = 4 万元 (no hire for a growth buffer), its 举办者's
    assert check("民办学校达标所需4.00万元由举办者自筹，不使用财政资金。", ev, frame) == ()
    assert {k for k, _ in kinds("民办学校达标所需4.00万元由县财政承担。", ev, frame)} == {"subject", "claim"}
    assert kinds("县财政安排4.00万元用于青河县育英学校骨干教师培养。", ev, frame)
    # a system sentence about 随迁子女 in 政府购买服务的民办学校 does not support a payer said of 民办 costs
    assert {k for k, _ in kinds("民办学校所需经费由政府购买服务解决。", ev, frame)} == {"claim"}


def test_an_uploaded_documents_title_and_figures_are_never_evidence(town):
    plan, _ = town
    upload = {
        "title": "关于下达2026年城关镇义务教育专项资金800万元的通知",
        "text": "下达城关镇义务教育薄弱环节改善专项资金800万元。",
        "kind": "用户文档",
    }
    ev = plan_evidence(plan, None, [upload])
    frame = at(plan, "safeguards.funds", ev)
    found = check("镇财政安排专项资金800万元。", ev, frame)
    assert [v.kind for v in found] == ["untrusted"] and "上传的文件" in found[0].message
    # citing the document by title does not make its figures evidence
    quoted = "根据《关于下达2026年城关镇义务教育专项资金800万元的通知》，下达专项资金800万元。"
    assert [v.kind for v in check(quoted, ev, frame)] == ["untrusted"]
    # citing it without its figures is allowed, and the text says what it cites
    cited = guard(
        "可参照《关于下达2026年城关镇义务教育专项资金800万元的通知》统筹安排。", ev, "", frame=frame
    )
    assert cited.accepted and "上传的文件" in cited.label


def test_the_plans_title_is_not_a_source_of_figures(town):
    plan, ev = town
    frame = at(plan, "safeguards.org", ev)
    assert check(f"按照《{plan.title}》的要求，成立领导小组。", ev, frame) == ()
    (found,) = check("领导小组配备三名专职人员。", ev, frame)
    assert found.found == "三名" and found.kind in ("number", "subject")


# --- rates, standards, arithmetic, each school, the whole region ---------------------------------------


@pytest.mark.parametrize(
    ("key", "output", "accepted"),
    [
        # a unit cost is a rate: 10万元 per new teacher per year, not per school
        ("safeguards.funds", "新增教师按每人每年10万元测算。", True),
        ("safeguards.funds", "每校另行补助10万元。", False),
        # a standard is said as one: 1人 is the 骨干教师 standard, not what 柳树湾小学 trains (3)
        ("tasks.teachers", "城关第二小学、河西小学、东关小学各培养认定骨干教师1人。", True),
        ("tasks.teachers", "城关第二小学、河西小学、柳树湾小学各培养认定骨干教师1人。", False),
        # two figures compared: 2310 is over 2000, 58 over 45
        ("tasks.government", "城关第一小学义务教育段在校生2310人，超过2000人的上限。", True),
        ("tasks.government", "城关第一小学义务教育段在校生2310人，未超过2000人的上限。", False),
        ("tasks.government", "城关第一小学最大班额58人，低于45人的标准。", False),
        # statements about the whole town
        ("preamble", "我镇已通过国家优质均衡认定。", False),
        ("preamble", "全镇不存在未达标学校。", False),  # a negated 未达标: every school meets it
        ("preamble", "全镇所有学校均不存在大班额。", False),  # 城关第一小学 has a class of 58
        ("tasks.government", "其他学校的学校规模和班额都达到了标准。", True),  # which others: not checked
        # a policy figure keeps its measure: 95% is the 巩固率, not the 认可度 (85%)
        ("tasks.recognition", "2028年镇级自查前社会认可度达到95%以上。", False),
        ("tasks.quality", "初中三年巩固率保持在95%以上，随迁子女在公办学校就读比例不低于85%。", True),
    ],
)
def test_rates_standards_comparisons_and_whole_region_claims(town, key, output, accepted):
    plan, ev = town
    assert (check(output, ev, at(plan, key, ev)) == ()) is accepted


@pytest.mark.parametrize(
    ("output", "accepted"),
    [
        ("初中各项差异系数都没有超过0.45。", True),  # 没有超过: at most — true of the junior CVs
        ("小学各项差异系数都没有超过0.5。", False),  # 骨干教师's 0.605 is over
        ("小学骨干教师差异系数超过0.5。", True),
    ],
)
def test_a_negated_comparison_turns(town, output, accepted):
    plan, ev = town
    assert (check(output, ev, at(plan, "preamble", ev)) == ()) is accepted


@pytest.mark.parametrize(
    ("key", "output", "accepted"),
    [
        # after a 差异系数, a figure in ㎡ is of the area named before it, not of the 差异系数
        (
            "goals.specific",
            "小学生均体育运动场馆面积县域均值8.96㎡，差异系数0.196，但有1所学校低于7.5㎡的标准。",
            True,
        ),
        # 3所学校还需增加…: the schools fall short, as 3所学校低于标准 says
        ("goals.specific", "小学骨干教师方面，5所学校还需增加骨干教师，最低仅0.32人。", True),
        ("preamble", "全镇已实现县域义务教育优质均衡。", False),  # 4 schools fail
        ("tasks.teachers", "经测算，全镇共需补充教师7人。", True),  # a general word for 骨干教师
    ],
)
def test_measures_carried_by_their_unit_and_shortfalls_of_schools(town, key, output, accepted):
    plan, ev = town
    assert (check(output, ev, at(plan, key, ev)) == ()) is accepted


# --- what a figure does, whose year it is, and what a 其中 list divides -----------------------------


@pytest.mark.parametrize("verb", ["减少", "压减", "撤销"])
def test_an_amount_the_plan_adds_said_as_a_cut_is_caught(county, verb):
    plan, ev = county_evidence(county)
    said = [(lead, t) for lead, t in drafted(plan, "tasks.equipment") if "建设网络多媒体教室" in t]
    assert said, "the equipment task no longer builds 网络多媒体教室"
    lead, text = said[-1]
    frame = at(plan, "tasks.equipment", ev, lead)
    assert check(text, ev, frame) == ()
    planted = text.replace("建设网络多媒体教室", f"{verb}网络多媒体教室", 1)
    assert "subject" in {v.kind for v in check(planted, ev, frame)}


def test_a_yearly_budget_is_a_ceiling(county):
    _, evaluation = county
    plan = draft_plan(
        evaluation,
        PlanSettings(region="青河县", level="county", start_year=2026, yearly_budget_wan=50),
        schools_frame=load_schools(ROOT / "data" / "samples" / "青河县.xlsx").frame,
    )
    budget = fact(plan, "budget.yearly")
    ev = evidence(texts=[], facts=[budget])  # the fact alone: the plan's text says 50.00万元 unbounded too
    assert check(f"每年投入控制在{budget.display}以内。", ev) == ()
    assert check(f"每年投入{budget.display}。", ev) == ()
    assert "subject" in {v.kind for v in check(f"每年投入不少于{budget.display}。", ev)}


def test_a_yearly_budget_stays_a_ceiling_where_the_drafts_text_says_it_unbounded(county):
    """The plan's own sentences are evidence too; "按每年建设资金50.00万元测算" says the cap without its
    bound, and must not let "每年不少于50.00万元" (a floor) through."""
    _, evaluation = county
    plan = draft_plan(
        evaluation,
        PlanSettings(region="青河县", level="county", start_year=2026, yearly_budget_wan=50),
        schools_frame=load_schools(ROOT / "data" / "samples" / "青河县.xlsx").frame,
    )
    ev = plan_evidence(plan, evaluation)
    frame = at(plan, "safeguards.funds", ev)
    assert check("建设资金按每年50.00万元控制，超出部分列入待安排项目。", ev, frame) == ()
    assert check("按每年建设资金50万元测算，超出部分列入待安排项目。", ev, frame) == ()
    floor = check("建设资金每年不少于50.00万元，超出部分列入待安排项目。", ev, frame)
    assert "subject" in {v.kind for v in floor}


def test_a_year_written_before_a_figure_is_that_figures_year(county):
    plan, ev = county_evidence(county)
    first = plan.settings.start_year
    a, b = fact(plan, f"year.{first}.cost").display, fact(plan, f"year.{first + 1}.cost").display
    frame = at(plan, "safeguards.funds", ev)
    assert check(f"分年度为{first}年{a}、{first + 1}年{b}。", ev, frame) == ()
    assert "subject" in {v.kind for v in check(f"分年度为{first}年{b}、{first + 1}年{a}。", ev, frame)}


def test_after_a_list_of_parts_a_figure_is_of_the_whole_again(county):
    plan, ev = county_evidence(county)
    first = plan.settings.start_year
    total = fact(plan, "sched.total_cost").display
    build = fact(plan, "sched.construction.total_cost").display
    train = fact(plan, "sched.training.total_cost").display
    year = fact(plan, f"year.{first}.cost").display
    text = (
        f"方案期内财政资金估算投入{total}，其中建设资金{build}、培养培训经费{train}；分年度{first}年{year}。"
    )
    assert check(text, ev, at(plan, "safeguards.funds", ev)) == ()


# --- rules of method, duties to add, and counts written in Chinese ----------------------------------


def paragraph_with(plan, key: str, words: str) -> tuple[str, str]:
    """The section's polished paragraph that says ``words``: (lead, text)."""
    said = [(lead, t) for lead, t in drafted(plan, key) if words in t]
    assert said, f"{key} no longer says {words}"
    return said[-1]


def test_a_rule_of_method_about_the_cvs_states_no_verdict(county):
    """测算口径's "差异系数按低于上限0.02以上的安全余量安排" says how the plan is worked out; read without
    the sentence's 须 (须→需), its 以上 must not make it "the 差异系数 are over their limits" (the
    county's are all within them). Said as that verdict, it is refused."""
    plan, ev = county_evidence(county)
    rule = "差异系数按低于上限0.02以上的安全余量安排"
    lead, text = paragraph_with(plan, "safeguards.funds", rule)
    frame = at(plan, "safeguards.funds", ev, lead)
    assert check(text.replace("须", "需"), ev, frame) == ()
    planted = text.replace(rule, "差异系数仍超过上限")
    assert ("claim", "差异系数仍超过上限") in kinds(planted, ev, frame)


def test_a_duty_to_add_land_is_an_amount_whichever_modal_says_it(county):
    """The plan's "须新增用地共约5500平方米" is the land the two schools need together, not a standard:
    需新增 says the same. The total said of one of the two schools is still refused."""
    plan, ev = county_evidence(county)
    lead, text = paragraph_with(plan, "tasks.building", "须新增用地共约")
    frame = at(plan, "tasks.building", ev, lead)
    faithful = text.replace("须新增", "需新增").replace("平方米", "㎡")
    assert check(faithful, ev, frame) == ()
    schools = text.split("运动场地扩建面积")[0].split("、")
    assert len(schools) >= 2, "the land is no longer several schools' total"
    planted = faithful.replace("、".join(schools), schools[0], 1)
    assert "subject" in {k for k, _ in kinds(planted, ev, frame)}


def test_a_count_of_cvs_in_chinese_numerals_keeps_its_figure():
    """The plan's "1项差异系数超过上限" reworded "一项差异系数超过上限" keeps the figure (一项 before
    差异系数 counts them, as before 指标; 一项工作 is a word); "两项" for it is refused."""
    frame = load_schools(ROOT / "data" / "samples" / "城关镇.xlsx").frame
    evaluation = evaluate(frame, load_standard("basic_2012"))
    plan = draft_plan(evaluation, PlanSettings(region="城关镇", start_year=2026), schools_frame=frame)
    ev = plan_evidence(plan, evaluation)
    lead, text = paragraph_with(plan, "goals.overall", "1项差异系数超过上限")
    frame_ = at(plan, "goals.overall", ev, lead)
    one = guard(text.replace("1项差异系数", "一项差异系数"), ev, text, keep_figures_of=text, frame=frame_)
    assert one.accepted, one.violations
    two = guard(text.replace("1项差异系数", "两项差异系数"), ev, text, keep_figures_of=text, frame=frame_)
    assert not two.accepted
    assert ("dropped", "1") in {(v.kind, v.found) for v in two.violations}


@pytest.mark.parametrize(
    ("region", "planted"),
    [
        ("town", "各项差异系数均低于0.15。"),  # 0.15 is the 差异率's limit, not a 差异系数
        ("county", "各项差异系数均超过上限。"),  # every 差异系数 of the county is within its limit
    ],
)
def test_the_quality_monitoring_task_says_nothing_of_the_cvs(request, region, planted):
    """质量监测's "校际差异率低于0.15" is a measure of test scores, and "针对薄弱学科和校际差异制定改进措施"
    is work to do: neither is a verdict on the 差异系数, so neither lets a wrong one through."""
    plan, ev = (
        request.getfixturevalue(region)
        if region == "town"
        else county_evidence(request.getfixturevalue(region))
    )
    lead, text = paragraph_with(plan, "tasks.quality", "校际差异率")
    assert "薄弱学科和校际差异" in text, "the monitoring task no longer names 薄弱学科和校际差异"
    frame = at(plan, "tasks.quality", ev, lead)
    assert check(text, ev, frame) == ()
    assert kinds(text + planted, ev, frame), planted
