"""The multi-agency panel that makes a pilot site's decisions.

A :class:`Panel` is the panel convened for one case's decision (at one or more
meetings): its members (each with a role and organisation), the member who
chairs, the child's lead social worker (so conflicts of interest can be
checked) and whether the child's Independent Child Trafficking Guardian (ICTG)
was invited.

:func:`check_panel` reports **every** problem with a panel at once, each as a
:class:`~nrm_core.Reason` with a stable code and citation: the three statutory
safeguarding partners (local authority, health and police) must each be
represented by a member without a conflict of interest (ministerial evidence
HUM0120, 2023; FR Guide 2025 §10, §12); the chair must not be the child's lead
social worker (secondary source); a member who declared a conflict of interest
on the case cannot take part; in England and Wales the ICTG Direct Worker or the
ICTG Regional Practice Coordinator must have been invited, to every meeting,
whether or not the child has an ICTG yet (FR Guide 2025 §10); in Scotland and
Northern Ireland the child's guardian, where the child has one (by analogy); the
panel must reach the quorum in the policy (a documented default).

>>> import attrs
>>> from nrm_core.panel import check_panel
>>> from nrm_core import Panel, PanelMember, PanelRole
>>> panel = Panel(
...     site_id="P1-01",
...     members=(
...         PanelMember("M1", role=PanelRole.LOCAL_AUTHORITY_CHILDRENS_SOCIAL_CARE,
...                     organisation="Cardiff Council"),
...         PanelMember("M2", role=PanelRole.POLICE, organisation="South Wales Police"),
...         PanelMember("M3", role=PanelRole.HEALTH, organisation="Cardiff and Vale UHB"),
...     ),
...     chair_id="M1",
...     ictg_invited=True,
... )
>>> sorted(role.value for role in panel.roles)
['health', 'local-authority-childrens-social-care', 'police']
>>> import datetime as dt
>>> on = dt.date(2026, 3, 20)
>>> check_panel(panel, "R-1", on)
()
>>> [r.code for r in check_panel(attrs.evolve(panel, lead_social_worker_id="M1"), "R-1", on)]
['chair-is-lead-social-worker']
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable

import attrs

from nrm_core._doc import Documented
from nrm_core._sources import (
    FIND_A_GRANT_2025,
    FR_GUIDE_2025,
    HTE_NI_2015,
    HTE_SCOTLAND_2015,
    MINISTER_EVIDENCE_2023,
    SECONDARY,
    YJLC_2023,
    P,
    U,
    cite,
)
from nrm_core._validate import (
    enum_member,
    frozenset_of,
    identifier,
    is_bool,
    non_empty_str,
    owner_name,
    to_frozenset,
    to_tuple,
    tuple_of,
)
from nrm_core.checks import Check, CheckTable, Citation, Code, Finding
from nrm_core.errors import InvalidTypeError, InvalidValueError
from nrm_core.nations import Nation
from nrm_core.policy import ParameterValue
from nrm_core.rules import Rules, resolve

__all__ = ["SAFEGUARDING_PARTNERS", "Panel", "PanelMember", "PanelRole", "check_panel", "guardian"]


class PanelRole(enum.Enum):
    """The agency a panel member represents. The chair is named by :attr:`Panel.chair_id`."""

    LOCAL_AUTHORITY_CHILDRENS_SOCIAL_CARE = "local-authority-childrens-social-care"
    POLICE = "police"
    HEALTH = "health"
    EDUCATION = "education"
    YOUTH_JUSTICE = "youth-justice"
    HSC_TRUST = "hsc-trust"
    """A Health and Social Care Trust (Northern Ireland), which runs both children's social
    care and health there: at a Northern Ireland site it stands for both partners."""
    OTHER = "other"


@attrs.frozen
class PanelMember(metaclass=Documented):
    """A professional on a panel, by pseudonymous staff reference.

    ``declared_conflicts`` lists the case (referral) ids the member has
    declared a conflict of interest on.
    """

    member_id: str = attrs.field(validator=identifier)
    role: PanelRole = attrs.field(kw_only=True, validator=enum_member(PanelRole))
    organisation: str = attrs.field(kw_only=True, validator=non_empty_str)
    declared_conflicts: frozenset[str] = attrs.field(
        kw_only=True,
        default=frozenset(),
        converter=to_frozenset,
        validator=frozenset_of(str, "a case id", item=identifier),
    )


@attrs.frozen
class Panel(metaclass=Documented):
    """The panel convened for a case's decision."""

    site_id: str = attrs.field(validator=identifier)
    members: tuple[PanelMember, ...] = attrs.field(
        kw_only=True,
        metadata={"json": {"max_items": 100}},
        converter=to_tuple,
        validator=tuple_of(PanelMember, "a PanelMember", non_empty=True),
    )
    chair_id: str = attrs.field(kw_only=True, validator=identifier)
    lead_social_worker_id: str | None = attrs.field(
        kw_only=True, default=None, validator=attrs.validators.optional(identifier)
    )
    child_has_ictg: bool = attrs.field(kw_only=True, default=False, validator=is_bool)
    """Whether the child has an Independent Child Trafficking Guardian (a guardian in
    Scotland and Northern Ireland)."""
    ictg_invited: bool = attrs.field(kw_only=True, default=False, validator=is_bool)
    """Whether the ICTG service was invited to take part: the child's ICTG Direct Worker or
    the ICTG Regional Practice Coordinator (England and Wales, required at every pilot
    meeting); in Scotland and Northern Ireland, the child's guardian."""

    def __attrs_post_init__(self) -> None:
        ids = [member.member_id for member in self.members]
        if len(set(ids)) != len(ids):
            raise InvalidValueError(
                owner_name(self), "members", "member ids must be unique", code="duplicate-id"
            )
        if self.chair_id not in ids:
            raise InvalidValueError(
                owner_name(self), "chair_id", "must be the id of a member", code="unknown-chair"
            )

    @property
    def chair(self) -> PanelMember:
        """The member who chairs."""
        return next(member for member in self.members if member.member_id == self.chair_id)

    @property
    def roles(self) -> frozenset[PanelRole]:
        """Every role represented on the panel."""
        return frozenset(member.role for member in self.members)


DUPLICATE_ID = Code("duplicate-id", "Panel member ids repeat.")
UNKNOWN_CHAIR = Code("unknown-chair", "The chair is not a panel member.")
CONFLICT_OF_INTEREST = Code(
    "member-conflict-of-interest", "A panel member declared a conflict of interest.", group="panel"
)
CHAIR_IS_LEAD_SOCIAL_WORKER = Code(
    "chair-is-lead-social-worker", "The chair is the child's lead social worker.", group="panel"
)
ICTG_NOT_INVITED = Code("ictg-not-invited", "The child's ICTG was not invited.", group="panel")
BELOW_QUORUM = Code("panel-below-quorum", "Too few members can take part.", group="panel")

SAFEGUARDING_PARTNERS: tuple[PanelRole, ...] = (
    PanelRole.LOCAL_AUTHORITY_CHILDRENS_SOCIAL_CARE,
    PanelRole.HEALTH,
    PanelRole.POLICE,
)
"""The three statutory safeguarding partners every panel must include."""
MISSING_PARTNER = {
    role: Code(
        f"missing-{role.value}",
        f"No {role.value.replace('-', ' ')} member on the panel.",
        group="panel",
    )
    for role in SAFEGUARDING_PARTNERS
}
"""The code of each safeguarding partner missing from a panel."""

_PARTNERS = cite(
    MINISTER_EVIDENCE_2023,
    "HUM0120",
    P,
    "local authority, health and police as a minimum; also FR Guide 2025 §10, §12",
)
_CHAIR = cite(YJLC_2023, "summary of the pilot guidance", SECONDARY, "avoid conflict of interest")
_CONFLICT = cite(FR_GUIDE_2025, "§10", U, "conflict-of-interest rules not published")
_ICTG = cite(
    FR_GUIDE_2025,
    "§10",
    P,
    "the ICTG Direct Worker or ICTG Regional Practice Coordinator must be invited to all "
    "meetings and discussions that relate to the child",
)
_ICTG_SERVICE = frozenset({Nation.ENGLAND, Nation.WALES})
"""Where the ICTG service (and its Regional Practice Coordinators) runs the invitation rule."""
_GUARDIANS: dict[Nation, tuple[str, Citation]] = {
    Nation.ENGLAND: ("Independent Child Trafficking Guardian", _ICTG),
    Nation.WALES: ("Independent Child Trafficking Guardian", _ICTG),
    Nation.SCOTLAND: (
        "guardian (Scottish Guardianship Service)",
        cite(
            HTE_SCOTLAND_2015,
            "s.11",
            U,
            "the guardian's role is statutory; that the panel must invite them is applied by "
            "analogy with England and Wales",
        ),
    ),
    Nation.NORTHERN_IRELAND: (
        "Independent Guardian",
        cite(
            HTE_NI_2015,
            "s.21",
            U,
            "the guardian's role is statutory; that the panel must invite them is applied by "
            "analogy with England and Wales",
        ),
    ),
}
_HSC_TRUST = cite(
    FIND_A_GRANT_2025,
    "eligibility",
    P,
    "in Northern Ireland the HSC Trusts take the place of local authorities (and run health "
    "services): a Trust member stands for both partners",
)


def guardian(nation: Nation | None) -> tuple[str, Citation]:
    """The name of the child's independent guardian in ``nation``, and the rule.

    >>> from nrm_core import Nation
    >>> from nrm_core.panel import guardian
    >>> guardian(Nation.NORTHERN_IRELAND)[0]
    'Independent Guardian'
    """
    return _GUARDIANS[nation or Nation.ENGLAND]


@attrs.frozen
class PanelSubject:
    """What the panel rules read: the panel, the case it decides, the site's nation (``None``
    for a site not in the register) and the quorum rule in force."""

    panel: Panel
    case_id: str = attrs.field(kw_only=True)
    nation: Nation | None = attrs.field(kw_only=True)
    quorum: ParameterValue[int] = attrs.field(kw_only=True)

    @property
    def taking_part(self) -> list[PanelMember]:
        """The members without a declared conflict of interest on the case."""
        return [m for m in self.panel.members if self.case_id not in m.declared_conflicts]


def _no_conflicted_member(subject: PanelSubject) -> tuple[Finding, ...]:
    return tuple(
        Finding(
            CONFLICT_OF_INTEREST,
            message=f"member {member.member_id} ({member.role.value}) declared a conflict of "
            "interest on this case and cannot take part",
            citation=_CONFLICT,
            inputs=(("member_id", member.member_id),),
        )
        for member in subject.panel.members
        if subject.case_id in member.declared_conflicts
    )


def _partner_present(role: PanelRole) -> Callable[[PanelSubject], tuple[Finding, ...]]:
    def test(subject: PanelSubject) -> tuple[Finding, ...]:
        present = {member.role for member in subject.taking_part}
        if subject.nation is Nation.NORTHERN_IRELAND and PanelRole.HSC_TRUST in present:
            present |= {PanelRole.LOCAL_AUTHORITY_CHILDRENS_SOCIAL_CARE, PanelRole.HEALTH}
        if role in present:
            return ()
        return (
            Finding(
                MISSING_PARTNER[role],
                message=f"no {role.value.replace('-', ' ')} member (without a conflict of "
                "interest) is on the panel; the three safeguarding partners must each be "
                "represented",
                citation=_PARTNERS,
                inputs=(("role", role.value),),
            ),
        )

    return test


def _chair_not_lead_social_worker(subject: PanelSubject) -> tuple[Finding, ...]:
    panel = subject.panel
    if panel.lead_social_worker_id is None or panel.chair_id != panel.lead_social_worker_id:
        return ()
    return (
        Finding(
            CHAIR_IS_LEAD_SOCIAL_WORKER,
            message="the chair is the child's lead social worker",
            citation=_CHAIR,
            inputs=(("chair_id", panel.chair_id),),
        ),
    )


def _ictg_invited(subject: PanelSubject) -> tuple[Finding, ...]:
    panel, nation = subject.panel, subject.nation
    if not panel.ictg_invited and (nation or Nation.ENGLAND) in _ICTG_SERVICE:
        message = (
            "neither the child's Independent Child Trafficking Guardian (the ICTG Direct Worker) "
            "nor the ICTG Regional Practice Coordinator was invited: one of them must be invited "
            "to every pilot meeting"
            + ("" if panel.child_has_ictg else ", whether or not the child has an ICTG yet")
        )
        return (Finding(ICTG_NOT_INVITED, message=message, citation=_ICTG),)
    if panel.child_has_ictg and not panel.ictg_invited:
        name, rule = guardian(nation)
        article = "an" if name[0] in "AEIOU" else "a"
        message = f"the child has {article} {name} who was not invited"
        return (Finding(ICTG_NOT_INVITED, message=message, citation=rule),)
    return ()


def _quorate(subject: PanelSubject) -> tuple[Finding, ...]:
    members, quorum = len(subject.taking_part), subject.quorum.value
    if members >= quorum:
        return ()
    return (
        Finding(
            BELOW_QUORUM,
            message=f"{members} member(s) can take part; the quorum is {quorum}",
            citation=subject.quorum.citation,
            inputs=(("members", str(members)), ("quorum", str(quorum))),
        ),
    )


PANEL_CHECKS: CheckTable[PanelSubject] = CheckTable(
    [
        Check(
            CONFLICT_OF_INTEREST,
            summary=CONFLICT_OF_INTEREST.meaning,
            citation=_CONFLICT,
            test=_no_conflicted_member,
        ),
        *(
            Check(
                MISSING_PARTNER[role],
                summary=MISSING_PARTNER[role].meaning,
                citation=_PARTNERS,
                test=_partner_present(role),
            )
            for role in SAFEGUARDING_PARTNERS
        ),
        Check(
            CHAIR_IS_LEAD_SOCIAL_WORKER,
            summary=CHAIR_IS_LEAD_SOCIAL_WORKER.meaning,
            citation=_CHAIR,
            test=_chair_not_lead_social_worker,
        ),
        Check(
            ICTG_NOT_INVITED, summary=ICTG_NOT_INVITED.meaning, citation=_ICTG, test=_ictg_invited
        ),
        Check(BELOW_QUORUM, summary=BELOW_QUORUM.meaning, citation=None, test=_quorate),
    ]
)
"""The rules of a panel's constitution for one case, in order: conflicts of interest, the
three safeguarding partners, the chair, the ICTG's invitation, the quorum. Each check is
cited (the quorum's citation is the policy value's in force)."""


def check_panel(
    panel: Panel, case_id: str, on: dt.date, *, rules: Rules | None = None
) -> tuple[Finding, ...]:
    """Every problem with ``panel`` deciding case ``case_id`` on ``on`` (empty when it may):
    :data:`PANEL_CHECKS` explained.

    The quorum is the rules' ``panel_quorum`` in force on ``on`` in the site's
    nation (the bundled default is 3: an unverified default).
    """
    if not isinstance(panel, Panel):
        raise InvalidTypeError("check_panel", "panel", "expected a Panel")
    if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        raise InvalidTypeError("check_panel", "on", "expected a datetime.date")
    rules = resolve(rules, "check_panel")
    try:
        nation: Nation | None = rules.sites.get(panel.site_id).nation
    except KeyError:
        nation = None
    quorum = rules.policy.panel_quorum.at(on, nation)
    return PANEL_CHECKS.findings(PanelSubject(panel, case_id=case_id, nation=nation, quorum=quorum))


CODES: tuple[Code, ...] = (
    DUPLICATE_ID,
    UNKNOWN_CHAIR,
    CONFLICT_OF_INTEREST,
    CHAIR_IS_LEAD_SOCIAL_WORKER,
    ICTG_NOT_INVITED,
    BELOW_QUORUM,
    *MISSING_PARTNER.values(),
)
"""The codes this module declares (listed in the catalogue, :mod:`nrm_core.io.catalogue`)."""
