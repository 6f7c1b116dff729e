"""The multi-agency panel that makes a pilot site's decisions.

A :class:`Panel` is the panel convened for one case's decision (at one or more
meetings): its members (each with a role and organisation), the member who
chairs, the child's lead social worker (so conflicts of interest can be
checked) and whether the child's Independent Child Trafficking Guardian (ICTG)
was invited.

Minimum membership: the three safeguarding partners (local authority, health
and police) must be represented (ministerial evidence HUM0120, 2023; FR Guide
2025 §10, §12). The checks themselves live with the routing rules.

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
"""

from __future__ import annotations

import enum

import attrs

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
from nrm_core.errors import InvalidValueError

__all__ = ["Panel", "PanelMember", "PanelRole"]


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
    ictg_invited: bool = attrs.field(default=False, validator=is_bool)

    def __attrs_post_init__(self) -> None:
        ids = [member.member_id for member in self.members]
        if len(set(ids)) != len(ids):
            raise InvalidValueError(owner_name(self), "members", "member ids must be unique")
        if self.chair_id not in ids:
            raise InvalidValueError(owner_name(self), "chair_id", "must be the id of a member")

    @property
    def chair(self) -> PanelMember:
        """The member who chairs."""
        return next(member for member in self.members if member.member_id == self.chair_id)

    @property
    def roles(self) -> frozenset[PanelRole]:
        """Every role represented on the panel."""
        return frozenset(member.role for member in self.members)
