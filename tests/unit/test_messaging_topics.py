"""The topic table builds, filters and classifies every topic of the contract."""

import pytest

from kiosk.errors import PayloadError
from kiosk.messaging import topics
from kiosk.messaging.bus import topic_matches


def test_builders_follow_the_design_table():
    assert topics.mirror_state("s1", "m1") == "retail/v1/s1/mirror/m1/state"
    assert topics.request("s1", "womenswear", "m1", "r1") == "retail/v1/s1/requests/womenswear/m1/r1"
    assert topics.claim("s1", "z", "m1", "r1", "anna") == "retail/v1/s1/requests/z/m1/r1/claim/anna"
    assert topics.done("s1", "z", "m1", "r1", "anna") == "retail/v1/s1/requests/z/m1/r1/done/anna"
    assert topics.catalogue("s1") == "retail/v1/s1/catalogue"
    assert topics.handoff_claimed("s1", "m1") == "retail/v1/s1/handoff/m1/claimed"
    assert topics.events("s1", "m1") == "retail/v1/s1/mirror/m1/events"
    assert topics.command("s1", "m1", "reload") == "retail/v1/s1/mirror/m1/cmd/reload"
    assert topics.response("s1", "m1", "reload") == "retail/v1/s1/mirror/m1/response/reload"


@pytest.mark.parametrize("bad", ["", "a/b", "+", "#", "UPPER", "x" * 65, "$sys"])
def test_ids_that_could_break_a_topic_are_refused(bad):
    with pytest.raises(PayloadError) as err:
        topics.request("s1", bad, "m1", "r1")
    assert err.value.location.field == "zone"


def test_every_spec_round_trips_through_classify():
    for spec in topics.TOPICS:
        ids = {p: f"{p}-1" for p in spec.placeholders}
        built = spec.build(**ids)
        found, parsed = topics.classify(built)
        assert found is spec and parsed == ids
        assert topic_matches(spec.filter(), built)


def test_request_doc_filter_does_not_match_claims():
    zone_filter = topics.requests_filter("s1", "z")
    assert topic_matches(zone_filter, topics.request("s1", "z", "m1", "r1"))
    assert not topic_matches(zone_filter, topics.claim("s1", "z", "m1", "r1", "anna"))
    assert not topic_matches(zone_filter, topics.request("s1", "other", "m1", "r1"))
    assert topic_matches(topics.requests_filter("s1"), topics.request("s1", "other", "m1", "r1"))
    mine = topics.requests_filter("s1", "z", "m1")
    assert topic_matches(mine, topics.request("s1", "z", "m1", "r1"))
    assert not topic_matches(mine, topics.request("s1", "z", "m2", "r1"))


def test_classify_ignores_foreign_topics():
    assert topics.classify("retail/v2/s1/catalogue") is None
    assert topics.classify("$SYS/broker/uptime") is None
