"""Small hand-made school sets for planner tests (built with the metrics test helpers)."""

from __future__ import annotations

from tests.metrics.schools import frame, primary


def junior(name: str, students: int, **kw) -> dict:
    """A 初中 meeting every quality_2017 初中 threshold exactly, unless overridden."""
    p = students
    base = {
        "name": name,
        "school_type": "初级中学",
        "junior_students": p,
        "junior_classes": max(1, p // 50),
        "teachers": p * 0.08,
        "teachers_above_degree": p * 0.053,
        "teachers_mid_title": p * 0.04,
        "backbone_teachers": p * 0.01,
        "pe_art_teachers": p * 0.009,
        "teaching_rooms_area": p * 5.8,
        "gym_area": 0.0,
        "sports_field_area": p * 10.2,
        "equipment_value": p * 2500 / 10000,
        "computers": p * 0.15,
        "books": p * 40,
        "multimedia_rooms": p * 0.024,
    }
    base.update(kw)
    return base


def town_frame():
    """城关镇: two passing schools, a 小学 short of space and teachers, a 初中 short of field and rooms.

    中心小学 (500 students) has 1800 ㎡ teaching space (4.5·500 = 2250 needed → 450 ㎡ short) and
    16 高学历 teachers (4.2·500/100 = 21 needed → 5 short).
    第二中学 (400 students) has 3000 ㎡ field (10.2·400 = 4080 → 1080 ㎡ short) and 6 rooms
    (2.4·400/100 = 9.6 → 10 needed → 4 short).
    """
    return frame(
        primary("城关镇中心小学", 500, teaching_rooms_area=1800.0, teachers_above_degree=16.0),
        primary(
            "东街小学",
            1000,
            teaching_rooms_area=5000.0,
            sports_field_area=8000.0,
            equipment_value=220.0,
            multimedia_rooms=25.0,
            teachers_above_degree=45.0,
            backbone_teachers=11.0,
            pe_art_teachers=10.0,
        ),
        primary("西村小学", 200),
        junior("城关镇第二中学", 400, sports_field_area=3000.0, multimedia_rooms=6.0),
        junior("城关镇第一中学", 800),
    )


def district_frame():
    """示例区: two 乡镇 with weak schools in each."""
    return frame(
        primary("城关镇中心小学", 500, teaching_rooms_area=1800.0, teachers_above_degree=16.0),
        primary("东街小学", 1000),
        primary("河口镇小学", 300, township="河口镇", equipment_value=30.0, sports_field_area=1200.0),
        primary("河口镇二小", 250, township="河口镇"),
        junior("城关镇第一中学", 800),
        junior(
            "河口镇中学",
            600,
            township="河口镇",
            multimedia_rooms=8.0,
            backbone_teachers=3.0,
            teaching_rooms_area=2800.0,
        ),
    )
