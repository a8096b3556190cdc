"""Explain one account's scores line by line: each criterion, each signal, each formula step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from icp.accounts import Account
from icp.definition import IcpDefinition
from icp.fit import CriterionOutcome, FitResult, evaluate_fit
from icp.scoring import (
    AccountSignal,
    InMarketScore,
    describe_rule,
    judge_signal,
    score_account,
    shares,
)


@dataclass(frozen=True)
class SignalLine:
    kind: str
    title: str
    occurred_at: datetime
    age_days: float
    rule: str
    decay: float
    confidence: float
    points: float
    failed: tuple[str, ...]


@dataclass(frozen=True)
class Explanation:
    account_id: str
    account_name: str
    domain: str | None
    icp_version: str
    now: datetime
    fit: FitResult
    score: InMarketScore
    criteria: tuple[CriterionOutcome, ...]
    signals: tuple[SignalLine, ...]
    formula: tuple[str, ...]

    def render(self) -> str:
        """Plain text, one fact per line."""
        head = f"{self.account_name}" + (f" ({self.domain})" if self.domain else "")
        out = [
            f"{head} - ICP {self.icp_version}, at {self.now.isoformat(timespec='minutes')}",
            "",
            "Criteria:",
        ]
        if not self.criteria:
            out.append("  (the ICP has no static criteria)")
        for c in self.criteria:
            kind = "required" if c.required else f"weight {c.weight:g}"
            mark = "+" if c.share >= 1 else ("~" if c.share > 0 else "-")
            earned = f"{c.weight * c.share:g}/{c.weight:g}"
            out.append(f"  {mark} [{c.dimension}] {c.label}: {c.note} ({kind}; {earned})")
        out += ["", "Signals:"]
        if not self.signals:
            out.append("  (none)")
        for s in self.signals:
            when = s.occurred_at.date().isoformat()
            if s.failed:
                out.append(f"  0 pts  {s.kind} {when} {s.title!r}: {'; '.join(s.failed)}")
            else:
                out.append(
                    f"  {s.points:.1f} pts  {s.kind} {when} {s.title!r}: {s.rule}; "
                    f"age {s.age_days:.0f} d, decay {s.decay:.3f}, confidence {s.confidence:g}"
                )
        out += ["", "Score:", *(f"  {line}" for line in self.formula)]
        return "\n".join(out)


def explain(
    account: Account, icp: IcpDefinition, signals: Sequence[AccountSignal], now: datetime
) -> Explanation:
    """Every step of ``evaluate_fit`` and ``score_account`` for one account (pure)."""
    fit = evaluate_fit(account, icp)
    score = score_account(fit, signals, icp, now)
    lines: list[SignalLine] = []
    for item in signals:
        verdict = judge_signal(item, icp, now)
        s = item.signal
        rule = describe_rule(s.kind, verdict.rule) if verdict.rule else "no rule"
        lines.append(
            SignalLine(
                s.kind.value,
                s.title,
                s.occurred_at,
                verdict.age_days,
                rule,
                verdict.decay,
                item.confidence,
                verdict.points,
                verdict.failed,
            )
        )
    lines.sort(key=lambda line: line.points, reverse=True)
    static = [o for o in fit.outcomes if o.dimension != "behavioral"]
    earned = sum(o.weight * o.share for o in static)
    possible = sum(o.weight for o in static)
    formula = [
        f"fit = 100 x {earned:g} / {possible:g} = {fit.score:g}"
        if possible
        else "fit = 100 (no firmographic or technographic criteria)",
    ]
    if fit.behavioral is not None:
        formula.append(f"behavioral = {fit.behavioral:g} (share of behavioral criteria met)")
    bands = icp.scoring.tiers
    if fit.in_icp:
        formula.append(
            f"in the ICP; tier {fit.tier} (bands: tier_1 >= {bands.tier_1:g}, "
            f"tier_2 >= {bands.tier_2:g}, tier_3 >= {bands.tier_3:g})"
        )
    else:
        failed = ", ".join(o.label for o in fit.deciding)
        formula.append(f"not in the ICP (fails {failed}): tier out, in-market score 0")
    raw = sum(line.points for line in lines if line.points > 0.05)
    formula.append(f"situational = min(100, {raw:.1f}) = {score.situational:g}")
    if fit.in_icp:
        f_share, b_share, s_share = shares(icp, fit)
        parts = [f"{f_share:g} x {fit.score:g}"]
        if b_share:
            parts.append(f"{b_share:g} x {fit.behavioral or 0:g}")
        parts.append(f"{s_share:g} x {score.situational:g}")
        status = "in market" if score.in_market else "not in market"
        formula.append(
            f"score = {' + '.join(parts)} = {score.score:g} "
            f"({status}; threshold {icp.scoring.in_market_threshold:g})"
        )
    return Explanation(
        account.id,
        account.name,
        account.domain,
        icp.version,
        now,
        fit,
        score,
        fit.outcomes,
        tuple(lines),
        tuple(formula),
    )
