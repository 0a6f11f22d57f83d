"""One shopper's visit without Qt: the session's journey, colour consent, usage events, the
size request of the room and the phone hand-off (kiosk/shopper/core.py).  The UI adapts it
(kiosk/ui/journey_controller.py); the privacy and soak rigs drive it the same way."""
