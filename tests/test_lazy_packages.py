"""The packages that load their submodules on first use still offer every public name."""

import importlib
import subprocess
import sys

import pytest

LAZY = ["planner", "planner.chat", "planner.documents", "planner.export.workbook"]


@pytest.mark.parametrize("package", LAZY)
def test_every_public_name_of_a_lazy_package_resolves(package):
    module = importlib.import_module(package)
    missing = [name for name in module.__all__ if getattr(module, name, None) is None]
    assert missing == []


def test_the_chat_types_load_without_the_chat_engine():
    # the page's first screen needs ChatContext; the router (jieba, pypinyin) must stay unloaded
    code = (
        "import sys\n"
        "from planner.chat import ChatContext\n"
        "print('planner.chat.router' in sys.modules, 'planner.drafting.draft' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
