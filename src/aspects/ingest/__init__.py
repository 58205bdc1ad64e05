"""Ingest: xAPI statements in, validated, parsed once, written by one batching writer."""
