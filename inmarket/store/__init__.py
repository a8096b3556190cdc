"""The store: accounts, signals seen, scores, alerts and deliveries, source health.

SQLite file by default, PostgreSQL by URL; always through SQLAlchemy's asyncio extension
so no worker blocks its event loop on the database. Schema changes go through migrations
(``inmarket/migrations``), applied by :meth:`Store.migrate`.
"""

from inmarket.store.db import Store

__all__ = ["Store"]
