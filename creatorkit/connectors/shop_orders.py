"""Shop order exports (CSV) → order rows: Shopify's "Export orders" and WooCommerce's
Analytics › Orders download. Pure: a file in, rows or an ``ImportFileError`` naming
the line and column out; ``ingest.orders`` writes them.

Shopify writes one line per line item, the order's totals on its first line only;
WooCommerce one line per order. Only paid orders count (Shopify "paid" or
"partially_refunded", WooCommerce "Completed" or "Processing"); refunded, voided,
cancelled and pending ones are skipped, and said to be.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from creatorkit.connectors.exports import values
from creatorkit.connectors.exports.table import Row, Sheet, load_sheet
from creatorkit.errors import ImportFileError


@dataclass(frozen=True)
class Layout:
    shop: str
    order: str
    day: str
    status: str
    total: str
    codes: str
    counted: tuple[str, ...]
    currency: str | None = None


SHOPIFY = Layout("shopify", "Name", "Created at", "Financial Status", "Total", "Discount Code",
                 ("paid", "partially_refunded"), currency="Currency")
WOOCOMMERCE = Layout("woocommerce", "Order #", "Date", "Status", "Net Sales", "Coupon(s)",
                     ("completed", "processing"))
LAYOUTS = (SHOPIFY, WOOCOMMERCE)


@dataclass(frozen=True)
class Order:
    order_ref: str
    day: str
    amount: float
    currency: str | None
    promo_codes: tuple[str, ...]


@dataclass(frozen=True)
class OrderFile:
    shop: str
    orders: tuple[Order, ...]
    skipped: int  # orders not paid (refunded, cancelled, pending ...)


def read_orders(path: str | Path, file: str | None = None) -> OrderFile:
    name = file or Path(path).name
    sheet = load_sheet(Path(path), name)
    layout = _layout(sheet)
    columns = {column: sheet.header.index(column) for column in _columns(layout)}
    orders: dict[str, Order] = {}
    skipped: set[str] = set()
    for row in sheet.rows:
        ref = _cell(row, columns, layout.order, values.filled, name)
        status = _cell(row, columns, layout.status, values.text, name)
        if status is None:  # a further line item of an order already read (Shopify)
            if ref not in orders and ref not in skipped:
                raise ImportFileError(name, "the first line of an order has no status", line=row.line,
                                      column=layout.status)
            continue
        if status.casefold().replace(" ", "_") not in layout.counted:
            skipped.add(ref)
            continue
        if ref in orders:
            raise ImportFileError(name, f"order {ref} appears twice", line=row.line, column=layout.order)
        orders[ref] = Order(
            order_ref=ref,
            day=_cell(row, columns, layout.day, _day, name),
            amount=_cell(row, columns, layout.total, _amount, name),
            currency=_cell(row, columns, layout.currency, values.text, name) if layout.currency else None,
            promo_codes=tuple(code.strip() for code in
                              (_cell(row, columns, layout.codes, values.text, name) or "").split(",")
                              if code.strip()),
        )
    return OrderFile(layout.shop, tuple(orders.values()), len(skipped))


def _columns(layout: Layout) -> tuple[str, ...]:
    return tuple(c for c in (layout.order, layout.day, layout.status, layout.total, layout.codes,
                             layout.currency) if c)


def _layout(sheet: Sheet) -> Layout:
    for layout in LAYOUTS:
        missing = [c for c in _columns(layout) if c not in sheet.header]
        if not missing:
            return layout
        if layout.order in sheet.header and layout.status in sheet.header:
            raise ImportFileError(sheet.file, f"this {layout.shop} export lacks the column "
                                  f"{missing[0]!r}", line=sheet.header_line)
    raise ImportFileError(sheet.file, "is neither a Shopify order export (Name, Financial Status, Total, "
                          "Discount Code ...) nor a WooCommerce Analytics orders download (Order #, "
                          "Status, Net Sales, Coupon(s) ...)", line=sheet.header_line)


def _cell(row: Row, columns: dict[str, int], column: str, parse, file: str):
    try:
        return parse(row.cells[columns[column]])
    except values.BadCell as exc:
        raise ImportFileError(file, f"{row.cells[columns[column]]!r} {exc.reason}", line=row.line,
                              column=column) from None


def _day(raw) -> str:
    when = values.day(raw, order="dmy")
    if isinstance(when, values.MonthDay):
        raise values.BadCell("has no year")
    return when.isoformat()


def _amount(raw) -> float:
    amount = values.number(raw)
    if amount is None:
        raise values.BadCell("is empty")
    return amount
