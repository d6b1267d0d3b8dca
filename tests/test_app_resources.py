"""The page's shared services: while the dense model loads, a policy search runs on the keyword index
alone (no question waits for the model); once it has loaded, searches are hybrid again."""

from __future__ import annotations

from ui import resources


class _Index:
    def __init__(self):
        self.calls: list[dict] = []

    def search(self, query, **kwargs):
        self.calls.append(kwargs)
        return kwargs.get("mode", "hybrid")

    def documents(self, workspace=None):
        return ["甲"]


def test_a_search_while_the_model_loads_is_lexical(monkeypatch):
    monkeypatch.setattr(resources, "model_ready", lambda: False)
    index = _Index()
    assert resources.WarmingIndex(index).search("班额有什么要求？", k=5) == "bm25"
    assert index.calls == [{"k": 5, "mode": "bm25"}]


def test_a_search_after_the_model_has_loaded_is_hybrid(monkeypatch):
    monkeypatch.setattr(resources, "model_ready", lambda: True)
    assert resources.WarmingIndex(_Index()).search("班额有什么要求？", k=5) == "hybrid"


def test_an_explicit_mode_is_kept_and_the_rest_of_the_index_is_reachable(monkeypatch):
    monkeypatch.setattr(resources, "model_ready", lambda: False)
    warming = resources.WarmingIndex(_Index())
    assert warming.search("x", mode="dense") == "dense"
    assert warming.documents() == ["甲"]
