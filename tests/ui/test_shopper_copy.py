"""What the shopper reads says what is true (issue #14, 7): one language choice on Hello,
lighting buttons that say they change the room's lights, swatches compared in the mirror,
no 'your size is here' for the size in hand, and no host:port under the QR."""

import pytest

from kiosk.colour.palette import manual_swatches
from kiosk.recommend.reasons import Reason
from kiosk.ui.format import names_a_domain
from tests.support.text_fit import build_test_mirror, showing_handoff, text_widgets


def visible_texts(mirror) -> list[str]:
    return [getattr(w, "name", None) or w.text() for w in text_widgets(mirror.window)]


def test_hello_has_one_language_choice_and_says_what_the_lights_buttons_do(qtbot):
    mirror = build_test_mirror(qtbot, 1080, 1920)
    mirror.window.show_screen("hello")
    chooser_names = {"English", "Français", "中文"}
    language_buttons = [w for w in text_widgets(mirror.window) if w.text() in chooser_names]
    assert sorted(b.text() for b in language_buttons) == sorted(chooser_names), "one row of languages, once"
    hint = mirror.screen("hello").lights_hint
    assert hint.isVisible() and "lights" in hint.text()
    mirror.window.show_screen("browse")  # elsewhere the bar still offers the next language
    assert mirror.window.navbar.language_button.isVisible()


def test_compare_swatches_are_looked_at_in_the_mirror_not_held(qtbot):
    mirror = build_test_mirror(qtbot, 1080, 1920)
    screen = mirror.screen("colours")
    mirror.window.show_screen("colours")
    screen._compare = tuple(manual_swatches()[:2])
    screen.phase = "compare"
    screen.retranslate()
    assert "face" not in screen.body.text() and "reflection" in screen.body.text()


def test_the_size_in_hand_is_not_announced_as_here():
    text = Reason.of("your_size", size="S").text("en")
    assert "Your size" not in text and "S" in text


@pytest.mark.parametrize("domain, shown", [("192.168.1.20:8080", False), ("localhost:8080", False),
                                           ("127.0.0.1", False), ("basket.maison-demo.fr", True)])
def test_only_a_real_domain_is_shown_under_the_qr(qtbot, domain, shown):
    assert names_a_domain(domain) is shown
    mirror = build_test_mirror(qtbot, 1080, 1920)
    mirror.window.show_screen("handoff")
    mirror.screen("handoff").show_view(showing_handoff(domain))
    texts = " ".join(visible_texts(mirror))
    assert (domain in texts) is shown
    if not shown:
        assert "Maison Demo" in texts and "phone" in texts
