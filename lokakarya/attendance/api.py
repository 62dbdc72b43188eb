"""API endpoints of the attendance feature (attached to the /api/v1 blueprint)."""
