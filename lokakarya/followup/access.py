"""Who sees and changes which follow-up data: organisers everything, a province focal point
their province, an agency focal point their agency's items. Applied to every query, so lists,
exports, charts and the API cannot show another province's data."""
import sqlalchemy as sa

from lokakarya.auth.models import User
from lokakarya.followup.models import ActionItem, Issue

FOCAL_ROLES = ("province_focal_point", "agency_focal_point")
FOLLOWUP_ROLES = ("organiser", *FOCAL_ROLES)  # admin always passes


def is_organiser(user: User) -> bool:
    return user.is_staff


def _owner_scope(model: type[ActionItem] | type[Issue], user: User) -> sa.ColumnElement[bool]:
    """A WHERE clause limiting `model` rows (both carry province and agency) to what `user` may see."""
    if is_organiser(user):
        return sa.true()
    if user.role == "province_focal_point" and user.province_code:
        return model.province_code == user.province_code
    if user.role == "agency_focal_point" and user.agency_id:
        return model.agency_id == user.agency_id
    return sa.false()


def item_scope(user: User) -> sa.ColumnElement[bool]:
    return _owner_scope(ActionItem, user)


def issue_scope(user: User) -> sa.ColumnElement[bool]:
    return _owner_scope(Issue, user)


def can_see_item(user: User, item: ActionItem) -> bool:
    if is_organiser(user):
        return True
    if user.role == "province_focal_point":
        return bool(user.province_code) and item.province_code == user.province_code
    if user.role == "agency_focal_point":
        return bool(user.agency_id) and item.agency_id == user.agency_id
    return False


def can_report_on(user: User, item: ActionItem) -> bool:
    """Posting progress: the owner's focal points (and organisers)."""
    return can_see_item(user, item) and (is_organiser(user) or item.tracked)


def can_edit_submission(user: User, province_code: str) -> bool:
    return is_organiser(user) or (user.role == "province_focal_point"
                                  and user.province_code == province_code)


def sees_province(user: User, province_code: str) -> bool:
    """Province pages: organisers any, a province focal point their own; agency focal points
    see their agency's items on their own province's page."""
    if is_organiser(user):
        return True
    if user.role == "province_focal_point":
        return user.province_code == province_code
    if user.role == "agency_focal_point":
        return user.agency is not None and user.agency.province_code == province_code
    return False
