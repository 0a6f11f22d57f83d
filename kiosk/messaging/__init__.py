"""MQTT messaging: topic table, payload models, Bus protocol (+ in-memory fake),
paho adapter, durable SQLite outbox, size-request lifecycle, demo broker.

Qt-free by contract (import-linter): the UI adapts callbacks to signals.
"""
