"""Every problem code nrm_core can report, generated from where the codes are raised.

Each module registers the codes it raises (the lifecycle's guards, the panel
checks, the readers, the shape and domain checks); :data:`ERROR_CODES` is that
register once every module is loaded, so the catalogue cannot miss a code.

>>> from nrm_core.io.catalogue import ERROR_CODES
>>> ERROR_CODES[0].code, ERROR_CODES[0].severity.value
('invalid-json', 'error')
>>> len({info.code for info in ERROR_CODES}) == len(ERROR_CODES)
True
"""

from __future__ import annotations

import importlib

from nrm_core._codes import CodeInfo, registered

# Loading every module that raises problem codes registers them (where they are raised).
for _module in (
    "nrm_core.io._json",
    "nrm_core.io.readers",
    "nrm_core.io.migrate",
    "nrm_core.io.interchange",
    "nrm_core.io.validation",
    "nrm_core.referral",
    "nrm_core.authority",
    "nrm_core.decision",
    "nrm_core.lifecycle",
    "nrm_core.panel",
    "nrm_core.io.home_office",
):
    importlib.import_module(_module)

__all__ = ["ERROR_CODES", "CodeInfo"]

ERROR_CODES: tuple[CodeInfo, ...] = registered()
"""Every problem code the validator can report: file and format codes first, then the
domain's (record checks, the lifecycle's guards, panel checks). Listed, with real
messages, on the generated problem-codes reference page.

:meta hide-value:
"""
