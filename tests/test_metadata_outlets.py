"""The outlet of a site no gazetteer knows: candidate kinds read from the page, and look-alikes that must not be taken."""

from __future__ import annotations

import threading

from coopetition.reading.metadata.rules import current_outlets, known_outlets, outlets_in_use


def test_outlets_in_use_is_scoped_to_the_thread_that_set_it():
    less = known_outlets().without(["环球网"])
    seen: list[str] = []
    inside = threading.Event()
    done = threading.Event()

    def other() -> None:
        inside.wait(5)
        seen.append(current_outlets().canonical("环球网"))  # another thread, while the block is open
        done.set()

    thread = threading.Thread(target=other)
    thread.start()
    with outlets_in_use(less):
        inside.set()
        done.wait(5)
        assert current_outlets().canonical("环球网") == ""
    thread.join(5)
    assert seen == [known_outlets().canonical("环球网")] and seen[0]
    assert current_outlets() is known_outlets()
