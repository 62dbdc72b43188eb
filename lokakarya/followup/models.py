"""Models of the followup feature."""
