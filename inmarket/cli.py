"""The ``inmarket`` command line. Each command is a thin shell over a plain function."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from icp.accounts import CsvFormatError
from icp.definition import IcpError
from inmarket import cli_io
from inmarket.broker import BrokerError
from inmarket.settings import InvalidSettings, Settings, load_settings, unknown_environment
from signals.errors import SourceError

cli = typer.Typer(
    name="inmarket",
    help="Tells B2B sellers which target accounts are in market now, and why.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=cli_io.Commands,
)
accounts_app = typer.Typer(help="Import, explain and export accounts.", no_args_is_help=True)
cli.add_typer(accounts_app, name="accounts")

err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
out = Console(highlight=False, soft_wrap=True, emoji=False)


# Commands that warn about INMARKET_* variables that are not settings (likely typos).
WARN_UNKNOWN_ENVIRONMENT = frozenset({"config", "check", "run"})


def settings_or_exit() -> Settings:
    """The settings, or exit 2 with one ``error:`` line per problem (no traceback)."""
    try:
        return load_settings()
    except InvalidSettings as exc:
        *first, last = exc.problems
        for problem in first:
            err.print("error:", problem, style="red", markup=False)
        raise cli_io.fail(last) from None
    except Exception as exc:  # e.g. the file cannot be read: one line, no traceback
        raise cli_io.fail(
            f"invalid settings: {exc}".splitlines()[0] + " (check INMARKET_* and inmarket.toml)"
        ) from None


@cli.callback()
def _root(ctx: typer.Context) -> None:
    """Tells B2B sellers which target accounts are in market now, and why."""
    if ctx.invoked_subcommand in WARN_UNKNOWN_ENVIRONMENT:
        for warning in unknown_environment():
            err.print(f"[yellow]warning:[/yellow] {escape(warning)}", markup=True, soft_wrap=True)


def _logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


@cli.command()
def run() -> None:
    """Run the workers until interrupted (Ctrl-C), on the configured sources."""
    from workers.runner import WorkerCrashed, run_worker

    settings = settings_or_exit()
    _logging(settings.log_level)
    try:
        run_worker(settings)
    except (BrokerError, IcpError, SourceError, WorkerCrashed) as exc:
        raise cli_io.fail(str(exc), code=1) from None


@cli.command()
def demo(
    workdir: Annotated[
        Path, typer.Option(help="Where the demo keeps its database and files.")
    ] = Path("inmarket-demo"),
    timeout: Annotated[float, typer.Option(help="Give up after this many seconds.")] = 90.0,
) -> None:
    """Run the whole pipeline on sample data, on loopback, and print the alerts."""
    from inmarket.demo import run_demo

    try:
        code = asyncio.run(run_demo(workdir, timeout=timeout, console=out))
    except (BrokerError, IcpError) as exc:
        raise cli_io.fail(str(exc)) from None
    raise typer.Exit(code)


@accounts_app.command("import")
def accounts_import(
    file: Annotated[
        Path, typer.Argument(help="Accounts CSV (see the README for the columns; '-' for stdin).")
    ],
    icp_file: Annotated[
        Path | None, typer.Option("--icp", help="ICP file (default: INMARKET_ICP_FILE).")
    ] = None,
) -> None:
    """Upsert accounts from a CSV; report added, updated, unchanged and rejected rows."""
    from inmarket.icp_sync import read_icp, sync_icp
    from inmarket.importer import import_accounts
    from inmarket.store.db import Store

    settings = settings_or_exit()
    try:
        icp, digest = read_icp(icp_file or settings.icp_file)
    except IcpError as exc:
        raise cli_io.fail(str(exc)) from None
    data = cli_io.read_input(file)

    async def go() -> None:
        store = Store.open(settings.resolved_database_url())
        try:
            await store.migrate()
            # Stored accounts and new ones must be judged by the same ICP: apply it first
            # (a no-op when it is already applied), so a worker need not re-evaluate.
            synced = await sync_icp(store, icp, digest)
            if synced.changed and synced.before:
                err.print(synced.summary(), markup=False)
            report = await import_accounts(store, file, icp, data)
        finally:
            await store.close()
        for rejected in report.rejected:
            err.print(f"{file}: {rejected}", markup=False)
        for warning in report.warnings:
            err.print(f"{file}: warning: {warning}", markup=False)
        c = report.counts
        out.print(
            f"{c.added} added, {c.updated} updated, {c.unchanged} unchanged, "
            f"{len(report.rejected)} rejected",
            markup=False,
        )

    try:
        asyncio.run(go())
    except CsvFormatError as exc:
        raise cli_io.fail(str(exc)) from None


@cli.command("config")
def show_config() -> None:
    """Print the effective settings (secrets masked)."""
    settings = settings_or_exit()
    out.print_json(json.dumps(settings.redacted(), default=str))


def _register_plugins() -> None:
    """Command groups that live in their own modules."""
    from inmarket import cli_alerts, cli_icp, cli_match, cli_sources

    for module in (cli_alerts, cli_icp, cli_match, cli_sources):
        module.register(cli)
    cli_icp.register_accounts(accounts_app)


def main() -> None:
    _register_plugins()
    try:
        cli()
    except KeyboardInterrupt:
        sys.exit(130)
