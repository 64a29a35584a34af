"""The OpenAPI schema and the interactive docs."""

import re

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker, tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "schema.yaml"
    with django_db_blocker.unblock():
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text())


def test_schema_validates_without_warnings(schema):
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/relationships/{key}/" in schema["paths"]


def test_every_parameter_has_a_description_and_an_example(schema):
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                has_example = "example" in parameter["schema"] or "examples" in parameter
                if not parameter.get("description") or not has_example:
                    missing.append(f"{method.upper()} {path} {parameter['name']}")
    assert missing == []


def _is_reference(prop):
    return "$ref" in prop or "allOf" in prop or "$ref" in prop.get("items", {})


def test_every_field_has_a_description_and_an_example(schema):
    missing = []
    for name, component in schema["components"]["schemas"].items():
        for field, prop in component.get("properties", {}).items():
            if not prop.get("description") or not (_is_reference(prop) or "example" in prop):
                missing.append(f"{name}.{field}")
    assert missing == []


def test_lists_document_csv(schema):
    levels = schema["paths"]["/api/v1/levels/"]["get"]["responses"]["200"]["content"]
    assert set(levels) == {"application/json", "text/csv"}


def test_schema_and_docs_are_served_without_a_cdn(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', docs.content.decode())
    assert sources and all(source.startswith("/") for source in sources), sources


def test_docs_say_they_need_javascript_and_link_the_schema_when_scripts_do_not_run(client):
    page = client.get("/api/docs/").content.decode()
    notice = page[page.index("<noscript>") : page.index("</noscript>")]
    assert "needs JavaScript" in notice
    links = re.findall(r'href="([^"]+)"', notice)
    assert "/api/schema/" in links
    assert all(client.get(link).status_code == 200 for link in links)
