"""The pressure-test report: one self-contained HTML page (inline CSS and SVG, no scripts).

Every piece of text that came from a file (account names, criterion labels, column values) is
escaped. A figure with nothing to measure it on is shown as "cannot be measured", never as 0%.
"""

from __future__ import annotations

from html import escape

from icp.discover import AttributeFindings, Discovery
from icp.pressure import PressureResult
from inmarket.report.svg import BAD, GOOD, MUTED, NEUTRAL, Bar, bar_chart, paired_bars

MAX_BROKEN_ROWS = 200
MAX_REJECTED_ROWS = 50
MAX_ATTRIBUTE_CHARTS = 8

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
 margin:2rem auto;max-width:980px;color:#1d2630;padding:0 1rem;line-height:1.4}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{font-size:1.2rem;margin-top:2rem;
 border-bottom:1px solid #dde3ea;padding-bottom:.3rem}
.meta{color:#5b6875;font-size:.9rem}
.verdict{display:inline-block;padding:.4rem .9rem;border-radius:4px;font-weight:700;
 color:#fff;margin:.8rem 0}
.verdict.pass{background:#2f7d4f}.verdict.fail{background:#b3403a}
.verdict.inconclusive{background:#8a6d1d}
.figures{display:flex;gap:1rem;flex-wrap:wrap}
.figure{border:1px solid #dde3ea;border-radius:6px;padding:.8rem 1rem;min-width:200px}
.figure .num{font-size:1.8rem;font-weight:700}.figure .num.na{font-size:1rem;color:#8a6d1d}
table{border-collapse:collapse;font-size:.88rem;margin:.5rem 0}
th,td{border:1px solid #dde3ea;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f5f8} td.n{text-align:right;font-variant-numeric:tabular-nums}
.chart{display:block;margin:.6rem 0;font-size:12px}
.chart-title{font-weight:700;font-size:13px}.bar-label,.bar-value{font-size:12px}
.axis-note{font-size:11px;fill:#555}.small{color:#8a6d1d}
ul.notes li{margin:.2rem 0}
"""


def _pct(value: float | None) -> str:
    return f"{value:.1%}" if value is not None else "cannot be measured"


def _figure(title: str, value: float | None, target: float, why_missing: str) -> str:
    if value is None:
        return (
            f'<div class="figure" data-figure="{escape(title)}"><div>{escape(title)}</div>'
            f'<div class="num na">cannot be measured</div><div>{escape(why_missing)}</div></div>'
        )
    ok = "meets" if value >= target else "misses"
    return (
        f'<div class="figure" data-figure="{escape(title)}"><div>{escape(title)}</div>'
        f'<div class="num">{value:.1%}</div><div>{ok} the {target:.0%} target</div></div>'
    )


def _targets_chart(r: PressureResult) -> str:
    bars = []
    if r.won_included_rate is not None:
        ok = r.won_included_rate >= r.won_included_target
        bars.append(
            Bar(
                "won deals included",
                r.won_included_rate,
                GOOD if ok else BAD,
                f"{r.won_included}/{r.won}",
                r.won_included_target,
            )
        )
    if r.lost_excluded_rate is not None:
        ok = r.lost_excluded_rate >= r.lost_excluded_target
        bars.append(
            Bar(
                "lost deals excluded",
                r.lost_excluded_rate,
                GOOD if ok else BAD,
                f"{r.lost_excluded}/{r.lost}",
                r.lost_excluded_target,
            )
        )
    if not bars:
        return ""
    return bar_chart(bars, title="Against target (dashed line)")


def _confusion(r: PressureResult) -> str:
    c = r.confusion
    return (
        '<table class="confusion"><tr><th></th><th>in the ICP</th><th>out of the ICP</th>'
        "<th>total</th></tr>"
        f'<tr><th>won</th><td class="n">{c["won_in"]}</td><td class="n">{c["won_out"]}</td>'
        f'<td class="n">{r.won}</td></tr>'
        f'<tr><th>lost</th><td class="n">{c["lost_in"]}</td><td class="n">{c["lost_out"]}</td>'
        f'<td class="n">{r.lost}</td></tr></table>'
    )


def _criteria(r: PressureResult) -> str:
    if not r.criteria:
        return "<p>The ICP has no static criteria.</p>"
    required = [c for c in r.criteria if c.required]
    parts = []
    if required:
        parts.append(
            paired_bars(
                [(c.label, c.won_excluded, c.lost_excluded) for c in required],
                title="What each required criterion excludes",
                left="won deals wrongly excluded",
                right="lost deals rightly excluded",
            )
        )
    rows = []
    for c in r.criteria:
        kind = "required" if c.required else f"weight {c.weight:g}"
        rows.append(
            f"<tr><td>{escape(c.label)}</td><td>{escape(c.dimension)}</td><td>{kind}</td>"
            f'<td class="n">{c.won_excluded if c.required else "-"}</td>'
            f'<td class="n">{c.lost_excluded if c.required else "-"}</td>'
            f'<td class="n">{c.won_excluded_alone if c.required else "-"}</td>'
            f'<td class="n">{_pct(c.win_rate_met)}</td><td class="n">{_pct(c.win_rate_unmet)}</td>'
            "</tr>"
        )
    parts.append(
        "<table><tr><th>criterion</th><th>dimension</th><th>kind</th><th>won wrongly excluded</th>"
        "<th>lost rightly excluded</th><th>won excluded by it alone</th>"
        "<th>win rate when met</th><th>win rate when not met</th></tr>" + "".join(rows) + "</table>"
    )
    return "".join(parts)


def _attribute_chart(a: AttributeFindings, base: float, min_count: int) -> str:
    bars = []
    for g in a.groups:
        color = MUTED if not g.trusted else (GOOD if g.significant and g.lift > 0 else NEUTRAL)
        if g.trusted and g.significant and g.lift < 0:
            color = BAD
        if g.deals == 0:
            bars.append(Bar(g.group, None, MUTED, "no deals"))
            continue
        note = f"n={g.deals}" + ("" if g.trusted else ", too few to trust")
        bars.append(Bar(g.group, g.win_rate, color, note))
    return bar_chart(bars, title=f"Win rate by {a.attribute}", base=base)


def _broken(r: PressureResult) -> str:
    if not r.broken:
        return "<p>No deal breaks the ICP.</p>"
    rows = []
    for b in r.broken[:MAX_BROKEN_ROWS]:
        what = "won, excluded" if b.won else "lost, included"
        amount = f"{b.amount:,.0f}" if b.amount is not None else ""
        rows.append(
            f'<tr><td class="n">{b.line}</td><td>{escape(b.account)}</td><td>{what}</td>'
            f'<td>{b.close_date.isoformat()}</td><td class="n">{amount}</td>'
            f'<td class="n">{b.fit_score:g}</td><td>{escape("; ".join(b.deciding))}</td></tr>'
        )
    more = len(r.broken) - MAX_BROKEN_ROWS
    tail = f"<p>and {more} more (see --json for all).</p>" if more > 0 else ""
    return (
        "<table><tr><th>line</th><th>account</th><th>breaks as</th><th>closed</th>"
        "<th>amount</th><th>fit</th><th>decided by</th></tr>" + "".join(rows) + "</table>" + tail
    )


def _left_out(r: PressureResult) -> str:
    items = [
        f"{r.won + r.lost} deals used, closed between "
        f"{r.window_start.isoformat() if r.window_start else '?'} and {r.as_of.isoformat()} "
        f"({r.window_months}-month window)",
        f"{r.too_old} deals closed before the window left out",
    ]
    if r.after_as_of:
        items.append(f"{r.after_as_of} deals closed after {r.as_of.isoformat()} left out")
    if r.date_order:
        items.append(f"slash dates read as {r.date_order}")
    items.append(f"{len(r.rejected)} rows rejected")
    html = "<ul class='notes'>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"
    if r.rejected:
        shown = r.rejected[:MAX_REJECTED_ROWS]
        html += "<ul class='notes'>" + "".join(f"<li>{escape(x)}</li>" for x in shown) + "</ul>"
    return html


def render_pressure_report(
    result: PressureResult, discovery: Discovery | None = None, *, title: str | None = None
) -> str:
    """The whole report as an HTML document (self-contained; opens with no network)."""
    r = result
    heading = title or f"ICP pressure test: {r.icp_name} {r.icp_version}"
    won_why = "no won deals in the window"
    lost_why = "no lost deals in the window"
    sections = [
        f"<h1>{escape(heading)}</h1>",
        f'<div class="meta">As of {r.as_of.isoformat()} - {r.won} won and {r.lost} lost deals '
        f"in the last {r.window_months} months</div>",
        f'<div class="verdict {r.verdict}" id="verdict">{r.verdict.upper()}</div>',
        "<ul class='notes'>"
        + "".join(f"<li>{escape(x)}</li>" for x in r.verdict_reasons)
        + "</ul>",
        '<div class="figures">'
        + _figure("Won deals included", r.won_included_rate, r.won_included_target, won_why)
        + _figure("Lost deals excluded", r.lost_excluded_rate, r.lost_excluded_target, lost_why)
        + "</div>",
        _targets_chart(r),
        "<h2>Confusion matrix</h2>",
        _confusion(r),
        "<h2>Per-criterion contribution</h2>",
        _criteria(r),
    ]
    if r.won_amount is not None:
        share = (r.won_amount_included or 0.0) / r.won_amount if r.won_amount else None
        sections.append(f"<p>Won amount inside the ICP: {_pct(share)} of {r.won_amount:,.0f}.</p>")
    if discovery is not None and discovery.base_rate is not None:
        sections.append("<h2>Win rate by attribute</h2>")
        sections.append(
            f"<p>Base win rate {discovery.base_rate:.1%} over {discovery.deals} deals (dashed "
            f"line). Grey bars: fewer than {discovery.min_count} deals, not trusted. Green/red: "
            "the 95% interval excludes the base rate.</p>"
        )
        for a in discovery.attributes[:MAX_ATTRIBUTE_CHARTS]:
            sections.append(_attribute_chart(a, discovery.base_rate, discovery.min_count))
    sections += [
        "<h2>Deals that break the ICP</h2>",
        _broken(r),
        "<h2>What was left out</h2>",
        _left_out(r),
    ]
    if r.notes:
        sections.append(
            "<ul class='notes'>" + "".join(f"<li>{escape(n)}</li>" for n in r.notes) + "</ul>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{escape(heading)}</title><style>{_CSS}</style></head><body>"
        + "\n".join(s for s in sections if s)
        + "</body></html>\n"
    )
