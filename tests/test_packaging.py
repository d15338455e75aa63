"""pyproject.toml: the install prints no setuptools licence deprecation warning."""

import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def test_licence_is_an_spdx_expression_setuptools_reads_without_warning():
    """A table (``{text = ...}``) is deprecated since setuptools 77; a string is the form
    PEP 639 settled on, and the build asks for a setuptools that knows it."""
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    assert isinstance(config["project"]["license"], str)
    assert "setuptools>=77" in config["build-system"]["requires"]
