"""docs/hub.md documents every entity's fields and key, exactly as the schemas declare them."""

from __future__ import annotations

from pathlib import Path

from hub.docs import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "hub.md"


def test_the_entity_reference_in_docs_hub_md_is_up_to_date():
    # if this fails: python -m hub.docs, and paste its output over the section in docs/hub.md
    assert render() in DOC.read_text()
