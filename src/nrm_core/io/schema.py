"""The JSON Schema (draft 2020-12) of the case interchange format.

Generated from the same specs that :mod:`nrm_core.io.interchange` structures
with, so the schema and the library cannot disagree on shape. It checks shape
only: domain rules (the authority code on the referral date, the lifecycle's
order of events) need :func:`nrm_core.io.validation.validate_data` or the
``nrm-core validate`` command. The schema is also shipped as the package file
``nrm_core/data/case.schema.json`` for use from other languages.

>>> from nrm_core.io.schema import json_schema
>>> schema = json_schema()
>>> schema["$schema"]
'https://json-schema.org/draft/2020-12/schema'
>>> sorted(schema["$defs"]["Case"]["required"])
['format', 'referral', 'version']
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from nrm_core.io.interchange import CASE_DOCUMENT, FORMAT_VERSION

__all__ = ["SCHEMA_ID", "bundled_schema_text", "json_schema", "json_schema_text"]

SCHEMA_ID = f"https://nrm-core.invalid/schema/case-v{FORMAT_VERSION}.json"
"""The schema's ``$id`` (a name, not a URL to fetch: the schema ships with the package)."""


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a case document, as a dict."""
    defs: dict[str, Any] = {}
    root = CASE_DOCUMENT.schema(defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"nrm_core case document, format version {FORMAT_VERSION}",
        "description": (
            "A referral to the UK National Referral Mechanism and the history of events "
            "applied to it. Shape only: domain rules are checked by nrm_core."
        ),
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def json_schema_text() -> str:
    """The schema as formatted JSON text (what ``nrm-core schema`` prints)."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def bundled_schema_text() -> str:
    """The schema file shipped in the package (equal to :func:`json_schema_text`)."""
    return resources.files("nrm_core").joinpath("data", "case.schema.json").read_text("utf-8")
