"""``python -m nrm_core`` runs the ``nrm-core`` command."""

from nrm_core.cli import run

if __name__ == "__main__":
    run()
