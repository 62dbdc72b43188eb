"""The seat rules as pure functions."""
from lokakarya.registration.quotas import Limits, Taken, outcome, promotions


def test_outcome_respects_capacity_and_both_quotas():
    limits = Limits(capacity=5, per_agency=2, per_province=3, province_overrides={"31": None, "17": 1})
    taken = Taken()
    results = [outcome(limits, taken, agency, province, False) for agency, province in [
        (1, "31"), (1, "31"), (1, "31"),   # third of agency 1: agency full
        (2, "31"), (3, "31"),              # province 31 quota 3: fifth is full
        (4, "17"), (5, "17"),              # override for 17 is 1
        (9, None),                         # central body: no province quota; the fifth seat
    ]]
    assert results == ["confirmed", "confirmed", "waitlisted", "confirmed", "waitlisted",
                       "confirmed", "waitlisted", "confirmed"]
    assert outcome(limits, taken, 10, None, False) == "waitlisted"  # capacity reached


def test_pending_when_approval_is_required():
    assert outcome(Limits(None, None, None), Taken(), 1, "31", True) == "pending"


def test_promotions_first_come_first_served_within_the_full_bucket():
    limits = Limits(capacity=10, per_agency=1, per_province=None)
    taken = Taken.from_rows([(1, "31", 1), (2, "31", 0)])
    # Agency 1 is full, so #11 waits; #12 (agency 2) and then only the first of agency 3 move up.
    assert promotions(limits, taken, [(11, 1, "31"), (12, 2, "31"), (13, 3, "31"), (14, 3, "31")]) == [12, 13]


def test_promotions_stop_at_capacity():
    limits = Limits(capacity=2, per_agency=None, per_province=None)
    assert promotions(limits, Taken.from_rows([(1, "31", 1)]), [(5, 2, "31"), (6, 3, "31")]) == [5]
