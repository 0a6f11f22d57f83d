"""docs/privacy.md: skin/hair/eye colour analysis only after explicit opt-in, for that session
only.  Real pipeline observations of a real photo; the sampler is counted, so "nothing
sampled" is measured, not assumed."""

from __future__ import annotations

import pytest

import kiosk.colour.accumulator as accumulator
from kiosk.errors import KioskError
from tests.support.privacy import ShopperRig, photo

pytestmark = pytest.mark.slow


@pytest.fixture
def rig(tmp_path, monkeypatch):
    calls = []
    real = accumulator.sample_frame

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(accumulator, "sample_frame", counted)
    made = ShopperRig(tmp_path)
    made.samples = calls
    yield made
    made.close()


def test_no_pixel_is_sampled_before_opt_in(rig):
    rig.show(photo("astronaut.png"), 3)
    assert rig.last_observation.face_landmarks is not None   # a face was there to sample
    assert rig.samples == [] and rig.consent.result() is None
    with pytest.raises(KioskError, match="consent"):
        rig.journey.set_palette(object())                    # no way around the gate


def test_sampling_starts_at_opt_in_and_stops_at_opt_out(rig):
    shopper = photo("astronaut.png")
    rig.show(shopper, 1)
    assert rig.shopper.opt_in_colour()
    rig.show(shopper, 2)
    sampled = len(rig.samples)
    assert sampled > 10 and rig.consent.result().skin is not None
    rig.shopper.forget_colour()                               # the shopper taps "no thanks"
    rig.show(shopper, 1)
    assert len(rig.samples) == sampled and rig.consent.result() is None


def test_consent_never_carries_over_to_the_next_shopper(rig):
    rig.show(photo("astronaut.png"), 1)
    assert rig.shopper.opt_in_colour()
    rig.show(photo("astronaut.png"), 1)
    rig.session.end(rig.clock.now)                            # first shopper leaves
    sampled = len(rig.samples)
    rig.show(photo("grace_hopper.jpg"), 2)                    # next shopper, never asked
    assert rig.session.session_id is not None and not rig.consent.opted_in
    assert len(rig.samples) == sampled and rig.journey.colour_opt_in is False
