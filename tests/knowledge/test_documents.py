"""Reading corpus notes and user files; bad files get a Chinese message naming the file."""

import shutil
import subprocess

import pytest

from knowledge.documents import read_policy_note, read_user_file
from knowledge.errors import CorpusError, DocumentError

from .conftest import CORPUS


def test_policy_note_carries_front_matter():
    doc = read_policy_note(CORPUS / "quality_2017.md", "policy_corpus/quality_2017.md")
    meta = doc.meta
    assert (meta.title, meta.doc_no, meta.level, meta.kind, meta.status) == (
        "县域义务教育优质均衡发展督导评估办法",
        "教督〔2017〕6号",
        "国家",
        "政策",
        "现行",
    )
    assert meta.source == "policy_corpus/quality_2017.md"


def test_policy_note_without_front_matter_is_rejected(tmp_path):
    note = tmp_path / "bad.md"
    note.write_text("一、内容\n没有头信息。", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"policy_corpus/bad\.md 缺少 YAML 头信息"):
        read_policy_note(note, "policy_corpus/bad.md")


def test_policy_note_with_unknown_level_is_rejected(tmp_path):
    note = tmp_path / "bad.md"
    note.write_text("---\ntitle: 甲\nlevel: 乡\nkind: 政策\nstatus: 现行\n---\n正文", encoding="utf-8")
    with pytest.raises(CorpusError, match="level 取值“乡”无效"):
        read_policy_note(note, "policy_corpus/bad.md")


def test_gb18030_text_file_is_read(tmp_path):
    path = tmp_path / "本县办法.txt"
    path.write_bytes("一、班额\n本县小学班额不超过40人。".encode("gb18030"))
    doc = read_user_file(path)
    assert "不超过40人" in doc.text
    assert (doc.meta.title, doc.meta.kind, doc.meta.origin) == ("本县办法", "用户文档", "user")


def test_docx_paragraphs_and_tables_are_read(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("一、学校规模")
    document.add_paragraph("本县小学规模不超过1500人。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "音乐教室"
    table.rows[0].cells[1].text = "100平方米"
    path = tmp_path / "规模.docx"
    document.save(path)
    text = read_user_file(path).text
    assert "不超过1500人" in text
    assert "音乐教室 | 100平方米" in text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="需要 LibreOffice（soffice）生成带文字层的 PDF")
def test_pdf_text_layer_is_read(tmp_path):
    source = tmp_path / "办法.txt"
    source.write_text("本县初中班额不超过48人。", encoding="utf-8")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = read_user_file(tmp_path / "办法.pdf").text
    assert "班额不超过48人" in text.replace(" ", "")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("空.txt", b"", "是空文件"),
        ("坏.docx", b"not a zip", "不是有效的 Word"),
        ("坏.pdf", b"hello", "不是有效的 PDF"),
        ("表.xlsx", b"PK", "类型 .xlsx 不支持"),
        ("空白.md", b"   \n\n", "没有可提取的文字"),
    ],
)
def test_unreadable_user_files_get_a_chinese_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message):
        read_user_file(path)


def test_missing_user_file(tmp_path):
    with pytest.raises(DocumentError, match="找不到文件"):
        read_user_file(tmp_path / "无.txt")


def test_a_text_longer_than_the_cap_is_refused_in_chinese(tmp_path):
    from knowledge.documents import MAX_TEXT_CHARS

    path = tmp_path / "汇编.txt"
    path.write_text("均" * (MAX_TEXT_CHARS + 1), encoding="utf-8")
    with pytest.raises(DocumentError, match="正文超过6万字，超出单个政策文件的上限，请拆分后再上传"):
        read_user_file(path)


def test_a_docx_is_read_in_document_order_and_stops_at_the_cap(tmp_path):
    import docx

    from knowledge.documents import MAX_TEXT_CHARS

    document = docx.Document()
    document.add_paragraph("一、专用教室")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "音乐教室"
    table.rows[0].cells[1].text = "100平方米"
    document.add_paragraph("二、学校规模")
    path = tmp_path / "规模.docx"
    document.save(path)
    assert read_user_file(path).text.split("\n") == ["一、专用教室", "音乐教室 | 100平方米", "二、学校规模"]
    for _ in range(MAX_TEXT_CHARS // 10_000 + 1):
        document.add_paragraph("均" * 10_000)
    document.save(path)
    with pytest.raises(DocumentError, match="正文超过6万字"):
        read_user_file(path)
