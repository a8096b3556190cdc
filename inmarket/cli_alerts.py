"""``inmarket alerts ...``, ``inmarket tail`` and ``inmarket check``: see and fix alert delivery.

- ``alerts list [--failed] [--held] [--json]``: what was sent, held, put in a digest,
  suppressed or failed, where, and why; newest first.
- ``alerts retry [ALERT_ID ...]``: deliver the failed destinations again (the stored alert
  is resent; destinations that went out before are never sent twice) and record the outcome.
- ``tail TOPIC``: print a topic's records as JSON lines (needs ``INMARKET_BROKER_URL``:
  the embedded broker lives inside ``inmarket run``).
- ``check``: are the delivery settings usable? One line per check; a failure names the
  ``INMARKET_*`` variable to fix and exits 1. Nothing is sent.

Results go to stdout; errors are one line on stderr (exit 1: a check or delivery failed,
2: usage or settings).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from inmarket import cli_io
from inmarket.notify.routing import RoutingRules
from inmarket.settings import Settings
from inmarket.store.db import Store
from inmarket.store.deliveries import AlertLedger, AlertOutcome, OutcomeStatus

err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
out = Console(highlight=False, soft_wrap=True, emoji=False)
T = TypeVar("T")

STATUS_ORDER = ("failed", "held", "digest", "pending", "suppressed", "sent")


def _settings() -> Settings:
    """The settings, or exit 2 with one ``error:`` line per problem (as every command)."""
    from inmarket.cli import settings_or_exit  # the root CLI imports this module

    return settings_or_exit()


async def _with_store(settings: Settings, work: Callable[[Store], Awaitable[T]]) -> T:
    store = Store.open(settings.resolved_database_url())
    try:
        await store.migrate()
        return await work(store)
    finally:
        await store.close()


def outcome_json(outcome: AlertOutcome) -> dict[str, Any]:
    """One outcome as a JSON-ready dict (times in ISO 8601, UTC)."""
    return {
        "alert_id": outcome.alert_id,
        "account_id": outcome.account_id,
        "account_name": outcome.account_name,
        "destination": outcome.destination,
        "recipient": outcome.recipient,
        "rule": outcome.rule,
        "status": str(outcome.status),
        "reason": outcome.reason,
        "retriable": outcome.retriable,
        "attempts": outcome.attempts,
        "release_at": outcome.release_at.isoformat() if outcome.release_at else None,
        "alert_created_at": outcome.alert_created_at.isoformat(),
        "updated_at": outcome.updated_at.isoformat(),
    }


def outcome_line(outcome: AlertOutcome) -> str:
    """``2026-12-04 09:30  failed      Acme (acc-1) -> email:kim@…  [owner]  reason``."""
    when = outcome.updated_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    line = (
        f"{when}  {outcome.status:<10}  {outcome.account_name} ({outcome.account_id}) -> "
        f"{outcome.destination}  [{outcome.rule or '-'}]  {outcome.reason}"
    )
    if outcome.release_at and outcome.status in (OutcomeStatus.HELD, OutcomeStatus.DIGEST):
        line += f"  (until {outcome.release_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC)"
    return line + f"  alert {outcome.alert_id}"


def list_command(
    failed: Annotated[bool, typer.Option("--failed", help="Only failed deliveries.")] = False,
    held: Annotated[
        bool, typer.Option("--held", help="Only alerts held for quiet hours or a digest.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    limit: Annotated[int, typer.Option(help="At most this many lines.", min=1)] = 100,
) -> None:
    """What was sent, held, suppressed or failed, where, and why (newest first)."""
    settings = _settings()
    statuses: list[OutcomeStatus] = []
    if failed:
        statuses.append(OutcomeStatus.FAILED)
    if held:
        statuses += [OutcomeStatus.HELD, OutcomeStatus.DIGEST]

    async def go(store: Store) -> list[AlertOutcome]:
        return await AlertLedger(store).listing(statuses, limit=limit)

    outcomes = asyncio.run(_with_store(settings, go))
    for outcome in outcomes:
        if as_json:
            out.print(json.dumps(outcome_json(outcome), ensure_ascii=False), markup=False)
        else:
            out.print(outcome_line(outcome), markup=False, overflow="ignore", crop=False)
    if not as_json:
        counts: dict[str, int] = {}
        for outcome in outcomes:
            counts[str(outcome.status)] = counts.get(str(outcome.status), 0) + 1
        shown = ", ".join(f"{counts[s]} {s}" for s in STATUS_ORDER if s in counts)
        err.print(f"{len(outcomes)} deliveries" + (f": {shown}" if shown else ""), markup=False)


def retry_command(
    alert_ids: Annotated[
        list[str] | None, typer.Argument(help="Only these alerts (default: every failed one).")
    ] = None,
) -> None:
    """Deliver failed destinations again and record the outcome; exit 1 if any still fails
    or a given alert id has no failed delivery."""
    import httpx

    from inmarket.delivery import build_delivery
    from inmarket.notify.errors import DeliveryConfigError

    settings = _settings()

    async def go(store: Store) -> list[AlertOutcome]:
        async with httpx.AsyncClient(timeout=15.0) as http:
            delivery = build_delivery(settings, store, http)
            return await delivery.retry_failed(datetime.now(UTC), alert_ids or ())

    try:
        outcomes = asyncio.run(_with_store(settings, go))
    except DeliveryConfigError as exc:
        raise cli_io.fail(exc.reason) from None
    for outcome in outcomes:
        out.print(outcome_line(outcome), markup=False, overflow="ignore", crop=False)
    still = sum(1 for o in outcomes if o.status is OutcomeStatus.FAILED)
    err.print(f"{len(outcomes) - still} delivered, {still} still failing", markup=False)
    retried = {o.alert_id for o in outcomes}
    unknown = [a for a in dict.fromkeys(alert_ids or ()) if a not in retried]
    for alert_id in unknown:
        err.print(
            f"error: {alert_id}: no failed delivery for this alert "
            "(see `inmarket alerts list --failed`)",
            markup=False,
        )
    if still or unknown:
        raise typer.Exit(1)


def _record_json(record: Any) -> dict[str, Any]:
    def text(value: bytes | None) -> Any:
        if value is None:
            return None
        decoded = value.decode("utf-8", "replace")
        try:
            return json.loads(decoded)
        except ValueError:
            return decoded

    return {
        "topic": record.topic,
        "partition": record.partition,
        "offset": record.offset,
        "timestamp": datetime.fromtimestamp(record.timestamp_ms / 1000, UTC).isoformat(),
        "key": text(record.key),
        "value": text(record.value),
    }


def _about(value: Any, domain: str) -> bool:
    """Whether a decoded record mentions ``domain`` as its account or company domain."""
    if not isinstance(value, dict):
        return False
    wanted = domain.casefold().removeprefix("www.")
    found = [value.get("account_domain"), value.get("company_domain")]
    signal = value.get("signal")
    if isinstance(signal, dict):
        found.append(signal.get("company_domain"))
    for item in found:
        if isinstance(item, str):
            host = item.casefold().split("://")[-1].split("/")[0].removeprefix("www.")
            if host == wanted:
                return True
    return False


def tail_command(
    topic: Annotated[str, typer.Argument(help="e.g. accounts.rescored, alerts.in_market.")],
    from_beginning: Annotated[
        bool, typer.Option("--from-beginning", help="Start at the oldest record.")
    ] = False,
    account: Annotated[
        str | None, typer.Option("--account", help="Only records about this domain.")
    ] = None,
    max_seconds: Annotated[
        float | None, typer.Option("--max-seconds", help="Stop after this many seconds.", min=0)
    ] = None,
) -> None:
    """Print a topic's records as JSON lines (follows until Ctrl-C or --max-seconds)."""
    from workers.tail import read_topic

    settings = _settings()
    if not settings.broker_url:
        raise cli_io.fail(
            "INMARKET_BROKER_URL is not set: set it to your Kafka, or to the embedded "
            "broker's URL that `inmarket run` logs at start ('embedded broker at ...')"
        )
    bootstrap = ",".join(part.strip().split("://")[-1] for part in settings.broker_url.split(","))

    async def go() -> int:
        count = 0
        async for record in read_topic(
            bootstrap,
            topic,
            from_beginning=from_beginning,
            idle_timeout=None,
            max_seconds=max_seconds,
        ):
            line = _record_json(record)
            if account and not _about(line["value"], account):
                continue
            out.print(json.dumps(line, ensure_ascii=False), markup=False, soft_wrap=True)
            count += 1
        return count

    started = time.monotonic()
    try:
        count = asyncio.run(go())
    except KeyboardInterrupt:
        return
    except Exception as exc:  # connection refused, unknown host: one line
        raise cli_io.fail(f"cannot read {topic} from {bootstrap}: {exc}", code=1) from None
    err.print(f"{count} records in {time.monotonic() - started:.1f}s", markup=False)


def env_name(setting: str | None) -> str:
    """``slack_bot_token`` -> ``INMARKET_SLACK_BOT_TOKEN``;
    ``webhooks.crm`` -> ``INMARKET_WEBHOOKS (crm)``."""
    if not setting:
        return ""
    if setting.startswith("webhooks."):
        return f"INMARKET_WEBHOOKS ({setting.partition('.')[2]})"
    return "INMARKET_" + setting.upper()


async def run_checks(settings: Settings) -> list[tuple[str, str, str, str]]:
    """(status, name, detail, variable) for every delivery check, files included."""
    from inmarket.notify.check import DeliveryConfig, check_delivery_config
    from inmarket.notify.errors import DeliveryConfigError
    from inmarket.notify.webhook import sinks_from_settings
    from inmarket.recipients import RecipientBook, load_routing

    results: list[tuple[str, str, str, str]] = [
        (r.status, r.name, r.detail, env_name(r.setting))
        for r in await check_delivery_config(DeliveryConfig.from_settings(settings))
    ]
    if settings.alert_webhook_url and not settings.alert_webhook_secret:
        detail = "the alert webhook needs a shared secret to sign with"
        results.append(("fail", "webhook alert", detail, "INMARKET_ALERT_WEBHOOK_SECRET"))
    for name, variable, load in (
        ("routing", "INMARKET_ROUTING_FILE", lambda: load_routing(settings)),
        ("recipients", "INMARKET_RECIPIENTS_FILE", lambda: RecipientBook.from_settings(settings)),
    ):
        try:
            loaded = load()
        except DeliveryConfigError as exc:
            results.append(("fail", name, exc.reason, variable))
            continue
        results.append(("ok", name, "loaded" if _configured(settings, name) else "defaults", ""))
        if isinstance(loaded, RoutingRules):
            results.extend(
                ("fail", f"routing rule {rule}", detail, "INMARKET_WEBHOOKS")
                for rule, detail in loaded.unknown_sinks(sinks_from_settings(settings))
            )
            names_channels = loaded.default_slack_channel or any(
                rule.slack_channel for rule in loaded.rules
            )
            if names_channels and settings.slack_webhook_url and not settings.slack_bot_token:
                detail = (
                    "routing names Slack channels, which need a bot token; the incoming "
                    "webhook posts every alert to its own channel"
                )
                results.append(("warn", "routing", detail, "INMARKET_SLACK_BOT_TOKEN"))
    if settings.slack_bot_token and not settings.slack_default_channel:
        detail = "alerts on accounts whose owner has no Slack id are not posted to Slack"
        results.append(("warn", "slack default", detail, "INMARKET_SLACK_DEFAULT_CHANNEL"))
    if settings.smtp_host and not settings.default_alert_email:
        detail = "alerts on accounts whose owner has no email are not emailed"
        results.append(("warn", "email default", detail, "INMARKET_DEFAULT_ALERT_EMAIL"))
    return results


def _configured(settings: Settings, name: str) -> bool:
    return (settings.routing_file if name == "routing" else settings.recipients_file) is not None


def check_command() -> None:
    """Check the delivery settings (Slack, SMTP, webhooks, routing); exit 1 on a failure."""
    settings = _settings()
    results = asyncio.run(run_checks(settings))
    for status, name, detail, variable in results:
        fix = f" (set {variable})" if variable and status != "ok" else ""
        line = f"{status:<4}  {name}: {detail}{fix}"
        (err if status == "fail" else out).print(line, markup=False, soft_wrap=True)
    if any(status == "fail" for status, *_ in results):
        raise typer.Exit(1)


def register(cli: typer.Typer) -> None:
    """Add ``alerts list|retry``, ``tail`` and ``check`` to the root CLI."""
    alerts = typer.Typer(
        help="What alerts were sent, held, suppressed or failed; resend failures.",
        no_args_is_help=True,
    )
    alerts.command("list")(list_command)
    alerts.command("retry")(retry_command)
    cli.add_typer(alerts, name="alerts")
    cli.command("tail")(tail_command)
    cli.command("check")(check_command)
