"""The API fuzz run: schemathesis generates requests from our OpenAPI document, sends them to the
app in process (WSGI, no network) and checks every answer against the document.

Bounded and deterministic (derandomized Hypothesis, no example database), so CI is not flaky.
Run it alone with `.venv/bin/python -m pytest -q -n 2 tests/api_fuzz` (it prints the number of
requests at the end). API_FUZZ_SURVEY=/tmp/fuzz.jsonl records every failure there (one JSON line
each, with a curl command) instead of failing, to see all of them at once.
"""
import copy
import json
import os
import re
from collections import Counter

import schemathesis
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from lokakarya.api.openapi import document

# Generated cases per operation and per role, on top of the boundary-value (coverage) cases;
# API_FUZZ_EXAMPLES=200 searches harder when run by hand.
MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "25"))

CONFIG = schemathesis.Config.from_dict({
    "generation": {"mode": "all", "deterministic": True, "max-examples": MAX_EXAMPLES,
                   "database": "none", "with-security-parameters": False},
    "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True},
               "fuzzing": {"enabled": True}, "stateful": {"enabled": False}},
})
SETTINGS = settings(max_examples=MAX_EXAMPLES, derandomize=True, database=None, deadline=None,
                    phases=[Phase.explicit, Phase.generate], print_blob=False,
                    suppress_health_check=list(HealthCheck))

# A copy: the app serves the cached document itself, and schemathesis may annotate what it loads.
schema = schemathesis.openapi.from_dict(copy.deepcopy(document()), config=CONFIG)

# What the hooks read: set per test by the `world_for` fixture (conftest.py).
CURRENT: dict = {"values": {}}
# Requests sent, per role and operation (their sum is printed at the end of the run).
SENT: Counter = Counter()


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Most of the time, real slugs and ids: otherwise nearly everything is a 404."""
    return _with_real_values(path_parameters)


@schema.hook
def flatmap_body(context, body):
    """Real agency and session ids in bodies part of the time, so checks past "unknown id" run."""
    return _with_real_values(body, only=(int,))


def _with_real_values(values, only=(int, str)):
    if not isinstance(values, dict):
        return st.just(values)
    real = CURRENT["values"]
    drawn = {}
    for name, original in values.items():
        choices = real.get(name)
        # Replace only values the document allows, so a negative case stays negative.
        if choices and type(original) is type(choices[0]) and isinstance(original, only) and (
                not isinstance(original, int) or 1 <= original <= 2**31 - 1):
            drawn[name] = st.one_of(st.just(original), st.sampled_from(choices), st.sampled_from(choices))
        else:
            drawn[name] = st.just(original)
    return st.fixed_dictionaries(drawn)


@schemathesis.check
def positive_data_acceptance_or_data_rule(ctx, response, case):
    """Data the document allows is accepted, unless the server refused it (422) for a rule the
    document names: `x-server-checks` lists the fields whose values are checked against
    stored data or each other (existence, duplicates, order of times), which no schema can say."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code < 400:
        return None
    if response.status_code in (401, 403, 404, 409, 429):
        return None
    allowed = set(case.operation.definition.raw.get("x-server-checks", {}))
    fields = _error_fields(response)
    named = {re.split(r"[.\[]", name)[0] for name in fields}
    if response.status_code == 422 and named and named <= allowed:
        return None
    raise AssertionError(
        f"Data the document allows was refused with {response.status_code}: {fields or response.text[:300]}\n"
        f"Document the rule in the schema (maxLength, pattern, enum, required …), or list the field in "
        f"the operation's x-server-checks if it depends on stored data.")


def _error_fields(response) -> dict:
    try:
        return response.json()["error"]["fields"] or {}
    except (ValueError, KeyError, TypeError):
        return {}


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, negative_data_rejection, positive_data_acceptance_or_data_rule]


SURVEY = os.environ.get("API_FUZZ_SURVEY")  # a file: record every failure there instead of failing


def run_case(case, app, token: str | None, role: str):
    # Schemathesis' WSGI transport does not undo gzip, which the app sends to clients that accept
    # it (core/compression, tested in tests/core/test_static_assets.py): ask for plain bodies.
    headers = {"Accept-Encoding": "identity"} | ({"Authorization": f"Bearer {token}"} if token else {})
    SENT[role, case.operation.label] += 1
    try:
        response = case.call(app=app, headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)
    except (AssertionError, BaseExceptionGroup, Exception) as exc:
        if not SURVEY:
            raise
        failures = getattr(exc, "exceptions", [exc])
        with open(SURVEY, "a", encoding="utf-8") as out:
            for failure in failures:
                title = getattr(failure, "title", type(failure).__name__)
                detail = str(failure).splitlines()[:4]
                out.write(json.dumps({"role": role, "op": case.operation.label, "title": title,
                                      "detail": detail, "curl": case.as_curl_command(headers=headers)}) + "\n")
