"""API endpoints of the evaluation feature (attached to the /api/v1 blueprint)."""
