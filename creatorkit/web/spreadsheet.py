"""CSV cells a spreadsheet opens safely: text that would start a formula (CSV
injection) is prefixed with a quote; whole numbers are written without ``.0``."""

from __future__ import annotations

from typing import Any

#: a cell starting with one of these is a formula to a spreadsheet
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return "" if value is None else value
