"""Alembic environment: runs on the connection the Store hands over (see Store.migrate),
or, from the alembic command line, on INMARKET_DATABASE_URL with a sync driver."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import inmarket.store.tables  # noqa: F401  (registers the tables on the metadata)

target_metadata = SQLModel.metadata


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite needs batch mode to alter tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    import os

    url = os.environ.get("INMARKET_DATABASE_URL", "sqlite:///inmarket.db")
    with create_engine(url).connect() as conn:
        _run(conn)
        conn.commit()
