"""Signals pushed by data vendors: POST /signals (web server) and the signals.inbound topic."""

from __future__ import annotations

import faust

from signals.errors import SourceError
from signals.sources.webhook import WebhookBatch
from signals.sources.webhook import parse as parse_webhook
from workers import topics
from workers.pipeline import Pipeline


def register(p: Pipeline) -> None:
    async def accept(data: bytes, where: str) -> WebhookBatch:
        """Validate a vendor's post; accepted signals go to signals.raw, rejects to the DLQ."""
        batch = parse_webhook(data)
        for event in batch.events:
            await p.send(topics.SIGNALS_RAW, event.id, event)
        for rejected in batch.rejected:
            await p.to_dlq("inbound", where, f"item {rejected.index}: {rejected.reason}", data)
        return batch

    @p.app.agent(p.topic(topics.SIGNALS_INBOUND), name="inbound")
    async def inbound(stream: faust.StreamT[bytes]) -> None:
        async for value in stream:
            try:
                await accept(value, topics.SIGNALS_INBOUND)
            except SourceError as exc:
                await p.to_dlq("inbound", topics.SIGNALS_INBOUND, str(exc), value)

    @p.app.page("/signals")
    class InboundSignals(faust.web.View):
        """POST inmarket's JSON signal schema: 202 with the accepted ids, 400 with reasons."""

        async def post(self, request: faust.web.Request) -> faust.web.Response:
            data = await request.read()
            try:
                batch = await accept(data, "http:/signals")
            except SourceError as exc:
                return self.error(400, str(exc))
            body = {
                "accepted": [e.id for e in batch.events],
                "rejected": [{"index": r.index, "reason": r.reason} for r in batch.rejected],
            }
            return self.json(body, status=202 if batch.events else 400)
