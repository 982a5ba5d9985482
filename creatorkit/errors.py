"""The exception tree. Connectors raise, ``refresh`` records, web and CLI translate.

::

    CreatorkitError
     ├── ConfigError                    a setting is missing or wrong
     ├── UnknownCreator / UnknownAccount   a handle or account id that is not stored
     ├── DatabaseProblem                the database file cannot be used (which file, what to do)
 ├── InputError                     user input that cannot be accepted
     │    └── ImportFileError           an export file rejected at (file, line, column)
     └── ConnectorError                 a platform call failed (platform named)
          ├── AuthError                 the credential does not work: stop retrying
          │    ├── AuthExpired          token expired or revoked: reconnect or refresh
          │    ├── AuthInvalid          key or token not valid at all
          │    └── PermissionMissing    scope or permission not granted
          ├── RateLimited               slow down; ``retry_after`` seconds when known
          ├── QuotaExhausted            daily quota spent; ``reset_at`` when known
          ├── TransientError            5xx, timeout, connection reset: retry later
          ├── ResourceNotFound          the channel/user/media does not exist
          └── BadPayload                the platform answered something we cannot parse

Every class carries ``code``: the short name stored in ``refresh_runs.error_class``
and shown as ``last_error`` in ``creatorkit status``.
"""

from __future__ import annotations

from datetime import datetime


class CreatorkitError(Exception):
    code = "error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ConfigError(CreatorkitError):
    code = "config"


class UnknownCreator(CreatorkitError):
    code = "unknown_creator"

    def __init__(self, handle: str):
        super().__init__(f"No creator with handle {handle!r}.")
        self.handle = handle


class UnknownAccount(CreatorkitError):
    code = "unknown_account"

    def __init__(self, account: object):
        super().__init__(f"No account {account!r}.")
        self.account = account


class DatabaseProblem(CreatorkitError):
    """Read-only, full, damaged, not a database, a directory: said in one line."""

    code = "database"

    def __init__(self, path: str, problem: str, remedy: str):
        super().__init__(f"Database {path}: {problem}; {remedy}.")
        self.path, self.problem = path, problem


class InputError(CreatorkitError):
    code = "input"


class ImportFileError(InputError):
    """An export file that cannot be imported; nothing of it was written."""

    code = "import_file"

    def __init__(
        self, file: str, reason: str, *, line: int | None = None, column: str | None = None
    ):
        where = file
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {reason}")
        self.file, self.reason, self.line, self.column = file, reason, line, column


class ConnectorError(CreatorkitError):
    code = "connector"
    #: rotated credentials to store even though the fetch failed (refresh tokens that
    #: change on use: losing them would lock the account out)
    credentials = None

    def __init__(self, platform: str, message: str):
        super().__init__(f"{platform}: {message}")
        self.platform = platform
        self.detail = message


class AuthError(ConnectorError):
    code = "auth"


class AuthExpired(AuthError):
    code = "auth_expired"


class AuthInvalid(AuthError):
    code = "auth_invalid"


class PermissionMissing(AuthError):
    code = "permission"


class RateLimited(ConnectorError):
    code = "rate_limited"

    def __init__(self, platform: str, message: str, *, retry_after: float | None = None):
        if retry_after is not None:
            message += f" (retry after {retry_after:.0f} s)"
        super().__init__(platform, message)
        self.retry_after = retry_after


class QuotaExhausted(ConnectorError):
    code = "quota_exhausted"

    def __init__(self, platform: str, message: str, *, reset_at: datetime | None = None):
        if reset_at is not None:
            message += f" (resets {reset_at.isoformat(timespec='seconds')})"
        super().__init__(platform, message)
        self.reset_at = reset_at


class TransientError(ConnectorError):
    code = "transient"


class ResourceNotFound(ConnectorError):
    code = "not_found"


class BadPayload(ConnectorError):
    code = "bad_payload"
