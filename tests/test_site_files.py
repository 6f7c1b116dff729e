"""Malformed site files are refused with every problem listed, never a traceback."""

import json

import pytest

from nrm_core.registry import RegistryFileError, SiteRegistry

GOOD = {
    "site_id": "X-1",
    "name": "N",
    "nation": "england",
    "start": "2024-01-01",
    "members": [{"gss_code": "E06000001", "role": "lead"}],
}
MEMBER = GOOD["members"][0]
BAD_JSON = [
    "[]",
    "{}",
    '{"sites": {}}',
    '{"sites": []}',
    '{"sites": [1]}',
    '{"sites": [{}]}',
    json.dumps({"sites": [{**GOOD, "members": 5}]}),
    json.dumps({"sites": [{**GOOD, "members": [5]}]}),
    json.dumps({"sites": [{**GOOD, "members": [{**MEMBER, "gss_code": 5}]}]}),
    json.dumps({"sites": [{**GOOD, "members": [{**MEMBER, "colour": "x"}]}]}),
    json.dumps({"sites": [{**GOOD, "members": [{**MEMBER, "valid_from": 5}]}]}),
    json.dumps({"sites": [{**GOOD, "start": 2024}]}),
    json.dumps({"sites": [{**GOOD, "start": None}]}),
    json.dumps({"sites": [{**GOOD, "nation": 5}]}),
    json.dumps({"sites": [{**GOOD, "name": 5}]}),
    json.dumps({"sites": [{**GOOD, "colour": "x"}]}),
    json.dumps({"sites": [GOOD, GOOD]}),
    json.dumps({"sites": [{**GOOD, "end": "2020-01-01"}]}),
    json.dumps({"sites": [GOOD], "extra": 1}),
    '{"sites": [{"site_id": "X", "site_id": "Y"}]}',
    "[" * 10_000,
    "\ud800",
]
HEADER = "site_id,site_name,phase,site_start,gss_code,nation,role\n"
BAD_CSV = [
    "",
    "site_id\n",
    "a,b\n1,2\n",
    HEADER,
    HEADER + "X,N,1,2024,E06000001,england,lead\nX,N,1,2025,E06000002,england,lead\n",
    "site_id,site_id,site_name,site_start,gss_code,nation,role\nX,Y,Z,2024,E06000001,england,lead\n",
    HEADER.rstrip("\n") + ",colour\nX,N,1,2024,E06000001,england,lead,blue\n",
    HEADER + "X,N,1,2024,E06000001,england,lead,extra\n",
    "\x00\x01",
]


@pytest.mark.parametrize("text", BAD_JSON)
def test_bad_json_site_files_are_refused(text):
    with pytest.raises(RegistryFileError) as error:
        SiteRegistry.from_json(text)
    assert error.value.problems


@pytest.mark.parametrize("text", BAD_CSV)
def test_bad_csv_site_files_are_refused(text):
    with pytest.raises(RegistryFileError) as error:
        SiteRegistry.from_csv(text)
    assert error.value.problems


def test_a_good_file_still_loads():
    assert SiteRegistry.from_json(json.dumps({"sites": [GOOD]})).get("X-1").name == "N"
    assert len(SiteRegistry.bundled().sites) == 20


def test_a_register_keeps_the_code_of_what_its_row_broke():
    """A refused row's finding carried the register's generic code (register-file-invalid)
    instead of the rule it broke; now only what breaks no declared rule (a missing column)
    (an unknown nation) is under the register's code."""
    from nrm_core.registry import AuthorityRegister

    header = "gss_code,name,council_name,nation,la_type,valid_from,valid_to,replaced_by,notes"
    rows = (
        "X123,Hartlepool,,England,u,2009-01-01,,,\nE06000001,Hartlepool,,Narnia,u,2009-01-01,,,\n"
    )
    with pytest.raises(RegistryFileError) as refused:
        AuthorityRegister.from_csv(f"{header}\n{rows}", source="a.csv")
    found = [(f.code, f.location) for f in refused.value.findings]
    assert found == [("invalid-gss-code", "line 2"), ("register-file-invalid", "line 3")]
    assert refused.value.problems[0] == (
        "line 2: LocalAuthority.gss_code: is not a GSS code: expected a nation letter "
        "(E, W, S or N) and 8 digits, e.g. 'E09000002'"
    )
