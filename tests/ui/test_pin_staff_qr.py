"""Issue 19: the mirror's staff PIN screen shows a QR of the staff app (/staff), with the
address under it: from the running demo service, else from staff_app.base_url."""

from types import SimpleNamespace

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.config import StoreConfig
from kiosk.handoff.qr import decode_qr
from kiosk.services import Services
from kiosk.ui import theme
from kiosk.ui.i18n import Languages
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.pin import PinScreen


def pin_screen(qtbot, config: StoreConfig, services: Services) -> PinScreen:
    ctx = UiContext(config, Languages(["en", "fr", "zh_CN"], "en"), lambda *a, **k: None,
                    services, theme.metrics_for(1080, 1920))
    screen = PinScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1080, 1920)
    screen.on_enter()
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def on_the_mirror(screen: PinScreen) -> QImage:
    """The screen as the mirror shows it: over the dark camera scrim, not a white window."""
    image = QImage(screen.size(), QImage.Format.Format_RGB32)
    image.fill(QColor(16, 16, 16))
    painter = QPainter(image)
    painter.drawPixmap(0, 0, screen.grab())
    painter.end()
    return image


def decoded(screen: PinScreen) -> str | None:
    image = on_the_mirror(screen).convertToFormat(QImage.Format.Format_Grayscale8)
    width, height = image.width(), image.height()
    gray = np.frombuffer(image.constBits(), np.uint8, image.bytesPerLine() * height)
    gray = gray.reshape(height, image.bytesPerLine())[:, :width].copy()
    return decode_qr(gray)


def test_the_running_staff_app_is_one_scan_away(qtbot, tmp_path):
    url = "http://192.168.1.20:8090/staff"
    screen = pin_screen(qtbot, StoreConfig(), Services(staff_app=SimpleNamespace(staff_url=url)))
    assert decoded(screen) == url
    assert screen.qr_url.text() == url and screen.qr_url.isVisible()
    on_the_mirror(screen).save(str(tmp_path / "pin-staff-qr.png"))  # looked at (issue 19)


def test_the_configured_address_when_no_service_runs_here(qtbot):
    config = StoreConfig.model_validate({"staff_app": {"base_url": "https://staff.shop.example"}})
    screen = pin_screen(qtbot, config, Services())
    assert decoded(screen) == "https://staff.shop.example/staff"


@pytest.mark.parametrize("section", [{"enabled": False, "base_url": "https://x.example"}, {}])
def test_no_staff_app_no_code(qtbot, section):
    screen = pin_screen(qtbot, StoreConfig.model_validate({"staff_app": section}), Services())
    assert screen.url is None and not screen.qr.isVisible() and not screen.qr_url.isVisible()
