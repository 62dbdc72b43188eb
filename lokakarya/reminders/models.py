"""Models of the reminders feature."""
