"""The campaign report as a page, a PDF (WeasyPrint, the page's own HTML) and a CSV,
for the brand and the campaign's creators, and through the brand's share link
(``/campaigns/shared/<token>``: read-only, not indexed, for whoever the brand sends
it to)."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, render_template, request, url_for

from creatorkit.render.campaign_chart import daily_svg
from creatorkit.render.pdf import render_pdf
from creatorkit.storage import campaigns as store
from creatorkit.web.campaigns.clock import now
from creatorkit.web.campaigns.figures import Report, build_report
from creatorkit.web.campaigns.manage import member, signed_in
from creatorkit.web.db import get_db
from creatorkit.web.kits.pages import static_fetcher

bp = Blueprint("campaign_report", __name__, url_prefix="/campaigns")


def _html(report: Report, *, shared: bool, pdf: bool = False) -> str:
    clicks, sales = int(report.totals.clicks or 0), int(report.totals.sales or 0)
    chart = daily_svg(report.days, title="Link clicks and sales per day",
                      desc=f"{clicks} clicks and {sales} sales from {report.campaign['starts_on']}")
    base = url_for("campaign_report.shared", token=report.campaign["share_token"], _external=True)
    return render_template("campaigns/report.html", report=report, chart=chart, shared=shared, pdf=pdf,
                           share_url=base, noindex=True)


def _pdf(report: Report, shared: bool) -> Response:
    root = request.host_url.rstrip("/")
    body = render_pdf(_html(report, shared=shared, pdf=True), base_url=root + "/", fetch=static_fetcher(root))
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="campaign-{report.campaign["id"]}.pdf"'})


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.2f}"


def _csv(report: Report) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "kpi", "unit", "target", "actual", "gap", "gap_kind", "met", "source",
                     "comment"])
    for _stored, row in report.rows:
        rate = row.kpi.unit == "rate"
        shown = _pct if rate else (lambda v: "" if v is None else f"{v:.2f}")
        writer.writerow(["objective", row.kpi.key, "%" if rate else "count", shown(row.target),
                         shown(row.actual), _pct(row.gap), "points" if rate else "relative %",
                         "" if row.met is None else row.met, row.source, row.objective.comment])
    for figure in report.figures:
        value = "" if figure.value is None else (
            _pct(figure.value) if figure.unit == "rate" else f"{figure.value:.2f}")
        writer.writerow(["cost", figure.key, {"rate": "%", "money": report.campaign["currency"],
                                              "multiple": "x"}[figure.unit], "", value, "", "", "",
                         figure.formula, figure.note])
    emv = report.emv
    writer.writerow(["estimate", "emv", emv.currency, "", "" if emv.value is None else f"{emv.value:.2f}",
                     "", "", "", f"{emv.model}, computed {emv.computed_on.isoformat()}",
                     "an estimate, not revenue"])
    for day, clicks, sales in report.days:
        writer.writerow(["day", day, "", "", "", "", "", "", f"clicks={clicks}", f"sales={sales}"])
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="campaign-{report.campaign["id"]}.csv"'})


def _answer(report: Report, fmt: str, *, shared: bool) -> Response:
    if fmt == "pdf":
        return _pdf(report, shared)
    if fmt == "csv":
        return _csv(report)
    return Response(_html(report, shared=shared))


@bp.get("/<int:campaign_id>/report", defaults={"fmt": "html"})
@bp.get("/<int:campaign_id>/report.<any(pdf, csv):fmt>")
@signed_in
def report(campaign_id: int, fmt: str):
    campaign, _role = member(campaign_id)
    return _answer(build_report(get_db(), campaign, now()), fmt, shared=False)


@bp.get("/shared/<token>", defaults={"fmt": "html"})
@bp.get("/shared/<token>.<any(pdf, csv):fmt>")
def shared(token: str, fmt: str):
    campaign = store.find_by_share_token(get_db(), token)
    if campaign is None:
        abort(404)
    response = _answer(build_report(get_db(), campaign, now()), fmt, shared=True)
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
