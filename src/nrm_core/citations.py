"""Where a rule comes from, and how sure we are of it (the names now live in
:mod:`nrm_core.checks`).

Deprecated module, kept for one release: :class:`Citation`, :class:`Confidence` and
:class:`Source` are :mod:`nrm_core.checks`'s, and ``Reason`` is the older name of
:class:`~nrm_core.checks.Finding` (one explained result of a check).

>>> from nrm_core.citations import Citation, Reason
>>> from nrm_core.checks import Finding
>>> Reason is Finding
True
"""

from __future__ import annotations

from nrm_core.checks import Citation, Confidence, Source
from nrm_core.checks import Finding as Reason

__all__ = ["Citation", "Confidence", "Reason", "Source"]
