"""LMS data: the event_sink tables (sink, JSON API, files) and the course structure model."""
