"""Each workspace's own policy documents: searched with the shared corpus, never seen by another
workspace, never changing the shared corpus; updates swap under a lock while others search."""

from __future__ import annotations

import threading

import pytest

from knowledge import KnowledgeSettings, open_index


@pytest.fixture
def index(corpus_copy, isolated_data_dir, embedder):
    return open_index(
        KnowledgeSettings(corpus_dir=corpus_copy, data_dir=isolated_data_dir), embedder=embedder
    )


def _note(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_workspace_document_is_found_only_in_that_workspace(index, tmp_path):
    shared_before = index.documents()
    index.add_file(
        _note(tmp_path, "甲县细则.md", "一、寄宿制学校\n甲县寄宿制学校每间宿舍不超过8人。"), workspace="ws-a"
    )
    mine = index.search("寄宿制学校宿舍住几人", workspace="ws-a")
    assert mine.results[0].title == "甲县细则" and mine.results[0].source == "甲县细则.md"
    for other in (
        index.search("寄宿制学校宿舍住几人", workspace="ws-b", k=20),
        index.search("寄宿制学校宿舍住几人", k=20),
    ):
        assert all(p.title != "甲县细则" for p in other.results)
    assert [d["title"] for d in index.documents("ws-a") if d["origin"] == "user"] == ["甲县细则"]
    assert index.documents("ws-b") == shared_before == index.documents()


def test_the_shared_corpus_still_answers_inside_a_workspace(index, tmp_path):
    index.add_file(
        _note(tmp_path, "甲县细则.md", "一、寄宿制学校\n甲县寄宿制学校每间宿舍不超过8人。"), workspace="ws-a"
    )
    shared = index.search("小学班额不超过多少人")
    inside = index.search("小学班额不超过多少人", workspace="ws-a")
    assert inside.results[0] == shared.results[0]


def test_re_adding_a_file_of_the_same_name_replaces_it_in_the_workspace(index, tmp_path):
    index.add_file(
        _note(tmp_path, "细则.md", "一、宿舍\n甲县寄宿制学校每间宿舍不超过8人。"), workspace="ws-a"
    )
    index.add_file(
        _note(tmp_path, "细则.md", "一、宿舍\n甲县寄宿制学校每间宿舍不超过6人。"), workspace="ws-a"
    )
    texts = [
        p.text for p in index.search("寄宿制学校宿舍", workspace="ws-a", k=10).results if p.title == "细则"
    ]
    assert texts and all("6人" in t for t in texts)


def test_workspace_documents_survive_reopening(corpus_copy, isolated_data_dir, embedder, tmp_path):
    settings = KnowledgeSettings(corpus_dir=corpus_copy, data_dir=isolated_data_dir)
    open_index(settings, embedder=embedder).add_file(
        _note(tmp_path, "甲县细则.md", "一、寄宿制学校\n甲县寄宿制学校每间宿舍不超过8人。"), workspace="ws-a"
    )
    again = open_index(settings, embedder=embedder)
    assert again.search("寄宿制学校宿舍住几人", workspace="ws-a").results[0].title == "甲县细则"


def test_searches_during_an_update_see_a_whole_view(index, tmp_path):
    errors: list[BaseException] = []
    stop = threading.Event()

    def search():
        while not stop.is_set():
            try:
                for p in index.search("寄宿制学校宿舍住几人", workspace="ws-a", k=10).results:
                    assert p.text
            except BaseException as exc:  # collected for the assertion below
                errors.append(exc)
                return

    threads = [threading.Thread(target=search) for _ in range(2)]
    for t in threads:
        t.start()
    for i in range(4):
        index.add_file(
            _note(tmp_path, f"细则{i}.md", f"一、宿舍\n甲县第{i}号规定：每间宿舍不超过{i + 4}人。"),
            workspace="ws-a",
        )
    stop.set()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert len([d for d in index.documents("ws-a") if d["origin"] == "user"]) == 4


def test_a_document_of_too_many_chunks_is_refused_before_embedding(index, tmp_path, monkeypatch):
    from knowledge.errors import DocumentError

    monkeypatch.setattr("knowledge.index.MAX_CHUNKS", 3)
    sections = "\n".join(f"{n}、第{n}条\n本县小学每班不超过{40 + n}人。" for n in range(1, 6))
    with pytest.raises(DocumentError, match="切分后有5段，超过3段的上限，请拆分后再上传"):
        index.add_file(_note(tmp_path, "细则.md", sections), workspace="ws-a")
    assert [d for d in index.documents("ws-a") if d["origin"] == "user"] == []


def test_adding_a_document_reports_its_embedding_progress(index, tmp_path):
    seen = []
    index.add_file(
        _note(tmp_path, "细则.md", "一、班额\n本县小学每班不超过45人。"),
        "ws-a",
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen == [(0, 1), (1, 1)]
