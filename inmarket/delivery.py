"""Deliver in-market alerts: route, apply noise control, send once per destination, record why.

The notify worker is one line around :meth:`AlertDelivery.handle`; its leader-only timer
calls :meth:`AlertDelivery.release_due`; ``inmarket alerts retry`` calls
:meth:`AlertDelivery.retry_failed`. Every alert ends with one
:class:`~inmarket.store.deliveries.AlertOutcome` per destination, stored with its reason:

- Destinations: the owner's Slack DM and email, the routing rules' channels, emails and
  webhook sinks, the default Slack channel and email when the owner has neither (recorded
  as the ``fallback`` rule), and the signed alert webhook (every alert: machines have no
  quiet hours).
- Noise control (:func:`inmarket.notify.noise.decide`) per owner: cooldown per account,
  quiet hours (held, re-decided when they end), daily cap and opted-in digests (sent at
  the recipient's digest time).
- Once: a redelivered Kafka message finds its outcomes and sends nothing again; a crash
  between deciding and sending leaves ``pending`` outcomes that the redelivery completes,
  and the senders' delivery log stops a second Slack message or email. Each outcome is
  claimed before it is sent, so of two workers racing for it (a redelivery and the
  quiet-hours timer) one sends. A worker that dies between claiming and recording leaves
  it unknown whether the message went out; after :data:`CLAIM_LEASE` the leader's timer
  marks such an outcome failed with that reason, never resending it by itself (a second
  message is worse than a visible gap): ``inmarket alerts retry`` resends it.
- Failures: each channel retries temporary errors with backoff (Slack 429 honours
  Retry-After); what still fails is stored as ``failed`` with the reason and returned so
  the worker dead-letters it.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from inmarket.notify.delivery_log import DeliveryLog, DeliveryRecord, alert_key
from inmarket.notify.digest import build_digest
from inmarket.notify.dispatch import Notifier, Outcome, SmtpSettings
from inmarket.notify.errors import DeliveryConfigError, DeliveryError
from inmarket.notify.noise import Action, Decision, decide, next_digest_at
from inmarket.notify.render import valid_slack_user
from inmarket.notify.retry import RetryPolicy
from inmarket.notify.routing import AccountFacts, Destination, RoutingRules, route
from inmarket.notify.slack_api import SlackApiSender, make_web_client
from inmarket.notify.webhook import ALERT_SINK, sinks_from_settings
from inmarket.recipients import RecipientBook, RecipientSettings, load_routing
from inmarket.settings import Settings
from inmarket.store.db import Store
from inmarket.store.deliveries import AlertLedger, AlertOutcome, OutcomeStatus, StoreDeliveryLog
from signals.events import InMarketAlert

log = logging.getLogger("inmarket.delivery")

NO_OWNER = "(no owner)"  # the noise-control recipient of alerts on unowned accounts
# Longer than one delivery with all its retries (Slack's Retry-After included) can take.
CLAIM_LEASE = timedelta(minutes=10)
SLACK_WEBHOOK_TARGET = "webhook"


def recipient_of(alert: InMarketAlert) -> str:
    """Whose noise budget the alert counts against: the owner, by email, else Slack id."""
    return alert.owner_email or alert.owner_slack_id or NO_OWNER


def _parse_destination(key: str, rule: str) -> Destination:
    kind, _, target = key.partition(":")
    if kind not in ("slack", "email", "webhook"):
        raise ValueError(f"not a destination key: {key!r}")
    return Destination(kind, target, rule)  # type: ignore[arg-type]


# -- the service ----------------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    """A destination with the rule that chose it and, for fallbacks, why."""

    destination: Destination
    note: str = ""


@dataclass(frozen=True)
class HandleResult:
    """What became of one alert: every outcome, and those this call decided or delivered."""

    outcomes: list[AlertOutcome]
    changed: list[AlertOutcome] = field(default_factory=list)

    @property
    def duplicate(self) -> bool:
        return not self.changed

    @property
    def failed(self) -> list[AlertOutcome]:
        """This call's new failures (the worker dead-letters them)."""
        return [o for o in self.changed if o.status is OutcomeStatus.FAILED]

    def summary(self) -> str:
        if self.duplicate:
            return "already handled, nothing sent again"
        return ", ".join(f"{o.destination} {o.status}" for o in self.outcomes) or "no destination"


class AlertDelivery:
    """Routes, decides and delivers alerts; remembers every outcome in the store."""

    def __init__(
        self,
        *,
        store: Store,
        notifier: Notifier,
        rules: RoutingRules,
        book: RecipientBook,
        slack_mode: str | None,  # "api", "webhook" or None (Slack not configured)
        email_enabled: bool,
        default_slack_channel: str | None = None,
        default_email: str | None = None,
        sender: str = "inmarket@localhost",
    ) -> None:
        self.store = store
        self.notifier = notifier
        self.ledger = AlertLedger(store)
        self.rules = rules
        self.book = book
        self.slack_mode = slack_mode
        self.email_enabled = email_enabled
        self.default_slack_channel = default_slack_channel
        self.default_email = default_email
        self.sender = sender

    # -- planning (pure but for the account lookup) --

    def plan(self, alert: InMarketAlert, facts: AccountFacts) -> list[Planned]:
        """The destinations of ``alert`` on the channels that are configured.

        The default Slack channel and alert email stand in only for an owner who has no
        Slack id or no email; a routing file that turns owner DMs or emails off is obeyed.
        """
        routed = route(alert, facts, self.rules)
        planned: list[Planned] = []
        slack = [d for d in routed if d.kind == "slack"]
        if self.slack_mode == "webhook" and slack:
            # an incoming webhook posts to the one channel it was created for
            planned.append(Planned(Destination("slack", SLACK_WEBHOOK_TARGET, slack[0].rule)))
        elif self.slack_mode is not None:
            planned += [Planned(d) for d in slack]
        owner_on_slack = valid_slack_user(alert.owner_slack_id) is not None
        if self.slack_mode is not None and not slack and not owner_on_slack:
            if self.slack_mode == "webhook":
                target = SLACK_WEBHOOK_TARGET
            else:
                target = self.default_slack_channel or ""
            if target:
                note = "the owner has no Slack id: sent to the default Slack channel"
                planned.append(Planned(Destination("slack", target, "fallback"), note))
        emails = [d for d in routed if d.kind == "email"]
        if self.email_enabled:
            planned += [Planned(d) for d in emails]
            if not emails and not alert.owner_email and self.default_email:
                note = "the owner has no email: sent to the default alert email"
                planned.append(Planned(Destination("email", self.default_email, "fallback"), note))
        planned += [Planned(d) for d in routed if d.kind == "webhook"]
        if ALERT_SINK in self.notifier.webhooks:
            planned.append(Planned(Destination("webhook", ALERT_SINK, "alert webhook")))
        unique: dict[str, Planned] = {}
        for item in planned:
            unique.setdefault(item.destination.key, item)
        return list(unique.values())

    async def _facts(self, account_id: str) -> AccountFacts:
        stored = (await self.store.accounts_by_id([account_id])).get(account_id)
        return AccountFacts.from_account(stored.account) if stored else AccountFacts()

    # -- handling --

    async def handle(self, alert: InMarketAlert, now: datetime) -> HandleResult:
        """Decide and deliver ``alert`` (idempotent: a second call sends nothing again).

        Raises only on storage failures (the worker then does not acknowledge the message).
        """
        existing = await self.ledger.outcomes(alert.alert_id)
        if existing:
            unfinished = [o for o in existing if o.status in _UNFINISHED]
            if not unfinished:
                return HandleResult(existing)
            done = await self._deliver(alert, unfinished, now)
            done_keys = {o.destination for o in done}
            kept = [o for o in existing if o.destination not in done_keys]
            return HandleResult(kept + done, done)
        await self.store.remember_alert(alert)
        planned = self.plan(alert, await self._facts(alert.account_id))
        recipient = recipient_of(alert)
        who = self.book.lookup(alert.owner_email, alert.owner_slack_id)
        history = await self.ledger.history(recipient, alert.account_id, now)
        decision = decide(alert, history, who.prefs, now)
        outcomes = self._apply(alert, planned, decision, who, recipient, now)
        human_pending = any(
            o.status is OutcomeStatus.PENDING and not o.destination.startswith("webhook:")
            for o in outcomes
        )
        await self.ledger.record_decision(
            outcomes,
            alert,
            recipient=recipient,
            at=now,
            alerted=decision.action in (Action.SEND, Action.DIGEST),
            sent=decision.action is Action.SEND and human_pending,
        )
        pending = [o for o in outcomes if o.status is OutcomeStatus.PENDING]
        done = await self._deliver(alert, pending, now) if pending else []
        done_keys = {o.destination for o in done}
        final = [o for o in outcomes if o.destination not in done_keys] + done
        return HandleResult(final, final)

    def _apply(
        self,
        alert: InMarketAlert,
        planned: Sequence[Planned],
        decision: Decision,
        who: RecipientSettings,
        recipient: str,
        now: datetime,
    ) -> list[AlertOutcome]:
        """One outcome per planned destination under ``decision``."""
        has_email = any(p.destination.kind == "email" for p in planned)
        outcomes = []
        for item in planned:
            destination = item.destination
            status, reason, release = self._status(destination, decision, who, has_email, now)
            if item.note:
                reason = f"{item.note}; {reason}"
            outcomes.append(
                AlertOutcome(
                    alert_id=alert.alert_id,
                    destination=destination.key,
                    account_id=alert.account_id,
                    account_name=alert.account_name,
                    recipient=recipient,
                    rule=destination.rule,
                    status=status,
                    reason=reason,
                    alert_created_at=alert.created_at,
                    updated_at=now,
                    release_at=release,
                )
            )
        return outcomes

    @staticmethod
    def _status(
        destination: Destination,
        decision: Decision,
        who: RecipientSettings,
        has_email: bool,
        now: datetime,
    ) -> tuple[OutcomeStatus, str, datetime | None]:
        if destination.kind == "webhook":
            if destination.target == ALERT_SINK:
                return OutcomeStatus.PENDING, "the alert webhook receives every alert", None
            reason = f"routing rule {destination.rule} chose this sink (no noise control)"
            return OutcomeStatus.PENDING, reason, None
        action, reason = decision.action, decision.reason
        if action is Action.SUPPRESS:
            return OutcomeStatus.SUPPRESSED, reason, None
        if action is Action.HOLD:
            return OutcomeStatus.HELD, reason, decision.release_at
        if action is Action.DIGEST:
            if destination.kind == "email":
                return OutcomeStatus.DIGEST, reason, decision.release_at
            extra = "in the email digest" if has_email else "no email to send a digest to"
            return OutcomeStatus.SUPPRESSED, f"{reason} ({extra})", None
        if destination.kind == "email" and who.digest:
            release = next_digest_at(now, who.prefs).astimezone(UTC)
            return OutcomeStatus.DIGEST, f"{reason}; the recipient takes a daily digest", release
        return OutcomeStatus.PENDING, reason, None

    async def _deliver(
        self,
        alert: InMarketAlert,
        outcomes: Sequence[AlertOutcome],
        now: datetime,
        *,
        claimable: Sequence[OutcomeStatus] = (OutcomeStatus.PENDING,),
    ) -> list[AlertOutcome]:
        """Claim ``outcomes``, send the claimed ones' destinations; store and return those as
        sent or failed. Outcomes another worker holds are left to it and not returned."""
        claimed = await self.ledger.claim(outcomes, now, CLAIM_LEASE, claimable=claimable)
        if not claimed:
            return []
        destinations = [_parse_destination(o.destination, o.rule) for o in claimed]
        results = {r.destination.key: r for r in await self.notifier.deliver(alert, destinations)}
        done = [self._result(o, results.get(o.destination), now) for o in claimed]
        await self.ledger.save(done)
        return done

    @staticmethod
    def _result(outcome: AlertOutcome, result: Outcome | None, now: datetime) -> AlertOutcome:
        attempts = outcome.attempts + 1
        if result is None:  # the notifier merged it into another destination
            return outcome.moved(OutcomeStatus.FAILED, "not delivered: no sender", now)
        if result.status == "failed" and result.error is not None:
            return outcome.moved(
                OutcomeStatus.FAILED,
                str(result.error),
                now,
                retriable=result.error.retriable,
                attempts=attempts,
            )
        reason = outcome.reason if result.status == "sent" else "already delivered earlier"
        return outcome.moved(OutcomeStatus.SENT, reason, now, retriable=False, attempts=attempts)

    # -- the leader's timer --

    async def release_due(self, now: datetime) -> list[AlertOutcome]:
        """Re-decide held alerts whose quiet hours ended; send digests that are due.

        Returns the outcomes that changed (the caller dead-letters the failed ones).
        """
        changed = await self._release_held(now)
        changed += await self._send_digests(now)
        changed += await self._fail_stale_claims(now)
        return changed

    async def _release_held(self, now: datetime) -> list[AlertOutcome]:
        held = await self.ledger.due(OutcomeStatus.HELD, now)
        by_alert: dict[str, list[AlertOutcome]] = defaultdict(list)
        for outcome in held:
            by_alert[outcome.alert_id].append(outcome)
        alerts = await self.store.alerts_by_id(by_alert)
        changed: list[AlertOutcome] = []
        for alert_id, outcomes in by_alert.items():
            alert = alerts.get(alert_id)
            if alert is None:
                gone = [
                    o.moved(OutcomeStatus.FAILED, "alert no longer stored", now) for o in outcomes
                ]
                await self.ledger.save(gone)
                changed += gone
                continue
            recipient = outcomes[0].recipient
            who = self.book.lookup(alert.owner_email, alert.owner_slack_id)
            history = await self.ledger.history(recipient, alert.account_id, now)
            decision = decide(alert, history, who.prefs, now)
            planned = [Planned(_parse_destination(o.destination, o.rule)) for o in outcomes]
            fresh = [
                replace(f, reason=f"after quiet hours: {f.reason}", attempts=o.attempts)
                for f, o in zip(
                    self._apply(alert, planned, decision, who, recipient, now),
                    outcomes,
                    strict=True,
                )
            ]
            await self.ledger.record_decision(
                fresh,
                alert,
                recipient=recipient,
                at=now,
                alerted=decision.action in (Action.SEND, Action.DIGEST),
                sent=decision.action is Action.SEND,
            )
            pending = [f for f in fresh if f.status is OutcomeStatus.PENDING]
            done = await self._deliver(alert, pending, now) if pending else []
            done_keys = {d.destination for d in done}
            changed += [f for f in fresh if f.destination not in done_keys] + done
        return changed

    async def _fail_stale_claims(self, now: datetime) -> list[AlertOutcome]:
        """Mark failed what a worker claimed and died before recording; the delivery log
        says whether it got as far as sending (then it is marked sent)."""
        changed = []
        for outcome in await self.ledger.stale_claims(now, CLAIM_LEASE):
            if await self.notifier.log.get(alert_key(outcome.alert_id), outcome.destination):
                changed.append(outcome.moved(OutcomeStatus.SENT, "delivered before a restart", now))
            else:
                reason = (
                    "the worker stopped while sending: it may or may not have been delivered; "
                    "`inmarket alerts retry` sends it again"
                )
                changed.append(outcome.moved(OutcomeStatus.FAILED, reason, now, retriable=True))
        await self.ledger.save(changed)
        return changed

    async def _deliver_grouped(
        self,
        outcomes: Sequence[AlertOutcome],
        now: datetime,
        *,
        claimable: Sequence[OutcomeStatus] = (OutcomeStatus.PENDING,),
    ) -> list[AlertOutcome]:
        """Deliver ``outcomes`` alert by alert; those of alerts no longer stored are skipped."""
        by_alert: dict[str, list[AlertOutcome]] = defaultdict(list)
        for outcome in outcomes:
            by_alert[outcome.alert_id].append(outcome)
        alerts = await self.store.alerts_by_id(by_alert)
        changed: list[AlertOutcome] = []
        for alert_id, grouped in sorted(by_alert.items()):
            alert = alerts.get(alert_id)
            if alert is not None:
                changed += await self._deliver(alert, grouped, now, claimable=claimable)
        return changed

    async def _send_digests(self, now: datetime) -> list[AlertOutcome]:
        queued = await self.ledger.due(OutcomeStatus.DIGEST, now)
        by_destination: dict[str, list[AlertOutcome]] = defaultdict(list)
        for outcome in queued:
            by_destination[outcome.destination].append(outcome)
        alerts = await self.store.alerts_by_id(o.alert_id for o in queued)
        changed: list[AlertOutcome] = []
        for destination, outcomes in by_destination.items():
            items = [alerts[o.alert_id] for o in outcomes if o.alert_id in alerts]
            address = destination.partition(":")[2]
            who = self.book.lookup(address)
            day = now.astimezone(who.prefs.zone).date()
            try:
                await self._send_digest(address, items, day.isoformat(), destination, now)
            except DeliveryError as exc:
                if exc.retriable:
                    log.warning("digest for %s not sent yet: %s", address, exc)
                    continue  # stays queued; the next tick tries again
                done = [
                    o.moved(OutcomeStatus.FAILED, f"digest: {exc}", now, attempts=o.attempts + 1)
                    for o in outcomes
                ]
            else:
                done = [
                    o.moved(
                        OutcomeStatus.SENT,
                        f"{o.reason}; sent in the digest of {day.isoformat()}",
                        now,
                        attempts=o.attempts + 1,
                    )
                    for o in outcomes
                ]
            await self.ledger.save(done)
            changed += done
        return changed

    async def _send_digest(
        self,
        address: str,
        alerts: Sequence[InMarketAlert],
        day: str,
        destination: str,
        now: datetime,
    ) -> None:
        key = f"digest:{day}"
        if await self.notifier.log.get(key, destination) is not None:
            return  # sent before a crash; only the outcomes were not updated
        sender = self.notifier.require_smtp().sender
        message = build_digest(address, alerts, datetime.fromisoformat(day).date(), sender=sender)
        await self.notifier.send_message(message)
        await self.notifier.log.record(DeliveryRecord(key, destination, None, now))

    # -- inmarket alerts retry --

    async def retry_failed(
        self, now: datetime, alert_ids: Sequence[str] = ()
    ) -> list[AlertOutcome]:
        """Deliver every failed destination again (only ``alert_ids`` when given)."""
        failed = await self.ledger.listing([OutcomeStatus.FAILED], limit=100_000)
        if alert_ids:
            failed = [o for o in failed if o.alert_id in set(alert_ids)]
        # an alert no longer stored stays listed by `alerts list --failed`: nothing to resend
        return await self._deliver_grouped(failed, now, claimable=(OutcomeStatus.FAILED,))


_UNFINISHED = (OutcomeStatus.PENDING, OutcomeStatus.SENDING)


# -- construction from settings -------------------------------------------------------


def _secret(value: Any) -> str | None:
    return value.get_secret_value() if value is not None else None


def retry_policy(settings: Settings) -> RetryPolicy:
    """The settings' retry budget; each wait is logged, so a honoured Retry-After shows."""

    async def sleep(seconds: float) -> None:
        log.info("delivery: retrying in %.1fs", seconds)
        await asyncio.sleep(seconds)

    return RetryPolicy(
        attempts=settings.alert_retry_attempts,
        max_retry_after=settings.alert_max_retry_after,
        sleep=sleep,
    )


def build_delivery(
    settings: Settings,
    store: Store,
    http: httpx.AsyncClient,
    *,
    log_: DeliveryLog | None = None,
    policy: RetryPolicy | None = None,
) -> AlertDelivery:
    """An :class:`AlertDelivery` for ``settings``; :class:`DeliveryConfigError` names the
    ``INMARKET_*`` setting to fix when a file or value is wrong."""
    delivery_log = log_ or StoreDeliveryLog(store)
    policy = policy or retry_policy(settings)
    token = _secret(settings.slack_bot_token)
    webhook_url = _secret(settings.slack_webhook_url)
    slack_api = None
    if token:
        client = make_web_client(token, api_url=settings.slack_api_url)
        slack_api = SlackApiSender(client, delivery_log, policy=policy)
    smtp = None
    if settings.smtp_host:
        smtp = SmtpSettings(
            host=settings.smtp_host,
            port=settings.smtp_port,
            sender=settings.smtp_from,
            username=settings.smtp_username,
            password=_secret(settings.smtp_password),
            starttls=settings.smtp_starttls,
            use_tls=settings.smtp_tls,
        )
    webhooks = sinks_from_settings(settings)
    if ALERT_SINK in webhooks and not webhooks[ALERT_SINK].secret:
        raise DeliveryConfigError(
            "webhook", "INMARKET_ALERT_WEBHOOK_SECRET must be set with the webhook URL"
        )
    rules = load_routing(settings)
    for rule, problem in rules.unknown_sinks(webhooks):
        # not fatal: the rule's other destinations still work; each such delivery is
        # recorded as failed with the reason, and `inmarket check` fails on it
        log.warning("routing rule %s: %s (set INMARKET_WEBHOOKS)", rule, problem)
    notifier = Notifier(
        http=http,
        log=delivery_log,
        slack_api=slack_api,
        slack_webhook_url=webhook_url,
        smtp=smtp,
        webhooks=webhooks,
        policy=policy,
    )
    return AlertDelivery(
        store=store,
        notifier=notifier,
        rules=rules,
        book=RecipientBook.from_settings(settings),
        slack_mode="api" if token else ("webhook" if webhook_url else None),
        email_enabled=smtp is not None,
        default_slack_channel=settings.slack_default_channel,
        default_email=settings.default_alert_email,
        sender=settings.smtp_from,
    )
