"""Video-conference meetings created for the organiser (Zoom, BigBlueButton, Jitsi), personal join
links, and attendance pulled from the provider after each session (issue 14)."""
