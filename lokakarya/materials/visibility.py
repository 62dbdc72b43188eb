"""Who sees which material (pure)."""

# Viewer kinds, from least to most: anyone, a confirmed registrant (through their page), staff.
LEVELS = {"public": 0, "registrant": 1, "organiser": 2}
NEEDS = {"public": 0, "registrants": 1, "organisers": 2}


def can_see(visibility: str, viewer: str) -> bool:
    return LEVELS.get(viewer, 0) >= NEEDS.get(visibility, 2)


def visible_levels(viewer: str) -> tuple[str, ...]:
    return tuple(v for v in NEEDS if can_see(v, viewer))
