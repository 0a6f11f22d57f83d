"""Pairing a new mirror (kiosk/pairing/, kiosk/storeweb/manage/pairing.py): codes, expiry,
single use, hashing, the broker files (against mosquitto_passwd and config/mosquitto/acl),
the device API and the manager's pages on the store web service's app (TestClient)."""

from __future__ import annotations

import json
import re
import stat
import subprocess
from pathlib import Path

import pytest

from kiosk.errors import KioskError
from kiosk.pairing import broker_files
from kiosk.pairing.client import write_password
from kiosk.pairing.codes import (
    ALPHABET,
    CODE_LENGTH,
    PairingBook,
    PairingRefused,
    new_code,
    normalise,
)
from tests.support.backoffice import OfficeSite, csrf_of
from tests.support.messaging import FakeClock
from tests.support.mosquitto import _binary, mosquitto_missing_reason

ROOT = Path(__file__).resolve().parents[2]


# --- codes -------------------------------------------------------------------------------

def test_codes_are_long_and_unambiguous():
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) == CODE_LENGTH >= 6 and set(c) <= set(ALPHABET) for c in codes)
    assert not set("01OIL") & set(ALPHABET)
    assert normalise(" abcd-efgh ") == "ABCDEFGH"


def test_a_code_is_approved_once_and_the_password_collected_once():
    clock = FakeClock()
    book = PairingBook(clock)
    started = book.start("mirror-3", "10.0.0.9")
    assert book.collect(started.secret) == ("waiting", None)
    assert book.waiting(started.code.lower()).mirror == "mirror-3"
    assert book.approve(started.code, lambda mirror: f"pw-{mirror}").mirror == "mirror-3"
    assert book.approve(started.code, lambda mirror: "again") is None        # single use
    assert book.waiting(started.code) is None
    assert book.collect("not-the-secret") == ("unknown", None)
    assert book.collect(started.secret) == ("approved", "pw-mirror-3")
    assert book.collect(started.secret) == ("unknown", None)                 # handed out once


def test_the_code_alone_fetches_nothing():
    book = PairingBook(FakeClock())
    started = book.start("mirror-3", "10.0.0.9")
    book.approve(started.code, lambda mirror: "pw")
    assert book.collect(started.code) == ("unknown", None)
    assert book.collect(started.secret) == ("approved", "pw")


def test_codes_expire():
    clock = FakeClock()
    book = PairingBook(clock, lifetime_s=600)
    started = book.start("mirror-3", "10.0.0.9")
    clock.advance(599)
    assert book.waiting(started.code) is not None
    clock.advance(2)
    assert book.waiting(started.code) is None
    assert book.approve(started.code, lambda mirror: "pw") is None
    assert book.collect(started.secret) == ("unknown", None)


def test_a_failed_install_leaves_the_pairing_waiting():
    book = PairingBook(FakeClock())
    started = book.start("mirror-3", "10.0.0.9")

    def broken(mirror):
        raise KioskError("reload failed", fix="x")
    with pytest.raises(KioskError):
        book.approve(started.code, broken)
    assert book.collect(started.secret) == ("waiting", None)
    assert book.approve(started.code, lambda mirror: "pw") is not None


def test_polls_do_not_wait_for_an_approval_in_progress():
    """The broker reload runs outside the book's lock: a mirror polling (on the event loop)
    meanwhile gets 'waiting' at once, and a second approval of the same code gets nothing."""
    import threading
    book = PairingBook(FakeClock())
    started = book.start("mirror-3", "10.0.0.9")
    seen = {}

    def install(mirror):
        seen["poll"] = book.collect(started.secret)
        seen["again"] = book.approve(started.code, lambda m: "second")
        return "pw"
    worker = threading.Thread(target=lambda: seen.update(done=book.approve(started.code, install)), daemon=True)
    worker.start()
    worker.join(5)
    assert not worker.is_alive(), "approve held the lock while installing"
    assert seen["poll"] == ("waiting", None) and seen["again"] is None and seen["done"].mirror == "mirror-3"
    assert book.collect(started.secret) == ("approved", "pw")


def test_codes_and_secrets_are_stored_hashed():
    book = PairingBook(FakeClock())
    started = book.start("mirror-3", "10.0.0.9")
    stored = repr(book.__dict__)
    assert started.code not in stored and started.secret not in stored
    assert all(re.fullmatch(r"[0-9a-f]{64}", key) for key in book._by_code)


def test_starts_are_limited_per_address():
    clock = FakeClock()
    book = PairingBook(clock, starts_per_address=2)
    book.start("mirror-3", "10.0.0.9")
    book.start("mirror-3", "10.0.0.9")
    with pytest.raises(PairingRefused) as refused:
        book.start("mirror-3", "10.0.0.9")
    assert refused.value.reason == "rate" and refused.value.retry_s > 0
    book.start("mirror-4", "10.0.0.10")  # another address is not held up


# --- broker files ------------------------------------------------------------------------

def test_password_line_is_what_mosquitto_passwd_writes(tmp_path):
    if mosquitto_missing_reason():
        pytest.skip(mosquitto_missing_reason())
    passwd = tmp_path / "passwd"
    subprocess.run([_binary("mosquitto_passwd"), "-c", "-b", str(passwd), "mirror-3", "s3cret pw"],
                   check=True, capture_output=True)
    theirs = passwd.read_text().strip()
    assert broker_files.verify_line(theirs, "s3cret pw")
    assert not broker_files.verify_line(theirs, "s3cret pX")
    salt = __import__("base64").b64decode(theirs.split("$")[3])
    assert broker_files.password_line("mirror-3", "s3cret pw", salt) == theirs
    # and mosquitto_passwd accepts ours: it edits the file without complaint
    broker_files.set_password(passwd, "mirror-4", "other")
    subprocess.run([_binary("mosquitto_passwd"), "-b", str(passwd), "mirror-5", "x"], check=True,
                   capture_output=True)
    assert [line.split(":")[0] for line in passwd.read_text().splitlines()] == ["mirror-3", "mirror-4", "mirror-5"]


def test_acl_block_equals_the_example_files_mirror_block():
    example = (ROOT / "config/mosquitto/acl").read_text()
    blocks = broker_files.acl_blocks(example)
    for mirror in ("mirror-1", "mirror-2"):
        rendered = broker_files.mirror_acl_block("example-store", mirror)
        assert rendered in example  # byte for byte, comments aside
        assert broker_files.acl_blocks(rendered)[mirror] == blocks[mirror]


def test_set_password_and_acl_replace_only_that_mirror(tmp_path):
    passwd, acl = tmp_path / "passwd", tmp_path / "acl"
    passwd.write_text("staff-app:$7$101$aaaa$bbbb\nmirror-3:$7$101$old$old\n")
    passwd.chmod(0o640)
    acl.write_text("# head\nuser staff-app\ntopic read x/#\n\nuser mirror-3\ntopic readwrite everything/#\n")
    broker_files.set_password(passwd, "mirror-3", "new-pw")
    broker_files.set_acl_block(acl, "s1", "mirror-3")
    lines = passwd.read_text().splitlines()
    assert lines[0] == "staff-app:$7$101$aaaa$bbbb" and broker_files.verify_line(lines[1], "new-pw")
    assert stat.S_IMODE(passwd.stat().st_mode) == 0o640  # kept: the broker must still read it
    blocks = broker_files.acl_blocks(acl.read_text())
    assert "everything/#" not in acl.read_text()          # the old, wider block is gone
    assert blocks["staff-app"] == "user staff-app\ntopic read x/#\n"
    assert blocks["mirror-3"] == broker_files.acl_blocks(broker_files.mirror_acl_block("s1", "mirror-3"))["mirror-3"]
    broker_files.set_acl_block(acl, "s1", "mirror-3")  # paired again: one block, one marker
    assert acl.read_text().count("user mirror-3") == 1
    assert acl.read_text().count("# paired from the back office: mirror-3") == 1


def test_other_logins_are_never_taken_over(tmp_path):
    passwd, acl = tmp_path / "passwd", tmp_path / "acl"
    passwd.write_text("staff-app:x\nbroker-watchdog:x\nlonely:x\n")
    acl.write_text("user staff-app\ntopic read a\n\nuser broker-watchdog\n\n"
                   + broker_files.mirror_acl_block("s1", "mirror-1"))
    known = {m: broker_files.known_as(passwd, acl, "s1", m)
             for m in ("staff-app", "broker-watchdog", "lonely", "mirror-1", "mirror-9")}
    assert known == {"staff-app": "other", "broker-watchdog": "other", "lonely": "other",
                     "mirror-1": "mirror", "mirror-9": "new"}
    assert broker_files.known_as(passwd, acl, "other-store", "mirror-1") == "other"


def test_bad_mirror_ids_and_failed_reloads_are_clear_errors(tmp_path):
    with pytest.raises(KioskError, match="not a mirror id"):
        broker_files.mirror_acl_block("s1", "mirror-1\nuser bridge")
    with pytest.raises(KioskError, match="exited 3") as failed:
        broker_files.reload_broker(["sh", "-c", "echo no such unit >&2; exit 3"])
    assert "no such unit" in str(failed.value) and "systemctl reload mosquitto" in failed.value.fix
    with pytest.raises(KioskError, match="failed"):
        broker_files.reload_broker([str(tmp_path / "missing")])


def test_password_file_is_written_mode_600(tmp_path):
    target = tmp_path / "secrets" / "mqtt-password"
    write_password(target, "pw-1")
    assert target.read_text() == "pw-1\n" and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["mqtt-password"]


# --- the service (TestClient on the real app) --------------------------------------------

@pytest.fixture
def site(tmp_path):
    passwd, acl = tmp_path / "passwd", tmp_path / "acl"
    passwd.write_text("staff-app:x\n")
    acl.write_text("user staff-app\ntopic read a\n")
    reloads = tmp_path / "reloads"
    office = OfficeSite(tmp_path / "data")
    office.config.back_office.pairing.password_file = str(passwd)
    office.config.back_office.pairing.acl_file = str(acl)
    office.config.back_office.pairing.reload_command = ["sh", "-c", f"echo reload >> {reloads}"]
    from kiosk.storeweb.manage.pairing import MirrorPairing
    office.office.pairing = MirrorPairing(office.config, office.store.clock)
    office.files = (passwd, acl, reloads)
    return office


def start(site, mirror="mirror-3", address="10.0.0.50"):
    client = site.client(address)
    client.headers.pop("Origin")  # a device sends no Origin: the gate must let it through
    answer = client.post("/pair/start", json={"mirror": mirror})
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    return client, answer.json()


def test_pair_end_to_end_on_the_app(site):
    mirror_client, started = start(site)
    assert mirror_client.post("/pair/poll", json={"secret": started["secret"]}).json() == {"status": "waiting"}
    manager = site.signed_in("manager")
    csrf = csrf_of(manager.get("/manage/mirrors").text)
    shown = manager.post("/manage/mirrors/pair", data={"csrf": csrf, "code": started["code"].lower()})
    assert shown.status_code == 200 and 'id="pair-mirror">mirror-3<' in shown.text
    approved = manager.post("/manage/mirrors/pair/approve", data={"csrf": csrf, "code": started["code"]})
    assert approved.status_code == 303 and approved.headers["location"] == "/manage/mirrors?paired=mirror-3"
    got = mirror_client.post("/pair/poll", json={"secret": started["secret"]}).json()
    assert got["status"] == "approved" and len(got["password"]) >= 32
    assert mirror_client.post("/pair/poll", json={"secret": started["secret"]}).status_code == 404
    passwd, acl, reloads = site.files
    line = [x for x in passwd.read_text().splitlines() if x.startswith("mirror-3:")][0]
    assert broker_files.verify_line(line, got["password"])
    assert "user mirror-3\ntopic readwrite retail/v1/s1/mirror/mirror-3/#" in acl.read_text()
    assert reloads.read_text() == "reload\n"
    assert got["password"] not in json.dumps([e.__dict__ for e in site.office.db.audit()])
    assert any(e.action == "paired-mirror" and e.detail.startswith("mirror-3") for e in site.office.db.audit())
    assert 'id="paired" data-mirror="mirror-3"' in manager.get("/manage/mirrors?paired=mirror-3").text


def test_a_wrong_code_never_says_whether_a_mirror_waits(site):
    _, started = start(site)
    manager = site.signed_in("manager")
    csrf = csrf_of(manager.get("/manage/mirrors").text)
    site.office.pairing.book.approve(start(site, "mirror-4", "10.0.0.51")[1]["code"], lambda m: "pw")
    near = started["code"][:-1] + ("2" if started["code"][-1] != "2" else "3")  # one typo
    used = ["ZZZZZZZZ", near]
    answers = [manager.post("/manage/mirrors/pair", data={"csrf": csrf, "code": c}) for c in used]
    site.store.clock.advance(601)
    answers.append(manager.post("/manage/mirrors/pair", data={"csrf": csrf, "code": started["code"]}))
    bodies = {re.sub(r'name="csrf" value="[^"]+"', "", a.text) for a in answers}
    assert {a.status_code for a in answers} == {404} and len(bodies) == 1
    assert "No mirror is waiting with this code" in bodies.pop()


def test_code_guesses_are_limited_per_manager(site):
    manager = site.signed_in("manager")
    csrf = csrf_of(manager.get("/manage/mirrors").text)
    for _ in range(10):
        assert manager.post("/manage/mirrors/pair", data={"csrf": csrf, "code": "AAAAAAAA"}).status_code == 404
    _, started = start(site)
    refused = manager.post("/manage/mirrors/pair", data={"csrf": csrf, "code": started["code"]})
    assert refused.status_code == 429 and "mirror-3" not in refused.text


def test_approve_needs_a_session_and_csrf(site):
    _, started = start(site)
    manager = site.signed_in("manager")
    assert manager.post("/manage/mirrors/pair/approve", data={"code": started["code"]}).status_code == 403
    assert manager.post("/manage/mirrors/pair/approve",
                        data={"csrf": "forged", "code": started["code"]}).status_code == 403
    anonymous = site.client()
    assert anonymous.post("/manage/mirrors/pair/approve", data={"csrf": "x", "code": started["code"]}).status_code == 403
    foreign = site.signed_in("manager")
    foreign.headers["Origin"] = "http://evil.example"
    assert foreign.post("/manage/mirrors/pair/approve", data={"code": started["code"]}).status_code == 403
    assert site.office.pairing.book.waiting(started["code"]) is not None
    assert "mirror-3" not in site.files[0].read_text()


def test_staff_and_tool_logins_cannot_be_paired(site):
    _, started = start(site, "staff-app")
    manager = site.signed_in("manager")
    csrf = csrf_of(manager.get("/manage/mirrors").text)
    shown = manager.post("/manage/mirrors/pair", data={"csrf": csrf, "code": started["code"]})
    assert 'id="pair-not-a-mirror"' in shown.text and 'id="pair-approve"' not in shown.text
    forced = manager.post("/manage/mirrors/pair/approve", data={"csrf": csrf, "code": started["code"]})
    assert forced.status_code == 500 and "not a mirror of this store" in forced.text
    assert site.files[0].read_text() == "staff-app:x\n"


def test_device_api_refuses_bad_input_and_floods(site):
    client = site.client("10.0.0.60")
    assert client.post("/pair/start", json={"mirror": "Mirror 3; rm"}).status_code == 400
    assert client.post("/pair/start", content=b"not json").status_code == 400
    assert client.post("/pair/poll", json={"secret": "x" * 5000}).status_code == 404
    for _ in range(5):  # starts_per_address
        assert client.post("/pair/start", json={"mirror": "mirror-3"}).status_code == 200
    flood = client.post("/pair/start", json={"mirror": "mirror-3"})
    assert flood.status_code == 429 and int(flood.headers["retry-after"]) > 0
    assert client.post("/pair/start", content=b"{" + b" " * 9000 + b"}").status_code == 413


def test_pairing_not_set_up_is_said(tmp_path):
    office = OfficeSite(tmp_path / "data")
    assert office.client().post("/pair/start", json={"mirror": "mirror-3"}).status_code == 503
    manager = office.signed_in("manager")
    csrf = csrf_of(manager.get("/manage/mirrors").text)
    page = manager.post("/manage/mirrors/pair", data={"csrf": csrf, "code": "ABCDEFGH"})
    assert page.status_code == 503 and "not set up" in page.text
    # no form that can only fail, here or on the Mirrors page: how to set it up instead
    for html in (page.text, manager.get("/manage/mirrors").text):
        assert 'id="pair-code"' not in html and 'action="/manage/mirrors/pair"' not in html
        assert 'id="pair-not-set-up"' in html and "back_office.pairing" in html and "docs/brokers.md" in html
    assert "尚未设置从本页添加镜子" in manager.get("/manage/mirrors?lang=zh_CN").text


@pytest.mark.parametrize("lang", ["en", "fr", "zh_CN"])
def test_add_a_mirror_in_each_language(site, lang):
    manager = site.signed_in("manager")
    page = manager.get(f"/manage/mirrors?lang={lang}").text
    strings = json.loads((ROOT / f"kiosk/storeweb/manage/translations/{lang}.json").read_text())
    assert strings["pair_heading"] in page and strings["pair_lookup"] in page
