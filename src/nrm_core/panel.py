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
on the case cannot take part; the child's ICTG, where the child has one, must
have been invited (FR Guide 2025 §10); the panel must reach the quorum in the
policy (a documented default: brief Q13).

>>> from nrm_core import Panel, PanelMember, PanelRole
>>> panel = Panel(
...     site_id="P1-01",
...     members=(
...         PanelMember("M1", PanelRole.LOCAL_AUTHORITY_CHILDRENS_SOCIAL_CARE, "Cardiff Council"),
...         PanelMember("M2", PanelRole.POLICE, "South Wales Police"),
...         PanelMember("M3", PanelRole.HEALTH, "Cardiff and Vale UHB"),
...     ),
...     chair_id="M1",
...     ictg_invited=True,
... )
>>> sorted(role.value for role in panel.roles)
['health', 'local-authority-childrens-social-care', 'police']
>>> check_panel(panel, "R-1")
()
>>> [r.code for r in check_panel(attrs.evolve(panel, lead_social_worker_id="M1"), "R-1")]
['chair-is-lead-social-worker']
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from nrm_core._sources import (
    FR_GUIDE_2025,
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
from nrm_core.citations import Reason
from nrm_core.errors import InvalidValueError
from nrm_core.policy import DEFAULT_POLICY, PILOT_START

__all__ = ["SAFEGUARDING_PARTNERS", "Panel", "PanelMember", "PanelRole", "check_panel"]


class PanelRole(enum.Enum):
    """The agency a panel member represents. The chair is named by :attr:`Panel.chair_id`."""

    LOCAL_AUTHORITY_CHILDRENS_SOCIAL_CARE = "local-authority-childrens-social-care"
    POLICE = "police"
    HEALTH = "health"
    EDUCATION = "education"
    YOUTH_JUSTICE = "youth-justice"
    OTHER = "other"


@attrs.frozen
class PanelMember:
    """A professional on a panel, by pseudonymous staff reference.

    ``declared_conflicts`` lists the case (referral) ids the member has
    declared a conflict of interest on.
    """

    member_id: str = attrs.field(validator=identifier)
    role: PanelRole = attrs.field(validator=enum_member(PanelRole))
    organisation: str = attrs.field(validator=non_empty_str)
    declared_conflicts: frozenset[str] = attrs.field(
        default=frozenset(), converter=to_frozenset, validator=frozenset_of(str, "a case id")
    )


@attrs.frozen
class Panel:
    """The panel convened for a case's decision."""

    site_id: str = attrs.field(validator=identifier)
    members: tuple[PanelMember, ...] = attrs.field(
        converter=to_tuple, validator=tuple_of(PanelMember, "a PanelMember", non_empty=True)
    )
    chair_id: str = attrs.field(validator=identifier)
    lead_social_worker_id: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(identifier)
    )
    child_has_ictg: bool = attrs.field(default=False, validator=is_bool)
    """Whether the child has an Independent Child Trafficking Guardian."""
    ictg_invited: bool = attrs.field(default=False, validator=is_bool)
    """Whether the child's ICTG was invited to take part."""

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


SAFEGUARDING_PARTNERS: tuple[PanelRole, ...] = (
    PanelRole.LOCAL_AUTHORITY_CHILDRENS_SOCIAL_CARE,
    PanelRole.HEALTH,
    PanelRole.POLICE,
)
"""The three statutory safeguarding partners every panel must include."""

_PARTNERS = cite(
    MINISTER_EVIDENCE_2023,
    "HUM0120",
    P,
    "local authority, health and police as a minimum; also FR Guide 2025 §10, §12",
)
_CHAIR = cite(YJLC_2023, "summary of the pilot guidance", SECONDARY, "avoid conflict of interest")
_CONFLICT = cite(FR_GUIDE_2025, "§10", U, "conflict-of-interest rules not published (brief Q13)")
_ICTG = cite(FR_GUIDE_2025, "§10", P, "the ICTG must be invited to all meetings")
_QUORUM = cite(MINISTER_EVIDENCE_2023, "HUM0120", U, "quorum not published (brief Q13)")


def check_panel(
    panel: Panel,
    case_id: str,
    *,
    on: dt.date | None = None,
    quorum: int | None = None,
) -> tuple[Reason, ...]:
    """Every problem with ``panel`` deciding case ``case_id`` (empty when it may decide).

    ``quorum`` defaults to the policy's ``panel_quorum`` on ``on`` (or today's
    default value, 3, when ``on`` is not given).
    """
    if quorum is None:
        quorum = DEFAULT_POLICY.panel_quorum.value_at(on or PILOT_START)
    problems: list[Reason] = []
    conflicted = [m for m in panel.members if case_id in m.declared_conflicts]
    taking_part = [m for m in panel.members if case_id not in m.declared_conflicts]
    for member in conflicted:
        problems.append(
            Reason(
                "member-conflict-of-interest",
                f"member {member.member_id} ({member.role.value}) declared a conflict of interest "
                "on this case and cannot take part",
                _CONFLICT,
                (("member_id", member.member_id),),
            )
        )
    present = {member.role for member in taking_part}
    for role in SAFEGUARDING_PARTNERS:
        if role not in present:
            problems.append(
                Reason(
                    f"missing-{role.value}",
                    f"no {role.value.replace('-', ' ')} member (without a conflict of interest) "
                    "is on the panel; the three safeguarding partners must each be represented",
                    _PARTNERS,
                    (("role", role.value),),
                )
            )
    if panel.lead_social_worker_id is not None and panel.chair_id == panel.lead_social_worker_id:
        problems.append(
            Reason(
                "chair-is-lead-social-worker",
                "the chair is the child's lead social worker",
                _CHAIR,
                (("chair_id", panel.chair_id),),
            )
        )
    if panel.child_has_ictg and not panel.ictg_invited:
        problems.append(
            Reason(
                "ictg-not-invited",
                "the child has an Independent Child Trafficking Guardian who was not invited",
                _ICTG,
            )
        )
    if len(taking_part) < quorum:
        problems.append(
            Reason(
                "panel-below-quorum",
                f"{len(taking_part)} member(s) can take part; the quorum is {quorum}",
                _QUORUM,
                (("members", str(len(taking_part))), ("quorum", str(quorum))),
            )
        )
    return tuple(problems)
