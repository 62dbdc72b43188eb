"""Models of the evaluation feature."""
