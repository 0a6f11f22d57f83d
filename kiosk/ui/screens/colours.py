"""Find my colours: consent first; then the analysis with its confidence, or a swatch by hand.

Low confidence never gives a verdict: the shopper compares two swatches instead.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QGridLayout

from kiosk.colour.palette import manual_swatches, palette
from kiosk.ui.i18n import tr
from kiosk.ui.screens.base import Screen, clear_layout, lower_panel
from kiosk.ui.widgets import Swatch, pill

ANALYSIS_POLL_MS = 500
MAX_COLUMNS = 6


class ColoursScreen(Screen):
    name = "colours"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        m = ctx.metrics
        self.journey = ctx.services.journey
        self.shopper = ctx.services.shopper  # consent changes go through the shopper core
        self.consent = ctx.services.consent  # read only: the analysis so far
        content = lower_panel(self)
        self.title = self.label(m.px(56), bold=True)
        self.body = self.label(m.body, dim=True)
        self.swatches = QGridLayout()
        self.swatches.setSpacing(m.px(8))
        self.primary = pill(m, primary=True, parent=self)
        self.secondary = pill(m, parent=self)
        self.primary.setObjectName("colours-primary")
        self.secondary.setObjectName("colours-secondary")
        self.primary.clicked.connect(self._primary)
        self.secondary.clicked.connect(self._secondary)
        content.addWidget(self.title)
        content.addWidget(self.body)
        content.addLayout(self.swatches)
        for button in (self.primary, self.secondary):  # stacked: consent texts run long in French
            content.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        content.addStretch(1)
        self.phase = "consent"
        self._poll = QTimer(self)
        self._poll.setInterval(ANALYSIS_POLL_MS)
        self._poll.timeout.connect(self._read_analysis)
        self.journey.on_change(lambda what: self._reset() if what == "wipe" else None)

    # -- phases ------------------------------------------------------------------------------
    def on_enter(self, **params) -> None:
        if self.journey.palette is not None:
            self.phase = "result"
        elif self.phase not in ("analysing", "manual", "compare"):
            self._stop_analysis()  # back to the question: no sampling without a live consent
            self.phase = "consent"
        self.retranslate()

    def opt_in(self) -> None:
        available = self.ctx.colour_analysis_available()
        # No camera or no vision, or the analysis could not start: pick by hand.
        if not available or not self.shopper.opt_in_colour():
            self.phase = "manual"
        else:
            self.phase = "analysing"
            self._poll.start()
        self.retranslate()

    def pick(self, season_id: str) -> None:
        self.ctx.navigate("touch")
        self.shopper.pick_palette(palette(season_id))  # choosing by hand is consent to use it
        self._stop_analysis()
        self.phase = "result"
        self.retranslate()

    def forget(self) -> None:
        self._poll.stop()
        self.shopper.forget_colour()
        self.phase = "consent"
        self.retranslate()

    def _reset(self) -> None:
        self._stop_analysis()
        self._compare = None
        self.phase = "consent"

    def _stop_analysis(self) -> None:
        self._poll.stop()
        self.shopper.stop_colour_analysis()

    def _read_analysis(self) -> None:
        result = self.consent.result() if self.consent else None
        if result is None:
            return
        if result.is_verdict:
            self.pick(result.season.id)
        elif result.compare is not None and result.frames >= 10:
            self._poll.stop()
            self.phase = "compare"
            self._compare = result.compare
            self.retranslate()

    def _primary(self) -> None:
        self.ctx.navigate("touch")
        {"consent": self.opt_in, "result": lambda: self.ctx.navigate("item_or_browse"),
         "analysing": self._go_manual, "compare": self._go_manual, "manual": self.forget}[self.phase]()

    def _secondary(self) -> None:
        self.ctx.navigate("touch")
        {"consent": self._go_manual, "result": self.forget, "analysing": self.forget,
         "compare": self.forget, "manual": self.forget}[self.phase]()

    def _go_manual(self) -> None:
        self._stop_analysis()
        self.phase = "manual"
        self.retranslate()

    # -- texts ---------------------------------------------------------------------------------
    def retranslate(self) -> None:
        getattr(self, f"_show_{self.phase}")()

    def _show_consent(self) -> None:
        self._fill([])
        self.title.setText(tr("Colours", "Find the colours that suit you"))
        self.body.setText(tr("Colours", "With your permission, the mirror looks at the colour of your skin, "
                                        "hair and eyes for a few seconds. Nothing is recorded or stored, and it "
                                        "is forgotten as soon as you leave."))
        self.primary.setText(tr("Colours", "Yes, look at my colours"))
        self.secondary.setText(tr("Colours", "I'd rather pick by hand"))

    def _show_analysing(self) -> None:
        self._fill([])
        self.title.setText(tr("Colours", "Looking at your colours…"))
        self.body.setText(tr("Colours", "Stand facing the mirror, about an arm's length away."))
        self.primary.setText(tr("Colours", "Pick by hand instead"))
        self.secondary.setText(tr("Colours", "Stop"))

    def _show_compare(self) -> None:
        first, second = self._compare
        self._fill([(first.id, first.hex, tr("Season", first.label)), (second.id, second.hex, tr("Season", second.label))])
        self.title.setText(tr("Colours", "Not sure yet: which looks better on you?"))
        self.body.setText(tr("Colours", "Look at each colour beside your reflection and tap the one you prefer."))
        self.primary.setText(tr("Colours", "See all swatches"))
        self.secondary.setText(tr("Colours", "Forget my colours"))

    def _show_manual(self) -> None:
        self._fill([(s.id, s.hex, tr("Season", s.label)) for s in manual_swatches()])
        self.title.setText(tr("Colours", "Pick the colour you love to wear"))
        self.body.setText(tr("Colours", "We will suggest colourways and accessories around it."))
        self.primary.setText(tr("Colours", "Cancel"))
        self.secondary.setVisible(False)

    def _show_result(self) -> None:
        season = self.journey.palette
        if season is None:
            self.phase = "consent"
            self._show_consent()
            return
        self._fill([(f"{season.id}-{i}", hex_colour, "") for i, hex_colour in enumerate(season.colours[:8])],
                   selectable=False)
        self.title.setText(tr("Colours", "Your palette: %1").replace("%1", tr("Season", season.name)))
        self.body.setText(tr("Colours", "Colourways and accessories are now ordered by this palette."))
        self.primary.setText(tr("Colours", "Show me"))
        self.secondary.setText(tr("Colours", "Forget my colours"))

    def _fill(self, items, selectable: bool = True) -> None:
        self.secondary.setVisible(True)
        clear_layout(self.swatches)
        swatches = [Swatch(key, label, hex_colour, self.ctx.metrics, parent=self) for key, hex_colour, label in items]
        columns = self._columns(swatches)
        for index, swatch in enumerate(swatches):
            swatch.setEnabled(selectable)
            swatch.chosen.connect(self.pick)
            self.swatches.addWidget(swatch, index // columns, index % columns)

    def _columns(self, swatches) -> int:
        """As many swatches a row as the screen's width holds (at most 6), preferring full
        rows (12 -> 6 x 2 or 4 x 3; 8 -> 4 x 2): fixed-size swatches squeezed into too many
        columns are drawn over each other."""
        m = self.ctx.metrics
        room = self.window().width() - 2 * m.px(64) + self.swatches.spacing()  # lower_panel's margins
        widest = max((swatch.width() + self.swatches.spacing() for swatch in swatches), default=1)
        fitting = max(1, min(len(swatches), MAX_COLUMNS, room // widest))
        if len(swatches) == 8:
            fitting = min(fitting, 4)  # the palette reads as two rows of four
        even = [n for n in range(fitting, 0, -1) if len(swatches) % n == 0 and n * 2 >= fitting]
        return even[0] if even else fitting
