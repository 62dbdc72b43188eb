"""API endpoints of the events feature (attached to the /api/v1 blueprint)."""
