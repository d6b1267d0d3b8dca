"""Command line: python -m knowledge [--corpus DIR] build | documents | add FILE |
search "问题" [--k 5] [--json] [--level …] [--kind …] [--status …]

Errors print one Chinese sentence to stderr and exit with code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m knowledge", description="政策检索索引：建立索引、添加文档、检索。"
    )
    parser.add_argument("--corpus", default=None, help="政策库目录（默认为仓库中的 policy_corpus/）")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="重建政策库索引")
    add = sub.add_parser("add", help="把本地文档（.md .txt .docx .pdf）加入用户文档库")
    add.add_argument("file")
    search = sub.add_parser("search", help="检索")
    search.add_argument("query")
    search.add_argument("--k", type=int, default=5)
    search.add_argument("--json", action="store_true", help="输出 JSON")
    search.add_argument("--level", default=None)
    search.add_argument("--kind", default=None)
    search.add_argument("--status", default=None)
    sub.add_parser("documents", help="列出已索引的文档")
    return parser


def _progress(done: int, total: int) -> None:
    print(f"\r已处理 {done}/{total} 段", end="" if done < total else "\n", file=sys.stderr, flush=True)


def _run(args: argparse.Namespace) -> int:
    from knowledge import KnowledgeSettings
    from knowledge import open_index as _open

    settings = KnowledgeSettings() if args.corpus is None else KnowledgeSettings(corpus_dir=args.corpus)

    def open_index():
        return _open(settings)

    if args.command == "build":
        index = open_index()
        index.build(progress=_progress)
        print(f"索引已建立：{len(index.documents())} 篇文档，{len(index)} 段。")
    elif args.command == "add":
        index = open_index()
        added = index.add_file(args.file)
        print(f"已加入用户文档库：{added['title']}（{added['chunks']} 段）")
    elif args.command == "documents":
        for doc in open_index().documents():
            print(
                f"{doc['title']}\t{doc['doc_no']}\t{doc['level']}\t{doc['kind']}\t{doc['status']}\t{doc['source']}"
            )
    else:
        if args.k < 1:
            raise _UsageError("--k 必须是正整数。")
        result = open_index().search(
            args.query, k=args.k, level=args.level, kind=args.kind, status=args.status
        )
        if args.json:
            keys = ("text", "title", "doc_no", "section", "score", "source")
            payload = {
                "answerable": result.answerable,
                "results": [{key: getattr(p, key) for key in keys} for p in result.results],
            }
            print(json.dumps(payload, ensure_ascii=False))
        elif not result.answerable:
            print("政策库中没有找到能回答这个问题的内容。")
        else:
            for number, p in enumerate(result.results, start=1):
                cite = f"《{p.title}》" + (f"（{p.doc_no}）" if p.doc_no else "")
                print(f"[{number}] {cite} {p.section}  相关度 {p.score:.2f}\n{p.text}\n  —— {p.source}\n")
    return 0


class _UsageError(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from knowledge.errors import KnowledgeError

    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except (KnowledgeError, _UsageError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 2
    except Exception as exc:  # last resort: no traceback reaches the user
        print(f"错误：检索索引出现意外问题（{type(exc).__name__}: {exc}）。", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
