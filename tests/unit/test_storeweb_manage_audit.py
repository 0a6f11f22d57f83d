"""The Audit log page: each record a sentence in the page's language (who by display name
and login, what, which mirror or version, the result), never a raw dict; the stored record
keeps its facts as JSON, and a database from before the facts column still opens."""

from __future__ import annotations

import sqlite3

from kiosk.storeweb.manage.db import BackOfficeDb
from tests.support.backoffice import OfficeSite


def test_a_database_from_before_the_facts_column_opens_and_keeps_its_records(tmp_path):
    path = tmp_path / "back_office.db"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE audit (id INTEGER PRIMARY KEY, ts REAL NOT NULL, who TEXT NOT NULL, "
                "role TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL)")
    old.execute("INSERT INTO audit (ts, who, role, action, detail) VALUES (1, 'manager', 'manager', 'signed-in', 'from 10.0.0.8')")
    old.commit()
    old.close()
    db = BackOfficeDb(path)
    db.record(2.0, "manager", "manager", "mirror-lock", "mirror-1 lock: ok", {"mirror": "mirror-1", "locked": True})
    newest, oldest = db.audit()
    assert newest.data == {"mirror": "mirror-1", "locked": True}
    assert (oldest.action, oldest.detail, oldest.data) == ("signed-in", "from 10.0.0.8", {})
    db.close()


def test_records_read_as_sentences_with_the_display_name_and_login(tmp_path):
    site = OfficeSite(tmp_path)
    db = site.office.db
    db.record(1.0, "manager", "manager", "published", "nothing -> fcea6ae9c01dff03 (shop.csv: 20 styles, 22 variants)")
    db.record(2.0, "rita", "regional_manager", "mirror-placement", "mirror-1 placement: ok, ok=no, codes=torso_cut",
              {"mirror": "mirror-1", "command": "placement", "status": "ok", "ok": False, "codes": ["torso_cut"]})
    db.record(3.0, "stock-feed", "-", "stock-feed-failed", "<script>alert(1)</script>")
    db.record(4.0, "nobody", "-", "signin-failed", "from 10.0.0.66")
    client = site.signed_in()
    html = client.get("/manage/audit").text
    assert "<b>Manager</b> <span class=\"hint\">(login manager, store manager)</span>" in html
    assert ("Published a catalogue (version before → new version): nothing → fcea6ae9c01dff03 "
            "(shop.csv: 20 styles, 22 variants)") in html
    assert "<b>Rita</b> <span class=\"hint\">(login rita, regional manager)</span>" in html
    assert "Checked the camera placement of mirror-1: the camera needs adjusting. Shoulders and hips" in html
    assert "<b>Stock feed</b> <span class=\"hint\">(stock-feed)</span>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "Sign-in refused: from 10.0.0.66" in html and "<b>nobody</b>" in html
    assert ">mirror-placement<" not in html and "'ok': False" not in html   # no codes, no dicts
    assert "Signed in from 10.0.0.8" in html    # this sign-in, recorded with its facts
    bad = site.client("10.0.0.77")
    assert site.sign_in(bad, "manager", "wrong-password").status_code == 401
    assert "Sign-in refused (wrong login or password) from 10.0.0.77" in client.get("/manage/audit").text
    fr = client.get("/manage/audit?lang=fr").text
    assert "A vérifié la position de la caméra de mirror-1 : la caméra est à ajuster. Les épaules" in fr
    assert "(identifiant rita, responsable régional)" in fr and "Connexion depuis 10.0.0.8" in fr
