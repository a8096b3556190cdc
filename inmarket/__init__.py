"""inmarket: the application shell (settings, store, CLI, alert delivery, embedded broker)."""

__version__ = "0.1.0"
