"""The Mirrors page's remote commands (lock, unlock, restart, placement, lights) against the
mirror's real handlers (kiosk/remote.py on a CommandServer) over an InMemoryBus, with a
fake screen: CSRF, sign-in, unknown mirror, rate limit, the restart confirmation step, the
answer shown only to its sender, escaping, the audit log, en/fr/zh_CN."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from hardware.lights.fake import FakeLights
from kiosk.health.publisher import HealthPublisher
from kiosk.health.snapshot import HealthCollector
from kiosk.messaging import topics
from kiosk.messaging.commands import CommandServer
from kiosk.messaging.payloads import MirrorState, build
from kiosk.remote import RESTART_STATUS, RemoteCommands
from kiosk.storeweb.manage import commands as desk
from tests.support.backoffice import STORE, OfficeSite, csrf_of
from tests.unit.test_remote_commands import FakeScreen

URL = "/manage/mirrors/mirror-1/commands"


@pytest.fixture
def site(tmp_path):
    site = OfficeSite(tmp_path)
    site.mirror("mirror-1")  # its retained state: the page lists it
    screen, lights = FakeScreen(), FakeLights()
    remote = RemoteCommands(lights=lights)
    remote.screen = screen
    remote.register(CommandServer(site.bus, store=STORE, mirror="mirror-1")).start()
    site.screen, site.lights, site.remote = screen, lights, remote
    # the mirror's real health side: its retained state, republished on lock/unlock (kiosk/app.py)
    collector = HealthCollector(capture=Camera(screen), locked=lambda: remote.locked)
    remote.on_change.append(HealthPublisher(collector, lambda health: site.bus.publish(
        topics.mirror_state(STORE, "mirror-1"), build(MirrorState, mirror="mirror-1", status="online", health=health),
        retain=True), None).publish_now)
    return site


class Camera:
    """The capture loop's status as the lock leaves it (kiosk/ui/remote_wiring.py stops it)."""

    def __init__(self, screen):
        self.screen, self.stats = screen, SimpleNamespace(fps=15.0, frames=1, dropped=0, reopens=0)

    @property
    def status(self):
        return "stopped" if self.screen.locked else "live"


def press(client, name: str, **form):
    token = csrf_of(client.get("/manage/mirrors").text)
    return client.post(f"{URL}/{name}", data={"csrf": token, **form})


def answer_page(client, response):
    assert response.status_code == 303, response.text
    assert response.headers["location"].startswith("/manage/mirrors?answer=")
    return client.get(response.headers["location"]).text


def answer_of(html: str) -> dict:
    found = re.search(r'<section class="panel" id="answer" data-status="(\w+)" data-command="(\w+)" data-mirror="([\w-]+)"', html)
    assert found, "no answer on the page"
    return {"status": found[1], "command": found[2], "mirror": found[3]}


def test_each_mirror_row_has_the_command_buttons_as_csrf_forms(site):
    html = site.signed_in().get("/manage/mirrors").text
    for name in ("lock", "restart", "placement", "lights"):
        assert f'action="{URL}/{name}"' in html and f'data-action="{name}"' in html
    assert 'data-action="unlock"' not in html   # an open mirror is not offered Unlock
    forms = re.findall(rf'<form method="post" action="{URL}/\w+"[^>]*><input type="hidden" name="csrf" value="([^"]+)"', html)
    assert len(forms) == 4 and len(set(forms)) == 1 and forms[0]
    assert '<option value="evening">Evening</option>' in html and '<option value="off">Off</option>' in html


def test_lock_and_unlock_show_the_mirrors_answer_and_are_audited(site):
    client = site.signed_in()
    html = answer_page(client, press(client, "lock"))
    assert answer_of(html) == {"status": "ok", "command": "lock", "mirror": "mirror-1"}
    assert site.screen.locked and '<dd data-key="screen">closed</dd>' in html
    html = answer_page(client, press(client, "unlock"))
    assert answer_of(html)["command"] == "unlock" and not site.screen.locked
    audit = client.get("/manage/audit").text
    assert "Locked mirror-1: done, the mirror is closed and its camera stopped." in audit
    assert "Unlocked mirror-1: done, the mirror is open to shoppers again." in audit


def row_of(html: str, mirror: str = "mirror-1") -> str:
    found = re.search(rf'<tr data-mirror="{mirror}".*?</tr>\s*<tr class="controls".*?</tr>', html, re.S)
    assert found, html
    return found[0]


def test_after_lock_the_board_shows_the_mirror_closed_and_offers_only_unlock(site):
    client = site.signed_in()
    row = row_of(answer_page(client, press(client, "lock")))
    assert '<span class="tag warning" data-locked="yes">closed (locked)</span>' in row
    assert '<td data-field="camera" data-label="Camera">stopped</td>' in row
    assert 'data-action="unlock"' in row and 'data-action="lock"' not in row
    assert 'data-action="placement"' not in row          # the camera is idle while locked
    row = row_of(answer_page(client, press(client, "unlock")))
    assert 'data-locked' not in row and '<span class="tag online">online</span>' in row
    assert '<td data-field="camera" data-label="Camera">live</td>' in row
    assert 'data-action="lock"' in row and 'data-action="unlock"' not in row
    client.get("/manage/mirrors?lang=fr")
    press(client, "lock")
    assert "fermé (verrouillé)" in row_of(client.get("/manage/mirrors").text)


def test_the_answer_shows_the_mirror_locked_before_its_state_comes_back(site):
    site.remote.on_change.clear()      # its republished state is still on its way
    client = site.signed_in()
    row = row_of(answer_page(client, press(client, "lock")))
    assert 'data-locked="yes"' in row and 'data-action="unlock"' in row and ">stopped<" in row
    site.mirror("mirror-1").report()   # its next state (1.5: no locked field) takes over
    assert 'data-action="lock"' in row_of(client.get("/manage/mirrors").text)


def test_the_audit_log_words_each_command_and_keeps_the_record_structured(site):
    client = site.signed_in()
    press(client, "lock")
    site.office.commands.wait_s = 0.05
    site.remote.screen = None          # the screen is still starting: an error answer
    press(client, "unlock")
    html = client.get("/manage/audit").text
    assert "{&#39;" not in html and "{'" not in html and "&#39;locked&#39;" not in html  # no raw dicts
    assert "<b>Manager</b> <span class=\"hint\">(login manager, store manager)</span>" in html
    assert "Unlocked mirror-1: the mirror refused: the mirror&#39;s screen is still starting" in html
    entries = site.office.db.audit()
    assert entries[1].data == {"mirror": "mirror-1", "command": "lock", "status": "ok", "locked": True,
                               "screen": "closed", "camera": "stopped"}
    assert entries[0].data["status"] == "error" and entries[0].action == "mirror-unlock"
    client.get("/manage/audit?lang=zh_CN")
    assert "锁定了 mirror-1：已完成，镜子已关闭，摄像头已停止。" in client.get("/manage/audit").text


def test_lights_preset_applied_and_a_bad_preset_gets_the_mirrors_error(site):
    client = site.signed_in()
    html = answer_page(client, press(client, "lights", preset="evening"))
    assert answer_of(html)["status"] == "ok" and site.lights.calls == ["apply:evening"]
    assert '<dd data-key="kelvin">2700</dd>' in html
    assert "Set the lights of mirror-1 to Evening: done." in client.get("/manage/audit").text
    html = answer_page(client, press(client, "lights", preset="<disco>"))
    assert answer_of(html)["status"] == "error" and "args.preset" in html
    assert "&#39;&lt;disco&gt;&#39;" in html and "<disco>" not in html  # escaped
    site.remote.room_lights = None
    html = answer_page(client, press(client, "lights", preset="office"))
    assert "this mirror has no lights configured" in html and "lights.enabled" in html


def test_placement_answer_shows_the_hints(site):
    class Probe:
        def next_check(self, timeout):
            from kiosk.insight.placement import PlacementCheck
            return PlacementCheck(False, ("face_small", "torso_cut"), 0.5, 0.3, 0.08)

    site.remote.probe = Probe
    client = site.signed_in()
    html = answer_page(client, press(client, "placement"))
    assert answer_of(html)["status"] == "ok"
    assert '<li data-code="face_small">The face is small' in html and "0.5" not in html
    assert 'data-where="centre upper small">What the mirror sees: the face is centred, in the upper half' in html
    assert '<li data-code="torso_cut">Shoulders and hips' in html and "Adjust the camera" in html
    client.get("/manage/mirrors?lang=fr")
    html = answer_page(client, press(client, "placement"))
    assert '<li data-code="face_small">Le visage est petit' in html
    assert "le visage est centré, dans la moitié haute de l&#39;image" in html
    audit = client.get("/manage/audit?lang=en").text
    assert "Checked the camera placement of mirror-1: the camera needs adjusting. The face is small" in audit


def test_restart_asks_for_confirmation_first(site):
    client = site.signed_in()
    confirm = press(client, "restart")
    assert confirm.status_code == 200 and 'data-action="confirm-restart"' in confirm.text
    assert 'name="confirm" value="yes"' in confirm.text and site.screen.exits == []
    response = client.post(f"{URL}/restart", data={"csrf": csrf_of(confirm.text), "confirm": "yes"})
    html = answer_page(client, response)
    assert answer_of(html) == {"status": "ok", "command": "restart", "mirror": "mirror-1"}
    assert site.screen.exited.wait(1) and site.screen.exits == [RESTART_STATUS]
    assert "mirror-restart" in client.get("/manage/audit").text


def test_a_silent_mirror_is_shown_as_not_answering(site, monkeypatch):
    site.mirror("mirror-9")  # listed, but nothing answers for it
    site.office.commands.wait_s = 0.05
    client = site.signed_in()
    token = csrf_of(client.get("/manage/mirrors").text)
    html = answer_page(client, client.post("/manage/mirrors/mirror-9/commands/lock", data={"csrf": token}))
    assert answer_of(html)["status"] == "timeout" and "mirror-9 did not answer within 0.05 s" in html
    assert "Locked mirror-9: the mirror did not answer." in client.get("/manage/audit").text


@pytest.mark.parametrize("name", ["lock", "restart", "lights"])
def test_without_the_csrf_token_nothing_is_sent(site, name):
    client = site.signed_in()
    for token in (None, "forged"):
        data = {"confirm": "yes", "preset": "evening"} | ({"csrf": token} if token else {})
        assert client.post(f"{URL}/{name}", data=data).status_code == 403
    assert not site.screen.locked and site.screen.exits == [] and site.lights.calls == []
    assert not [p for p in site.bus.published if "/cmd/" in p.topic]


def test_signed_out_cross_origin_unknown_mirror_or_command_are_refused(site):
    anonymous = site.client()
    token = csrf_of(anonymous.get("/manage").text)
    assert anonymous.post(f"{URL}/lock", data={"csrf": token}).status_code == 401
    client = site.signed_in()
    token = csrf_of(client.get("/manage/mirrors").text)
    assert client.post("/manage/mirrors/mirror-7/commands/lock", data={"csrf": token}).status_code == 404
    assert client.post(f"{URL}/reboot", data={"csrf": token}).status_code == 404
    assert client.post(f"{URL}/lock", data={"csrf": token}, headers={"Origin": "https://evil.example"}).status_code == 403
    assert not site.screen.locked and not [p for p in site.bus.published if "/cmd/" in p.topic]


def test_commands_are_rate_limited_per_manager(site, monkeypatch):
    monkeypatch.setattr(site.office.commands, "limits", desk.RateLimiter(2, 60.0))
    client = site.signed_in()
    assert answer_page(client, press(client, "unlock"))
    assert answer_page(client, press(client, "unlock"))
    third = press(client, "lock")
    assert third.headers["location"] == "/manage/mirrors?command=wait#answer"
    assert 'data-status="wait"' in client.get(third.headers["location"]).text and not site.screen.locked
    other = site.signed_in("paul", address="10.0.0.9")   # another manager is not held up
    assert answer_page(other, press(other, "lock")) and site.screen.locked


def test_an_answer_is_shown_only_to_the_manager_who_asked(site):
    client = site.signed_in()
    location = press(client, "lock").headers["location"]
    other = site.signed_in("paul", address="10.0.0.9")
    assert 'id="answer"' not in other.get(location).text
    assert 'id="answer"' in client.get(location).text


def test_a_regional_manager_may_send_commands_too(site):
    client = site.signed_in("rita")
    assert answer_of(answer_page(client, press(client, "lock")))["status"] == "ok"


@pytest.mark.parametrize("lang,lock,answered", [("fr", "Verrouiller", "Le miroir a répondu"),
                                                ("zh_CN", "锁定", "镜子已回复")])
def test_buttons_and_answers_in_french_and_chinese(site, lang, lock, answered):
    client = site.signed_in()
    client.get(f"/manage/mirrors?lang={lang}")
    html = client.get("/manage/mirrors").text
    assert lock in html
    assert answered in answer_page(client, press(client, "lock"))
