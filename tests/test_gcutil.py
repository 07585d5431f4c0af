from __future__ import annotations

import gc

import pytest

from translate.gcutil import paused_collector


@pytest.fixture(autouse=True)
def _collector_back_on() -> None:
    yield
    gc.enable()


def test_the_collector_is_paused_inside_and_back_after_even_on_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_collector():
        assert not gc.isenabled()
        with paused_collector():  # nested: the inner block does not switch it back on
            pass
        assert not gc.isenabled()
        raise RuntimeError("interrupted")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()

    @paused_collector()
    def work() -> int:
        return 42

    assert work() == 42 and not gc.isenabled()
