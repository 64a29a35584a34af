from django.core.management.base import BaseCommand, CommandError

from events.models import MeetingCitation
from partnerships.models import LevelPeriodCitation
from sources.quotes import all_unfound_quotes


class Command(BaseCommand):
    help = (
        "Check every citation's quote against its source's stored text, ignoring case, white space, "
        "typographic quotes and dashes (an ellipsis stands for omitted words). Lists the quotes not found "
        "and fails when there are any. Citations without a quote, or whose source has no stored text, "
        "cannot be checked and are only counted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Print the summary only, not each mismatch.")

    def handle(self, *args, quiet: bool, **options):
        mismatches = all_unfound_quotes(_TABLES)
        if not quiet:
            for model, (kind, claim, related) in _TABLES.items():
                ids = [mismatch.citation_id for mismatch in mismatches if mismatch.model is model]
                for citation in (
                    model.objects.filter(pk__in=ids).select_related("source", *related).order_by("pk")
                ):
                    self.stdout.write(
                        f"{kind} citation {citation.pk} ({getattr(citation, claim)}): “{citation.quote}” "
                        f"is not in the text of {citation.source}"
                    )
        checked = sum(model.objects.exclude(quote="").exclude(source__text="").count() for model in _TABLES)
        total = sum(model.objects.count() for model in _TABLES)
        summary = (
            f"{checked} of {total} citations checked against their source's text; "
            f"{len(mismatches)} quote(s) not found."
        )
        if mismatches:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))


# Each citation table: what to call it, its claim, and what printing the claim needs.
_TABLES = {
    LevelPeriodCitation: (
        "level",
        "level_period",
        [
            "level_period__relationship__party_a",
            "level_period__relationship__party_b",
            "level_period__scheme",
            "level_period__tier",
        ],
    ),
    MeetingCitation: ("meeting", "meeting", ["meeting"]),
}
