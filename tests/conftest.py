"""Shared test setup: every test gets its own data dir, and nothing reaches the network."""

import os

import pytest

# Set before any Hugging Face import reads it; the fixture below keeps it set per test.
os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path, monkeypatch):
    """Point JUNHENG_DATA_DIR at this test's tmp_path and keep Hugging Face offline."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    monkeypatch.setenv("JUNHENG_DATA_DIR", str(data_dir))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return data_dir


@pytest.fixture(scope="session")
def policy_data_dir(tmp_path_factory):
    """A data dir holding the real index over policy_corpus/ (shipped model), built once per session."""
    from knowledge import KnowledgeSettings, open_index

    data_dir = tmp_path_factory.mktemp("policy-index")
    open_index(KnowledgeSettings(data_dir=data_dir))
    return data_dir


@pytest.fixture(scope="session")
def policy_index(policy_data_dir):
    from knowledge import KnowledgeSettings, open_index

    return open_index(KnowledgeSettings(data_dir=policy_data_dir))
