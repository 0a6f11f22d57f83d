"""Hello: greets an engaged shopper, offers the language, says what the mirror can do."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from hardware.lights import PRESETS
from kiosk.ui.i18n import LANGUAGE_NAMES, tr
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import pill


class HelloScreen(Screen):
    name = "hello"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        m = ctx.metrics
        self.title = self.label(m.title, bold=True)
        self.body = self.label(m.body + m.px(4), dim=True)
        self.language_buttons = {}
        row = QHBoxLayout()
        row.setSpacing(m.px(24))
        row.addStretch(1)
        for code in ctx.config.store.languages:
            button = pill(m, checkable=True, parent=self)
            button.setText(LANGUAGE_NAMES[code])
            button.setObjectName(f"language-{code}")
            button.clicked.connect(lambda _=False, c=code: self._choose(c))
            self.language_buttons[code] = button
            row.addWidget(button)
        row.addStretch(1)
        actions = QHBoxLayout()
        actions.setSpacing(m.px(24))
        self.browse_button = pill(m, primary=True, parent=self)
        self.colours_button = pill(m, parent=self)
        self.browse_button.setObjectName("hello-browse")
        self.colours_button.setObjectName("hello-colours")
        self.browse_button.clicked.connect(lambda: ctx.navigate("browse"))
        self.colours_button.clicked.connect(lambda: ctx.navigate("colours"))
        actions.addStretch(1)
        actions.addWidget(self.browse_button)
        actions.addWidget(self.colours_button)
        actions.addStretch(1)
        self.light_buttons = {}
        self.lights_hint = self.label(m.small, dim=True)  # else "Evening" reads as a greeting
        self.lights_hint.setVisible(ctx.services.lights is not None)
        lights_row = QHBoxLayout()
        lights_row.setSpacing(m.px(16))
        lights_row.addStretch(1)
        if ctx.services.lights is not None:  # only where the room's lights can be driven
            for name in ("daylight", "evening", "office"):
                button = pill(m, checkable=True, parent=self)
                button.setObjectName(f"light-{name}")
                button.clicked.connect(lambda _=False, n=name: ctx.navigate("light", preset=n))
                self.light_buttons[name] = button
                lights_row.addWidget(button)
        lights_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(m.px(80), m.px(160), m.px(80), m.px(200))
        layout.addStretch(5)
        layout.addWidget(self.title)
        layout.addSpacing(m.px(28))
        layout.addWidget(self.body)
        layout.addSpacing(m.px(48))
        layout.addLayout(actions)
        layout.addSpacing(m.px(24))
        layout.addWidget(self.lights_hint)
        layout.addLayout(lights_row)
        layout.addStretch(3)
        layout.addLayout(row)
        self.retranslate()

    def _choose(self, code: str) -> None:
        self.ctx.languages.set_language(code)
        self.ctx.navigate("touch")

    def retranslate(self) -> None:
        self.title.setText(tr("Hello", "Hello"))
        self.body.setText(tr("Hello", "Hold a garment's tag up to the mirror to see its colours, "
                                      "the sizes in stock here and what goes with it."))
        self.browse_button.setText(tr("Hello", "Browse the collection"))
        self.colours_button.setText(tr("Hello", "Find my colours"))
        for code, button in self.language_buttons.items():
            button.setChecked(code == self.ctx.languages.current)
        self.lights_hint.setText(tr("Hello", "These buttons change the fitting room's lights:"))
        current = getattr(self.ctx.services.lights, "current", None)
        for name, button in self.light_buttons.items():
            label = PRESETS[name].label
            button.setText(label.get(self.ctx.languages.current) or label["en"])
            button.setChecked(name == current)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.ctx.navigate("touch")
