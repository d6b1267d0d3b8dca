"""说明: what the workbook holds, the method and the standard's sources, in Chinese."""

from __future__ import annotations

import math

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from metrics import Evaluation, Standard
from metrics.standards import plain_source
from planner.export.workbook.cells import (
    BOLD,
    TITLE,
    WRAP,
    widths,
    write_text,
)
from planner.export.workbook.layout import (
    CV,
    GUARANTEES,
    INPUT,
    PARAMS,
    SCHOOLS,
    SCOPE,
)


def data_years(frame: pd.DataFrame, data_year: int | None = None) -> str:
    """The 统计年度 the 说明 sheet names: the one the page or document chose, else the file's own
    统计年度 column, else 未注明 (only when neither says).

    >>> data_years(pd.DataFrame({"year": [2024, 2024]})), data_years(pd.DataFrame(), 2025)
    ('2024年度', '2025年度')
    """
    if data_year is not None:
        return f"{data_year}年度"
    years = sorted({int(y) for y in frame["year"].dropna()}) if "year" in frame else []
    return "、".join(f"{y}年度" for y in years) if years else "未注明（上传数据中没有“统计年度”一列）"


def write_notes(
    ws: Worksheet,
    standard: Standard,
    evaluation: Evaluation,
    frame: pd.DataFrame,
    region: str,
    data_year: int | None = None,
) -> None:
    write_text(ws, 1, 1, f"{region}义务教育均衡发展指标审计工作簿")
    ws.cell(1, 1).font = TITLE
    lines = [
        ("评估标准", f"{standard.title}（{standard.issuer}{standard.doc_no}，{standard.date}）"),
        ("统计年度", data_years(frame, data_year)),
        (
            "学校数",
            f"上传数据{len(frame)}所，其中参评{len(frame) - len(evaluation.excluded)}所、"
            f"不参评{len(evaluation.excluded)}所（见“{SCOPE}”表）",
        ),
        ("", ""),
        ("各表内容", ""),
        (INPUT, "上传的学校数据，按原样（数值为数字，单位在表头）；原表行号为上传文件中的行号。"),
        (PARAMS, "评估标准的全部参数（标准值、差异系数限值、达标规则、评估范围、拆分比例）及其依据。"),
        (SCOPE, "每所学校是否参评及原因，按标准参数中的评估范围用公式判定。"),
        (
            SCHOOLS,
            "每所学校每个学段一行：拆分、本学段教师、各项指标值、学校达标结论和各项差距"
            "（达到标准值尚需增加的数量）；红色为未达到标准值。",
        ),
        (CV, "各学段每项指标的加权平均值、加权标准差、差异系数与限值比较，综合差异系数和学段结论。"),
        (
            GUARANTEES,
            "政府保障程度中可由学校数据计算的项目（学校规模、班额、平均班额、音乐美术专用教室），参评学校逐校判定；"
            "其余项目（教师资格、培训、交流轮岗等）不在统计表中，需另行核查。",
        ),
        ("", ""),
        ("计算方法", ""),
        (
            "指标值",
            "换算系数×（本学段资源数量）÷本学段在校生数；教学及辅助用房按标准扣除体育馆面积的，见标准参数表的计算式。",
        ),
        (
            "拆分",
            f"一贯制学校、完全中学的设施按学生折合数在学段间分配：拆分系数=本学段折合系数×本学段在校生数÷折合学生数。{plain_source(standard.split_source)}",
        ),
        ("教师", "教师不拆分：九年一贯制、十二年一贯制学校的初中部教师取“初中部”各列，小学部=合计−初中部。"),
        ("差异系数", f"按在校生数加权（总体标准差，非样本标准差）；判定：{plain_source(standard.cv_source)}"),
        ("评估范围", plain_source(standard.scope_source)),
    ]
    lines += [
        ("指标依据" if i == 0 else "", f"{ind.name}：{plain_source(ind.source)}")
        for i, ind in enumerate(standard.indicators)
    ]
    lines.append(("", "各地执行口径不同的参数，可按本省具体办法修改“标准参数”表，计算随之更新。"))
    if standard.has_school_thresholds:
        lines.append(("学校达标", plain_source(standard.school_rule_source)))
    else:
        lines.append(
            (
                "学校达标",
                "本标准不设全国统一的校级标准值，学校须达到省级办学基本标准（另行核查）；本工作簿计算各项指标和差异系数。",
            )
        )
    lines += [
        ("", ""),
        (
            "核对方法",
            "所有计算单元格均为公式，打开时由 Excel/WPS/LibreOffice 重新计算；"
            "修改学校数据或标准参数后结果随之更新。",
        ),
        ("", "“系统报告”列为本系统导出时的计算结果，可与公式结果对照；修改数据后两者不同属正常。"),
        (
            "",
            "行结构按导出时的办学类型和在校生数生成：修改办学类型或把某学段在校生数由0改为正数后，请重新导出。",
        ),
    ]
    if evaluation.warnings:
        lines.append(("", ""))
        lines += [("数据提示", w) for w in evaluation.warnings]
    for i, (label, text) in enumerate(lines, start=3):
        write_text(ws, i, 1, label)
        write_text(ws, i, 2, text)
        ws.cell(i, 1).font = BOLD
        ws.cell(i, 2).alignment = WRAP
        ws.cell(i, 1).alignment = WRAP
        ws.row_dimensions[i].height = 16 * max(1, math.ceil(len(text) / 80))  # ~80 汉字 a line
    widths(ws, [14, 110])
