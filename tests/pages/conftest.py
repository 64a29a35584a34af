import pytest

from tests.pages.data import build_world, grow_world


@pytest.fixture
def world(db):
    """China and Cambodia: levels from "2006" (year only) and 2010-12-13, cited; meetings, one a draft."""
    return build_world()


@pytest.fixture
def grow(world):
    """``grow(n)`` adds n partners of China with cited levels, meetings, participants and draft claims."""
    return lambda n: grow_world(world, n)
