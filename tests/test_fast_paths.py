"""The fast paths give exactly the reference paths' results.

Validation has three fast paths, each with a reference it must equal:

* structuring: each spec's rules, declared once, evaluated lean (``Spec.compiled``, what
  ``Spec.checked`` runs first) against the same declaration evaluated explained
  (``Spec.structure``: every problem);
* replay: each row's checks evaluated lean (``CheckTable.holds``: no message built)
  against the same declaration evaluated explained (``CheckTable.findings``);
* the route re-check: the routing rules evaluated lean (``eligibility.decision_maker_for``:
  in order until one fails, no reason built) against ``route()`` (every rule, explained).

Each test runs the same records through both and compares everything: the
problems (code, path, message, severity, citation, in order) and the case
(referral, history, rules, and what replay established).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

import attrs
import hypothesis.strategies as st
import pytest
from fuzz import hostile_lines
from hypothesis import given, settings

from nrm_core import Case, DecisionMaker, EventKind, Rules, eligibility, lifecycle, route
from nrm_core.checks import CheckTable, Citation, Confidence, Source
from nrm_core.deadlines import deadline_statuses, deadlines_for
from nrm_core.eligibility import decision_maker_for
from nrm_core.errors import InvalidTypeError, NrmError
from nrm_core.io import _spec
from nrm_core.io._json import parse_json
from nrm_core.io.interchange import SPECS, unstructure
from nrm_core.io.validation import validate_data
from nrm_core.policy import AgeReference
from nrm_core.reporting.synthetic import synthetic_cases
from nrm_core.samples import example_referral
from nrm_core.testing import build_event, cases, dates, referrals
from nrm_core.transitions import TRANSITIONS, Context

AS_OF = dt.date(2026, 9, 30)


def _records() -> list[Any]:
    """Valid synthetic records, the same records mutated so that their shape stays valid
    but the domain or the history does not, and hostile (mostly broken) ones."""
    rng = random.Random(14)
    valid = [
        json.loads(json.dumps(unstructure(case)))
        for case in synthetic_cases(250, seed=14, as_of=AS_OF)
    ]
    mutated = []
    for document in valid:
        copy = json.loads(json.dumps(document))
        history = copy["history"]
        change = rng.randrange(6)
        if change == 0 and len(history) > 1:
            history[0], history[-1] = history[-1], history[0]  # out of order
        elif change == 1 and history:
            history.pop(0)  # the route dropped: decisions without a decision maker
        elif change == 2:
            copy["referral"]["safeguarding_authority"] = rng.choice(
                ["E10000023", "E09000007", "W06000015", "S12000036", "E99999999"]
            )  # another authority: a retired code, a pilot site, an unknown code
        elif change == 3:
            copy["referral"]["child"]["age_basis"] = "disputed"
        elif change == 4:
            copy["referral"]["pod_status"] = rng.choice(["under-consideration", "applied"])
        elif history:
            history[-1]["on"] = "2026-12-01"  # after --as-of
        mutated.append(copy)
    hostile = []
    for line in hostile_lines(500, seed=14):
        data, problem = parse_json(line)
        if problem is None:
            hostile.append(data)
    return valid + mutated + hostile


RECORDS = _records()


def _reference(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        _spec.Spec, "checked", lambda spec, value, path, out: spec.structure(value, path, out)
    )
    monkeypatch.setattr(CheckTable, "holds", lambda table, subject: not table.findings(subject))
    # The route query and the SCA-override guard both ask the case's Routings, which ask this.
    monkeypatch.setattr(
        eligibility,
        "decision_maker_for",
        lambda referral, on, *, rules: route(referral, on, rules=rules).decision_maker,
    )


def _outcome(data: Any) -> tuple[Any, ...]:
    case, problems = validate_data(data, as_of=AS_OF)
    facts = case._facts if case is not None else None
    return case, facts, problems


def test_validation_fast_and_reference_paths_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = [_outcome(data) for data in RECORDS]
    _reference(monkeypatch)
    reference = [_outcome(data) for data in RECORDS]
    assert fast == reference
    # The records reach every path: valid cases, refusals, domain problems, broken shapes.
    codes = {p.code for _, _, problems in fast for p in problems}
    assert sum(case is not None for case, _, _ in fast) > 250
    assert {"no-such-transition", "route-differs", "date-after-as-of"} <= codes
    assert {"wrong-type", "missing-field", "unknown-field", "invalid-date"} <= codes


def test_the_comparison_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fast path that is wrong in one small way is caught by the same comparison: a
    route re-check that always answers "SCA" misses the records routed to the SCA that the
    rules would send to a panel (their ``sca-route-needs-override`` refusal disappears)."""
    fast = [_outcome(data) for data in RECORDS]
    monkeypatch.setattr(
        eligibility, "decision_maker_for", lambda r, on, *, rules: DecisionMaker.sca()
    )
    assert [_outcome(data) for data in RECORDS] != fast


def _pieces(value: Any) -> list[Any]:
    """Every object and array inside ``value`` (and ``value``)."""
    found = [value]
    if isinstance(value, dict):
        for item in value.values():
            found.extend(_pieces(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_pieces(item))
    return found


def _spec_values() -> list[Any]:
    """Objects from the records and the bundled registers, each also changed one way."""
    rules = Rules.bundled()
    seen: dict[str, Any] = {}
    sources = [*RECORDS[:150], *map(unstructure, rules.sites.sites)]
    sources += [unstructure(a) for a in rules.authorities.authorities[:40]]
    # Every kind of event, and the decisions replay fills in.
    case = Case(example_referral())
    day = case.referral.referred_on
    sources += [unstructure(build_event(kind, case, day)) for kind in EventKind]
    sources += [
        unstructure(decision)
        for case in synthetic_cases(40, seed=14, as_of=AS_OF)
        for decision in case.decisions
    ]
    for source in sources:
        for piece in _pieces(source):
            if isinstance(piece, dict):
                seen.setdefault(json.dumps(piece, sort_keys=True), piece)
    rng = random.Random(14)
    values = list(seen.values())
    for piece in list(values):
        if not piece:
            continue
        key = rng.choice(list(piece))
        values.append({k: v for k, v in piece.items() if k != key})
        values.append({**piece, "colour": "blue"})
        values.append({**piece, key: rng.choice([None, 1, True, "", "x" * 20_000, [], {}])})
    return values


SPEC_VALUES = _spec_values()


def _agree(spec: _spec.Spec, value: Any) -> bool:
    """Whether the spec's declaration evaluated lean and explained agree on ``value`` (and
    ``checked`` gives the explained result); whether the lean evaluation accepted it."""
    problems: list[_spec.Problem] = []
    explained = spec.structure(value, "$", problems)
    try:
        lean = spec.compiled()(value)
    except Exception:  # refused: the explained evaluation must have found a problem
        assert explained is _spec.BAD, value
        assert problems, value
        accepted = False
    else:
        assert not problems, value
        assert lean == explained, value
        accepted = True
    again: list[_spec.Problem] = []
    assert spec.checked(value, "$", again) == explained
    assert again == problems
    return accepted


@pytest.mark.parametrize("cls", sorted(SPECS, key=lambda cls: cls.__name__))
def test_each_spec_lean_and_explained_agree(cls: type) -> None:
    spec = SPECS[cls]
    names = set(spec.by_name) if isinstance(spec, _spec.Obj) else {"event"}
    values = [value for value in SPEC_VALUES if names & set(value)]
    accepted = sum(_agree(spec, value) for value in values)
    assert 0 < accepted < len(values)


_HOSTILE = [None, True, 1, 2.0, -1, "", " ", "x" * 20_000, "2026-02-30", "E09000002", "nope",
            "panel", [], [1], {}, {"event": "nope"}]  # fmt: skip


def _places(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every value inside ``value`` (not ``value`` itself)."""
    if not isinstance(value, dict | list):
        return []
    found = []
    for key, item in value.items() if isinstance(value, dict) else enumerate(value):
        found.append((*prefix, key))
        found.extend(_places(item, (*prefix, key)))
    return found


_CHANGES = st.tuples(st.integers(0, 10**6), st.sampled_from(["replace", "remove", "add"]),
                     st.integers(0, len(_HOSTILE) - 1))  # fmt: skip


@given(cases(), st.lists(_CHANGES, max_size=3))
@settings(max_examples=150, deadline=None)
def test_case_spec_lean_and_explained_agree_on_mutated_records(
    case: Any, changes: list[tuple[int, str, int]]
) -> None:
    """A generated case record, changed in up to three places (a value replaced, a key
    removed or added), through the case spec lean and explained: they agree."""
    document = json.loads(json.dumps(unstructure(case)))
    for where, change, value in changes:
        places = _places(document)
        place = places[where % len(places)]
        parent = document
        for step in place[:-1]:
            parent = parent[step]
        if change == "replace":
            parent[place[-1]] = json.loads(json.dumps(_HOSTILE[value]))
        elif change == "remove" and isinstance(parent, dict):
            del parent[place[-1]]
        elif isinstance(parent, dict):
            parent[["colour", "evnt", "referred_o", "Ann"][value % 4]] = 1
    _agree(SPECS[Case], document)


def test_the_agreement_can_fail() -> None:
    """A lean evaluation that skips a rule it must test (the length of a string, here,
    marked as implied) is caught by the same comparison."""

    class Sloppy(_spec.Str):
        def declare(self) -> Any:
            steps, names = super().declare()
            skip = [attrs.evolve(s, implied=True) if isinstance(s, _spec.Rule) and s.code ==
                    "too-long" else s for s in steps]  # fmt: skip
            return tuple(skip), names

    assert _agree(_spec.Str("text", max_length=5), "x" * 5)
    with pytest.raises(AssertionError):
        _agree(Sloppy("text", max_length=5), "x" * 6)


@given(cases())
@settings(max_examples=150, deadline=None)
def test_each_transition_table_evaluated_lean_and_explained_agrees(case: Any) -> None:
    """Every row of the event's kind (from any state: most refuse it) is asked, at every
    step of a generated history, lean and explained: the two modes of one declaration."""
    facts = lifecycle.Facts(lifecycle.INITIAL_STATE, pod_status=case.referral.pod_status)
    outcomes = set()
    for index, event in enumerate(case.history):
        context = Context(case.referral, facts=facts, event=event, rules=case.rules)
        for row in TRANSITIONS:
            if row.kind is event.kind:
                holds = row.checks.holds(context)
                assert holds == (not row.checks.findings(context)), row
                assert [c.holds(context) for c in row.checks] == [
                    not c.findings(context) for c in row.checks
                ]
                outcomes.add(holds)
        facts = lifecycle._step(case.referral, facts, event, index, case.rules)
    assert facts == case._facts
    if case.history:
        assert True in outcomes  # the row the event took held


_LOCAL = Citation(
    Source("test", title="test rules", version="1"), section="-", confidence=Confidence.UNVERIFIED
)
_RULES = [
    Rules.bundled(),
    Rules.bundled().with_value("pilot_age_reference", AgeReference.DECISION_DATE, _LOCAL),
]


@given(referrals(), dates(), st.sampled_from(_RULES))
@settings(max_examples=250, deadline=None)
def test_routing_rules_lean_and_explained_agree_equals_route(
    referral: Any, on: dt.date, rules: Rules
) -> None:
    on = max(on, referral.referred_on)
    assert (
        decision_maker_for(referral, on, rules=rules)
        == route(referral, on, rules=rules).decision_maker
    )


@given(referrals(), dates())
@settings(max_examples=200, deadline=None)
def test_routing_rules_lean_and_explained_agree_pilot_authorities(
    referral: Any, on: dt.date
) -> None:
    """The same, on referrals moved into the pilot sites' authorities (where the answer
    is most often a panel)."""
    rules = Rules.bundled()
    members = sorted({m.gss_code for site in rules.sites.sites for m in site.members})
    referral = attrs.evolve(referral, safeguarding_authority=members[on.toordinal() % len(members)])
    on = max(on, referral.referred_on)
    assert (
        decision_maker_for(referral, on, rules=rules)
        == route(referral, on, rules=rules).decision_maker
    )


def test_only_the_checks_a_spec_makes_are_skipped() -> None:
    """The compiled path builds objects without the validators its specs imply, and only
    those: a validator the spec does not imply (or one it cannot identify) still runs."""
    from nrm_core import _validate
    from nrm_core.events import DecisionMade

    assert _spec._implied(_validate.identifier, _spec.IDENTIFIER)
    assert not _spec._implied(_validate.identifier, _spec.TEXT)  # any text is not an id
    assert not _spec._implied(_validate.non_empty_str, _spec.FREE_TEXT)  # may be empty
    assert _spec._implied(_validate.optional_str, _spec.Nullable(_spec.PERSONAL))
    assert not _spec._implied(lambda *args: None, _spec.TEXT)  # unknown: kept
    # attrs' own validators are never opened: they run.
    optional = attrs.validators.optional(_validate.identifier)
    assert not _spec._implied(optional, _spec.Nullable(_spec.IDENTIFIER))
    spec = _spec.derive(DecisionMade)
    trusted = _spec._trusted(DecisionMade, spec.fields)
    assert trusted is not None
    made = next(
        spec.compiled()(event)
        for data in RECORDS[:50]
        for event in data["history"]
        if event["event"] == "decision-made"
    )
    values = {a.alias: getattr(made, a.name) for a in attrs.fields(DecisionMade)}
    assert trusted(**values) == made
    # 'reasons' has a validator no spec identifies (events._free_text): it still runs.
    with pytest.raises(InvalidTypeError):
        trusted(**{**values, "reasons": 12})
    # 'stage' is implied by its spec (an enum member): not checked again.
    assert trusted(**{**values, "stage": "not a stage"}).stage == "not a stage"


@given(cases(), st.integers(min_value=0, max_value=3000))
@settings(max_examples=200, deadline=None)
def test_lean_deadline_statuses_equal_deadlines_for(case: Any, offset: int) -> None:
    """Reports count deadlines through ``deadline_statuses`` (no Deadline built): the same
    codes and statuses, in the same order, as :func:`deadlines_for`."""
    as_of = case.referral.referred_on + dt.timedelta(days=offset)
    try:
        full = deadlines_for(case, as_of)
    except NrmError:
        return  # beyond the calendars: deadlines_for's own tests cover it
    statuses, ended_on = deadline_statuses(case.as_of(as_of), as_of)
    assert statuses == tuple((c.deadline.code, c.status) for c in full.checks)
    assert (ended_on is None) == (full.waiting_for is not None)
    if ended_on is None:
        assert full.days_waited == (as_of - case.referral.referred_on).days


def test_parameter_lookups_are_cached_and_still_checked() -> None:
    parameter = Rules.bundled().policy.pilot_age_cutoff
    day = dt.date(2024, 1, 1)
    assert parameter.at(day) is parameter.at(day)
    with pytest.raises(InvalidTypeError):
        parameter.at(dt.datetime(2024, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        parameter.at([2024, 1, 1])  # type: ignore[arg-type]
