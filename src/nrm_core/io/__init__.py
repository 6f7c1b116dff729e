"""Reading and writing case data: the interchange layer.

* :mod:`nrm_core.io.interchange`: the JSON form of every public value
  (:func:`~nrm_core.io.interchange.to_json`, :func:`~nrm_core.io.interchange.from_json`);
* :mod:`nrm_core.io.schema`: the JSON Schema of the case format;
* :mod:`nrm_core.io.readers`: JSON, JSON Lines and CSV files, record by record;
* :mod:`nrm_core.io.validation`: every problem in a record, checked against the rules;
* :mod:`nrm_core.io.catalogue`: every problem code the library reports.

This layer builds on the domain modules and never the other way round (an
import-linter contract checks it).

>>> from nrm_core.io.interchange import FORMAT_VERSION
>>> FORMAT_VERSION
2
"""

__all__: list[str] = []
