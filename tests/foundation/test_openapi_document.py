"""The assembled OpenAPI document (api/openapi.py) is consistent in itself: it names only the
security schemes it declares, every $ref points at something, and the fields it says the server
checks beyond the schema are fields of the request."""
from lokakarya.api.openapi import HTTP_METHODS, document
from lokakarya.api.validation import resolve


def _walk(node, path="#"):
    """Every (JSON pointer, dict) in the document."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{path}/{index}")


def _operations(doc):
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield f"{method.upper()} {path}", operation


def test_every_security_requirement_names_a_declared_scheme():
    doc = document()
    declared = set(doc["components"]["securitySchemes"])
    requirements = [("document", doc["security"])] + [
        (label, operation["security"]) for label, operation in _operations(doc) if "security" in operation]
    undeclared = [(label, name) for label, alternatives in requirements for requirement in alternatives
                  for name in requirement if name not in declared]
    assert not undeclared, f"security schemes used but not declared in components.securitySchemes: {undeclared}"


def test_every_ref_resolves():
    doc = document()
    broken = []
    for where, node in _walk(doc):
        ref = node.get("$ref")
        if not isinstance(ref, str):
            continue
        target = doc
        for part in ref.removeprefix("#/").split("/"):
            target = target.get(part) if isinstance(target, dict) else None
        if not ref.startswith("#/") or target is None:
            broken.append(f"{where}: {ref}")
    assert not broken, "unresolved $ref:\n" + "\n".join(broken)


def test_server_checks_name_fields_of_the_request():
    doc = document()
    for label, operation in _operations(doc):
        checks = operation.get("x-server-checks", {})
        fields = {"body", "status"}  # the whole body, or the state of what is changed
        for content in operation.get("requestBody", {}).get("content", {}).values():
            schema = resolve(content["schema"], doc)
            for part in [schema, *schema.get("allOf", [])]:
                fields |= set(resolve(part, doc).get("properties", {}))
        assert set(checks) <= fields, (label, set(checks) - fields)


def test_every_operation_documents_the_answers_every_route_can_give():
    for label, operation in _operations(document()):
        assert "401" in operation["responses"], label  # a token that was sent but is not valid
        if "application/json" in operation.get("requestBody", {}).get("content", {}) or any(
                p.get("in") == "query" for p in operation.get("parameters", [])):
            assert "422" in operation["responses"], label
