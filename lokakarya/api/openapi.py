"""The OpenAPI document: api/openapi.json plus each feature's `openapi.json` fragment."""
import json
import re
from functools import cache
from pathlib import Path

from flask import jsonify, request

from lokakarya.api import bp

PACKAGE_DIR = Path(__file__).resolve().parent.parent
HTTP_METHODS = {"get", "put", "post", "patch", "delete"}
# What core/text.py refuses in input, as a pattern for every text field a request sends, so that
# the document says it too (lone surrogates are left out: JSON Schema engines differ on them).
CONTROL = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f"
TEXT_PATTERN = f"^[^{CONTROL}]*$"
# Text that must say something: at least one character that is not a space.
NON_BLANK_PATTERN = f"^[^{CONTROL}]*[^{CONTROL}\\s][^{CONTROL}]*$"


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
    for item in doc["paths"].values():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                _mark_text(operation, doc)
                _blueprint_answers(operation, item.get("parameters", []))
    return doc


def _blueprint_answers(operation: dict, path_parameters: list) -> None:
    """Answers every route can give, from api/routes.py: 401 for a token that was sent but is
    not valid (also where none is needed), 422 for a query or JSON body the document forbids."""
    error = {"$ref": "#/components/responses/Error"}
    responses = operation["responses"]
    responses.setdefault("401", error)
    parameters = operation.get("parameters", []) + path_parameters
    if any(p.get("in") == "query" for p in parameters) or "application/json" in operation.get(
            "requestBody", {}).get("content", {}):
        responses.setdefault("422", error)


def _mark_text(operation: dict, doc: dict) -> None:
    """Give the text fields of a request (JSON body, query) the pattern of what input may hold."""
    roots = [p.get("schema", {}) for p in operation.get("parameters", []) if p.get("in") == "query"]
    roots += [c.get("schema", {}) for c in operation.get("requestBody", {}).get("content", {}).values()]
    seen: set[int] = set()
    while roots:
        schema = roots.pop()
        if "$ref" in schema:
            _hash, _components, group, name = schema["$ref"].split("/")
            schema = doc["components"][group][name]
        if id(schema) in seen:
            continue
        seen.add(id(schema))
        if schema.get("type") == "string" and not {"enum", "format", "pattern"} & schema.keys():
            schema["pattern"] = NON_BLANK_PATTERN if schema.get("minLength") else TEXT_PATTERN
        roots += list(schema.get("properties", {}).values()) + schema.get("allOf", [])
        for key in ("items", "additionalProperties"):
            if isinstance(schema.get(key), dict):
                roots.append(schema[key])


def path_template(rule: str) -> str:
    """`/api/v1/events/<slug>/sessions/<int:session_id>` → `/events/{slug}/sessions/{session_id}`."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.removeprefix(bp.url_prefix))


def current_operation() -> dict | None:
    """The document's operation for this request (None for routes it does not describe)."""
    if request.url_rule is None:
        return None
    return document()["paths"].get(path_template(request.url_rule.rule), {}).get(request.method.lower())


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(document())
