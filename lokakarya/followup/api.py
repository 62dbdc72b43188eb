"""API endpoints of the followup feature (attached to the /api/v1 blueprint)."""
