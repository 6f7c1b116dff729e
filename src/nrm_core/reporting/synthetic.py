"""Seeded synthetic case data: realistic in shape and scale, never real children.

:func:`synthetic_cases` generates valid cases (each built and replayed through
the library's own rules) for demonstrations, tests and benchmarks. It is
calibrated to the orders of magnitude the project's sources publish; every
figure below is either such a figure or a stated assumption:

* **Volume**: about 7,000 referrals a year of people exploited as children
  (NRM statistics: 7,432 in 2023). Only referrals of under-18s are generated.
* **Where**: the safeguarding authority is drawn from every children's-services
  authority, weighted towards England (assumption: England 85%, Scotland 6%,
  Wales 6%, Northern Ireland 3%); pilot membership follows the site register.
* **Ages at referral**: mostly 14-17 (assumption), so some children are within
  100 days of 18 or turn 18 while waiting.
* **Outcomes**: RG positive 62% and CG positive 73% (NRM statistics Q4 2025,
  all ages; used for children as an assumption).
* **Waiting times**: the Home Office's 2025 headline was 101 days to a decision
  in pilot areas against 471 days elsewhere (measure undefined). Pilot panels
  decide RG in about 2-6 weeks and usually decide CG at the same meeting
  (assumption: 70%); the SCA decides RG in about 1-3 weeks and CG after a
  long, skewed wait (median about 15 months).
* **Other paths** (assumptions): 4% of pilot cases have their age disputed and
  pass to the SCA; 15% of negative decisions are challenged, and a third of those
  reconsiderations are accepted; 3% of cases are suspended for a while (child
  missing); 1% see a Public Order Disqualification considered.

Events after ``as_of`` are dropped, so open cases and backlogs look as they
would on that day. The same ``seed`` always gives the same cases.

>>> import datetime as dt
>>> from nrm_core.reporting.synthetic import synthetic_cases
>>> cases = list(synthetic_cases(3, seed=7, as_of=dt.date(2026, 9, 30)))
>>> len(cases), cases[0].case_id
(3, 'SYN-7-000000')
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Iterator, Mapping
from typing import Generic, TypeVar

from nrm_core._validate import check_day
from nrm_core.ages import eighteenth_birthday
from nrm_core.authority import LocalAuthority
from nrm_core.child import AgeBasis, Child
from nrm_core.decision import DecisionMaker, Outcome, Stage
from nrm_core.eligibility import route, transfer_if_out_of_scope
from nrm_core.events import (
    CombinedDecisionMade,
    ConsentedToContinue,
    DecisionMade,
    DecisionServed,
    Event,
    PodConsidered,
    PodNotApplied,
    ReconsiderationAccepted,
    ReconsiderationRefused,
    ReconsiderationRequested,
    Resumed,
    ScaReviewAgreed,
    Suspended,
    SuspensionReason,
    TurnedEighteen,
    WithdrawalReason,
    Withdrawn,
)
from nrm_core.lifecycle import Case
from nrm_core.nations import Nation
from nrm_core.policy import PILOT_START
from nrm_core.referral import (
    Exploitation,
    ExploitationLocation,
    ExploitationType,
    FirstResponder,
    FirstResponderOrganisation,
    Referral,
)
from nrm_core.rules import Rules, resolve
from nrm_core.samples import example_panel

__all__ = ["synthetic_cases"]

_T = TypeVar("_T")


class _Weighted(Generic[_T]):
    """Weighted values whose running totals are summed once (``random.choices`` with the
    weights sums them on every call, then draws exactly as with ``cum_weights``)."""

    def __init__(self, weights: Mapping[_T, float]) -> None:
        self.values = tuple(weights)
        self.totals = list(itertools.accumulate(weights.values()))

    def draw(self, rng: random.Random) -> _T:
        return rng.choices(self.values, cum_weights=self.totals)[0]


_NATIONS = _Weighted({Nation.ENGLAND: 0.85, Nation.SCOTLAND: 0.06, Nation.WALES: 0.06,
                      Nation.NORTHERN_IRELAND: 0.03})  # fmt: skip
_EXPLOITATION = _Weighted({
    ExploitationType.FORCED_TO_COMMIT_CRIME: 0.63,
    ExploitationType.CHILD_SEXUAL_EXPLOITATION: 0.12,
    ExploitationType.FORCED_INTO_PROSTITUTION: 0.03,
    ExploitationType.FORCED_TO_WORK: 0.12,
    ExploitationType.DOMESTIC_SERVITUDE: 0.04,
    ExploitationType.OTHER: 0.06,
})  # fmt: skip
COUNTY_LINES = 0.45
"""Share of criminal exploitation recorded as county lines (an assumption)."""
_RESPONDERS = _Weighted({
    FirstResponderOrganisation.LOCAL_AUTHORITY: 0.45,
    FirstResponderOrganisation.POLICE: 0.30,
    FirstResponderOrganisation.IMMIGRATION_ENFORCEMENT: 0.10,
    FirstResponderOrganisation.BARNARDOS: 0.05,
    FirstResponderOrganisation.NSPCC_CHILD_TRAFFICKING_ADVICE_CENTRE: 0.05,
    FirstResponderOrganisation.SALVATION_ARMY: 0.05,
})  # fmt: skip
_AGE_BASES = _Weighted({AgeBasis.CLAIMED: 0.6, AgeBasis.CONFIRMED: 0.3, AgeBasis.ASSESSED: 0.1})
_LOCATIONS = _Weighted(dict(zip(ExploitationLocation, (0.8, 0.08, 0.12), strict=True)))
RG_POSITIVE = 0.62
CG_POSITIVE = 0.73


class _Builder:
    def __init__(self, rng: random.Random, as_of: dt.date) -> None:
        self.rng = rng
        self.as_of = as_of
        self.events: list[Event] = []
        self.last = dt.date.min
        self.challenged: set[Stage] = set()

    def at(self, day: dt.date) -> dt.date:
        self.last = max(day, self.last)
        return self.last

    def add(self, event: Event) -> bool:
        """Append if it happened by ``as_of``; False once the story passes ``as_of``."""
        if event.on > self.as_of:
            return False
        self.events.append(event)
        self.last = event.on
        return True

    def days(self, low: int, high: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(low, high))


class _InUse:
    """The authorities of each nation whose codes were in use on a day.

    The register changes only on the days codes start or end: the list for each span
    between those days is worked out once (in register order, so the seeded choices
    are the same as filtering the register per referral)."""

    def __init__(self, by_nation: dict[Nation, list[LocalAuthority]]) -> None:
        self.spans: dict[Nation, tuple[list[dt.date], list[list[LocalAuthority]]]] = {}
        for nation, members in by_nation.items():
            changes = sorted(
                {day for a in members for day in (a.valid.start, a.valid.end) if day is not None}
            )
            starts = [dt.date.min, *changes]
            self.spans[nation] = (
                starts,
                [[a for a in members if a.is_valid_on(day)] for day in starts],
            )

    def __getitem__(self, key: tuple[Nation, dt.date]) -> list[LocalAuthority]:
        nation, day = key
        starts, lists = self.spans[nation]
        return lists[bisect.bisect_right(starts, day) - 1]


def _referral(
    rng: random.Random, number: int, seed: int, start: dt.date, end: dt.date, authorities: _InUse
) -> Referral:
    referred_on = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
    nation = _NATIONS.draw(rng)
    in_use = authorities[(nation, referred_on)]
    code = rng.choice(in_use).gss_code  # codes in use on the referral date
    age_days = int(rng.triangular(8 * 365, 18 * 365 - 1, 16.5 * 365))
    date_of_birth = referred_on - dt.timedelta(days=age_days)
    basis = _AGE_BASES.draw(rng)
    responder = _RESPONDERS.draw(rng)
    kinds = {_EXPLOITATION.draw(rng)}
    if rng.random() < 0.2:
        kinds.add(_EXPLOITATION.draw(rng))
    return Referral(
        referral_id=f"SYN-{seed}-{number:06d}",
        child=Child(f"SYN-C-{seed}-{number:06d}", date_of_birth=date_of_birth, age_basis=basis),
        referred_on=referred_on,
        first_responder=FirstResponder(responder, nation=nation),
        safeguarding_authority=code,
        exploitation=Exploitation(
            frozenset(kinds),
            location=_LOCATIONS.draw(rng),
            county_lines=ExploitationType.FORCED_TO_COMMIT_CRIME in kinds
            and rng.random() < COUNTY_LINES,
        ),
    )


def _decide(b: _Builder, maker: DecisionMaker, stage: Stage, outcome: Outcome, on: dt.date) -> bool:
    panel = example_panel(maker.site_id) if maker.site_id else None
    if not b.add(DecisionMade(on, stage=stage, outcome=outcome, by=maker, panel=panel)):
        return False
    served = b.at(on) + b.days(0, 5)
    if maker.is_pilot_panel:  # the SCA reviews pilot decisions before they are served
        if not b.add(ScaReviewAgreed(served)):
            return False
        served = b.at(served) + b.days(1, 10)
    return b.add(DecisionServed(served))


def _challenge(b: _Builder, stage: Stage) -> bool:
    """A possible reconsideration after a served negative; True if it reopened the case."""
    rng = b.rng
    if stage in b.challenged or rng.random() >= 0.15:
        return False
    b.challenged.add(stage)
    if not b.add(ReconsiderationRequested(b.last + b.days(5, 28))):
        return False
    if rng.random() < 1 / 3:
        return b.add(ReconsiderationAccepted(b.last + b.days(3, 20)))
    b.add(ReconsiderationRefused(b.last + b.days(3, 20)))
    return False


def _story(b: _Builder, maker: DecisionMaker, referral: Referral, rules: Rules) -> None:
    rng = b.rng
    pilot = maker.is_pilot_panel
    nation = referral.nation
    born = referral.child.date_of_birth
    assert born is not None  # synthetic children always have a date of birth
    birthday = eighteenth_birthday(born, nation, rules=rules)
    if rng.random() < 0.01:
        b.add(PodConsidered(b.last + b.days(1, 10)))
        b.add(PodNotApplied(b.last + b.days(10, 40)))
    if pilot and rng.random() < 0.04:
        on = b.last + b.days(3, 30)
        transfer = transfer_if_out_of_scope(
            Case(referral, tuple(b.events), rules=rules), on, age_basis=AgeBasis.DISPUTED
        )
        if transfer is not None and b.add(transfer):
            maker, pilot = DecisionMaker.sca(), False
    rg_on = b.last + (b.days(14, 45) if pilot else b.days(3, 25))
    if rg_on >= birthday and not pilot:
        if not b.add(TurnedEighteen(max(birthday, b.last))):
            return
        if rng.random() < 0.7:
            b.add(Withdrawn(b.last + b.days(5, 60), WithdrawalReason.DECLINED_AT_18))
            return
        if not b.add(ConsentedToContinue(b.last + b.days(5, 60))):
            return
        rg_on = b.last + b.days(3, 25)
    while True:
        positive = rng.random() < RG_POSITIVE
        combined = pilot and positive and rng.random() < 0.7
        if combined:
            outcome = Outcome.POSITIVE if rng.random() < CG_POSITIVE else Outcome.NEGATIVE
            panel = example_panel(maker.site_id) if maker.site_id else None
            if not b.add(CombinedDecisionMade(rg_on, cg_outcome=outcome, by=maker, panel=panel)):
                return
            served = b.last + b.days(0, 5)
            if maker.is_pilot_panel:
                if not b.add(ScaReviewAgreed(served)):
                    return
                served = b.last + b.days(1, 10)
            if not b.add(DecisionServed(served)):
                return
            if outcome is Outcome.NEGATIVE and _challenge(b, Stage.CONCLUSIVE_GROUNDS):
                _cg(b, maker, b.last + b.days(20, 120), birthday)
            return
        outcome = Outcome.POSITIVE if positive else Outcome.NEGATIVE
        if not _decide(b, maker, Stage.REASONABLE_GROUNDS, outcome, rg_on):
            return
        if outcome is Outcome.NEGATIVE:
            if _challenge(b, Stage.REASONABLE_GROUNDS):
                rg_on = b.last + b.days(10, 60)
                continue
            return
        break
    if rng.random() < 0.03:
        if not b.add(Suspended(b.last + b.days(5, 40), SuspensionReason.CHILD_MISSING)):
            return
        if not b.add(Resumed(b.last + b.days(14, 120))):
            return
    wait = b.days(20, 90) if pilot else dt.timedelta(days=int(rng.lognormvariate(6.1, 0.45)))
    _cg(b, maker, b.last + max(wait, dt.timedelta(days=31)), birthday)


def _cg(b: _Builder, maker: DecisionMaker, on: dt.date, birthday: dt.date) -> None:
    if on >= birthday and b.last < birthday:
        if not b.add(TurnedEighteen(max(birthday, b.last))):
            return
        if b.rng.random() < 0.7:
            b.add(Withdrawn(b.last + b.days(5, 60), WithdrawalReason.DECLINED_AT_18))
            return
        if not b.add(ConsentedToContinue(b.last + b.days(5, 60))):
            return
        on = max(on, b.last + b.days(1, 30))
    outcome = Outcome.POSITIVE if b.rng.random() < CG_POSITIVE else Outcome.NEGATIVE
    if not _decide(b, maker, Stage.CONCLUSIVE_GROUNDS, outcome, on):
        return
    if outcome is Outcome.NEGATIVE and _challenge(b, Stage.CONCLUSIVE_GROUNDS):
        _cg(b, maker, b.last + b.days(30, 200), birthday)


def synthetic_cases(
    n: int,
    *,
    seed: int = 0,
    as_of: dt.date = dt.date(2026, 9, 30),
    start: dt.date | None = None,
    end: dt.date | None = None,
    rules: Rules | None = None,
) -> Iterator[Case]:
    """``n`` valid synthetic cases referred between ``start`` (default: the pilot's start)
    and ``end`` (default: ``as_of``), as they stood on ``as_of``, under ``rules``."""
    rng = random.Random(seed)
    rules = resolve(rules, "synthetic_cases")
    check_day("synthetic_cases", "as_of", as_of)
    for field, day in (("start", start), ("end", end)):
        if day is not None:
            check_day("synthetic_cases", field, day)
    authorities = rules.authorities
    start = PILOT_START if start is None else start
    end = as_of if end is None else end
    by_nation: dict[Nation, list[LocalAuthority]] = {nation: [] for nation in Nation}
    for authority in authorities.authorities:
        by_nation[authority.nation].append(authority)
    in_use = _InUse(by_nation)
    for number in range(n):
        referral = _referral(rng, number, seed, start, min(end, as_of), in_use)
        builder = _Builder(rng, as_of)
        routed_on = referral.referred_on + builder.days(0, 3)
        if routed_on > as_of:
            yield Case(referral, rules=rules)
            continue
        routing = route(referral, routed_on, rules=rules)
        builder.add(routing.to_event())
        _story(builder, routing.decision_maker, referral, rules)
        yield Case(referral, tuple(builder.events), rules=rules)  # built (and replayed) once
