"""Item: the garment in hand: its colourways and the sizes in stock here, price, actions."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QVBoxLayout

from kiosk.catalogue.silhouettes import kind_of
from kiosk.journey import can_add, can_request
from kiosk.tryon.preview import Target
from kiosk.ui import theme
from kiosk.ui.format import money
from kiosk.ui.i18n import tr
from kiosk.ui.names import colour_name, description, size_label, title
from kiosk.ui.pictures import ProductPicture, loader_for
from kiosk.ui.screens.base import Screen, centred_row, clear_layout, lower_panel
from kiosk.ui.suggest import colourway_order, reason_text
from kiosk.ui.widgets import ClampedLabel, Swatch, pill

MAX_SWATCHES = 6


class ItemScreen(Screen):
    name = "item"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        m = ctx.metrics
        self.journey = ctx.services.journey
        content = lower_panel(self)
        self.title = self.label(m.px(56), bold=True)
        self.price = self.label(m.body + m.px(4))
        # The catalogue's short description, in the shopper's language: two lines at most.
        self.description = ClampedLabel(2, self)
        self.description.setObjectName("item-description")
        self.description.setFont(theme.font(m.body))
        self.description.setStyleSheet(f"color: {theme.TEXT.name()}; background: transparent;")
        self.description.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.colours_heading = self.label(m.small, dim=True)
        self.reason = self.label(m.small, dim=True)
        self.swatch_row = QHBoxLayout()
        self.sizes_heading = self.label(m.small, dim=True)
        self.size_row = QHBoxLayout()
        self.size_row.setSpacing(m.px(16))
        self.request_button = pill(m, primary=True, parent=self)
        self.basket_button = pill(m, parent=self)
        self.look_button = pill(m, parent=self)
        self.stock_note = self.label(m.small, dim=True)  # why a size at 0 here acts as it does
        # See it on me: says the recoloured garment on the camera image is a preview.
        self.preview_label = self.label(m.px(44), bold=True)
        self.preview_label.setObjectName("item-preview")
        self.preview_label.hide()
        self._worn: tuple | None = None   # (style id, colour) the shopper came with
        # The variant's picture (or its silhouette in the chosen colour) beside the name.
        self.picture = ProductPicture(loader_for(ctx), QSize(m.px(200), m.px(240)), self)
        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.price)
        heading.addWidget(self.description)
        top = QHBoxLayout()
        top.setSpacing(m.px(24))
        top.addWidget(self.picture)
        top.addLayout(heading, 1)
        content.addWidget(self.preview_label)
        content.addLayout(top)
        content.addWidget(self.colours_heading)
        content.addLayout(self.swatch_row)
        content.addWidget(self.reason)
        content.addWidget(self.sizes_heading)
        content.addLayout(self.size_row)
        content.addSpacing(m.px(12))
        content.addLayout(centred_row(self.request_button, self.basket_button, spacing=m.px(20)))
        content.addWidget(self.stock_note)
        content.addLayout(centred_row(self.look_button))
        content.addStretch(1)
        self.request_button.setObjectName("item-request")
        self.basket_button.setObjectName("item-add")
        self.look_button.setObjectName("item-look")
        self.request_button.clicked.connect(lambda: ctx.navigate("request_size"))
        self.basket_button.clicked.connect(lambda: ctx.navigate("add_to_basket"))
        self.look_button.clicked.connect(lambda: ctx.navigate("look"))
        self._swatches = QButtonGroup(self)
        self._sizes = QButtonGroup(self)
        # Only while shown: on_enter refreshes anyway, and rebuilding hidden rows costs a frame.
        self.journey.on_change(lambda what: self.refresh() if what in ("item", "colour") and self.isVisible() else None)
        self.journey.on_change(lambda what: self._forget_worn() if what == "wipe" else None)
        if ctx.services.tryon is not None:
            ctx.services.tryon.on_change(self._show_preview_label)

    def on_enter(self, **params) -> None:
        self.refresh()

    def retranslate(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        selection = self.journey.selection
        if selection is None:
            return
        style, colourway = selection.style, selection.colourway
        language = self.ctx.languages.current
        self.title.setText(title(style, language))
        self.description.setText(description(style, language))
        self.description.setVisible(bool(self.description.full_text))
        self.picture.show_item(style, colourway, selection.variant)
        price = colourway.variants[0].price if colourway and colourway.variants else style.price_from
        self.price.setText(money(price, self.journey.catalogue.currency, language))
        self.colours_heading.setText(tr("Item", "Colours in this store"))
        self._fill_swatches(style, colourway)
        self._fill_sizes(selection)
        self._update_actions(selection)
        self._preview(style, colourway)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt API)
        """Off the item screen, no preview: the shopper sees themselves as they are."""
        if self.ctx.services.tryon is not None:
            self.ctx.services.tryon.stop()
        super().hideEvent(event)

    def _preview(self, style, colourway) -> None:
        """Digital mirror: another colourway than the one the shopper came with is shown
        on the garment they wear (kiosk.tryon); the first one needs no preview."""
        preview = self.ctx.services.tryon
        if preview is None or self.ctx.config.mirror.display_mode != "digital":
            return
        colour = colourway.colour if colourway else None
        if self._worn is None or self._worn[0] != style.id:
            self._worn = (style.id, colour)
        chosen = colour is not None and colour.lab is not None and colour != self._worn[1]
        name = colour_name(colour, self.ctx.languages.current) if chosen else ""
        preview.show(Target(kind_of(style), tuple(colour.lab), name) if chosen else None)
        self._show_preview_label(preview.showing)

    def _show_preview_label(self, showing: bool) -> None:
        target = self.ctx.services.tryon.target
        if showing and target is not None:
            self.preview_label.setText(tr("Item", "Preview of %1").replace("%1", target.colour_name))
        self.preview_label.setVisible(showing and self.isVisible())

    def _forget_worn(self) -> None:
        self._worn = None
        if self.ctx.services.tryon is not None:
            self.ctx.services.tryon.stop()

    def _fill_swatches(self, style, current) -> None:
        _release(self._swatches)
        clear_layout(self.swatch_row)
        ranked = colourway_order(style, self.journey.shopper_palette, current,
                                 self.journey.selection.size)[:MAX_SWATCHES]
        self.swatch_row.addStretch(1)
        for ranked_colourway in ranked:
            colour = ranked_colourway.colourway.colour
            key = colour.name if colour else ""
            swatch = Swatch(key, colour_name(colour, self.ctx.languages.current) if colour else tr("Item", "One colour"), colour.hex if colour else None,
                            self.ctx.metrics, available=ranked_colourway.colourway.in_stock, parent=self)
            swatch.setChecked(current is not None and current.colour == colour)
            swatch.chosen.connect(lambda name: self.ctx.navigate("choose_colour", colour_name=name))
            self._swatches.addButton(swatch)
            self.swatch_row.addWidget(swatch)
        self.swatch_row.addStretch(1)
        held = next((r for r in ranked if r.is_current), None)
        self.reason.setText(reason_text(held.reason, self.ctx.languages.current) if held else "")

    def _fill_sizes(self, selection) -> None:
        _release(self._sizes)
        clear_layout(self.size_row)
        colourway = selection.colourway
        in_stock = set(colourway.sizes_in_stock) if colourway else set()
        one_size = colourway is not None and not colourway.sizes
        if one_size:
            self.sizes_heading.setText(tr("Item", "In stock here") if colourway.in_stock
                                       else tr("Item", "This colour is sold out here - staff can check other stores"))
        else:
            self.sizes_heading.setText(tr("Item", "Sizes in stock here") if in_stock
                                       else tr("Item", "This colour is sold out here - staff can check other stores"))
        self.size_row.addStretch(1)
        for size in (colourway.sizes if colourway else ()):
            chip = pill(self.ctx.metrics, size_label(size), checkable=True, parent=self)
            chip.setObjectName(f"size-{size}")
            sold_out = size not in in_stock
            if sold_out:  # still chosen by a tap: staff may find it, and the manager sees what sells out
                chip.setStyleSheet(chip.styleSheet() + "QPushButton { color: #8a8a8a; border-color: #555; }")
            chip.setChecked(size == selection.size)
            chip.clicked.connect(lambda _=False, s=size: self.ctx.navigate("choose_size", size=s))
            self._sizes.addButton(chip)
            self.size_row.addWidget(chip)
        self.size_row.addStretch(1)

    def _update_actions(self, selection) -> None:
        variant = selection.variant
        size = size_label(selection.size) or (tr("Item", "one size") if variant is not None else None)
        not_in_stock = self.ctx.config.mqtt.requests.not_in_stock
        holding = selection.holding_it
        if holding:  # "Bring me S" for the S in their hands: point at the other sizes instead
            self.request_button.setText(tr("Item", "You have %1").replace("%1", size))
        else:
            self.request_button.setText(tr("Item", "Bring me %1").replace("%1", size) if size
                                        else tr("Item", "Choose a size"))
        self.request_button.setEnabled(not holding and can_request(variant, not_in_stock)
                                       and self.ctx.services.requests is not None)
        self.basket_button.setText(tr("Item", "Add to basket"))
        self.basket_button.setEnabled(can_add(variant))
        self.look_button.setText(tr("Item", "Complete the look"))
        off_floor = variant is not None and not variant.in_stock
        self.stock_note.setText(_not_in_stock_note(size, not_in_stock) if off_floor else "")
        self.stock_note.setVisible(off_floor)


def _not_in_stock_note(size: str, not_in_stock: str) -> str:
    """Why 'Bring me' and 'Add to basket' act as they do for a size at 0 in this store."""
    request = (tr("Item", "%1 is not on the floor: we will check the stockroom and other stores.")
               if not_in_stock == "ask" else
               tr("Item", "%1 is not in stock in this store: please ask at the fitting-room desk."))
    return request.replace("%1", size) + "\n" + tr("Item", "Only sizes in stock here can go in your basket.")


def _release(group) -> None:
    for button in group.buttons():
        group.removeButton(button)
