"""Whether a missing evaluation answer holds back a certificate (the evaluation feature
implements the rule; certificates ask it)."""
from lokakarya.events.models import Event


def registrations_missing_evaluation(event: Event, registration_ids: set[int]) -> set[int]:
    """Those of `registration_ids` whose certificate waits for an evaluation answer."""
    return set()
