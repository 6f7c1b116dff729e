"""The generated JSON Schema: shipped, current, and in agreement with the validator."""

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given

from nrm_core.io.interchange import unstructure
from nrm_core.io.schema import bundled_schema_text, json_schema, json_schema_text
from nrm_core.testing import cases

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "data"
VALIDATOR = jsonschema.Draft202012Validator(
    json_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def test_schema_is_valid_2020_12():
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_shipped_schema_is_the_generated_one():
    # Regenerate after changing the format: nrm-core schema > src/nrm_core/data/case.schema.json
    assert bundled_schema_text() == json_schema_text()


def documents(path):
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [json.loads(path.read_text())]


@pytest.mark.parametrize(
    "path",
    [p for p in sorted((EXAMPLES / "valid").iterdir()) if p.suffix != ".csv"],
    ids=lambda p: p.name,
)
def test_valid_examples_validate(path):
    for document in documents(path):
        assert list(VALIDATOR.iter_errors(document)) == []


def test_shape_errors_fail_the_schema_for_the_expected_reasons():
    [document] = documents(EXAMPLES / "invalid" / "bad-shapes.json")
    errors = list(VALIDATOR.iter_errors(document))
    messages = " ".join(error.message for error in errors)
    assert "'colour' was unexpected" in messages
    assert "'first_responder' is a required property" in messages
    # date_of_birth is a date or null (unknown): a number is neither.
    assert "20100517 is not valid under any of the given schemas" in messages
    assert any(error.validator == "pattern" for error in errors)  # the date
    assert any(error.validator == "oneOf" for error in errors)  # the unknown event type


def test_domain_errors_pass_the_schema():
    # The schema checks shape only: a retired authority code is a domain error.
    [document] = documents(EXAMPLES / "invalid" / "retired-authority.json")
    assert list(VALIDATOR.iter_errors(document)) == []


@given(cases(max_events=8))
def test_every_generated_case_validates(case):
    assert list(VALIDATOR.iter_errors(unstructure(case))) == []


def test_type_descriptions_are_whole_sentences_in_plain_text():
    # Two stopped mid-sentence ("...the pilot's scope:", "...with ``reason`` if"): each was
    # the first line of a docstring, not its first paragraph.
    from nrm_core.io.schema import json_schema

    definitions = json_schema()["$defs"]
    described = {name: d["description"] for name, d in definitions.items() if "description" in d}
    assert len(described) > 20
    cut = {name: text for name, text in described.items() if not text.endswith((".", ".)"))}
    assert cut == {}
    markup = {name: text for name, text in described.items() if "``" in text or ":func:" in text}
    assert markup == {}
