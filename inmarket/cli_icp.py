"""``inmarket icp test|discover|check`` and the account commands ``explain`` and ``export``.

Register with ``cli_icp.register(cli)`` (adds the ``icp`` group) and
``cli_icp.register_accounts(accounts_app)`` (adds ``explain`` and ``export`` to ``accounts``).
Each command reads files, calls a pure function in :mod:`icp`, and prints.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console

from icp.accounts import Account, CsvFormatError, read_accounts_csv
from icp.checks import coverage, coverage_warnings, definition_warnings
from icp.deals import DealsError, DealsReadResult, read_deals_csv
from icp.definition import IcpDefinition, IcpError, load_icp
from icp.discover import CrossValidation, Discovery, discover
from icp.pressure import PressureResult, pressure_test
from icp.scoring import AccountSignal
from inmarket import cli_io
from inmarket.store.db import Store
from inmarket.store_views import open_store, scored_accounts, stored_coverage, stored_signals

if TYPE_CHECKING:
    from signals.matching.index import MatchIndex

T = TypeVar("T")

err = Console(stderr=True, highlight=False, emoji=False)
out = Console(highlight=False, soft_wrap=True, emoji=False)

IcpOption = Annotated[
    Path | None, typer.Option("--icp", help="ICP file (default: INMARKET_ICP_FILE).")
]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="Reference date, YYYY-MM-DD (default: today).")
]
WindowOption = Annotated[
    int | None,
    typer.Option(
        "--window-months",
        min=1,
        max=240,  # as the ICP's pressure_test.window_months
        help="Use deals closed this many months before --as-of "
        "(default: the ICP's pressure_test.window_months, 24).",
    ),
]
DateOrderOption = Annotated[
    str,
    typer.Option("--date-order", help="How to read 03/01/2025: auto, mdy or dmy."),
]


def _today(as_of: str | None) -> date:
    if as_of is None:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(as_of)
    except ValueError:
        raise cli_io.fail(f"--as-of: {as_of!r} is not a YYYY-MM-DD date") from None


def _at(now: str | None) -> datetime:
    """``--now`` as an aware datetime (naive means UTC), or exit 2 naming the bad value."""
    if now is None:
        return datetime.now(UTC)
    try:
        at = datetime.fromisoformat(now)
    except ValueError:
        raise cli_io.fail(
            f"--now: {now!r} is not an ISO date or time (e.g. 2026-05-01T09:00Z)"
        ) from None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _icp(path: Path | None) -> IcpDefinition:
    if path is None:
        from inmarket.cli import settings_or_exit  # the root CLI imports this module

        path = Path(settings_or_exit().icp_file)
    try:
        return load_icp(path)
    except IcpError as exc:
        raise cli_io.fail(str(exc)) from None


def _deals(
    path: Path, icp: IcpDefinition | None, today: date, window: int | None, order: str
) -> DealsReadResult:
    if order not in ("auto", "mdy", "dmy"):
        raise cli_io.fail(f"--date-order: {order!r} is not auto, mdy or dmy")
    months = window or (icp.pressure_test.window_months if icp else 24)
    try:
        read = read_deals_csv(
            cli_io.read_input(path),
            source=str(path),
            as_of=today,
            window_months=months,
            date_order=order,  # type: ignore[arg-type]
        )
    except DealsError as exc:
        raise cli_io.fail(str(exc)) from None
    for warning in read.warnings:
        err.print(f"{path}: {warning}", markup=False)
    for rejected in read.rejected[:20]:
        err.print(f"{path}: {rejected}", markup=False)
    if len(read.rejected) > 20:
        err.print(f"{path}: ... and {len(read.rejected) - 20} more rejected rows", markup=False)
    if not read.deals:
        raise cli_io.fail(
            f"{path}: no usable deals ({read.too_old} before the {months}-month window, "
            f"{read.after_as_of} after {today.isoformat()}, {len(read.rejected)} rejected)"
        )
    return read


def _print_pressure(r: PressureResult) -> None:
    out.print(f"ICP {r.icp_name} {r.icp_version}: pressure test as of {r.as_of}", markup=False)
    out.print(
        f"  {r.won} won, {r.lost} lost deals in the last {r.window_months} months; "
        f"{r.too_old} older left out, {r.after_as_of} after as-of, {len(r.rejected)} rejected",
        markup=False,
    )
    for label, value, target in (
        ("won deals included ", r.won_included_rate, r.won_included_target),
        ("lost deals excluded", r.lost_excluded_rate, r.lost_excluded_target),
    ):
        shown = f"{value:.1%}" if value is not None else "cannot be measured"
        out.print(f"  {label}: {shown} (target {target:.0%})", markup=False)
    c = r.confusion
    out.print("  confusion:      in ICP   out of ICP", markup=False)
    out.print(f"    won       {c['won_in']:>9} {c['won_out']:>12}", markup=False)
    out.print(f"    lost      {c['lost_in']:>9} {c['lost_out']:>12}", markup=False)
    if r.criteria:
        out.print("  criteria (won wrongly excluded / lost rightly excluded):", markup=False)
        for ci in r.criteria:
            if ci.required:
                out.print(f"    {ci.label}: {ci.won_excluded} / {ci.lost_excluded}", markup=False)
            else:
                met = f"{ci.win_rate_met:.0%}" if ci.win_rate_met is not None else "n/a"
                unmet = f"{ci.win_rate_unmet:.0%}" if ci.win_rate_unmet is not None else "n/a"
                out.print(
                    f"    {ci.label} (weighted): win rate {met} met, {unmet} not", markup=False
                )
    if r.broken:
        out.print(f"  deals that break the ICP ({len(r.broken)}):", markup=False)
        for b in r.broken[:15]:
            what = "won, excluded" if b.won else "lost, included"
            out.print(
                f"    line {b.line} {b.account}: {what} - {'; '.join(b.deciding)}", markup=False
            )
        if len(r.broken) > 15:
            out.print(
                f"    ... {len(r.broken) - 15} more (--json or --report for all)", markup=False
            )
    out.print(f"verdict: {r.verdict.upper()} - {'; '.join(r.verdict_reasons)}", markup=False)


def _json(data: Any) -> None:
    print(json.dumps(data, default=str, indent=2))


def test_command(
    deals: Annotated[Path, typer.Argument(help="Closed deals CSV (outcome, close_date, ...).")],
    icp_file: IcpOption = None,
    as_of: AsOfOption = None,
    window_months: WindowOption = None,
    date_order: DateOrderOption = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write a self-contained HTML report here.")
    ] = None,
) -> None:
    """Pressure-test the ICP on won and lost deals: exit 0 pass, 1 fail or inconclusive."""
    icp = _icp(icp_file)
    today = _today(as_of)
    read = _deals(deals, icp, today, window_months, date_order)
    result = pressure_test(read.deals, icp, as_of=today, read=read)
    if report is not None:
        from inmarket.report import render_pressure_report

        found = discover(read.deals, as_of=today, custom_columns=read.custom_columns)
        cli_io.write_output(report, render_pressure_report(result, found), what="the report")
    if as_json:
        _json(result.to_dict())
    else:
        _print_pressure(result)
        if report is not None:
            out.print(f"report written to {report}", markup=False)
    raise typer.Exit(0 if result.verdict == "pass" else 1)


def _discovery_dict(d: Discovery) -> dict[str, Any]:
    return {
        "deals": d.deals,
        "won": d.won,
        "base_rate": d.base_rate,
        "min_count": d.min_count,
        "top": [vars(g) | {"significant": g.significant} for g in d.top_groups()],
        "attributes": [
            {
                "attribute": a.attribute,
                "kind": a.kind,
                "groups": [vars(g) for g in a.groups if g.deals],
            }
            for a in d.attributes
        ],
        "suggestion_steps": list(d.suggestion_steps),
        "suggestion_test": d.suggestion_test.to_dict() if d.suggestion_test else None,
        "meets_targets": d.meets_targets,
        "cross_validation": _cross_validation_dict(d.cross_validation),
        "notes": list(d.notes),
    }


def _cross_validation_dict(cv: CrossValidation | None) -> dict[str, Any] | None:
    if cv is None:
        return None
    return vars(cv) | {
        "attribute_folds": [list(pair) for pair in cv.attribute_folds],
        "won_included_rate": cv.won_included_rate,
        "lost_excluded_rate": cv.lost_excluded_rate,
        "meets_targets": cv.meets_targets,
    }


def discover_command(
    deals: Annotated[Path, typer.Argument(help="Closed deals CSV (outcome, close_date, ...).")],
    icp_file: Annotated[
        Path | None, typer.Option("--icp", help="Take situational rules and targets from here.")
    ] = None,
    as_of: AsOfOption = None,
    window_months: WindowOption = None,
    date_order: DateOrderOption = "auto",
    min_count: Annotated[int, typer.Option(min=1, help="Smallest group to trust.")] = 20,
    output: Annotated[
        Path | None, typer.Option("--output", help="Write the suggested ICP as TOML here.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Find the attribute values that win or lose most often, and suggest an ICP."""
    from icp.toml_writer import dump_icp

    base_icp = _icp(icp_file) if icp_file else None
    today = _today(as_of)
    read = _deals(deals, base_icp, today, window_months, date_order)
    found = discover(
        read.deals,
        as_of=today,
        custom_columns=read.custom_columns,
        base_icp=base_icp,
        min_count=min_count,
    )
    if output is not None and found.suggestion is not None:
        t = found.suggestion_test
        header = (
            f"Suggested by inmarket icp discover from {deals.name} on {today.isoformat()}.\n"
            f"Criteria: {'; '.join(found.suggestion_steps)}.\n"
        )
        if t is not None:
            header += (
                f"On those deals: won included {t.won_included_rate or 0:.1%}, lost excluded "
                f"{t.lost_excluded_rate or 0:.1%}. Review before use; set the owner."
            )
        cli_io.write_output(output, dump_icp(found.suggestion, header=header), what="the ICP")
    if as_json:
        _json(_discovery_dict(found))
    else:
        base = f"{found.base_rate:.1%}" if found.base_rate is not None else "n/a"
        out.print(f"{found.deals} deals, {found.won} won: base win rate {base}", markup=False)
        out.print("values whose win rate differs most (95% Wilson interval):", markup=False)
        for g in found.top_groups():
            flag = " *" if g.significant else ""
            out.print(
                f"  {g.attribute} = {g.group}: {g.won}/{g.deals} won, {g.win_rate:.1%} "
                f"[{g.low:.1%}-{g.high:.1%}] ({g.lift:+.1%}){flag}",
                markup=False,
            )
        small = sum(1 for a in found.attributes for g in a.groups if not g.trusted)
        out.print(
            f"  ({small} groups under {min_count} deals not trusted; * = the interval "
            "excludes the base rate)",
            markup=False,
        )
        for note in found.notes:
            out.print(f"note: {note}", markup=False)
        if found.suggestion_test is not None:
            t = found.suggestion_test
            out.print("suggested criteria:", markup=False)
            for step in found.suggestion_steps:
                out.print(f"  {step}", markup=False)
            out.print(
                f"  won included {t.won_included_rate or 0:.1%}, lost excluded "
                f"{t.lost_excluded_rate or 0:.1%}: {t.verdict}",
                markup=False,
            )
        if output is not None:
            if found.suggestion is None:
                out.print(f"nothing written to {output}: no suggestion", markup=False)
            else:
                out.print(f"suggested ICP written to {output}", markup=False)


def _accounts(path: Path) -> list[Account]:
    try:
        read = read_accounts_csv(cli_io.read_input(path), source=str(path))
    except CsvFormatError as exc:
        raise cli_io.fail(str(exc)) from None
    for warning in read.warnings:
        err.print(f"{path}: {warning}", markup=False)
    for rejected in read.rejected[:20]:
        err.print(f"{path}: {rejected}", markup=False)
    return read.accounts


def check_command(
    icp_file: IcpOption = None,
    accounts: Annotated[
        Path | None,
        typer.Option("--accounts", help="Accounts CSV to measure on (default: the store)."),
    ] = None,
    as_of: AsOfOption = None,
) -> None:
    """Validate the ICP, print its warnings, and count the accounts it includes."""
    icp = _icp(icp_file)
    today = _today(as_of)
    warnings = definition_warnings(icp, today=today)
    out.print(f"ICP {icp.name} {icp.version}: valid", markup=False)
    if accounts is not None:
        cov = coverage(_accounts(accounts), icp)
    else:
        cov = asyncio.run(_with_store(lambda store: stored_coverage(store, icp)))
    share = f"{cov.share:.1%}" if cov.share is not None else "n/a"
    out.print(f"{cov.in_icp} of {cov.accounts} accounts pass the ICP ({share})", markup=False)
    out.print(
        "  " + ", ".join(f"{tier} {count}" for tier, count in cov.tiers.items()), markup=False
    )
    warnings += coverage_warnings(cov)
    for w in warnings:
        out.print(f"warning: {w.message}", markup=False)


async def _with_store(use: Callable[[Store], Awaitable[T]]) -> T:
    """Run ``use`` on the configured store (migrated), closing it after."""
    from inmarket.cli import settings_or_exit  # the root CLI imports this module

    store = await open_store(settings_or_exit())
    try:
        return await use(store)
    finally:
        await store.close()


def register(cli: typer.Typer) -> None:
    """Add the ``icp`` command group."""
    group = typer.Typer(help="Check, pressure-test and discover the ICP.", no_args_is_help=True)
    group.command("test")(test_command)
    group.command("discover")(discover_command)
    group.command("check")(check_command)
    cli.add_typer(group, name="icp")


def explain_command(
    domain: Annotated[str, typer.Argument(help="The account's domain (or id).")],
    accounts: Annotated[
        Path | None, typer.Option("--accounts", help="Accounts CSV (default: the store).")
    ] = None,
    signals: Annotated[
        Path | None,
        typer.Option(
            "--signals",
            help="JSON lines of signals (SignalEvent, matched as the worker matches them, "
            "or MatchedSignal).",
        ),
    ] = None,
    icp_file: IcpOption = None,
    now: Annotated[str | None, typer.Option(help="Score at this ISO time (default: now).")] = None,
) -> None:
    """Explain an account's fit, tier and in-market score line by line."""
    from icp.explain import explain, read_signal_records, select_signals
    from inmarket.rescore import LOOKBACK
    from signals.matching.index import MatchIndex

    icp = _icp(icp_file)
    wanted = domain.strip().casefold()
    at = _at(now)
    read = read_signal_records(cli_io.read_input(signals)) if signals is not None else None
    need_index = read is not None and read.need_matching
    items: list[AccountSignal] = []
    index: MatchIndex | None = None
    if accounts is not None:
        listed = _accounts(accounts)
        account = next(
            (a for a in listed if wanted in a.domains or a.id.casefold() == wanted), None
        )
        if account is None:
            raise cli_io.fail(f"{domain}: no such account in {accounts}")
        index = MatchIndex.build(listed) if need_index else None
    else:
        found, items, index = asyncio.run(
            _with_store(lambda store: _explain_lookup(store, domain, at, need_index))
        )
        if found is None:
            raise cli_io.fail(f"{domain}: no such account in the store (import it first)")
        account = found
    notes: tuple[str, ...] = ()
    if read is not None and signals is not None:
        for error in read.errors:
            err.print(f"{signals}: {error}", markup=False, soft_wrap=True)
        chosen = select_signals(
            account.id,
            str(signals),
            read,
            index.match if index is not None else None,
            since=at - LOOKBACK,
            seen=[item.signal.id for item in items],
        )
        items += chosen.used
        notes = chosen.summary()
    out.print(explain(account, icp, items, at, notes).render(), markup=False)


async def _explain_lookup(
    store: Store, domain: str, at: datetime, need_index: bool
) -> tuple[Account | None, list[AccountSignal], MatchIndex | None]:
    """The account (by domain or id), its stored signals, and (when asked) the worker's
    index over every stored account."""
    from signals.matching.index import MatchIndex

    found = await store.find_account(domain.strip().casefold())
    found = found or await store.find_account(domain.strip())
    if found is None:
        return None, [], None
    stored = await stored_signals(store, found.account.id, at)
    if not need_index:
        return found.account, stored, None
    index = MatchIndex()
    async for batch in store.iter_accounts():
        index.upsert_many(s.account for s in batch)
    return found.account, stored, index


def export_command(
    accounts: Annotated[
        Path | None, typer.Option("--accounts", help="Accounts CSV (default: the store).")
    ] = None,
    style: Annotated[
        str, typer.Option("--style", help="Column names: generic, salesforce or hubspot.")
    ] = "generic",
    fmt: Annotated[str, typer.Option("--format", help="Output format (csv).")] = "csv",
    output: Annotated[Path | None, typer.Option("--output", help="File (default: stdout).")] = None,
    icp_file: IcpOption = None,
) -> None:
    """Export in-ICP flag, fit score, tier, in-market score and top reasons for a CRM import."""
    from icp.export import ScoredAccount, export_csv
    from icp.fit import evaluate_fit

    if fmt != "csv":
        raise cli_io.fail(f"--format: {fmt!r} is not supported (csv)")
    if style not in ("generic", "salesforce", "hubspot"):
        raise cli_io.fail(f"--style: {style!r} is not generic, salesforce or hubspot")
    icp = _icp(icp_file)
    if accounts is not None:
        items = [ScoredAccount(a, evaluate_fit(a, icp)) for a in _accounts(accounts)]
    else:
        now = datetime.now(UTC)

        async def collect(store: Store) -> list[ScoredAccount]:
            return [item async for batch in scored_accounts(store, icp, now) for item in batch]

        items = asyncio.run(_with_store(collect))
    text = export_csv(items, icp.version, style)  # type: ignore[arg-type]
    if output is None:
        print(text, end="")
    else:
        cli_io.write_output(output, text)


def register_accounts(accounts_app: typer.Typer) -> None:
    """Add ``explain`` and ``export`` to the ``accounts`` group."""
    accounts_app.command("explain")(explain_command)
    accounts_app.command("export")(export_command)
