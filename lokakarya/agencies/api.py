from flask import jsonify, request

from lokakarya.agencies.forms import PROBLEM_MESSAGES
from lokakarya.agencies.services import agency_json, agency_problems, create_agency, search_agencies
from lokakarya.api import bp
from lokakarya.api.auth import token_required
from lokakarya.api.body import json_object
from lokakarya.api.errors import validation_error
from lokakarya.audit.services import record
from lokakarya.extensions import db


@bp.get("/agencies")
def list_agencies():
    agencies = search_agencies(
        province_code=request.args.get("province_code") or None,
        q=request.args.get("q", ""),
        kind=request.args.get("kind") or None,
    )
    return jsonify(data=[agency_json(a) for a in agencies])


@bp.post("/agencies")
@token_required("organiser")
def create_agency_api():
    body = json_object()
    fields = {k: body.get(k) for k in ("name", "kind", "province_code", "regency_code")}
    problems = agency_problems(fields["name"] or "", fields["kind"] or "",
                               fields["province_code"], fields["regency_code"])
    if problems:
        raise validation_error({k: str(PROBLEM_MESSAGES[v]) for k, v in problems.items()})
    agency = create_agency(**fields)  # it stores empty codes as None
    record("agency.create", agency, after=agency_json(agency))
    db.session.commit()
    return jsonify(agency_json(agency)), 201
