"""One contract suite for every connector, run against its fake platform server.

Fakes are discovered: every ``FakeServer`` subclass in ``tests/fakes/`` that names a
``connector`` takes part. A fake declares:

* ``platform``, ``connector`` (registry name), ``supported_faults`` (subset of FAULTS);
* ``settings()``: the settings that point its connector at the fake;
* ``seed_account()``: ``{"ref": ..., "credentials": {...} | None}`` of a stored account;
* ``expected``: ``{"followers": int, "posts": int}`` that a fetch must return.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import tests.fakes
from creatorkit.config import default_config
from creatorkit.connectors import get_connector
from creatorkit.connectors.http import HttpClient
from creatorkit.errors import (
    AuthError,
    BadPayload,
    QuotaExhausted,
    RateLimited,
    TransientError,
)
from creatorkit.ingest.refresh import refresh_account
from creatorkit.models import Account
from creatorkit.storage import history
from creatorkit.storage.credentials import CredentialBox, new_key
from tests.fakes.base import FAULTS, FakeServer

FAULT_ERRORS = {
    "expired_token": AuthError,
    "rate_limited": RateLimited,
    "quota": QuotaExhausted,
    "server_error": TransientError,
    "timeout": TransientError,
    "malformed_json": BadPayload,
    "missing_field": BadPayload,
    "second_page_fails": TransientError,
}
assert set(FAULT_ERRORS) == set(FAULTS)


def discover_fakes() -> list[type[FakeServer]]:
    found = []
    for module_info in pkgutil.iter_modules(tests.fakes.__path__):
        module = importlib.import_module(f"tests.fakes.{module_info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, FakeServer) and getattr(cls, "connector", None) and \
                    cls.__module__ == module.__name__:
                found.append(cls)
    return sorted(found, key=lambda cls: cls.connector)


FAKES = discover_fakes()
FAKE_IDS = [cls.connector for cls in FAKES]


def contract_settings(fake: FakeServer, **extra) -> dict:
    return {
        **default_config(), "HTTP_TIMEOUT_S": 0.5, "HTTP_RETRIES": 2, "HTTP_BACKOFF_S": 0.01,
        "CREDENTIALS_KEY": new_key(), **fake.settings(), **extra,
    }


def fetch(fake: FakeServer, settings: dict):
    seed = fake.seed_account()
    account = Account(id=1, creator_id=1, handle="alice", platform=fake.platform,
                      connector=fake.connector, ref=seed["ref"],
                      credentials=seed.get("credentials"))
    client = HttpClient.from_settings(settings, sleep=lambda seconds: None)
    harvest = get_connector(fake.connector)(settings).fetch(account, client, None)
    return harvest, client


def followers_of(harvest) -> float:
    return max((m for m in harvest.metrics if m.metric == "followers"), key=lambda m: m.day).value


pytestmark = pytest.mark.skipif(not FAKES, reason="no fake platform server yet")


@pytest.mark.parametrize("fake_cls", FAKES, ids=FAKE_IDS)
def test_fetch_returns_the_figures_the_platform_holds(fake_cls):
    with fake_cls() as fake:
        harvest, client = fetch(fake, contract_settings(fake))
    assert harvest.source == "api"
    assert followers_of(harvest) == fake.expected["followers"]
    assert len(harvest.posts) == fake.expected["posts"]
    assert client.calls == len(fake.requests)


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("fake_cls", FAKES, ids=FAKE_IDS)
def test_each_fault_raises_its_error_class_without_leaking_tokens(fake_cls, fault):
    if fault not in fake_cls.supported_faults:
        pytest.skip(f"{fake_cls.connector} has no {fault} fault")
    with fake_cls() as fake:
        fake.fault = fault
        with pytest.raises(FAULT_ERRORS[fault]) as caught:
            fetch(fake, contract_settings(fake))
    for secret in (fake.seed_account().get("credentials") or {}).values():
        if isinstance(secret, str) and len(secret) > 6:
            assert secret not in str(caught.value)


@pytest.mark.parametrize("fake_cls", FAKES, ids=FAKE_IDS)
def test_a_failed_refresh_keeps_the_previous_figures(fake_cls, db, make_account):
    with fake_cls() as fake:
        settings = contract_settings(fake)
        seed = fake.seed_account()
        sealed = CredentialBox(settings["CREDENTIALS_KEY"]).seal(seed["credentials"]) \
            if seed.get("credentials") else None
        account_id = make_account(platform=fake.platform, connector=fake.connector,
                                  ref=seed["ref"], sealed_credentials=sealed)
        first = refresh_account(db, account_id, settings)
        assert first.ok, first.error_message
        before = history.metric_series(db, account_id, "followers")
        fake.fault = "server_error"
        second = refresh_account(db, account_id, settings)
    assert not second.ok and second.error_class == "transient"
    assert history.metric_series(db, account_id, "followers") == before
    assert before[-1][1] == fake.expected["followers"]
    row = db["accounts"].get(account_id)
    assert row["last_error"] == "transient" and row["failures"] == 1
