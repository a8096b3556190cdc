"""``inmarket demo``: the whole pipeline on shipped sample data, all on loopback.

It starts the embedded broker, serves the sample feed, stands in for Slack and an SMTP
server, imports the sample accounts and ICP into a fresh SQLite file, runs ``inmarket run``
as a child process against all of that, and prints each alert as Slack and email got it,
then why the other accounts and signals raised no alert.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import time
from email.message import Message
from importlib import resources
from pathlib import Path
from typing import Any

from rich.console import Console

from icp.definition import IcpDefinition, load_icp
from icp.fit import evaluate_fit
from inmarket.broker import start_embedded_broker
from inmarket.importer import import_accounts
from inmarket.loopback import SlackWebhookStandIn, SmtpStandIn, feed_server, render_feed_template
from inmarket.store.db import Store
from inmarket.worker_process import running_worker
from signals.events import UnmatchedSignal
from signals.sources.rss import parse_feed
from workers.tail import read_topic

QUIET_SECONDS = 4.0  # after the last alert arrives, wait this long for more


def sample(name: str) -> bytes:
    return resources.files("inmarket.samples").joinpath(name).read_bytes()


def _slack_text(payload: dict[str, Any]) -> str:
    lines = []
    for block in payload.get("blocks", []):
        text = block.get("text")
        if isinstance(text, dict):
            lines.append(text.get("text", ""))
        for element in block.get("elements", []) + block.get("fields", []):
            if isinstance(element, dict) and "text" in element:
                lines.append(element["text"])
    return "\n".join(lines) or payload.get("text", "")


def _email_text(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload.decode(part.get_content_charset() or "utf-8", "replace")
    return ""


async def _prepare(workdir: Path, feed_url: str) -> None:
    for name in ("accounts.csv", "icp.toml"):
        (workdir / name).write_bytes(sample(name))
    (workdir / "sources.toml").write_text(
        "[[source]]\n"
        'name = "sample-funding-news"\n'
        'type = "rss"\n'
        f'url = "{feed_url}"\n'
        'kind = "funding"\n'
        "poll_interval_seconds = 60\n",
        encoding="utf-8",
    )
    icp = load_icp(workdir / "icp.toml")
    store = Store.open(f"sqlite:///{workdir / 'inmarket.db'}")
    try:
        await store.migrate()
        report = await import_accounts(store, workdir / "accounts.csv", icp)
    finally:
        await store.close()
    c = report.counts
    print(f"accounts: {c.added} imported, {len(report.rejected)} rejected")


async def _show_alerts(
    worker: subprocess.Popen[bytes],
    slack: SlackWebhookStandIn,
    smtp: SmtpStandIn,
    timeout: float,
    console: Console,
) -> tuple[int, int]:
    """Print Slack messages and emails as they arrive; stop after a quiet spell, when the
    worker exits, or at ``timeout``. Returns how many of each arrived."""
    shown_slack = shown_email = 0
    deadline = time.monotonic() + timeout
    last_arrival: float | None = None
    while time.monotonic() < deadline:
        await asyncio.sleep(0.25)
        if worker.poll() is not None:
            console.print(f"[red]the worker exited with code {worker.returncode}[/red]")
            break
        while shown_slack < len(slack.received):
            payload = slack.received[shown_slack]
            shown_slack += 1
            last_arrival = time.monotonic()
            console.rule(f"Slack message {shown_slack}")
            console.print(_slack_text(payload), markup=False)
        while shown_email < len(smtp.messages):
            message = smtp.messages[shown_email]
            shown_email += 1
            last_arrival = time.monotonic()
            console.rule(f"Email {shown_email}")
            console.print(
                f"To: {message['To']}\nSubject: {message['Subject']}\n\n{_email_text(message)}",
                markup=False,
            )
        if (
            last_arrival is not None
            and shown_slack == shown_email
            and time.monotonic() - last_arrival > QUIET_SECONDS
        ):
            break
    return shown_slack, shown_email


async def _not_alerted(database_url: str, icp: IcpDefinition) -> list[str]:
    """One line per account that raised no alert, saying why (the precision on show)."""
    store = Store.open(database_url)
    try:
        alerted = {a.account_id for a in await store.alerts()}
        scores = {s.account_id: s for s in await store.scores()}
        lines = []
        async for batch in store.iter_accounts():
            for stored in batch:
                account = stored.account
                if account.id in alerted:
                    continue
                fit = evaluate_fit(account, icp)
                if not fit.in_icp:
                    missed = ", ".join(o.label for o in fit.deciding)
                    lines.append(f"{account.name}: outside the ICP ({missed})")
                elif (score := scores.get(account.id)) is not None:
                    verdict = (
                        "in market, alert held or suppressed (see inmarket alerts list)"
                        if score.in_market
                        else "below the in-market threshold"
                    )
                    lines.append(
                        f"{account.name}: {fit.tier}, in-market score {score.score:g}, {verdict}"
                    )
                else:
                    lines.append(f"{account.name}: {fit.tier}, no signal about it")
        return lines
    finally:
        await store.close()


async def _unmatched(bootstrap: str) -> list[str]:
    """Title and reason of each signal that matched no account (never silently dropped)."""
    titles = []
    async for record in read_topic(bootstrap, "signals.unmatched", idle_timeout=1.5):
        if record.value is not None:
            unmatched = UnmatchedSignal.model_validate_json(record.value)
            titles.append(f"{unmatched.signal.title} ({unmatched.reason})")
    return titles


async def _explain_the_rest(
    database_url: str, icp: IcpDefinition, bootstrap: str, console: Console
) -> None:
    console.rule("Not alerted, and why")
    for line in await _not_alerted(database_url, icp):
        console.print(f"  {line}", markup=False)
    for title in await _unmatched(bootstrap):
        console.print(f"  signals.unmatched: {title}", markup=False)
    fed = parse_feed(render_feed_template(sample("funding_news.xml").decode()).encode())
    silent = fed.items - len(fed.events) - len(fed.skipped)
    console.print(
        f"  {silent} of the feed's {fed.items} items announced nothing (a company that "
        "raises prices is not raising a round) and gave no signal",
        markup=False,
    )


async def run_demo(workdir: Path, *, timeout: float, console: Console) -> int:
    """Run the demo; 0 when at least one alert reached both Slack and email."""
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    broker = start_embedded_broker()
    feed_template = sample("funding_news.xml").decode("utf-8")
    feed = feed_server({"/funding.xml": lambda: render_feed_template(feed_template).encode()})
    slack = SlackWebhookStandIn()
    smtp = SmtpStandIn()
    log_path = workdir / "worker.log"  # written by running_worker
    try:
        await feed.start()
        await slack.start()
        smtp.start()
        await _prepare(workdir, f"{feed.url}/funding.xml")
        console.print(f"broker {broker.url}, feed {feed.url}/funding.xml, workdir {workdir}")
        database_url = f"sqlite:///{(workdir / 'inmarket.db').resolve()}"
        env = {
            "INMARKET_BROKER_URL": broker.url,
            "INMARKET_DATABASE_URL": database_url,
            "INMARKET_ICP_FILE": str((workdir / "icp.toml").resolve()),
            "INMARKET_SOURCES_FILE": str((workdir / "sources.toml").resolve()),
            "INMARKET_SLACK_WEBHOOK_URL": slack.webhook_url,
            "INMARKET_SMTP_HOST": "127.0.0.1",
            "INMARKET_SMTP_PORT": str(smtp.port),
            "INMARKET_SMTP_FROM": "inmarket-demo@example.com",
            "INMARKET_WORKER_ID": "inmarket-demo",
            "INMARKET_POLL_TICK_SECONDS": "1",
        }
        with running_worker(env, workdir) as worker:
            console.print("pipeline started; waiting for alerts ...")
            shown_slack, shown_email = await _show_alerts(worker, slack, smtp, timeout, console)
        ok = shown_slack > 0 and shown_email > 0
        if ok:
            await _explain_the_rest(
                database_url, load_icp(workdir / "icp.toml"), broker.bootstrap, console
            )
        console.rule()
        if ok:
            console.print(
                f"[green]{shown_slack} in-market alert(s) delivered to Slack and "
                f"{shown_email} by email.[/green]"
            )
        else:
            console.print(
                f"[red]no alert arrived within {timeout:.0f}s; worker log: {log_path}[/red]"
            )
            tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
            console.print("\n".join(tail), markup=False)
        return 0 if ok else 1
    finally:
        smtp.stop()
        await slack.stop()
        await feed.stop()
        broker.stop()
