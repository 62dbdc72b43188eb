"""The OpenAPI document: api/openapi.json plus each feature's `openapi.json` fragment."""
import json
from functools import cache
from pathlib import Path

from flask import jsonify

from lokakarya.api import bp

PACKAGE_DIR = Path(__file__).resolve().parent.parent


@cache
def document() -> dict:
    doc = json.loads((Path(__file__).parent / "openapi.json").read_text(encoding="utf-8"))
    for fragment_file in sorted(PACKAGE_DIR.glob("*/openapi.json")):
        if fragment_file.parent.name == "api":
            continue
        fragment = json.loads(fragment_file.read_text(encoding="utf-8"))
        doc["paths"].update(fragment.get("paths", {}))
        doc["components"]["schemas"].update(fragment.get("components", {}).get("schemas", {}))
        doc["tags"].extend(fragment.get("tags", []))
    return doc


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(document())
