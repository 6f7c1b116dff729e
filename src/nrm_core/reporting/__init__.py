"""Figures about cases: the reporting layer.

* :mod:`nrm_core.reporting.stats`: waiting times and outcomes with their definitions and
  small-number protection;
* :mod:`nrm_core.reporting.plots`: charts (needs the ``plot`` extra);
* :mod:`nrm_core.reporting.sheets`: spreadsheets in the GSS layout (needs the ``sheets``
  extra to write);
* :mod:`nrm_core.reporting.synthetic`: seeded synthetic (fictional) cases.

It builds on the domain and :mod:`nrm_core.io` layers, never the other way round.

>>> from nrm_core.reporting.stats import SUPPRESSED
>>> SUPPRESSED
'[c]'
"""

__all__: list[str] = []
