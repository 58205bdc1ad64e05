"""Web: health and metrics routes now; pages, JSON and CSV routes for reports later."""
