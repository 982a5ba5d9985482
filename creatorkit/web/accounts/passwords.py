"""Which passwords an account may have: 10 to 200 characters, and not one that
attackers try first. zxcvbn scores a password against its lists of common passwords,
words, names, keyboard walks and sequences; a score under ``MIN_SCORE`` is refused."""

from __future__ import annotations

from zxcvbn import zxcvbn

from creatorkit.errors import InputError

MIN_LENGTH = 10
MAX_LENGTH = 200
#: zxcvbn's 0-4 scale: 0 and 1 are "too guessable" and "very guessable"
MIN_SCORE = 2


def check_password(password: str) -> str:
    """The password if an account may use it, else InputError saying why."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise InputError(f"Choose a password of {MIN_LENGTH} to {MAX_LENGTH} characters.")
    verdict = zxcvbn(password)
    if verdict["score"] < MIN_SCORE:
        warning = verdict["feedback"]["warning"] or "It is easy to guess."
        raise InputError(f"Choose a less common password: {warning.rstrip('.')}.")
    return password
