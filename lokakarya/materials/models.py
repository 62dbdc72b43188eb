"""Models of the materials feature."""
