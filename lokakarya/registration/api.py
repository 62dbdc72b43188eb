"""API endpoints of the registration feature (attached to the /api/v1 blueprint)."""
