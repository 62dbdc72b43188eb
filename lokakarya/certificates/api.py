"""API endpoints of the certificates feature (attached to the /api/v1 blueprint)."""
