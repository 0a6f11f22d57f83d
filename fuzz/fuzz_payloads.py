"""atheris: an MQTT payload as received (bytes -> decode -> parse) for every payload model."""

from _harness import run


def target(data: bytes) -> None:
    from kiosk.messaging import payloads
    from kiosk.messaging.bus import decode

    if not data:
        return
    names = sorted(payloads.MODELS)
    name = names[data[0] % len(names)]
    decoded = decode(data[1:])
    if decoded is not None:
        payloads.parse(name, decoded, topic="fuzz")


if __name__ == "__main__":
    run(target, ("kiosk.messaging.payloads", "kiosk.messaging.bus"))
