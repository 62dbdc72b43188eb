from flask import Blueprint, jsonify, render_template, request

from lokakarya.agencies.services import search_agencies
from lokakarya.auth.decorators import staff_required
from lokakarya.extensions import db
from lokakarya.regions.models import Province

bp = Blueprint("agencies", __name__, url_prefix="/agencies")


@bp.get("/")
@staff_required
def index():
    province_code = request.args.get("province") or None
    q = request.args.get("q", "")
    agencies = search_agencies(province_code, q, include_unapproved=True)
    provinces = db.session.execute(db.select(Province).order_by(Province.code)).scalars().all()
    return render_template("agencies/index.html", agencies=agencies, provinces=provinces,
                           province_code=province_code, q=q)


@bp.get("/picker")
def picker():
    """Searchable picker for forms: agencies of one province, filtered by name."""
    agencies = search_agencies(request.args.get("province") or None, request.args.get("q", ""),
                               limit=50)
    return jsonify([{"id": a.id, "name": a.name, "kind": a.kind} for a in agencies])
