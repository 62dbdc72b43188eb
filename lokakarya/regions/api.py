from flask import jsonify
from sqlalchemy import func

from lokakarya.api import bp
from lokakarya.core.lookup import or_api_404
from lokakarya.extensions import db
from lokakarya.regions.models import Province, Regency


@bp.get("/provinces")
def list_provinces():
    counts = (
        db.select(Regency.province_code, func.count().label("n"))
        .group_by(Regency.province_code)
        .subquery()
    )
    rows = db.session.execute(
        db.select(Province, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.province_code == Province.code)
        .order_by(Province.code)
    ).all()
    return jsonify(data=[
        {"code": p.code, "name": p.name, "timezone": p.timezone, "regencies": n} for p, n in rows
    ])


@bp.get("/provinces/<code>/regencies")
def list_regencies(code: str):
    province = or_api_404(db.session.get(Province, code), f"No province with code {code}.")
    return jsonify(data=[
        {"code": r.code, "name": r.name, "kind": r.kind, "province_code": r.province_code}
        for r in province.regencies  # ordered by code
    ])
