"""Mapping templates run in a locked-down engine: no tags or filters beyond the allow-list, no
attribute walks, no method calls, no escaping; a missing field is an error naming it; each
template compiles once per collection."""

from __future__ import annotations

import pytest

from mappings import templating
from mappings.engine import TEMPLATE, CollectionInvalid, FieldSpec, compile_collection
from mappings.templating import TemplateProblem, compile_template

RECORD = {
    "sku": "chair-1",
    "name": "Tom & Jerry <b>",
    "lines": [{"sku": "a"}, {"sku": "b"}],
    "names": {"en": "Chair"},
    "brand": None,
}


def render(source, record=RECORD):
    return compile_template(source).render(record)


def test_plain_values_filters_and_loops():
    assert render("{{ record.sku|upper }}") == "CHAIR-1"
    assert (
        render(
            "{% for l in record.lines %}{{ l.sku }}"
            "{% if not forloop.last %},{% endif %}{% endfor %}"
        )
        == "a,b"
    )
    assert render("{{ record.lines.1.sku }}") == "b"
    assert render("{% with n=record.names.en %}{{ n|lower }}{% endwith %}") == "chair"
    assert render("{% firstof record.nope record.sku %}") == "chair-1"


def test_no_autoescape():
    assert render("{{ record.name }}") == "Tom & Jerry <b>"


def test_a_missing_field_is_an_error_naming_it():
    with pytest.raises(TemplateProblem, match=r"no such field: record\.colour"):
        render("{{ record.colour }}")


def test_default_covers_a_missing_field():
    assert render('{{ record.colour|default:"black" }}') == "black"
    assert render("{% if record.colour %}x{% else %}y{% endif %}") == "y"


@pytest.mark.parametrize(
    "source, words",
    [
        ("{% debug %}", "the tag {% debug %} is not available"),
        ("{% load static %}", "the tag {% load %} is not available"),
        ('{% include "admin/base.html" %}', "the tag {% include %} is not available"),
        ("{% now 'Y' %}", "the tag {% now %} is not available"),
        ('{% extends "x.html" %}', "the tag {% extends %} is not available"),
        ("{% csrf_token %}", "not available"),
        ("{{ record.__class__ }}", "may not begin with underscores"),
        ("{{ record._meta }}", "templates cannot reach Python internals"),
        ("{{ record.sku|safe }}", "Invalid filter: 'safe'"),
        ("{{ record.sku|pprint }}", "Invalid filter: 'pprint'"),
        ("{{ recrod.sku }}", "unknown name recrod"),
        ("{{ settings.SECRET_KEY }}", "unknown name settings"),
        ("   ", "empty"),
    ],
)
def test_dangerous_or_unknown_constructs_fail_to_compile(source, words):
    with pytest.raises(TemplateProblem) as caught:
        compile_template(source)
    assert words in str(caught.value)


@pytest.mark.parametrize(
    "source",
    [
        "{{ record.items }}",  # dict.items would be called by Django's own lookup
        "{{ record.lines.clear }}",  # and this would empty the list
        "{{ record.sku.upper }}",  # method calls on values
        "{{ record.sku.__len__ }}",
        "{{ record.objects }}",
        "{{ record.lines.9.sku }}",
    ],
)
def test_attribute_walks_and_method_calls_find_nothing(source):
    record = {"sku": "chair-1", "lines": [{"sku": "a"}]}
    try:
        compile_template(source).render(record)
    except TemplateProblem as problem:
        assert "no such field" in str(problem) or "underscores" in str(problem)
    else:
        pytest.fail(f"{source} rendered")
    assert record == {"sku": "chair-1", "lines": [{"sku": "a"}]}  # nothing was mutated


def test_a_model_instance_in_the_data_is_not_walked():
    class Sneaky:
        objects = "the manager"

        def delete(self):
            raise AssertionError("called")

    with pytest.raises(TemplateProblem, match="no such field"):
        compile_template("{{ record.x.delete }}{{ record.x.objects }}").render({"x": Sneaky()})


def test_the_engine_has_only_the_allow_listed_library():
    engine = templating.engine()
    assert engine.builtins == ["mappings.template_library"]
    assert engine.libraries == {}
    assert engine.loaders == []
    assert engine.autoescape is False
    tags = set(engine.template_builtins[0].tags)
    assert tags == {"if", "for", "with", "firstof", "comment"}


def test_each_template_compiles_once_per_collection(monkeypatch):
    calls = []
    original = templating.MappingEngine.from_string

    def counting(self, source):
        calls.append(source)
        return original(self, source)

    monkeypatch.setattr(templating.MappingEngine, "from_string", counting)
    plan = compile_collection(
        [
            FieldSpec("a", kind=TEMPLATE, template="{{ record.sku }}"),
            FieldSpec("b", kind=TEMPLATE, template="{{ record.names.en }}"),
        ]
    )
    for index in range(50):
        assert plan.render({"sku": str(index), "names": {"en": "x"}}).document["a"] == str(index)
    assert len(calls) == 2


def test_a_bad_template_names_its_field_when_the_collection_compiles():
    with pytest.raises(CollectionInvalid) as caught:
        compile_collection([FieldSpec("slug", kind=TEMPLATE, template="{% debug %}")])
    [error] = caught.value.errors
    assert error.field == "slug"
    assert "template: the tag {% debug %} is not available" in error.message


def test_a_missing_field_at_render_time_names_the_target_too():
    plan = compile_collection([FieldSpec("slug", kind=TEMPLATE, template="{{ record.handle }}")])
    [error] = plan.render({"sku": "x"}).errors
    assert error.field == "slug"
    assert "no such field: record.handle" in error.message
