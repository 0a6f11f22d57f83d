"""Basket to phone: tokens, QR matrices, the hand-off web service, phone pages, checkout targets.

Qt-free by contract (import-linter).  Mirror side::

    from kiosk.handoff.client import HandoffClient          # create(basket) -> Handoff
    from kiosk.handoff.flow import HandoffFlow, HandoffSender, subscribe_claimed
    from kiosk.handoff.qr import qr_matrix, render_gray, decode_qr

Service side: ``kiosk handoff-server`` (kiosk/cli/handoff.py), or in-process for the demo
with ``kiosk.handoff.demo.start_demo_service``.  See docs/handoff.md.
"""
