"""Size request status: sent -> "Anna is bringing M" -> delivered (or cancelled / expired)."""

from __future__ import annotations

from kiosk.messaging.payloads import MAX_PRIORITY
from kiosk.ui.i18n import tr
from kiosk.ui.names import room_name
from kiosk.ui.request_progress import offer, offer_label, progress_lines
from kiosk.ui.screens.base import Screen, centred_row, lower_panel
from kiosk.ui.widgets import pill


class RequestScreen(Screen):
    name = "request"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        m = ctx.metrics
        content = lower_panel(self)
        self.title = self.label(m.px(60), bold=True)
        self.body = self.label(m.body + m.px(4), dim=True)
        button = self._button
        self.cancel_button = button("request-cancel", lambda: ctx.navigate("cancel_request"))
        self.item_button = button("request-back-to-item", lambda: ctx.navigate("item"))
        # Staff could not find it: the shopper chooses, one tap each (kiosk.ui.request_progress).
        self.alternative_button = button("request-alternative", self._ask_alternative, primary=True)
        self.alternative_button.setMinimumHeight(m.px(120))
        self.decline_button = button("request-no-thanks", lambda: ctx.navigate("decline_alternative"))
        self.again_button = button("request-ask-again", lambda: ctx.navigate("ask_again"))
        content.addWidget(self.title)
        content.addWidget(self.body)
        content.addSpacing(m.px(20))
        content.addLayout(centred_row(self.alternative_button))
        content.addLayout(centred_row(self.decline_button))
        content.addLayout(centred_row(self.again_button, self.cancel_button, self.item_button))
        content.addStretch(1)
        self.view = None
        self.off_floor = False
        self.alternative = None

    def _button(self, name: str, action, *, primary: bool = False):
        button = pill(self.ctx.metrics, primary=primary, parent=self)
        button.setObjectName(name)
        button.clicked.connect(action)
        return button

    def _ask_alternative(self) -> None:
        if self.alternative is not None and self.view is not None:
            self.ctx.navigate("ask_alternative", request_id=self.view.id, gtin=self.alternative.gtin)

    def on_enter(self, **params) -> None:
        self.retranslate()

    def show_request(self, view, off_floor: bool = False) -> None:
        """``view``: kiosk.messaging.views.RequestView (or None); ``off_floor``: the size has
        none in this store, so staff look in the stockroom and other stores."""
        self.view, self.off_floor = view, off_floor
        self.retranslate()

    def retranslate(self) -> None:
        view = self.view
        self.item_button.setText(tr("Request", "Keep browsing"))
        self.cancel_button.setText(tr("Request", "Cancel request"))
        self.decline_button.setText(tr("Request", "No thanks"))
        self.again_button.setText(tr("Request", "Ask again"))
        journey, language = self.ctx.services.journey, self.ctx.languages.current
        self.alternative = offer(view, journey)
        self.alternative_button.setText(offer_label(view, self.alternative, journey, language)
                                        if self.alternative else "")
        for button in (self.alternative_button, self.decline_button):
            button.setVisible(self.alternative is not None)
        if view is None:
            self.again_button.setVisible(False)
            self.title.setText(tr("Request", "Asking staff…"))
            self.body.setText("")
            return
        status, size, who = view.status, view.size, view.claimed_by or tr("Request", "A member of staff")
        texts = {
            "open": (tr("Request", "Asking staff for %1").replace("%1", size),
                     tr("Request", "Stay here: someone from the team will bring it to %1.").replace("%1", room_name(view.room))),
            "claimed": (tr("Request", "%1 is bringing %2").replace("%1", who).replace("%2", size),
                        tr("Request", "On the way to %1.").replace("%1", room_name(view.room))),
            "delivered": (tr("Request", "%1 brought %2").replace("%1", who).replace("%2", size),
                          tr("Request", "Enjoy trying it on.")),
            "cancelled": (tr("Request", "Request cancelled"), ""),
            "expired": (tr("Request", "Nobody could come just now"),
                        tr("Request", "Please ask at the fitting-room desk.")),
        }
        title, body = texts.get(status, (status, ""))
        # The claimer's word (on my way, can't find it) says more than "is bringing".
        title, body = progress_lines(view, journey, language) or (title, body)
        if self.off_floor and status == "open":
            body = tr("Request", "Not on the floor: we are checking the stockroom and other stores.")
        if view.escalation > 0 and status == "open":
            body += "\n" + tr("Request", "We have asked the floor lead too.")
        if view.priority > 0 and status == "open":
            body += "\n" + tr("Request", "We have asked again: the team sees it first.")
        self.title.setText(title)
        self.body.setText(body)
        self.cancel_button.setVisible(status in ("open", "claimed") and self.alternative is None)
        self.again_button.setVisible(status == "open" and view.priority < MAX_PRIORITY)
