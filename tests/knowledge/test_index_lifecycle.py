"""Building, reusing and rebuilding the index; user documents added, replaced and refused."""

import json

import pytest

from knowledge import DocumentError, KnowledgeSettings, open_index
from knowledge.__main__ import main
from knowledge.index import index_identity


@pytest.fixture
def settings(corpus_copy, isolated_data_dir):
    return KnowledgeSettings(corpus_dir=corpus_copy, data_dir=isolated_data_dir)


def test_unchanged_corpus_reuses_the_index(settings, embedder):
    first = open_index(settings, embedder=embedder)
    again = open_index(settings, embedder=embedder)
    assert again.policy_collection_name == first.policy_collection_name
    assert again.ensure_built() is False


def test_changed_corpus_file_rebuilds(settings, corpus_copy, embedder):
    before = open_index(settings, embedder=embedder)
    note = corpus_copy / "province_standard.md"
    note.write_text(note.read_text(encoding="utf-8").replace("不超过45人", "不超过42人"), encoding="utf-8")
    after = open_index(settings, embedder=embedder)
    assert after.identity != before.identity
    assert "不超过42人" in after.search("小学班额不超过多少人").results[0].text
    assert not any("不超过45人" in p.text for p in after.search("小学班额不超过多少人", k=10).results)


def test_chunking_parameters_and_model_are_part_of_the_identity(settings):
    assert index_identity(settings) != index_identity(settings.model_copy(update={"chunk_max_chars": 120}))


def test_unknown_setting_is_rejected():
    with pytest.raises(ValueError):
        KnowledgeSettings(chunk_size=100)


def test_user_document_is_searchable_and_kept_out_of_the_corpus(settings, corpus_copy, tmp_path, embedder):
    index = open_index(settings, embedder=embedder)
    corpus_before = sorted(p.name for p in corpus_copy.iterdir())
    doc = tmp_path / "本县实施细则.md"
    doc.write_text("一、寄宿制学校\n本县寄宿制学校每间宿舍不超过8人。", encoding="utf-8")
    added = index.add_file(doc)
    assert (added["title"], added["kind"], added["chunks"]) == ("本县实施细则", "用户文档", 1)
    passage = index.search("寄宿制学校宿舍住几人").results[0]
    assert (passage.title, passage.section, passage.source) == (
        "本县实施细则",
        "一、寄宿制学校",
        str(doc.resolve()),
    )
    assert sorted(p.name for p in corpus_copy.iterdir()) == corpus_before


def test_re_adding_a_changed_file_replaces_only_its_chunks(settings, tmp_path, embedder):
    index = open_index(settings, embedder=embedder)
    doc = tmp_path / "细则.txt"
    doc.write_text(
        "一、宿舍\n每间宿舍不超过8人。\n二、食堂\n食堂就餐座位按寄宿生人数配置。", encoding="utf-8"
    )
    index.add_file(doc)
    size_with_first = len(index)
    doc.write_text("一、宿舍\n每间宿舍不超过6人。", encoding="utf-8")
    index.add_file(doc)
    assert len(index) == size_with_first - 1  # two chunks became one; policy chunks untouched
    texts = [p.text for p in index.search("宿舍不超过多少人", k=10).results]
    assert "每间宿舍不超过6人。" in texts and "每间宿舍不超过8人。" not in texts
    assert [d["title"] for d in index.documents() if d["origin"] == "user"] == ["细则"]


def test_broken_file_changes_nothing(settings, tmp_path, embedder):
    index = open_index(settings, embedder=embedder)
    before = (len(index), index.documents())
    broken = tmp_path / "坏文件.docx"
    broken.write_bytes(b"this is not a docx")
    with pytest.raises(DocumentError, match=r"坏文件\.docx 不是有效的 Word"):
        index.add_file(broken)
    assert (len(index), index.documents()) == before


def test_user_documents_survive_reopening_and_model_rebuild(settings, tmp_path, embedder):
    index = open_index(settings, embedder=embedder)
    doc = tmp_path / "细则.txt"
    doc.write_text("一、宿舍\n每间宿舍不超过8人。", encoding="utf-8")
    index.add_file(doc)
    rechunked = open_index(settings.model_copy(update={"chunk_max_chars": 120}), embedder=embedder)
    assert "每间宿舍不超过8人。" in [p.text for p in rechunked.search("宿舍不超过多少人").results]


def test_cli_search_json_shape(settings, corpus_copy, capsys):
    code = main(["--corpus", str(corpus_copy), "search", "小学班额不得超过多少人？", "--k", "2", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["answerable"] is True
    assert len(out["results"]) == 2
    assert list(out["results"][0]) == ["text", "title", "doc_no", "section", "score", "source"]
    assert out["results"][0]["doc_no"] == "某教发〔2019〕8号"


def test_cli_error_is_chinese_with_exit_code_2(corpus_copy, tmp_path, capsys):
    code = main(["--corpus", str(corpus_copy), "add", str(tmp_path / "没有这个文件.docx")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("错误：找不到文件") and "Traceback" not in err
