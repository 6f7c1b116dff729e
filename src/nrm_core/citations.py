"""Where a rule comes from, and how sure we are of it (the names now live in
:mod:`nrm_core.checks`).

Deprecated module, kept for one release: :class:`Citation`, :class:`Confidence` and
:class:`Source` are :mod:`nrm_core.checks`'s, and ``Reason`` is the older name of
:class:`~nrm_core.checks.Finding` (one explained result of a check).

Building a ``Reason`` warns (``DeprecationWarning``) and gives a
:class:`~nrm_core.checks.Finding`, whose ``repr`` reads ``Finding(...)``; every finding is
an instance of ``Reason``.

>>> import warnings
>>> from nrm_core.citations import Reason
>>> from nrm_core.checks import Finding
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     reason = Reason("moved", message="moved away")
...
>>> caught[0].category.__name__
'DeprecationWarning'
>>> reason == Finding("moved", message="moved away"), isinstance(reason, Reason)
(True, True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nrm_core._deprecated import alias
from nrm_core.checks import Citation, Confidence, Finding, Source

if TYPE_CHECKING:
    Reason = Finding
else:
    Reason = alias(
        "Reason",
        Finding,
        "use nrm_core.checks.Finding (the same fields; its repr reads Finding(...))",
        module=__name__,
    )

__all__ = ["Citation", "Confidence", "Reason", "Source"]
