"""The cycle's other documents (自评报告, 工作总结, 迎评工作方案, 经验交流材料), drafted from the same
facts by the plan's core, exported by the same 公文 writer and checked by the same checker."""

import lazy_loader

# Submodules load on first use: the page's first screen must not wait for the drafting, chat or
# export modules (and scipy, jieba, pypinyin behind them).
__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "api": ["KIND_WORDS", "draft_document", "kind_of", "part_key", "regenerate_part"],
        "core": ["DocumentInputs", "MissingInputs", "YearData"],
        "forms": ["AssessmentForm", "Record"],
        "templates": ["KINDS"],
    },
)
