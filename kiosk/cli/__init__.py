"""Sub-commands of ``kiosk``: one module each, discovered by name (see kiosk/__main__.py)."""
