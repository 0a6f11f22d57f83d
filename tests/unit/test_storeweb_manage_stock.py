"""The back office's stock-only upload: checked at its rows, previewed, published like a
catalogue; the mirror then stops offering sizes at 0."""

from __future__ import annotations

import pytest

from kiosk.journey import can_add, can_request
from tests.support.backoffice import OfficeSite, csrf_of
from tests.support.catalogue import SHOPIFY_APPAREL


@pytest.fixture
def site(tmp_path) -> OfficeSite:
    return OfficeSite(tmp_path)


def signed_in(site: OfficeSite, who: str = "manager", address: str = "10.0.0.8"):
    return site.signed_in(who, address)


def upload_stock(client, content: bytes, csrf: str | None = None):
    token = csrf if csrf is not None else csrf_of(client.get("/manage/catalogue").text)
    return client.post("/manage/catalogue/stock", data={"csrf": token},
                       files={"file": ("stock.csv", content, "text/csv")})


def publish(client, draft: str):
    return client.post(f"{draft}/publish", data={"csrf": csrf_of(client.get(draft).text)})


def live_with_gtins(site, client) -> list:
    """A native CSV with GTINs published; its in-stock variants."""
    from tests.support.catalogue import native_csv_text
    draft = site.upload(client, "c.csv", native_csv_text(10).encode()).headers["location"]
    assert publish(client, draft).status_code == 303
    live = site.office.channel.live.catalogue
    return [v for s in live.styles for v in s.variants if v.stock > 0]


def test_stock_file_previews_only_stock_and_the_mirror_stops_offering_size_zero(site):
    mirror = site.mirror("mirror-1")
    client = signed_in(site)
    in_stock = live_with_gtins(site, client)
    sold_out, other = in_stock[0], in_stock[1]
    before = site.office.channel.live.version
    answer = upload_stock(client, f"gtin,quantity\n{sold_out.gtin},0\n{other.gtin},9\n".encode())
    assert answer.status_code == 303
    draft = answer.headers["location"]
    page = client.get(draft).text
    assert 'id="stock-draft"' in page and 'data-action="publish"' in page
    assert '<li data-count="restocked"><b>2</b>' in page
    for key in ("styles_added", "styles_removed", "variants_added", "variants_removed", "repriced"):
        assert f'<li data-count="{key}"><b>0</b>' in page
    assert site.office.channel.live.version == before  # nothing until publish
    assert publish(client, draft).status_code == 303
    running = mirror.catalogue.current
    assert running.version != before and mirror.catalogue.version.startswith(site.office.channel.live.version)
    assert running.find_gtin(sold_out.gtin).stock == 0 and running.find_gtin(other.gtin).stock == 9
    colour = sold_out.colour.name if sold_out.colour else None
    assert sold_out.size not in running.sizes_in_stock(sold_out.style_id, colour)
    # the mirror's own rules for a size at 0 here (kiosk.journey): never in the basket; staff
    # asked only where the store says so (mqtt.requests.not_in_stock)
    now_sold_out = running.find_gtin(sold_out.gtin)
    assert not can_add(now_sold_out) and can_add(running.find_gtin(other.gtin))
    assert can_request(now_sold_out, "ask") and not can_request(now_sold_out, "refuse")
    assert "uploaded-stock" in client.get("/manage/audit").text


def test_bad_stock_rows_are_shown_at_their_lines_and_cannot_be_published(site):
    client = signed_in(site)
    in_stock = live_with_gtins(site, client)
    body = f"gtin,quantity\n{in_stock[0].gtin},-1\n4006381333932,2\n{in_stock[1].gtin},=HYPERLINK(1)\n"
    draft = upload_stock(client, body.encode()).headers["location"]
    page = client.get(draft).text
    assert 'data-line="2" data-field="quantity"' in page and 'data-line="3" data-field="gtin"' in page
    assert 'data-line="4" data-field="quantity"' in page and 'data-action="publish"' not in page
    assert publish(client, draft).status_code == 303 and site.office.channel.live.catalogue.find_gtin(
        in_stock[0].gtin).stock == in_stock[0].stock


def test_stock_needs_a_live_catalogue_csrf_and_the_uploader(site):
    client = signed_in(site)
    assert upload_stock(client, b"gtin,quantity\n4006381333931,1\n").status_code == 409
    in_stock = live_with_gtins(site, client)
    body = f"gtin,quantity\n{in_stock[0].gtin},0\n".encode()
    assert upload_stock(client, body, csrf="nope").status_code == 403
    draft = upload_stock(client, body).headers["location"]
    other = signed_in(site, "paul", "10.0.0.9")
    assert other.get(draft).status_code == 404
    token = csrf_of(other.get("/manage/catalogue").text)
    assert other.post(f"{draft}/publish", data={"csrf": token}).headers["location"] == "/manage/catalogue"
    assert site.office.channel.live.catalogue.find_gtin(in_stock[0].gtin).stock == in_stock[0].stock


def test_a_stock_draft_of_an_older_live_catalogue_is_not_published(site):
    client = signed_in(site)
    in_stock = live_with_gtins(site, client)
    draft = upload_stock(client, f"gtin,quantity\n{in_stock[0].gtin},0\n".encode()).headers["location"]
    newer = site.upload(client, "shopify.csv", SHOPIFY_APPAREL.read_bytes()).headers["location"]
    assert publish(client, newer).status_code == 303
    live = site.office.channel.live.version
    assert publish(client, draft).headers["location"].endswith("?error=stale")
    assert site.office.channel.live.version == live


def test_an_oversized_stock_file_gets_a_clear_page(site):
    client = signed_in(site)
    live_with_gtins(site, client)
    big = b"gtin,quantity\n" + b"4006381333931,1\n" * (21 * 1024 * 1024 // 16)
    answer = upload_stock(client, big)
    assert answer.status_code == 413 and 'id="upload-error"' in answer.text
