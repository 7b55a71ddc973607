"""The README's layout section names every module of the package and of the page, so a
module added without a word there fails here."""

from __future__ import annotations

from .conftest import ROOT


def test_the_layout_names_every_module() -> None:
    readme = (ROOT / "README.md").read_text()
    layout = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    package = ROOT / "functions" / "planettracker"
    modules = [
        path
        for folder in ("core", "http", "doors", "client")
        for path in (package / folder).glob("*.py")
        if path.name != "__init__.py"
    ] + list((ROOT / "site" / "js").glob("*.js"))
    assert len(modules) > 40
    assert [path.name for path in modules if path.name not in layout] == []
