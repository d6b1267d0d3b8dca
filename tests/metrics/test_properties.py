"""Properties of the weighted CV that hold for any data (hypothesis)."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from metrics.cv import weighted_cv, weighted_mean

students = st.lists(st.integers(min_value=1, max_value=3000), min_size=2, max_size=30)


@st.composite
def school_data(draw):
    p = np.array(draw(students), dtype=float)
    resource = np.array(
        draw(st.lists(st.floats(min_value=1, max_value=1e5), min_size=len(p), max_size=len(p)))
    )
    return p, resource


@given(school_data(), st.floats(min_value=1e-3, max_value=1e3))
def test_cv_is_unchanged_when_a_resource_is_scaled(data, factor):
    p, resource = data
    assert np.isclose(weighted_cv(resource / p, p), weighted_cv(factor * resource / p, p), rtol=1e-9)


@given(students, st.floats(min_value=0.01, max_value=1e4))
def test_cv_is_zero_when_all_schools_are_equal(p, value):
    p = np.array(p, dtype=float)
    assert np.isclose(weighted_cv(np.full(len(p), value), p), 0, atol=1e-9)


@given(school_data())
def test_weighted_mean_is_the_aggregate_ratio(data):
    p, resource = data
    assert np.isclose(weighted_mean(resource / p, p), resource.sum() / p.sum(), rtol=1e-9)


@given(school_data())
def test_cv_is_never_negative(data):
    p, resource = data
    assert weighted_cv(resource / p, p) >= 0
