"""Field paths: parsing, reading (nested, lists, indexes) and writing into a document."""

from __future__ import annotations

import copy
import pickle

import pytest

from mappings.paths import MISSING, PathError, parse, reader, write

DATA = {"a": {"b": 1}, "lines": [{"sku": "x", "tags": ["t1", "t2"]}, {"sku": "y", "tags": []}]}


@pytest.mark.parametrize(
    "path, expected",
    [
        ("a.b", 1),
        ("a.c", MISSING),
        ("lines[1].sku", "y"),
        ("lines[5].sku", MISSING),
        ("lines[].sku", ["x", "y"]),
        ("lines[].tags[]", [["t1", "t2"], []]),
        ("nothing[].sku", MISSING),
    ],
)
def test_read(path, expected):
    assert reader(parse(path))(DATA) == expected


@pytest.mark.parametrize("text", ["", "a..b", "a.[0]", "a b", "1a", "a[x]"])
def test_malformed_paths_are_refused(text):
    with pytest.raises(PathError):
        parse(text)


def test_reading_through_the_wrong_shape_names_it():
    with pytest.raises(PathError, match=r"a\.b is not an object"):
        reader(parse("a.b.c"))(DATA)
    with pytest.raises(PathError, match="a is not a list"):
        reader(parse("a[]"))(DATA)


def test_write_nested_objects_and_list_items():
    document: dict = {}
    write(document, parse("unit.code"), "item")
    write(document, parse("lines[].sku"), ["x", "y"])
    write(document, parse("lines[].qty"), [1, MISSING])
    write(document, parse("kits[].products"), [["a", "b"]])
    write(document, parse("first[0].sku"), "z")
    assert document == {
        "unit": {"code": "item"},
        "lines": [{"sku": "x", "qty": 1}, {"sku": "y"}],
        "kits": [{"products": ["a", "b"]}],
        "first": [{"sku": "z"}],
    }


def test_writing_a_single_value_over_a_list_is_refused():
    with pytest.raises(PathError, match=r"\[\] needs a list"):
        write({}, parse("lines[].sku"), "x")


def test_the_missing_marker_survives_copies():
    # The engine deep-copies a rendered list before writing it; a copied marker must still be
    # the marker, or a line without a name gets a bogus value instead of no name.
    assert copy.deepcopy([MISSING])[0] is MISSING
    assert copy.copy(MISSING) is MISSING
    assert pickle.loads(pickle.dumps(MISSING)) is MISSING
    document: dict = {}
    write(document, parse("lines[].name"), copy.deepcopy([MISSING, "Chair"]))
    assert document == {"lines": [{}, {"name": "Chair"}]}
