"""Download my data: everything stored about a user (``storage.personal_data``) as
one zip, with the whole of it as JSON and each table as a CSV file."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from flask import Response

from creatorkit.web.spreadsheet import safe_cell

README = ("Everything creatorkit stores about {email}: data.json holds every table, and each "
          "table is also a CSV file of the same rows. Left out: your password (only a hash is "
          "kept), the sealed platform tokens and the salted hashes of your kit's visitors.\n")


def as_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    columns = list(dict.fromkeys(key for row in rows for key in row))
    writer = csv.DictWriter(out, columns)
    writer.writeheader()
    writer.writerows({key: safe_cell(value) for key, value in row.items()} for row in rows)
    return out.getvalue()


def zip_bytes(tables: dict[str, list[dict[str, Any]]], email: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(email=email))
        archive.writestr("data.json", json.dumps(tables, indent=2, ensure_ascii=False, default=str))
        for table, rows in tables.items():
            if rows:
                archive.writestr(f"{table}.csv", as_csv(rows))
    return buffer.getvalue()


def zip_response(tables: dict[str, list[dict[str, Any]]], email: str) -> Response:
    response = Response(zip_bytes(tables, email), mimetype="application/zip")
    response.headers["Content-Disposition"] = 'attachment; filename="creatorkit-my-data.zip"'
    response.headers["Cache-Control"] = "no-store"
    return response
