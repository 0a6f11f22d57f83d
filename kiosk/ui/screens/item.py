"""Item: the garment in hand: its colourways and the sizes in stock here, price, actions."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QVBoxLayout

from kiosk.catalogue.silhouettes import kind_of
from kiosk.journey import can_add, can_request
from kiosk.tryon.preview import StillPicture, Target
from kiosk.tryon.recolour import wearable
from kiosk.ui import theme
from kiosk.ui.bridges import GuiHop
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
        # Two-way mirror: See it on me is a still of the shopper in the chosen colourway,
        # made on a tap, shown under the item with the colour's name (memory only).
        self.see_button = pill(m, primary=True, parent=self)
        self.see_button.setObjectName("item-see-it-on-me")
        self.see_button.setFont(theme.font(m.px(48), theme.QFont.Weight.Bold))
        self.see_button.setMinimumHeight(m.touch + m.px(24))
        self.see_button.clicked.connect(self.see_it_on_me)
        self.see_button.hide()
        self.still_view = QLabel(self)
        self.still_view.setObjectName("item-still")
        self.still_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.still_view.hide()
        self.still_caption = self.label(m.px(48), bold=True)
        self.still_caption.setWordWrap(True)
        self.still_caption.setObjectName("item-still-caption")
        self.still_caption.hide()
        self.still_message = self.label(m.px(44), bold=True)
        self.still_message.setObjectName("item-still-message")
        self.still_message.setWordWrap(True)
        self.still_message.hide()
        self._still_size = QSize(m.px(500), m.px(640))
        self._still_target: Target | None = None   # the colour the still shown is in
        self._hop = GuiHop(self)
        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.price)
        heading.addWidget(self.still_caption)
        heading.addWidget(self.description)
        top = QHBoxLayout()
        top.setSpacing(m.px(24))
        top.addWidget(self.picture)
        top.addWidget(self.still_view)   # the still takes the picture's place while shown
        top.addLayout(heading, 1)
        content.addWidget(self.preview_label)
        content.addLayout(top)
        content.addWidget(self.still_message)
        content.addLayout(centred_row(self.see_button))
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
        self._drop_still()
        super().hideEvent(event)

    def _preview(self, style, colourway) -> None:
        """Another colourway than the one the shopper came with: on a digital mirror it is
        shown live on the garment they wear (kiosk.tryon); behind two-way glass a tap makes
        a still.  The first colourway needs no preview."""
        preview = self.ctx.services.tryon
        if preview is None:
            return
        colour = colourway.colour if colourway else None
        if self._worn is None or self._worn[0] != style.id:
            self._worn = (style.id, colour)
        chosen = colour is not None and colour.lab is not None and colour != self._worn[1]
        name = colour_name(colour, self.ctx.languages.current) if chosen else ""
        target = Target(kind_of(style), tuple(colour.lab), name) if chosen else None
        if self.ctx.config.mirror.display_mode == "digital":
            preview.show(target)
            self._show_preview_label(preview.showing)
        else:
            self._offer_still(target)

    def _offer_still(self, target: Target | None) -> None:
        """Two-way: the See it on me button for a wearable colourway while the camera is
        live; a still already shown follows the colour chosen."""
        still = self.ctx.services.tryon.still
        offered = (target is not None and wearable(target.kind)
                   and self.ctx.colour_analysis_available())
        if not offered:
            self._drop_still()
            return
        self.see_button.setText(tr("Item", "See it on me"))
        self.see_button.show()
        if not still.wanted:
            still.want()
        if self._still_target is not None and self._still_target != target:
            self.see_it_on_me()   # another colour: the still follows

    def see_it_on_me(self) -> None:
        """The tap: a still of the newest frame in the chosen colour, made off the GUI thread."""
        preview, selection = self.ctx.services.tryon, self.journey.selection
        colour = selection.colourway.colour if selection and selection.colourway else None
        if preview is None or colour is None or colour.lab is None:
            return
        target = Target(kind_of(selection.style), tuple(colour.lab),
                        colour_name(colour, self.ctx.languages.current))
        self._still_target = target
        if not preview.still.take(target, self._hop(self._show_still),
                                  self.ctx.config.camera.flip_horizontal):
            self._show_still(StillPicture(-1, target, None), current=True)

    def _show_still(self, picture: StillPicture, current: bool = False) -> None:
        """GUI thread: the still (or the calm message when no garment was found)."""
        preview = self.ctx.services.tryon
        if not (current or (preview is not None and preview.still.current(picture))) or not self.isVisible():
            return
        if picture.image is None:
            self._clear_still()
            self.still_message.setText(tr("Item", "Stand facing the mirror so we can see your top")
                                       if picture.target.kind in ("top", "outerwear", "dress")
                                       else tr("Item", "Stand facing the mirror so we can see you"))
            self.still_message.show()
            return
        self.still_message.hide()
        self.still_view.setPixmap(_pixmap(picture.image, self._still_size))
        self.picture.hide()
        self.still_view.show()
        self.still_caption.setText(tr("Item", "You in %1").replace("%1", picture.target.colour_name))
        self.still_caption.show()

    def _clear_still(self) -> None:
        self.still_view.clear()
        self.still_view.hide()
        self.picture.show()
        self.still_caption.clear()
        self.still_caption.hide()

    def _drop_still(self) -> None:
        """No still kept anywhere: the picture, the kept observation, the button."""
        self._still_target = None
        self._clear_still()
        self.still_message.hide()
        self.see_button.hide()
        if self.ctx.services.tryon is not None:
            self.ctx.services.tryon.still.drop()

    def _show_preview_label(self, showing: bool) -> None:
        target = self.ctx.services.tryon.target
        if showing and target is not None:
            self.preview_label.setText(tr("Item", "Preview of %1").replace("%1", target.colour_name))
        self.preview_label.setVisible(showing and self.isVisible())

    def _forget_worn(self) -> None:
        self._worn = None
        if self.ctx.services.tryon is not None:
            self.ctx.services.tryon.stop()
        self._drop_still()

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


def _pixmap(image: np.ndarray, size: QSize) -> QPixmap:
    """A BGR still scaled to fit ``size``: the QPixmap holds its own copy of the pixels."""
    height, width = image.shape[:2]
    rgb = np.ascontiguousarray(image[:, :, ::-1])
    qimage = QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(qimage.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation))


def _release(group) -> None:
    for button in group.buttons():
        group.removeButton(button)
