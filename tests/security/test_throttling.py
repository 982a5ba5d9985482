"""Finding 5 (and the sign-up half of 9): no password guessing at speed, no list of
who has an account, no password from the top of the attackers' lists.

The attacks: 40 wrong passwords in a row on one account, then the right one; the same
spread over many accounts from one client; sign-up as an address that exists; sign-up
with ``1234567890``.
"""

from __future__ import annotations

from creatorkit.storage import users
from tests.security.conftest import PASSWORD, csrf_token, sign_in


def test_forty_wrong_passwords_lock_the_account_then_the_right_one_fails_too(app, people):
    attacker = app.test_client()
    codes = [sign_in(attacker, "buyer@acme.example", f"guess number {n}").status_code for n in range(40)]
    assert codes[:5] == [400] * 5 and set(codes[5:]) == {429}
    answer = sign_in(attacker, "buyer@acme.example", PASSWORD)
    assert answer.status_code == 429 and int(answer.headers["Retry-After"]) > 0
    assert "Too many tries" in answer.get_data(as_text=True)
    # the account is protected from another client too (per-account limit)
    elsewhere = app.test_client()
    other = elsewhere.post("/account/signin", environ_base={"REMOTE_ADDR": "198.51.100.7"}, data={
        "email": "buyer@acme.example", "password": PASSWORD, "csrf_token": csrf_token(elsewhere,
                                                                                      "/account/signin")})
    assert other.status_code == 429


def test_one_client_guessing_across_accounts_is_stopped(app, people):
    attacker = app.test_client()
    emails = [f"{name}@creator.example" for name in ("camille", "dana")] + ["buyer@acme.example",
                                                                             "buyer@bolt.example"]
    codes = [sign_in(attacker, emails[n % 4], "wrong guess").status_code for n in range(8)]
    assert codes == [400] * 5 + [429] * 3


def test_right_passwords_do_not_count(app, people):
    client = app.test_client()
    assert [sign_in(client, "buyer@acme.example").status_code for _ in range(8)] == [302] * 8


def signup(client, email, password=PASSWORD):
    return client.post("/account/signup", data={
        "name": "Mallory", "email": email, "password": password, "password_again": password,
        "csrf_token": csrf_token(client, "/account/signup")})


def test_sign_up_does_not_say_which_addresses_exist(app, people, db):
    taken, free = signup(app.test_client(), "buyer@acme.example"), signup(app.test_client(), "new@x.example")
    assert (taken.status_code, taken.headers["Location"]) == (free.status_code, free.headers["Location"])
    assert users.find_user(db, "buyer@acme.example")["name"] == "Acme"  # nothing overwritten
    assert sign_in(app.test_client(), "buyer@acme.example", PASSWORD).status_code == 302


def test_sign_up_refuses_a_common_password(app, db):
    for password in ("1234567890", "password123", "qwertyuiop"):
        response = signup(app.test_client(), "new@x.example", password)
        assert response.status_code == 400 and "less common password" in response.get_data(as_text=True)
    assert users.find_user(db, "new@x.example") is None


def test_sign_up_is_limited_per_client(app):
    client = app.test_client()
    codes = [signup(client, f"n{n}@x.example", "1234567890").status_code for n in range(7)]
    assert codes == [400] * 5 + [429] * 2
