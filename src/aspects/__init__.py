"""Aspects: learning analytics for Open edX on an embedded ClickHouse store."""

__version__ = "0.1.0"
