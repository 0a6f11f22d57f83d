"""Back office (/manage): manager sign-in, sessions, CSRF, limits, uploads, publish, roll back.
Attack tests first: each proves a door stays shut, with the honest path beside it."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from kiosk.messaging import topics
from kiosk.storeweb.manage.accounts import Managers
from kiosk.storeweb.manage.view import COOKIE
from tests.support.backoffice import STORE, OfficeSite, csrf_of
from tests.support.catalogue import SHOPIFY_APPAREL, native_csv_text
from tests.support.storeweb import PINS


@pytest.fixture
def site(tmp_path) -> OfficeSite:
    return OfficeSite(tmp_path)


def signed_in(site: OfficeSite, who: str = "manager", address: str = "10.0.0.8"):
    client = site.client(address)
    assert site.sign_in(client, who).status_code == 303
    return client


def catalogue_publishes(site: OfficeSite) -> list:
    return [p for p in site.bus.published if p.topic == topics.catalogue(STORE)]


def upload_and_publish(site: OfficeSite, client, name: str, content: bytes) -> str:
    draft = site.upload(client, name, content).headers["location"]
    page = client.get(draft)
    answer = client.post(f"{draft}/publish", data={"csrf": csrf_of(page.text)})
    assert answer.status_code == 303, page.text
    return answer.headers["location"].rsplit("=", 1)[1]


def test_config_keeps_only_hashes_and_the_right_password_signs_in(site):
    entry = site.config.back_office.managers[0]
    assert "demo-manager" not in entry.password_hash and entry.password_hash.startswith("pbkdf2_sha256$")
    managers = Managers.from_config(site.config)
    assert managers.authenticate("manager", "demo-manager").role == "manager"
    assert managers.authenticate("MANAGER ", "demo-manager") is not None  # as typed on a phone
    assert managers.authenticate("manager", "demo-manager!") is None
    assert managers.authenticate("ghost", "demo-manager") is None
    assert managers.authenticate("manager", "x" * 100_000) is None  # no hash of a megabyte


def test_sign_in_form_has_the_named_fields_and_sets_a_strict_cookie_on_manage(site):
    client = site.client()
    form = client.get("/manage").text
    assert 'name="username"' in form and 'name="password"' in form
    answer = site.sign_in(client, "manager")
    cookie = answer.headers["set-cookie"]
    assert answer.status_code == 303 and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Path=/manage" in cookie
    assert "Manager" in client.get("/manage").text


def test_a_staff_sign_in_never_opens_the_back_office(site):
    staff = site.client()
    token = csrf_of(staff.get("/staff").text)
    assert staff.post("/staff/signin", data={"csrf": token, "staff": "anna", "pin": PINS["anna"]}).status_code == 303
    page = staff.get("/manage/catalogue")
    assert 'name="password"' in page.text and 'name="file"' not in page.text


def test_wrong_password_and_unknown_name_are_refused_alike(site):
    client = site.client()
    wrong, ghost = site.sign_in(client, "manager", "wrong-password"), site.sign_in(client, "ghost", "demo-manager")
    assert wrong.status_code == ghost.status_code == 401
    assert COOKIE not in client.cookies
    assert "Wrong user name or password" in wrong.text


def test_sign_in_without_the_form_token_is_refused(site):
    client = site.client()
    client.get("/manage")
    forged = client.post("/manage/signin", data={"csrf": "x" * 64, "username": "manager",
                                                 "password": "demo-manager"})
    assert forged.status_code == 403 and COOKIE not in client.cookies


def test_password_brute_force_is_limited_then_the_owner_gets_back_in(site):
    attacker = site.client("10.9.9.9")
    for n in range(5):
        assert site.sign_in(attacker, "manager", f"guess-{n}").status_code == 401
    locked = site.sign_in(site.client("10.0.0.8"), "manager")  # even the right password waits
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0
    site.store.clock.advance(15 * 60 + 1)
    assert site.sign_in(site.client("10.0.0.8"), "manager").status_code == 303
    failures = [e for e in site.office.db.audit() if e.action == "signin-failed"]
    assert len(failures) == 5 and "10.9.9.9" in failures[0].detail


def test_publish_upload_and_rollback_without_the_csrf_token_are_refused(site):
    client = signed_in(site)
    assert site.upload(client, "c.csv", native_csv_text(5), csrf="nope").status_code == 403
    draft = site.upload(client, "c.csv", native_csv_text(5).encode()).headers["location"]
    assert client.post(f"{draft}/publish", data={"csrf": "nope"}).status_code == 403
    assert client.post(f"{draft}/publish").status_code == 403
    assert catalogue_publishes(site) == []
    version = upload_and_publish(site, client, "c.csv", native_csv_text(5).encode())
    upload_and_publish(site, client, "d.csv", native_csv_text(6).encode())
    assert client.post(f"/manage/catalogue/versions/{version}/rollback",
                       data={"csrf": "nope"}).status_code == 403
    assert len(catalogue_publishes(site)) == 2


def test_cross_origin_posts_never_reach_a_route(site):
    client = signed_in(site)
    token = csrf_of(client.get("/manage").text)
    evil = client.post("/manage/signout-everywhere", data={"csrf": token},
                       headers={"Origin": "https://evil.example"})
    assert evil.status_code == 403
    assert "Manager" in client.get("/manage").text


def test_a_second_managers_session_is_separate(site):
    mine, theirs = signed_in(site, "manager"), signed_in(site, "paul", "10.0.0.9")
    draft = site.upload(mine, "c.csv", native_csv_text(5).encode()).headers["location"]
    assert mine.get(draft).status_code == 200
    assert theirs.get(draft).status_code == 404  # another manager's upload is not there for them
    assert theirs.post(f"{draft}/publish", data={"csrf": csrf_of(theirs.get("/manage").text)}
                       ).status_code == 303 and catalogue_publishes(site) == []
    theirs.post("/manage/signout", data={"csrf": csrf_of(theirs.get("/manage").text)})
    assert 'name="password"' in theirs.get("/manage").text
    assert 'name="password"' not in mine.get("/manage").text  # paul signing out ends only his


def test_sign_out_everywhere_ends_every_session_of_that_manager_only(site):
    laptop, desk, other = signed_in(site), signed_in(site, address="10.0.0.20"), signed_in(site, "paul")
    desk.post("/manage/signout-everywhere", data={"csrf": csrf_of(desk.get("/manage").text)})
    assert 'name="password"' in laptop.get("/manage").text
    assert 'name="password"' in desk.get("/manage").text
    assert 'name="password"' not in other.get("/manage").text


def test_only_a_regional_manager_may_sign_another_manager_out(site):
    paul, manager, rita = signed_in(site, "paul"), signed_in(site, "manager"), signed_in(site, "rita")
    refused = paul.post("/manage/signout-everywhere",
                        data={"csrf": csrf_of(paul.get("/manage").text), "who": "manager"})
    assert refused.status_code == 403 and 'name="password"' not in manager.get("/manage").text
    rita.post("/manage/signout-everywhere", data={"csrf": csrf_of(rita.get("/manage").text), "who": "manager"})
    assert 'name="password"' in manager.get("/manage").text
    assert any(e.action == "signed-out-everywhere" and e.who == "rita" for e in site.office.db.audit())


def test_an_oversized_upload_gets_a_clear_page_and_changes_nothing(site):
    client = signed_in(site)
    token = csrf_of(client.get("/manage/catalogue").text)
    big = client.post("/manage/catalogue/upload", data={"csrf": token},
                      files={"file": ("huge.csv", b"x" * (50 * 1024 * 1024), "text/csv")})
    assert big.status_code == 413
    assert "The file is 50.0 MB; the back office takes up to 20 MB" in big.text
    assert catalogue_publishes(site) == []


@pytest.mark.parametrize("content, line, field, words", [
    (b"style_id,title\nA,caf\xe9\n", "2", "", "not valid UTF-8"),
    (None, "3", "gtin", "already used on line 2"),
    (None, "2", "gtin", "wrong check digit"),
    (None, "2", "stock", "is negative"),
    (None, "2", "title", "spreadsheet formula"),
])
def test_each_broken_file_names_the_row_and_field_in_the_page(site, content, line, field, words):
    header, *cells = list(csv.reader(io.StringIO(native_csv_text(2))))
    if words.startswith("already"):
        cells[1][header.index("gtin")] = cells[0][header.index("gtin")]
    elif words.startswith("wrong"):
        gtin = cells[0][header.index("gtin")]
        cells[0][header.index("gtin")] = gtin[:-1] + str((int(gtin[-1]) + 1) % 10)
    elif words.startswith("is neg"):
        cells[0][header.index("stock")] = "-2"
    elif words.startswith("spread"):
        cells[0][header.index("title")] = '=HYPERLINK("http://evil.example";"x")'
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *cells])
    text = content or out.getvalue().encode()
    client = signed_in(site)
    page = client.get(site.upload(client, "broken.csv", text).headers["location"]).text
    row = next(r for r in page.split("<tr ") if f'data-line="{line}"' in r and words in r)
    assert f'data-field="{field}"' in row
    if words != "spreadsheet formula":  # a formula cell is a warning: the file still loads
        assert 'data-action="publish"' not in page
    assert catalogue_publishes(site) == []


def test_a_yaml_alias_bomb_is_refused_with_its_line(site):
    bomb = b'a: &a ["x","x","x"]\nb: &b [*a,*a,*a,*a]\nstyles: [*b]\n'
    client = signed_in(site)
    page = client.get(site.upload(client, "bomb.yaml", bomb).headers["location"]).text
    assert 'data-line="2"' in page and "aliases" in page and 'data-action="publish"' not in page


def test_uploaded_text_is_escaped_everywhere(site):
    rows = native_csv_text(1).splitlines()
    evil = rows[1].replace("Style 0", "=<img src=x onerror=alert(1)>")  # quoted in a warning
    client = signed_in(site)
    draft = site.upload(client, '"><script>alert(1)</script>.csv', f"{rows[0]}\n{evil}\n".encode())
    page = client.get(draft.headers["location"]).text
    assert "&lt;img src=x onerror" in page  # shown, as text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "default-src 'none'" in client.get("/manage").headers["content-security-policy"]


def test_an_upload_changes_nothing_until_publish_and_mirrors_acknowledge(site):
    mirror = site.mirror("mirror-1")
    client = signed_in(site)
    draft = site.upload(client, "shopify.csv", SHOPIFY_APPAREL.read_bytes()).headers["location"]
    page = client.get(draft).text
    assert mirror.catalogue.version is None and catalogue_publishes(site) == []
    assert 'data-count="styles_added"' in page and 'data-action="publish"' in page
    version = upload_and_publish(site, client, "shopify.csv", SHOPIFY_APPAREL.read_bytes())
    assert mirror.catalogue.version.startswith(version)
    catalogue = client.get("/manage/catalogue").text
    assert 'data-mirror="mirror-1" data-acknowledged="yes"' in catalogue
    assert catalogue_publishes(site)[-1].retain


def test_the_corrected_file_is_our_native_csv_and_loads_again(site, tmp_path):
    from kiosk.catalogue import check_catalogue
    client = signed_in(site)
    draft = site.upload(client, "shopify.csv", SHOPIFY_APPAREL.read_bytes()).headers["location"]
    native = client.get(f"{draft}/native.csv")
    assert native.status_code == 200 and native.text.startswith("style_id,")
    assert native.text.splitlines()[0].endswith(",review")
    (tmp_path / "native.csv").write_text(native.text, encoding="utf-8")
    # What Shopify could not say (no sizes) stays a warning, named in the review column.
    catalogue, issues = check_catalogue(tmp_path / "native.csv")
    assert catalogue is not None and "size-missing" in {i.code for i in issues}
    other = signed_in(site, "paul")
    assert other.get(f"{draft}/native.csv").status_code == 404


def test_preview_counts_repriced_restocked_added_and_removed(site):
    client = signed_in(site)
    first = native_csv_text(10)
    upload_and_publish(site, client, "v1.csv", first.encode())
    rows = first.splitlines()
    changed = [rows[0]] + [r.replace(",39.95", ",29.95") if i == 1 else r for i, r in enumerate(rows[1:9], 1)]
    changed[2] = changed[2].replace(",1,39.95", ",7,39.95")
    page = client.get(site.upload(client, "v2.csv", "\n".join(changed).encode()).headers["location"]).text
    counts = {key: page.split(f'data-count="{key}"><b>')[1].split("<")[0]
              for key in ("variants_removed", "repriced", "restocked", "variants_added")}
    assert counts == {"variants_removed": "2", "repriced": "1", "restocked": "1", "variants_added": "0"}


def test_roll_back_republishes_an_old_version_and_the_audit_says_who(site):
    mirror = site.mirror("mirror-1")
    client = signed_in(site)
    v1 = upload_and_publish(site, client, "v1.csv", native_csv_text(5).encode())
    v2 = upload_and_publish(site, client, "v2.csv", native_csv_text(6).encode())
    assert mirror.catalogue.version.startswith(v2)
    page = client.get("/manage/catalogue").text
    assert page.count('data-action="rollback"') == 1  # the live one is not offered
    answer = client.post(f"/manage/catalogue/versions/{v1}/rollback", data={"csrf": csrf_of(page)})
    assert answer.status_code == 303 and mirror.catalogue.version.startswith(v1)
    actions = [(e.who, e.action) for e in site.office.db.audit()]
    assert ("manager", "rolled-back") in actions and actions.count(("manager", "published")) == 2
    assert client.post("/manage/catalogue/versions/ffffffffffffffff/rollback",
                       data={"csrf": csrf_of(page)}).headers["location"] == "/manage/catalogue"


def test_a_broker_that_refuses_the_publish_is_said_and_audited(site):
    client = signed_in(site)
    draft = site.upload(client, "c.csv", native_csv_text(5).encode()).headers["location"]
    page = client.get(draft).text

    def refuse(*args, on_ack=None, **kwargs):
        on_ack(False)
    site.office.channel.bus = type("Refusing", (), {"publish": staticmethod(refuse)})()
    answer = client.post(f"{draft}/publish", data={"csrf": csrf_of(page)})
    assert "error=broker" in answer.headers["location"]
    assert "did not accept" in client.get(answer.headers["location"]).text
    assert site.office.db.versions() == []


def test_mirrors_page_shows_health_and_open_requests(site):
    site.mirror("mirror-1")
    site.mirror("m1")  # the Store's SizeRequests mirror
    site.store.mirror.request("4006381333931", "M", product_name="Linen shirt")
    site.bus.publish(topics.mirror_state(STORE, "mirror-2"),
                     {"v": 1, "ts": 1.0, "mirror": "mirror-2", "status": "offline"}, retain=True)
    site.bus.publish(topics.mirror_state(STORE, "mirror-3"),
                     {"v": 1, "ts": 1.0, "mirror": "someone-else", "status": "online"}, retain=True)
    page = signed_in(site).get("/manage/mirrors").text
    assert 'data-mirror="mirror-1" class="online"' in page and "1 h 2 min" in page
    assert 'data-mirror="mirror-2" class="offline"' in page
    assert 'data-mirror="mirror-3"' not in page  # a state naming another mirror is dropped
    board = {m.mirror: m.open_requests for m in site.office.board.mirrors()}
    assert board == {"m1": 1, "mirror-1": 0, "mirror-2": 0}


def test_results_page_has_a_date_picker_and_a_csv_export(site):
    client = signed_in(site)
    page = client.get("/manage/results?from=2026-11-01&to=2026-11-07")
    assert page.status_code == 200 and 'type="date"' in page.text and 'value="2026-11-01"' in page.text
    assert "bad" not in client.get("/manage/results?from=2026-13-01").text.split("<main>")[0]
    export = client.get("/manage/results/export.zip?from=2026-11-01&to=2026-11-07")
    names = zipfile.ZipFile(io.BytesIO(export.content)).namelist()
    assert "funnel.csv" in names and "out-of-stock.csv" in names
    assert signed_in(site).get("/manage/results/export.zip").status_code == 200
    assert site.client().get("/manage/results/export.zip").status_code == 401


@pytest.mark.parametrize("lang, words", [("fr", "Connexion au back-office"), ("zh_CN", "登录后台管理")])
def test_pages_speak_french_and_chinese(site, lang, words):
    assert words in site.client().get(f"/manage?lang={lang}").text
    client = signed_in(site)
    for path in ("/manage", "/manage/catalogue", "/manage/mirrors", "/manage/results", "/manage/audit"):
        assert client.get(f"{path}?lang={lang}").status_code == 200


def test_translations_have_the_same_keys():
    from kiosk.storeweb.manage.i18n import LANGUAGES, strings
    keys = {lang: set(strings(lang)) for lang in LANGUAGES}
    assert keys["fr"] == keys["en"] == keys["zh_CN"]
    assert all(json.dumps(strings(lang)) for lang in LANGUAGES)
