"""Chunking follows the document's own headings and keeps every chunk within the size limit."""

from knowledge.chunking import chunk_text, heading_rank

PLAN = """# 某镇义务教育优质均衡发展实施方案

根据有关文件精神，制定本方案。

## 一、工作目标

（一）总体目标

到2023年全面消除大班额。

（二）具体目标。小学生均体育运动场馆面积达到7.5平方米。

四、主要任务

【任务一】配齐教师。实施全员培训。

1. 加强组织领导，镇成立以镇长为组长的领导小组，统筹推进全镇义务教育优质均衡发展各项工作，定期研究解决问题。
"""


def sections(text, **kwargs):
    return [(c.section, c.text) for c in chunk_text(text, title="某镇义务教育优质均衡发展实施方案", **kwargs)]


def test_heading_path_nests_numbered_levels():
    found = dict(sections(PLAN))
    assert found["一、工作目标 > （一）总体目标"] == "到2023年全面消除大班额。"


def test_heading_with_text_on_its_line_splits_at_first_sentence():
    found = dict(sections(PLAN))
    assert found["一、工作目标 > （二）具体目标"] == "小学生均体育运动场馆面积达到7.5平方米。"


def test_task_marker_is_a_section_under_its_parent():
    found = dict(sections(PLAN))
    assert found["四、主要任务 > 【任务一】配齐教师"].startswith("实施全员培训。")


def test_long_numbered_item_is_body_of_the_section_it_is_in():
    found = dict(sections(PLAN))
    assert "1. 加强组织领导" in found["四、主要任务 > 【任务一】配齐教师"]


def test_title_line_and_preamble_stay_out_of_the_path():
    assert sections(PLAN)[0] == ("", "根据有关文件精神，制定本方案。")


def test_chapters_and_articles():
    text = "第一章 总则\n第一条 为推进均衡发展，制定本办法。\n第二章 指标\n第五条 资源配置包括七项指标。"
    assert sections(text) == [
        ("第一章 总则 > 第一条", "为推进均衡发展，制定本办法。"),
        ("第二章 指标 > 第五条", "资源配置包括七项指标。"),
    ]


def test_chunks_respect_max_chars_and_cut_at_sentence_ends():
    sentence = "每所学校都要达到办学标准。"  # 13 characters
    text = "一、要求\n" + sentence * 10  # 130 characters in one paragraph
    chunks = chunk_text(text, max_chars=40, min_chars=0)
    # 40 // 13 = 3 sentences (39 chars) per chunk: 10 sentences -> 4 chunks of 3, 3, 3, 1
    assert [len(c.text) for c in chunks] == [39, 39, 39, 13]
    assert all(c.text.endswith("。") for c in chunks)


def test_short_tail_joins_previous_chunk():
    sentence = "每所学校都要达到办学标准。"
    chunks = chunk_text("一、要求\n" + sentence * 10, max_chars=40, min_chars=20)
    # the 13-character tail is shorter than 20, so it joins the third chunk
    assert [len(c.text) for c in chunks] == [39, 39, 39 + 1 + 13]


def test_decimal_number_is_not_a_list_marker():
    assert heading_rank("7.5平方米以上") is None
    assert heading_rank("1. 生均面积") == (16, "1.")
