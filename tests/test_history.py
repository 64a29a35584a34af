"""History that cannot be bypassed, readable diffs, restore, deleted records, and no lost updates."""

import pghistory
import pytest
from django.urls import reverse

from partnerships.models import LevelPeriod, LevelPeriodCitation
from sources.models import Source
from tests.factories import LevelPeriodCitationFactory, LevelPeriodFactory, SourceFactory

pytestmark = pytest.mark.django_db


def source_form(source, **changes):
    data = {
        "url": source.url,
        "title": source.title,
        "publisher": source.publisher,
        "author": source.author,
        "kind": source.kind,
        "language": source.language,
        "published_on": source.published,
        "version": source.version,
        "change_reason": "",
    }
    data.update(changes)
    return data


def events_of(obj):
    return list(type(obj).pgh_event_model.objects.filter(pgh_obj_id=obj.pk).order_by("pgh_id"))


def test_admin_edit_is_recorded_with_user_reason_and_diff(admin_client, admin_user):
    source = SourceFactory(title="Old title")
    url = reverse("admin:sources_source_change", args=[source.pk])
    response = admin_client.post(
        url, source_form(source, title="New title", change_reason="typo in headline")
    )
    assert response.status_code == 302
    update = events_of(source)[-1]
    assert (update.pgh_label, update.title) == ("update", "New title")
    assert update.pgh_context.metadata["user"] == admin_user.pk
    assert update.pgh_context.metadata["reason"] == "typo in headline"
    page = admin_client.get(reverse("admin:sources_source_history", args=[source.pk])).content.decode()
    assert "<del>Old title</del> → <ins>New title</ins>" in page
    assert "typo in headline" in page and admin_user.username in page


def test_bulk_updates_and_commands_cannot_bypass_history():
    sources = SourceFactory.create_batch(3, publisher="Xinhua")
    with pghistory.context(command="import_dataset"):
        Source.objects.filter(publisher="Xinhua").update(publisher="Xinhua News Agency")
    for source in sources:
        last = events_of(source)[-1]
        assert (last.publisher, last.pgh_context.metadata["command"]) == (
            "Xinhua News Agency",
            "import_dataset",
        )


def test_restoring_a_version_puts_the_values_back_and_is_recorded(admin_client):
    source = SourceFactory(title="First")
    first_event = events_of(source)[0]
    source.title = "Second"
    source.save()
    response = admin_client.post(
        reverse("admin:sources_source_restore", args=[source.pk, first_event.pgh_id])
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "First"
    restore_event = events_of(source)[-1]
    assert restore_event.pgh_context.metadata["reason"].startswith("restored the version of")


def test_deleted_level_is_listed_and_restored_with_its_citations(admin_client):
    citation = LevelPeriodCitationFactory(quote="elevated ties")
    period = citation.level_period
    response = admin_client.post(
        reverse("admin:partnerships_levelperiod_delete", args=[period.pk]), {"post": "yes"}
    )
    assert response.status_code == 302 and not LevelPeriod.objects.exists()
    deleted_page = admin_client.get(reverse("admin:partnerships_levelperiod_deleted")).content.decode()
    assert f"level period #{period.pk}" in deleted_page
    delete_event = LevelPeriod.pgh_event_model.objects.get(pgh_obj_id=period.pk, pgh_label="delete")
    restore = reverse("admin:partnerships_levelperiod_restore", args=[period.pk, delete_event.pgh_id])
    assert admin_client.post(restore).status_code == 302
    assert LevelPeriod.objects.get().pk == period.pk
    assert LevelPeriodCitation.objects.filter(level_period=period, quote="elevated ties").exists()
    assert (
        f"level period #{period.pk}"
        not in admin_client.get(reverse("admin:partnerships_levelperiod_deleted")).content.decode()
    )


def test_restore_that_breaks_a_rule_is_refused_with_a_message(admin_client):
    period = LevelPeriodFactory()
    period_id = period.pk
    delete_event_pk = None
    with pghistory.context(reason="cleanup"):
        period.delete()
    delete_event_pk = LevelPeriod.pgh_event_model.objects.get(pgh_obj_id=period_id, pgh_label="delete").pgh_id
    # Meanwhile another level of the same pair and scheme took its place.
    LevelPeriodFactory(relationship=period.relationship, tier=period.tier, start_date=period.start_date)
    response = admin_client.post(
        reverse("admin:partnerships_levelperiod_restore", args=[period_id, delete_event_pk]), follow=True
    )
    assert "cannot be restored as it is" in response.content.decode()
    assert LevelPeriod.objects.count() == 1


def test_second_of_two_concurrent_edits_is_refused_then_kept_on_purpose(admin_client):
    source = SourceFactory(title="Original", publisher="Xinhua")
    url = reverse("admin:sources_source_change", args=[source.pk])
    opened_by_first = source_form(source)  # both curators open the form at version 1
    opened_by_second = source_form(source)
    assert admin_client.post(url, {**opened_by_first, "publisher": "People's Daily"}).status_code == 302
    response = admin_client.post(url, {**opened_by_second, "title": "Edited by second"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this record after you opened it" in page
    assert "publisher: Xinhua → People&#x27;s Daily" in page
    assert 'value="Edited by second"' in page  # nothing the curator typed is lost
    source.refresh_from_db()
    assert (source.title, source.publisher) == ("Original", "People's Daily")
    resubmitted = {
        **opened_by_second,
        "title": "Edited by second",
        "version": response.context["adminform"].form.data["version"],
    }
    assert admin_client.post(url, resubmitted).status_code == 302
    source.refresh_from_db()
    assert source.title == "Edited by second"


def test_version_rises_on_every_update_whatever_the_path():
    source = SourceFactory()
    assert source.version == 1
    Source.objects.filter(pk=source.pk).update(title="x")
    source.refresh_from_db()
    assert source.version == 2


def test_history_of_a_level_includes_its_citation_changes(admin_client):
    citation = LevelPeriodCitationFactory(quote="first quote")
    citation.quote = "corrected quote"
    citation.save()
    page = admin_client.get(
        reverse("admin:partnerships_levelperiod_history", args=[citation.level_period_id])
    ).content.decode()
    assert "<del>first quote</del> → <ins>corrected quote</ins>" in page
