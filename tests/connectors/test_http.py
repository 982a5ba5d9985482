"""The shared HTTP client against a scripted fake on loopback: what is retried (and by
which layer), what never is (a POST), how long any wait may be, and how calls count."""

from __future__ import annotations

import pytest

from creatorkit.connectors.http import WAIT_CAP_S, HttpClient, retry_after_seconds
from creatorkit.errors import BadPayload, RateLimited, TransientError
from tests.fakes.base import Response, json_response
from tests.fakes.scripted import FakeScripted

NOW = 1_800_000_000.0  # 2027-01-15T08:00:00Z as an epoch
OK = json_response({"ok": True})
BUSY = json_response({"error": "busy"}, 503)


def transient_body(response, payload):
    """A Graph-style classifier: a 400 whose body says it is transient."""
    if isinstance(payload, dict) and payload.get("is_transient"):
        return TransientError("test", "the body says transient")
    return None


@pytest.fixture
def slept():
    return []


@pytest.fixture
def client(slept):
    made = HttpClient(timeout=2, retries=3, backoff=0.01, max_wait=30,
                      sleep=slept.append, jitter=lambda: 0.5)
    yield made
    made.close()


def serve(*script):
    return FakeScripted(*script)


def test_a_5xx_get_is_retried_by_the_adapter_and_every_try_is_counted(client):
    with serve(BUSY, BUSY, OK) as fake:
        assert client.get(fake.base_url + "/x", platform="test") == {"ok": True}
        assert len(fake.requests) == 3
    assert client.calls == 3


def test_a_5xx_get_that_keeps_failing_is_tried_retries_times_not_more(client):
    with serve(BUSY) as fake:
        with pytest.raises(TransientError):
            client.get(fake.base_url + "/x", platform="test")
        assert len(fake.requests) == 3
    assert client.calls == 3


@pytest.mark.parametrize("answer", [BUSY, json_response({"error": "slow"}, 429, **{"Retry-After": "1"}),
                                    Response(200, {"half": "a body"}, cut=True)])
def test_a_post_is_never_sent_twice(client, answer):
    with serve(answer, OK) as fake:
        with pytest.raises((TransientError, RateLimited)):
            client.post(fake.base_url + "/oauth/token/", platform="test", data={"refresh_token": "r1"})
        assert len(fake.requests) == 1


def test_a_post_that_times_out_is_not_sent_again(slept):
    client = HttpClient(timeout=0.3, retries=3, backoff=0.01, sleep=slept.append)
    with serve(OK) as fake:
        fake.fault, fake.hold_s = "timeout", 0.6
        with pytest.raises(TransientError, match="timed out"):
            client.post(fake.base_url + "/oauth/token/", platform="test")
        assert len(fake.requests) == 1


def test_a_body_cut_mid_transfer_is_transient_and_retried(client):
    with serve(Response(200, {"videos": list(range(50))}, cut=True), OK) as fake:
        assert client.get(fake.base_url + "/x", platform="test") == {"ok": True}
        assert len(fake.requests) == 2


def test_a_body_cut_every_time_ends_as_a_transient_error(client):
    with serve(Response(200, {"videos": list(range(50))}, cut=True)) as fake:
        with pytest.raises(TransientError, match="cut off mid-body"):
            client.get(fake.base_url + "/x", platform="test")
        assert len(fake.requests) == 3


def test_errors_only_the_body_reveals_are_retried_above_the_adapter(client, slept):
    with serve(json_response({"is_transient": True}, 400), OK) as fake:
        assert client.get(fake.base_url + "/x", platform="test", classify=transient_body) == {"ok": True}
        assert len(fake.requests) == 2
    assert slept == [pytest.approx(0.0075)]  # backoff 0.01 halved, plus half of it × jitter 0.5


def test_a_short_retry_after_is_slept_through_a_long_one_is_raised(client, slept):
    short = json_response({}, 429, **{"Retry-After": "7"})
    with serve(short, OK) as fake:
        assert client.get(fake.base_url + "/x", platform="test") == {"ok": True}
    assert slept == [7.0]
    for value in ("31", "99999999", "1e12", "inf"):
        with serve(json_response({}, 429, **{"Retry-After": value}), OK) as fake:
            with pytest.raises(RateLimited):
                client.get(fake.base_url + "/x", platform="test")
            assert len(fake.requests) == 1, value
    assert slept == [7.0]


def test_a_429_without_any_wait_is_left_to_the_connector(client):
    with serve(json_response({}, 429), OK) as fake:
        with pytest.raises(RateLimited) as caught:
            client.get(fake.base_url + "/x", platform="test")
        assert len(fake.requests) == 1
    assert caught.value.retry_after is None


def test_a_non_json_answer_is_a_bad_payload(client):
    with serve(Response(200, raw=b"<html>gateway</html>")) as fake, pytest.raises(BadPayload):
        client.get(fake.base_url + "/x", platform="test")


@pytest.mark.parametrize(("headers", "seconds"), [
    ({"Retry-After": "120"}, 120.0),
    ({"Retry-After": "-5"}, 0.0),
    ({"Retry-After": "99999999"}, WAIT_CAP_S),
    ({"Retry-After": "1e12"}, WAIT_CAP_S),
    ({"Retry-After": "inf"}, None),
    ({"Retry-After": "nan"}, None),
    ({"Retry-After": "soon"}, None),
    ({"Retry-After": "Fri, 15 Jan 2027 08:02:00 GMT"}, 120.0),
    ({"Ratelimit-Reset": "1800000042"}, 42.0),            # an epoch in seconds (Twitch)
    ({"Ratelimit-Reset": "1800000042000"}, 42.0),         # an epoch in milliseconds
    ({"X-RateLimit-Reset": "30"}, 30.0),                   # seconds to go
    ({"Ratelimit-Reset": "1e300"}, WAIT_CAP_S),
    ({"Ratelimit-Reset": "-inf"}, None),
    ({}, None),
])
def test_every_wait_a_header_asks_for_is_finite_and_capped(headers, seconds):
    assert retry_after_seconds(headers, now=NOW) == seconds
