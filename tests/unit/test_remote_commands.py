"""The mirror's remote commands (kiosk/remote.py) with fakes behind their small interfaces:
every command answers, bad arguments name their field, restart answers first and never
exits with 64, placement sends three numbers and sentences (no frame, no points), lights
need a lights section."""

from __future__ import annotations

import json
import threading

import numpy as np
import pytest

from hardware.lights.fake import FakeLights
from kiosk.health.publisher import HealthPublisher
from kiosk.health.snapshot import HealthCollector
from kiosk.insight.placement import PlacementProbe
from kiosk.messaging import topics
from kiosk.messaging.bus import InMemoryBus
from kiosk.messaging.commands import CommandClient, CommandServer
from kiosk.remote import EXIT_BY_STAFF, RESTART_STATUS, RemoteCommands
from kiosk.vision.observation import FaceBox, Observation


class FakeScreen:
    """Records what the commands asked of the mirror's screen."""

    def __init__(self):
        self.locked, self.exits = False, []
        self.exited = threading.Event()

    def lock(self):
        self.locked = True
        return {"locked": True, "screen": "closed", "camera": "stopped"}

    def unlock(self):
        self.locked = False
        return {"locked": False, "screen": "attract", "camera": "starting"}

    def exit(self, status):
        self.exits.append(status)
        self.exited.set()


class Lights(FakeLights):
    devices = ["room-3/ceiling"]


def observation(face=True):
    image = np.full((480, 640, 3), 128, np.uint8)
    return Observation(seq=1, ts=0.0, frame_size=(640, 480), present=face,
                       face_box=FaceBox(280, 100, 80, 100, 0.9) if face else None,
                       face_landmarks=np.zeros((478, 3), np.float32) if face else None,
                       pose_keypoints=np.ones((33, 3), np.float32) * 200, image=image)


@pytest.fixture
def mirror():
    bus, screen, probe, lights = InMemoryBus(), FakeScreen(), PlacementProbe(), Lights()
    remote = RemoteCommands(lights=lights, placement=lambda: probe, placement_wait_s=0.5)
    remote.screen = screen
    remote.register(CommandServer(bus, store="s1", mirror="m1")).start()
    return bus, CommandClient(bus, store="s1"), remote, screen, probe, lights


def test_lock_and_unlock_answer_what_the_screen_shows(mirror):
    _bus, client, _remote, screen, _probe, _lights = mirror
    answer = client.call("m1", "lock", timeout=1)
    assert answer.status == "ok" and answer.data == {"locked": True, "screen": "closed", "camera": "stopped"}
    assert screen.locked
    answer = client.call("m1", "unlock", timeout=1)
    assert answer.status == "ok" and answer.data["locked"] is False and not screen.locked


def test_lock_and_unlock_republish_the_retained_state_at_once(tmp_path):
    """Contract 1.6: the state carries ``locked`` and the camera, sent on lock/unlock (not
    30 s later), so the Mirrors page shows the mirror closed."""
    bus, screen = InMemoryBus(), FakeScreen()
    remote = RemoteCommands()
    remote.screen = screen
    remote.register(CommandServer(bus, store="s1", mirror="m1")).start()
    published = []
    publisher = HealthPublisher(HealthCollector(locked=lambda: remote.locked), published.append,
                                tmp_path, interval_s=3600)
    remote.on_change.append(publisher.publish_now)   # kiosk/app.py: request_publish, same path
    client = CommandClient(bus, store="s1")
    assert client.call("m1", "lock", timeout=1).status == "ok"
    assert [p["locked"] for p in published] == [True]
    assert client.call("m1", "unlock", timeout=1).status == "ok"
    assert [p["locked"] for p in published] == [True, False]
    assert client.call("m1", "lock", timeout=1, args={"now": True}).status == "error"
    assert len(published) == 2          # refused: nothing changed, nothing republished


def test_locked_is_absent_before_the_screen_exists():
    remote = RemoteCommands()
    assert remote.locked is None and "locked" not in HealthCollector(locked=lambda: remote.locked).collect().as_payload()


@pytest.mark.parametrize("name,args,field", [
    ("lock", {"now": True}, "args.now"),
    ("unlock", {"x": 1}, "args.x"),
    ("lights", {}, "args.preset"),
    ("lights", {"preset": "disco"}, "args.preset"),
    ("lights", {"preset": 3}, "args.preset"),
    ("lights", {"preset": "evening", "level": 9}, "args.level"),
    ("restart", {"by": ""}, "args.by"),
    ("restart", {"by": 7}, "args.by"),
    ("placement", {"fast": True}, "args.fast"),
])
def test_bad_arguments_get_an_error_answer_naming_the_field(mirror, name, args, field):
    _bus, client, _remote, screen, _probe, lights = mirror
    answer = client.call("m1", name, args, timeout=1)
    assert answer.status == "error" and field in answer.error, answer.error
    assert lights.calls == [] and screen.exits == [] and not screen.locked


def test_restart_answers_first_then_exits_with_a_status_systemd_restarts(mirror, caplog):
    bus, client, _remote, screen, _probe, _lights = mirror
    order = []
    bus.subscribe(topics.spec("response").filter(store="s1"), lambda t, p: order.append(("answer", list(screen.exits))))
    answer = client.call("m1", "restart", {"by": "camille"}, timeout=1)
    assert answer.status == "ok" and answer.data == {"restarting": True, "exit_status": RESTART_STATUS}
    assert order == [("answer", [])]            # nothing had exited when the answer went out
    assert screen.exited.wait(1) and screen.exits == [RESTART_STATUS]
    assert RESTART_STATUS != EXIT_BY_STAFF == 64  # 64 is the status systemd does not restart
    assert "camille" in caplog.text


def test_restart_exits_even_when_the_broker_never_acknowledges_the_answer(monkeypatch):
    import kiosk.remote as remote_module
    monkeypatch.setattr(remote_module, "RESTART_FALLBACK_S", 0.05)

    class NoAcks(InMemoryBus):
        def publish(self, topic, payload, qos=1, retain=False, *, expiry_s=None, on_ack=None):
            super().publish(topic, payload, qos, retain, expiry_s=expiry_s)

    bus, screen = NoAcks(), FakeScreen()
    remote = RemoteCommands()
    remote.screen = screen
    remote.register(CommandServer(bus, store="s1", mirror="m1")).start()
    assert CommandClient(bus, store="s1").call("m1", "restart", timeout=1).status == "ok"
    assert screen.exited.wait(2)
    threading.Event().wait(0.2)
    assert screen.exits == [RESTART_STATUS]


def test_placement_answers_plain_numbers_and_sentences_from_the_next_picture(mirror):
    bus, client, _remote, _screen, probe, _lights = mirror
    feeder = threading.Timer(0.1, lambda: probe.observe(observation()))
    feeder.start()
    answer = client.call("m1", "placement", timeout=2)
    feeder.join()
    assert answer.status == "ok", answer.error
    assert set(answer.data) == {"ok", "face_x", "face_y", "face_height", "hints", "codes"}
    assert len(answer.data["codes"]) == len(answer.data["hints"])
    assert answer.data["face_x"] == 0.5 and answer.data["face_y"] == 0.312 and answer.data["face_height"] == 0.208
    assert all(isinstance(h, str) for h in answer.data["hints"]) and answer.data["hints"]
    # Privacy: what went on the bus is a few numbers and sentences, no frame, no points.
    [sent] = [p.raw for p in bus.published if "/response/placement" in p.topic]
    assert len(sent) < 600 and b"[[" not in sent
    assert not probe._waiting  # nothing kept once answered


def test_placement_without_a_face_says_so(mirror):
    _bus, client, _remote, _screen, probe, _lights = mirror
    threading.Timer(0.1, lambda: probe.observe(observation(face=False))).start()
    answer = client.call("m1", "placement", timeout=2)
    assert answer.status == "ok" and answer.data["ok"] is False and answer.data["face_x"] is None
    assert "No face seen" in answer.data["hints"][0]


def test_placement_errors_locked_no_camera_no_picture(mirror):
    bus, client, remote, screen, probe, _lights = mirror
    answer = client.call("m1", "placement", timeout=2)          # nobody feeds the probe
    assert answer.status == "error" and "no camera picture within 0.5 s" in answer.error
    assert not probe._waiting
    screen.locked = True
    assert "locked" in client.call("m1", "placement", timeout=2).error
    screen.locked = False
    remote.probe = lambda: None                              # a mirror without a camera
    assert "no camera picture to check" in client.call("m1", "placement", timeout=2).error


@pytest.mark.parametrize("preset", ["daylight", "evening", "office"])
def test_lights_apply_a_preset(mirror, preset):
    _bus, client, _remote, _screen, _probe, lights = mirror
    answer = client.call("m1", "lights", {"preset": preset}, timeout=1)
    assert answer.status == "ok" and answer.data["preset"] == preset and answer.data["kelvin"] > 2000
    assert answer.data["devices"] == ["room-3/ceiling"] and lights.calls == [f"apply:{preset}"]


def test_lights_off_and_no_lights_configured(mirror):
    _bus, client, remote, _screen, _probe, lights = mirror
    assert client.call("m1", "lights", {"preset": "off"}, timeout=1).data == {"preset": "off", "devices": ["room-3/ceiling"]}
    assert lights.calls == ["off"]
    remote.room_lights = None
    answer = client.call("m1", "lights", {"preset": "evening"}, timeout=1)
    assert answer.status == "error" and "no lights configured" in answer.error and "lights.enabled" in answer.error


def test_commands_before_the_screen_exists_answer_an_error(mirror):
    _bus, client, remote, _screen, _probe, _lights = mirror
    remote.screen = None
    for name in ("lock", "unlock", "restart"):
        answer = client.call("m1", name, timeout=1)
        assert answer.status == "error" and "still starting" in answer.error


def test_a_threaded_server_answers_from_its_own_thread_and_says_busy_when_full():
    bus = InMemoryBus()
    release, threads = threading.Event(), []
    server = CommandServer(bus, store="s1", mirror="m1", threaded=True)
    server.register("slow", lambda args: (threads.append(threading.current_thread().name), release.wait(2))[1])
    server.start()
    try:
        for n in range(12):
            bus.publish(topics.command("s1", "m1", "slow"), {"v": 1, "ts": 1, "transaction": f"t{n}"})
        busy = [json.loads(p.raw) for p in bus.published if "/response/" in p.topic]
        assert busy and all(b["status"] == "error" and "busy" in b["error"] for b in busy)
    finally:
        release.set()
        server.stop()
    assert threads and set(threads) == {"commands"}
