"""API endpoints of the reminders feature (attached to the /api/v1 blueprint)."""
