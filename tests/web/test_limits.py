"""Rate-limit counts never keep a process alive: their expiry timer is a daemon thread
(the stock in-memory storage's is not, and under a faked monotonic clock it never fires,
so a command that created the app would never exit)."""

from __future__ import annotations

from creatorkit.app import create_app
from creatorkit.storage.credentials import new_key
from creatorkit.web.limits import limiter


def test_counting_a_refused_sign_in_schedules_a_daemon_expiry_timer(tmp_path):
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "x.db"), "CREDENTIALS_KEY": new_key(),
                      "SECRET_KEY": "s" * 40, "WTF_CSRF_ENABLED": False})
    response = app.test_client().post("/account/signin", data={"email": "a@example.com",
                                                                "password": "wrong password"})
    assert response.status_code in (200, 400, 401)
    storage = limiter._storage
    assert type(storage).__name__ == "ProcessMemoryStorage"
    assert storage.timer.daemon  # every timer it schedules, the first one cancelled
