"""scripts/make_test_pdfs.py: a missing font is an ordinary failure, not the end of the run."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def generator():
    spec = importlib.util.spec_from_file_location(
        "make_test_pdfs", ROOT / "scripts" / "make_test_pdfs.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_missing_font_raises_file_not_found_naming_the_package(generator, tmp_path, monkeypatch):
    """Without fonts-liberation the generator raises FileNotFoundError (pytest reports a
    failed test) and says which Debian package to install."""
    monkeypatch.setattr(generator, "FONT_DIR", tmp_path)
    with pytest.raises(FileNotFoundError, match="apt-get install fonts-liberation"):
        generator.register_fonts()


def test_fonts_register_where_system_deps_installs_them(generator):
    """scripts/system-deps.sh test installs the fonts the generator reads."""
    deps = (ROOT / "scripts" / "system-deps.sh").read_text(encoding="utf-8")
    assert "fonts-liberation" in deps
    assert str(generator.FONT_DIR) in deps
    generator.register_fonts()
