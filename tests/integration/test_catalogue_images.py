"""Image URLs are fetched once into the local cache, from a real HTTP server."""

from __future__ import annotations

import http.server
import threading

import pytest

from kiosk.catalogue.image_cache import ImageCache, probe
from kiosk.errors import CatalogueError

pytestmark = pytest.mark.integration
JPEG = b"\xff\xd8\xff\xe0" + bytes(200)


@pytest.fixture
def server(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "shirt.jpg").write_bytes(JPEG)
    (site / "page.html").write_text("<html>not an image</html>")
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(site))  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, name="image-site")
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", site
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_fetch_caches_once_and_serves_from_disk(server, tmp_path):
    base, site = server
    cache = ImageCache(tmp_path / "cache")
    url = f"{base}/shirt.jpg"
    assert cache.path_for(url) is None
    path = cache.fetch(url)
    assert path.suffix == ".jpg" and path.read_bytes() == JPEG
    (site / "shirt.jpg").unlink()                       # the shop deleted it: still cached
    assert cache.fetch(url) == path == cache.path_for(url)
    assert not list((tmp_path / "cache").glob("*.part"))


@pytest.mark.parametrize("name, words", [("page.html", "not a usable image"),
                                         ("gone.jpg", "cannot be fetched")])
def test_not_an_image_or_missing_is_a_clear_error(server, tmp_path, name, words):
    base, _ = server
    with pytest.raises(CatalogueError) as info:
        ImageCache(tmp_path / "cache").fetch(f"{base}/{name}")
    assert words in info.value.message and info.value.fix
    assert probe(f"{base}/{name}") is not None
    assert probe(f"{base}/shirt.jpg") is None


def test_prefetcher_downloads_a_new_catalogues_images_in_the_background(server, tmp_path):
    from kiosk.catalogue import load_text
    from kiosk.catalogue.image_prefetch import ImagePrefetcher, image_path
    from kiosk.catalogue.store import CatalogueStore

    base, _ = server
    cache = ImageCache(tmp_path / "cache")
    prefetcher = ImagePrefetcher(cache).start()
    store = CatalogueStore(store_id="s1", on_change=prefetcher.catalogue_changed)
    try:
        text = ("style_id,title,colour,size,gtin,stock,price,images\n"
                f"S1,Shirt,navy,M,4006381333931,1,10,{base}/shirt.jpg\n"
                f"S1,Shirt,navy,L,4006381333948,1,10,{base}/gone.jpg\n")
        store.offer(load_text(text, "c.csv"), "test")
        assert prefetcher.wait_idle()
        assert prefetcher.stats == {"fetched": 1, "failed": 1}
        assert image_path(f"{base}/shirt.jpg", cache, None).read_bytes() == JPEG
        assert image_path(f"{base}/gone.jpg", cache, None) is None
    finally:
        prefetcher.stop()
