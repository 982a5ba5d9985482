"""The authenticity verdict as the kit states it: a score, a verdict and its reasons.

A reason is a message template (an English msgid, translated by the web layer) and
typed parameters (``count``, ``percent``, ``date``) so each output formats them for
its locale. Reasons with follower counts have a variant without them, used when the
creator hides followers (a count and its percentage would give the total away).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from creatorkit import kpi


def N_(message: str) -> str:
    """Marks a msgid for extraction (``pybabel extract -k N_``); translated when shown."""
    return message


#: flag code → (template, template without follower counts or None when it has none)
TEMPLATES: dict[str, tuple[str, str | None]] = {
    "follower_drop": (N_("%(delta)s followers on %(day)s"), N_("%(rel)s followers on %(day)s")),
    "explained_follower_spike": (N_("%(delta)s followers on %(day)s after a viral post"),
                                 N_("%(rel)s followers on %(day)s after a viral post")),
    "unexplained_follower_spike": (
        N_("%(delta)s followers (%(rel)s) on %(day)s with no viral post in the three days before"),
        N_("%(rel)s followers on %(day)s with no viral post in the three days before")),
    "er_far_below_peers": (N_("engagement rate below the peers' 5th percentile"), None),
    "er_far_above_peers": (N_("engagement rate above the peers' 99th percentile"), None),
    "er_far_below_tier": (N_("engagement rate under a third of the tier's published band"), None),
    "er_far_above_tier": (N_("engagement rate over three times the tier's published band"), None),
    "comment_ratio_high": (N_("unusually many comments per like (pods, giveaways or bought comments)"), None),
    "comment_ratio_low": (N_("unusually few comments per like (bought likes)"), None),
    "growth_without_engagement": (
        N_("followers %(growth)s in 90 days while engagement per follower fell %(fall)s"), None),
    "likes_too_uniform": (N_("likes vary little from post to post"), None),
    "likes_spread_high": (N_("likes vary a lot (giveaways, boosts or virals)"), None),
}
#: one vocabulary for kit, directory and compare; never a fraud label
VERDICT_LABELS = {"ok": N_("No warning signs"), "review": N_("Worth a closer look"),
                  "suspicious": N_("Unusual patterns"), None: N_("Not assessed")}
#: check code → what it looks at, as the kit lists it
CHECK_LABELS = {
    "follower_spikes": N_("follower jumps and drops"),
    "er_vs_peers": N_("engagement rate against peers or the published band"),
    "comment_to_like": N_("comments per like"),
    "growth_vs_engagement": N_("growth against engagement"),
    "likes_spread": N_("spread of likes between posts"),
}


@dataclass(frozen=True)
class Reason:
    code: str
    template: str
    params: Mapping[str, tuple[str, Any]]  # name → (kind: count/percent/signed_percent/date, value)
    penalty: int = 0
    plain: str | None = None  # the KPI layer's own wording, for codes without a template
    evidence: Mapping[str, Any] = field(default_factory=dict)  # the figures the check saw

    def __str__(self) -> str:
        """English, as the JSON states it."""
        if self.plain is not None:
            return self.plain
        return self.template % {name: english(kind, value) for name, (kind, value) in self.params.items()}


def english(kind: str, value: Any) -> str:
    if kind == "count":
        return f"{value:+,.0f}"
    if kind == "percent":
        return f"{value:.1%}"
    if kind == "signed_percent":
        return f"{value:+.1%}"
    return value.isoformat() if isinstance(value, date) else str(value)


@dataclass(frozen=True)
class AuthenticityView:
    score: int | None  # None: no check could run, so no verdict
    verdict: str | None
    reasons: tuple[Reason, ...]  # each check that fired, worst first
    checks: tuple[kpi.Check, ...] = ()

    @property
    def ran(self) -> tuple[kpi.Check, ...]:
        return tuple(c for c in self.checks if c.ran)

    @property
    def skipped(self) -> tuple[kpi.Check, ...]:
        return tuple(c for c in self.checks if not c.ran)

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS.get(self.verdict, self.verdict)

    @property
    def flags(self) -> tuple[Reason, ...]:
        """The reasons that cost points."""
        return tuple(r for r in self.reasons if r.penalty)

    @property
    def notes(self) -> tuple[Reason, ...]:
        """What was checked and explained (a spike after a viral post), at no cost."""
        return tuple(r for r in self.reasons if not r.penalty)

    @property
    def listed_notes(self) -> tuple[Reason, ...]:
        """The notes the kit lists apart from the flags: all but the explained spikes,
        which it only counts."""
        return tuple(r for r in self.notes if r.code != "explained_follower_spike")

    @property
    def explained_spikes(self) -> int:
        return sum(r.code == "explained_follower_spike" for r in self.reasons)

    def without_counts(self) -> AuthenticityView:
        return replace(self, reasons=tuple(_without_counts(r) for r in self.reasons))


def _without_counts(reason: Reason) -> Reason:
    if "delta" not in reason.params:
        return reason
    return replace(reason, template=TEMPLATES[reason.code][1],
                   params={k: v for k, v in reason.params.items() if k != "delta"},
                   evidence={k: v for k, v in reason.evidence.items() if k != "delta"})


def reason_of(flag: kpi.Flag) -> Reason:
    evidence = flag.evidence
    if flag.code not in TEMPLATES:
        return Reason(flag.code, "", {}, flag.penalty, plain=flag.message, evidence=evidence)
    params: dict[str, tuple[str, Any]] = {}
    if "delta" in evidence:
        params["delta"] = ("count", evidence["delta"])
        params["rel"] = ("signed_percent", evidence["rel"])
        params["day"] = ("date", evidence["day"])
    if flag.code == "growth_without_engagement":
        params["growth"] = ("signed_percent", evidence["growth"])
        params["fall"] = ("percent", 1 - evidence["rate"] / evidence["rate_before"])
    return Reason(flag.code, TEMPLATES[flag.code][0], params, flag.penalty, evidence=evidence)


def authenticity_view(result: kpi.Authenticity) -> AuthenticityView:
    reasons = sorted((reason_of(flag) for flag in result.flags), key=lambda r: -r.penalty)
    return AuthenticityView(result.score, result.verdict, tuple(reasons), result.checks)
