"""API endpoints of the ical feature (attached to the /api/v1 blueprint)."""
