import inspect

import nrm_core


def test_all_is_sorted_static_and_complete():
    assert list(nrm_core.__all__) == sorted(nrm_core.__all__, key=lambda n: (not n.isupper(), n))
    for name in nrm_core.__all__:
        assert hasattr(nrm_core, name), name


def test_every_public_callable_and_class_has_a_docstring():
    missing = []
    for name in nrm_core.__all__:
        obj = getattr(nrm_core, name)
        if (inspect.isclass(obj) or inspect.isfunction(obj)) and not inspect.getdoc(obj):
            missing.append(name)
    assert missing == []


def test_version():
    assert nrm_core.__version__.count(".") >= 2


def test_errors_share_one_base():
    for name in nrm_core.__all__:
        obj = getattr(nrm_core, name)
        if inspect.isclass(obj) and issubclass(obj, Exception):
            assert issubclass(obj, nrm_core.NrmError), name
