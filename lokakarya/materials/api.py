"""API endpoints of the materials feature (attached to the /api/v1 blueprint)."""
