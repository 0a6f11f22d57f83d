"""No text on any shopper screen overlaps other text or is cut off, in every language, on the
mirror (1080x1920) and in the README's --windowed window (720x1280): widget geometry and
QFontMetrics, not pixels."""

import pytest

from tests.support.text_fit import LANGUAGES, build_test_mirror, screen_states, text_problems

SIZES = [(1080, 1920), (720, 1280)]


@pytest.mark.parametrize("width, height", SIZES, ids=["1080x1920", "720x1280"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_overlaps_or_is_cut_off(qtbot, width, height, language):
    mirror = build_test_mirror(qtbot, width, height)
    mirror.languages.set_language(language)
    problems = []
    try:
        for state, show in screen_states(mirror):
            show()
            qtbot.wait(1)  # layouts run on posted events
            problems += [f"{state}: {problem}" for problem in text_problems(mirror.window)]
    finally:
        mirror.languages.set_language("en")  # the translator is application-wide
    assert not problems, "\n".join(problems)
