"""Import keeps every good row and reports every bad row by line, in both formats."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hub.importing import ImportFileError, import_records
from hub.models import Record
from tests.hub.factories import valid

pytestmark = pytest.mark.django_db


def jsonl(*rows) -> str:
    return "\n".join(row if isinstance(row, str) else json.dumps(row) for row in rows) + "\n"


MIXED_JSONL = jsonl(
    valid("product", sku="GOOD-1"),
    {"sku": "BAD-1", "names": {"en": "No unit"}},
    "{not json",
    "",
    valid("product", sku="GOOD-2"),
    ["a", "list"],
    valid("product", sku="GOOD-3", weight={"value": 1.5, "unit": "kg"}),
    valid("product", sku="GOOD-4"),
)


def failures(report) -> dict[int, dict[str, str]]:
    return {f.line: {e.path: e.message for e in f.errors} for f in report.failures}


def test_jsonl_keeps_every_good_row_and_reports_every_bad_one_by_line():
    report = import_records("product", MIXED_JSONL.encode(), "jsonl")
    assert sorted(Record.objects.values_list("key", flat=True)) == ["GOOD-1", "GOOD-2", "GOOD-4"]
    assert (report.rows, report.created, report.failed) == (7, 3, 4)
    assert failures(report) == {
        2: {"primary_unit": "is required"},
        3: {"": "not valid JSON: Expecting property name enclosed in double quotes (column 2)"},
        6: {"": "each line must be one JSON object {...}"},
        7: {
            "weight.value": 'must be a decimal written as text, like "1.5"; '
            "floating-point numbers lose cents"
        },
    }


def test_importing_the_same_file_again_changes_nothing():
    import_records("product", MIXED_JSONL, "jsonl")
    report = import_records("product", MIXED_JSONL, "jsonl")
    assert (report.created, report.updated, report.unchanged, report.failed) == (0, 0, 3, 4)
    assert set(Record.objects.values_list("version", flat=True)) == {1}


MIXED_CSV = (
    "\ufeffsku,names.en,names.de,primary_unit.code,primary_unit.precision,status,"
    "attributes.color,variants,type,weight.value,weight.unit\n"
    "CSV-1,Chair,Stuhl,item,0,enabled,black,,,12.5,kg\n"
    "CSV-2,Table,,item,two,enabled,,,,,oz\n"
    'CSV-3,"Desk, large",,set,1,disabled,"[""oak"",""walnut""]",,,,\n'
    "CSV-4,Bench,,item,0,archived,,,,,\n"
    "\n"
    'CSV-5,"Two-line\nname",,item,0,,,"[""CSV-5-RED"",""CSV-5-BLUE""]",configurable,,\n'
    "CSV-6,Lamp,,item,0,,,[oops,configurable,,\n"
    "CSV-7,Stool,,item,,,,CSV-7-A,configurable,,\n"
)


def test_csv_dotted_columns_json_cells_and_line_numbers():
    report = import_records("product", MIXED_CSV.encode(), "csv")
    assert failures(report) == {
        3: {
            "primary_unit.precision": '"two" is not a whole number',
            "weight.value": "is required",
        },
        5: {"status": '"archived" is not allowed; use one of enabled, disabled'},
        9: {"variants": "is not valid JSON: Expecting value"},
    }
    assert sorted(Record.objects.values_list("key", flat=True)) == [
        "CSV-1",
        "CSV-3",
        "CSV-5",
        "CSV-7",
    ]
    one = Record.objects.get(key="CSV-1").data
    assert one["names"] == {"en": "Chair", "de": "Stuhl"}
    assert one["primary_unit"] == {"code": "item", "precision": 0}
    assert one["weight"] == {"value": "12.5", "unit": "kg"}
    assert one["attributes"] == {"color": "black"}
    assert Record.objects.get(key="CSV-3").data["attributes"] == {"color": ["oak", "walnut"]}
    assert Record.objects.get(key="CSV-5").data["variants"] == ["CSV-5-RED", "CSV-5-BLUE"]
    assert Record.objects.get(key="CSV-7").data["variants"] == ["CSV-7-A"]
    assert (report.rows, report.created, report.failed) == (7, 4, 3)


def test_csv_booleans_and_lists_of_codes():
    text = 'name,currencies,active\nRetail,"USD, EUR",no\nTrade,["GBP"],maybe\n'
    report = import_records("price_list", text, "csv")
    assert failures(report) == {3: {"active": '"maybe" is not true or false'}}
    assert Record.objects.get().data == {
        "name": "Retail",
        "currencies": ["USD", "EUR"],
        "active": False,
    }


def test_csv_row_with_too_many_cells_is_reported():
    report = import_records("customer_group", "name\nWholesale\nRetail,extra\n", "csv")
    assert failures(report) == {3: {"": "the row has 2 cells; the header names 1"}}
    assert Record.objects.get().key == "Wholesale"


def test_orders_import_under_their_origin_subscription():
    report = import_records(
        "order", jsonl(valid("order", number="9")), "jsonl", origin_subscription_id=5
    )
    assert report.ok
    assert Record.objects.get().key == "5:9"


def test_files_that_cannot_be_read_at_all_are_refused_with_a_reason():
    with pytest.raises(ImportFileError, match="header is not UTF-8"):
        import_records("product", b"sk\xffu\nA\n", "csv")
    with pytest.raises(ImportFileError, match="empty"):
        import_records("product", b"", "csv")
    with pytest.raises(ImportFileError, match="appear twice: sku"):
        import_records("product", "sku,sku\nA,B\n", "csv")
    with pytest.raises(ImportFileError, match="unknown format"):
        import_records("product", "", "xml")


def test_a_line_that_is_not_utf8_fails_alone_in_both_formats():
    good = json.dumps(valid("product", sku="OK-1")).encode()
    body = (
        good + b"\n" + b'{"sku": "caf\xe9"}\n' + json.dumps(valid("product", sku="OK-2")).encode()
    )
    report = import_records("product", body, "jsonl")
    assert failures(report) == {2: {"": "this line is not UTF-8 text; save the file as UTF-8"}}
    csv_body = b"name\nWholesale\nRetail \xe9\nTrade\n"
    report = import_records("customer_group", csv_body, "csv")
    assert failures(report) == {3: {"": "this line is not UTF-8 text; save the file as UTF-8"}}
    keys = sorted(Record.objects.values_list("key", flat=True))
    assert keys == ["OK-1", "OK-2", "Trade", "Wholesale"]


def test_the_report_lists_every_bad_row_with_its_errors():
    report = import_records("product", MIXED_JSONL, "jsonl")
    assert report.lines()[:3] == [
        "7 rows of product: 3 created, 0 updated, 0 unchanged, 4 failed",
        "line 2:",
        "  primary_unit: is required",
    ]


# -- the management command ---------------------------------------------------------------


def test_command_imports_and_exits_zero_when_every_row_is_good(tmp_path, capsys):
    path = tmp_path / "groups.csv"
    path.write_text("name\nWholesale\nRetail\n")
    call_command("import_records", "customer_group", str(path))
    assert capsys.readouterr().out.strip() == (
        "2 rows of customer_group: 2 created, 0 updated, 0 unchanged, 0 failed"
    )
    assert Record.objects.count() == 2


def test_command_prints_the_report_and_exits_one_when_a_row_failed(tmp_path, capsys):
    path = tmp_path / "products.jsonl"
    path.write_text(MIXED_JSONL)
    with pytest.raises(CommandError) as caught:
        call_command("import_records", "product", str(path), "--format", "jsonl")
    assert caught.value.returncode == 1
    assert "4 of 7 rows failed" in str(caught.value)
    out = capsys.readouterr().out
    assert "line 2:\n  primary_unit: is required" in out
    assert "line 6:" in out
    assert Record.objects.count() == 3


def test_command_takes_the_origin_subscription(tmp_path):
    path = tmp_path / "orders.jsonl"
    path.write_text(jsonl(valid("order", number="77")))
    call_command("import_records", "order", str(path), "--origin-subscription", "12")
    assert Record.objects.get().key == "12:77"


def test_command_refuses_an_unknown_format_or_missing_file(tmp_path):
    path = tmp_path / "products.txt"
    path.write_text("")
    with pytest.raises(CommandError, match="pass --format"):
        call_command("import_records", "product", str(path))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_records", "product", str(tmp_path / "missing.csv"))
