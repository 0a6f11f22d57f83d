"""The stock feed (issue 16, Stock): a real HTTP server on 127.0.0.1 serves the CSV; the
back office fetches it, checks it with the stock upload's code and publishes a change to the
mirror.  A bad feed (bad lines, cut off, too big, unreachable, redirected, slow) changes
nothing and says why at its line and field."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from kiosk.config import StockFeedSection
from kiosk.messaging import topics
from kiosk.storeweb.manage import stock_feed as feed_module
from tests.support.backoffice import STORE, OfficeSite, csrf_of
from tests.support.httpd import Answer, LocalHttp
from tests.support.messaging import wait_for
from tests.unit.test_storeweb_manage_stock import live_with_gtins

FEED_PATH = "/exports/stock.csv?key=s3cret"


@pytest.fixture
def feed():
    with LocalHttp() as server:
        yield server


@pytest.fixture
def make_site(tmp_path):
    made: list[OfficeSite] = []

    def make(url: str | None, **section) -> OfficeSite:
        made.append(OfficeSite(tmp_path, {"stock_feed": StockFeedSection(feed_url=url, **section)}))
        return made[-1]
    yield make
    for site in made:
        site.office.stock_feed.stop()


@pytest.fixture
def live(make_site, feed):
    """A site whose feed is ``feed``, a mirror following it, a native catalogue live; the
    feed's own thread stopped (these tests fetch by hand, ``poll``)."""
    site = make_site(feed.url(FEED_PATH), timeout_s=1, max_mb=1)
    site.office.stock_feed.stop()
    mirror = site.mirror("mirror-1")
    client = site.signed_in()
    variants = live_with_gtins(site, client)
    return site, mirror, client, variants


def catalogue_publishes(site) -> int:
    return sum(p.topic == topics.catalogue(STORE) for p in site.bus.published)


def csv_of(rows: list[tuple[str, object]]) -> bytes:
    return ("gtin,quantity\n" + "".join(f"{g},{q}\n" for g, q in rows)).encode()


def test_a_changed_feed_reaches_the_mirror_once_and_an_unchanged_one_publishes_nothing(live, feed):
    site, mirror, client, variants = live
    sold_out, more = variants[0], variants[1]
    before, versions = site.office.channel.live.version, len(site.office.db.versions())
    feed.answer = Answer(200, csv_of([(sold_out.gtin, 0), (more.gtin, 9)]), {"Content-Type": "text/csv"})
    status = site.office.stock_feed.poll()
    assert status.error is None and status.restocked == 2
    running = mirror.catalogue.current
    assert site.office.channel.live.version != before
    assert mirror.catalogue.version.startswith(site.office.channel.live.version)
    assert running.find_gtin(sold_out.gtin).stock == 0 and running.find_gtin(more.gtin).stock == 9
    colour = sold_out.colour.name if sold_out.colour else None
    assert sold_out.size not in running.sizes_in_stock(sold_out.style_id, colour)
    assert feed.received[0].method == "GET" and feed.received[0].path == FEED_PATH
    assert len(site.office.db.versions()) == versions          # not one of the roll-back versions
    audit = [(e.who, e.action) for e in site.office.db.audit()]
    assert ("stock-feed", "published-stock-feed") in audit
    published = catalogue_publishes(site)
    status = site.office.stock_feed.poll()                       # the same stock again
    assert status.error is None and catalogue_publishes(site) == published
    page = client.get("/manage/catalogue").text
    assert 'data-state="ok"' in page and "s3cret" not in page and "exports" not in page


def test_a_feed_with_bad_lines_keeps_the_last_good_stock_and_names_each_line_and_field(live, feed):
    site, mirror, client, variants = live
    good = mirror.catalogue.version
    body = csv_of([(variants[0].gtin, 3), (variants[1].gtin, -1), ("4006381333932", 2),
                   (variants[2].gtin, "=HYPERLINK(1)"), ("4006381333999", 1),
                   ("<img src=x onerror=alert(1)>", 1)])
    feed.answer = Answer(200, body)
    status = site.office.stock_feed.poll()
    assert "error(s) in the feed" in status.error
    assert {(i.location.line, i.location.field) for i in status.errors} == {
        (3, "quantity"), (4, "gtin"), (5, "quantity"), (6, "gtin"), (7, "gtin")}
    assert mirror.catalogue.version == good and catalogue_publishes(site) == 1
    page = client.get("/manage/catalogue").text
    assert 'id="feed-error"' in page and 'data-state="error"' in page
    for line, field in ((3, "quantity"), (4, "gtin"), (5, "quantity"), (6, "gtin")):
        assert f'data-line="{line}" data-field="{field}"' in page
    assert "<img src=x" not in page and "&lt;img src=x" in page   # the feed's cells are text
    feed.answer = Answer(200, csv_of([(variants[0].gtin, 0)]))   # fixed at the source
    assert site.office.stock_feed.poll().error is None
    assert 'id="feed-error"' not in client.get("/manage/catalogue").text
    assert mirror.catalogue.current.find_gtin(variants[0].gtin).stock == 0


def test_a_feed_that_stops_mid_file_changes_nothing(live, feed):
    site, mirror, client, variants = live
    good = mirror.catalogue.version
    body = csv_of([(v.gtin, 0) for v in variants[:4]])
    feed.answer = Answer(200, body, cut_after=len(body) - 9)      # announced whole, cut short
    status = site.office.stock_feed.poll()
    assert f"the feed stopped after {len(body) - 9} bytes of {len(body)}" in status.error
    assert mirror.catalogue.version == good
    # without a length the cut is seen in the data: the last GTIN short of digits, no quantity
    feed.answer = Answer(200, body[:-9], chunked=True)
    status = site.office.stock_feed.poll()
    assert {(i.location.line, i.location.field) for i in status.errors} == {(5, "gtin"), (5, "quantity")}
    # or a quoted cell never closed: the rest of the file is one bad GTIN at its line
    feed.answer = Answer(200, body + b'"4006381333931,1\n', chunked=True)
    status = site.office.stock_feed.poll()
    assert ("gtin-invalid", 6, "gtin") in {(i.code, i.location.line, i.location.field) for i in status.errors}
    assert mirror.catalogue.version == good and "stopped after" not in client.get("/manage/catalogue").text


@pytest.mark.parametrize(("answer", "says"), [
    (Answer(404, b"no"), "HTTP 404"),
    (Answer(302, headers={"Location": "http://127.0.0.1:9/elsewhere"}), "redirect is not followed"),
    (Answer(200, b"gtin,quantity\n", delay_s=2), "could not be reached"),
    (Answer(200, b"gtin,quantity\n" + b"4006381333931,1\n" * 70_000), "more than the 1 MB"),
    (Answer(200, b"gtin,quantity\n" + b"4006381333931,1\n" * 70_000, chunked=True), "more than the 1 MB"),
    (Answer(200, b"\xff\xfe\x00bad"), "error(s) in the feed"),
    (Answer(200, b""), "error(s) in the feed"),
])
def test_a_feed_that_cannot_be_used_keeps_the_live_stock_and_says_why(live, feed, answer, says):
    site, mirror, _client, _variants = live
    good = mirror.catalogue.version
    feed.answer = answer
    assert says in site.office.stock_feed.poll().error
    assert mirror.catalogue.version == good and catalogue_publishes(site) == 1


def test_no_fetch_before_a_catalogue_is_live(make_site, feed):
    site = make_site(feed.url(FEED_PATH))
    assert "no catalogue is live" in site.office.stock_feed.poll().error and feed.received == []


def test_fetch_now_needs_a_signed_in_manager_and_the_csrf_token_and_is_audited(live, feed):
    site, _mirror, client, variants = live
    feed.answer = Answer(200, csv_of([(variants[0].gtin, 5)]))
    assert client.post("/manage/catalogue/stock-feed/fetch", data={"csrf": "forged"}).status_code == 403
    assert client.post("/manage/catalogue/stock-feed/fetch", data={}).status_code == 403
    stranger = site.client("10.0.0.9")
    assert stranger.post("/manage/catalogue/stock-feed/fetch", data={"csrf": "x"}).status_code == 401
    assert feed.received == []
    token = csrf_of(client.get("/manage/catalogue").text)
    answer = client.post("/manage/catalogue/stock-feed/fetch", data={"csrf": token})
    assert answer.status_code == 303 and answer.headers["location"].endswith("#stock-feed")
    assert len(feed.received) == 1
    assert client.post("/manage/catalogue/stock-feed/fetch", data={"csrf": token}).status_code == 303
    assert len(feed.received) == 1                                # pressed twice: fetched once
    assert "fetched-stock-feed" in [e.action for e in site.office.db.audit()]


def test_without_a_feed_the_page_says_how_to_set_one_and_fetch_now_is_404(make_site):
    site = make_site(None)
    client = site.signed_in()
    page = client.get("/manage/catalogue").text
    assert "stock_feed.feed_url" in page and 'id="fetch-feed"' not in page
    token = csrf_of(page)
    assert client.post("/manage/catalogue/stock-feed/fetch", data={"csrf": token}).status_code == 404
    assert site.office.stock_feed._thread is None


def test_the_service_fetches_on_its_own(make_site, feed, monkeypatch):
    monkeypatch.setattr(feed_module, "WAIT_FOR_LIVE_S", 0.05)
    site = make_site(feed.url(FEED_PATH))
    monkeypatch.setattr(site.office.stock_feed, "interval", lambda: 0.05)  # not every 15 min
    client = site.signed_in()
    variants = live_with_gtins(site, client)
    feed.answer = Answer(200, csv_of([(variants[0].gtin, 0)]))
    assert wait_for(lambda: site.office.stock_feed.status.published is not None, 10)
    site.office.stock_feed.stop()
    assert not site.office.stock_feed._thread.is_alive()


@pytest.mark.parametrize("url", ["http://erp.example.com/stock.csv", "http://93.184.216.34/s.csv",
                                 "https://user:pw@erp.example.com/s.csv", "file:///etc/passwd",
                                 "gopher://127.0.0.1/x"])
def test_the_config_refuses_feeds_off_the_lan_without_https_or_with_credentials(url):
    with pytest.raises(ValidationError):
        StockFeedSection(feed_url=url)


def test_the_feed_url_is_redacted_from_support_bundles(make_site):
    from kiosk.health.redact import REDACTED, redact_config
    dumped = redact_config(make_site("https://erp.example.com/stock.csv?key=s3cret").config.model_dump())
    assert dumped["back_office"]["stock_feed"]["feed_url"] == REDACTED and "s3cret" not in json.dumps(dumped)


def test_after_a_roll_back_the_feed_puts_its_stock_back_at_once(make_site, feed, monkeypatch):
    site = make_site(feed.url(FEED_PATH))
    monkeypatch.setattr(site.office.stock_feed, "interval", lambda: 3600.0)  # only when woken
    mirror = site.mirror("mirror-1")
    client = site.signed_in()
    variants = live_with_gtins(site, client)
    uploaded = site.office.channel.live.version
    feed.answer = Answer(200, csv_of([(variants[0].gtin, 0)]))
    assert site.office.stock_feed.poll().published
    assert mirror.catalogue.current.find_gtin(variants[0].gtin).stock == 0
    fetched = len(feed.received)
    page = client.get("/manage/catalogue").text
    assert client.post(f"/manage/catalogue/versions/{uploaded}/rollback",
                       data={"csrf": csrf_of(page)}).status_code == 303
    # the roll back sent the uploaded stock; the feed, woken, puts its own back on it
    assert wait_for(lambda: len(feed.received) > fetched and
                    mirror.catalogue.current.find_gtin(variants[0].gtin).stock == 0, 10)
