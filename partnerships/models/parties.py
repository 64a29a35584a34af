from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, Func, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest, Lower

from core.history import tracked
from core.versioning import version_bump_trigger, version_field


class PartyKind(models.TextChoices):
    COUNTRY = "country", "country"
    ORGANISATION = "organisation", "regional or international organisation"


class PartyQuerySet(models.QuerySet):
    def countries(self):
        return self.filter(kind=PartyKind.COUNTRY)

    def organisations(self):
        return self.filter(kind=PartyKind.ORGANISATION)

    def by_code(self, code: str):
        """The party whose alpha-2, alpha-3 or organisation code is ``code`` (any case)."""
        code = code.strip().upper()
        return self.filter(Q(code=code) | Q(alpha3=code))

    def by_name(self, name: str):
        """Parties called ``name``, by their name, official name or an alias (any case)."""
        name = name.strip()
        return self.filter(
            Q(name__iexact=name) | Q(official_name__iexact=name) | Q(aliases__name__iexact=name)
        ).distinct()

    def search(self, text: str):
        """Parties matching ``text`` by code, name, alias or demonym, misspellings included, best first.

        Serves the search page: trigram similarity finds "Cambodai" and "Kampuchea"; an exact code
        ranks first. Each party carries ``matched_alias``, its alias closest to ``text``.
        """
        text = text.strip()
        code = text.upper()
        aliases = PartyAlias.objects.filter(party=OuterRef("pk"))
        closest_alias = aliases.annotate(similarity=TrigramSimilarity("name", text)).order_by(
            "-similarity", "name"
        )
        is_code = Q(code=code) | Q(alpha3=code)
        return (
            self.annotate(
                matched_alias=Subquery(closest_alias.values("name")[:1]),
                alias_similarity=Coalesce(Subquery(closest_alias.values("similarity")[:1]), Value(0.0)),
                name_similarity=TrigramSimilarity("name", text),
            )
            .annotate(
                relevance=Greatest(
                    "name_similarity",
                    "alias_similarity",
                    Case(When(is_code, then=Value(2.0)), default=Value(0.0)),
                )
            )
            .filter(
                is_code
                | Q(name__trigram_similar=text)
                | Q(name__icontains=text)
                | Q(official_name__icontains=text)
                | Exists(aliases.filter(Q(name__trigram_similar=text) | Q(name__icontains=text)))
            )
            .order_by("-relevance", "name")
        )

    def named_in(self, text: str):
        """Parties whose name or an alias occurs in ``text`` (case aside), with their aliases (search page's
        pair suggestions; ``public.pair_search`` keeps those named as whole words)."""
        words = Value(text, output_field=models.CharField())
        aliases = PartyAlias.objects.filter(party=OuterRef("pk")).alias(words=words)
        return (
            self.alias(words=words)
            .filter(
                Q(words__icontains=models.F("name"))
                | Exists(aliases.filter(words__icontains=models.F("name")))
            )
            .prefetch_related(
                models.Prefetch("aliases", queryset=PartyAlias.objects.only("party_id", "name"))
            )
        )

    def with_partner_counts(self):
        """Parties holding a published level, each with ``partner_count`` (the parties list, home page)."""
        from partnerships.models.levels import LevelPeriod  # levels.py imports this module

        partners = (
            LevelPeriod.objects.published()
            .involving(OuterRef("pk"))
            .order_by()
            .annotate(
                count=Func(
                    "relationship", function="COUNT", template="%(function)s(DISTINCT %(expressions)s)"
                )
            )
            .values("count")
        )
        return self.annotate(partner_count=Subquery(partners, output_field=models.IntegerField())).filter(
            partner_count__gt=0
        )

    def for_api(self):
        """Parties with the names of their aliases (API parties)."""
        return self.prefetch_related(
            models.Prefetch("aliases", queryset=PartyAlias.objects.only("party_id", "name").order_by("name"))
        )


@tracked()
class Party(models.Model):
    """A country (ISO 3166-1) or a regional or international organisation that holds partnerships."""

    code = models.CharField(
        max_length=12,
        unique=True,
        help_text="ISO 3166-1 alpha-2 for a country (CN, KH); a short upper-case code for an organisation "
        "(EU, ASEAN). Used in URLs and the API.",
    )
    kind = models.CharField(max_length=16, choices=PartyKind.choices)
    name = models.CharField(max_length=200, help_text="The short name in common English use.")
    official_name = models.CharField(max_length=300, blank=True)
    alpha3 = models.CharField(
        "ISO alpha-3",
        max_length=3,
        null=True,
        blank=True,
        unique=True,
        help_text="Countries only (CHN, KHM).",
    )
    numeric_code = models.CharField(
        "ISO numeric", max_length=3, null=True, blank=True, unique=True, help_text="Countries only (156)."
    )
    wikidata_id = models.CharField(
        "Wikidata ID", max_length=20, blank=True, help_text="Q-number of the item, e.g. Q148 for China."
    )

    objects = PartyQuerySet.as_manager()

    version = version_field()

    class Meta:
        triggers = [version_bump_trigger()]
        ordering = ["name"]
        verbose_name_plural = "parties"
        constraints = [
            # Codes appear in pair URLs such as CN-KH, so they hold no hyphen and are upper case.
            models.CheckConstraint(condition=Q(code__regex=r"^[A-Z0-9]{2,12}$"), name="party_code_format"),
            models.CheckConstraint(
                condition=~Q(kind=PartyKind.COUNTRY)
                | (Q(code__regex=r"^[A-Z]{2}$") & Q(alpha3__regex=r"^[A-Z]{3}$")),
                name="party_country_has_iso_codes",
            ),
            models.CheckConstraint(
                condition=~Q(kind=PartyKind.ORGANISATION)
                | (Q(alpha3__isnull=True) & Q(numeric_code__isnull=True)),
                name="party_organisation_has_no_iso_codes",
            ),
        ]
        indexes = [
            # Name look-ups ignore case (search, import matching).
            models.Index(Lower("name"), name="party_name_lower"),
            # Misspelt names ("Cambodai") in search.
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="party_name_trgm"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_country(self) -> bool:
        return self.kind == PartyKind.COUNTRY

    def clean(self):
        self.code = (self.code or "").strip().upper()
        self.alpha3 = (self.alpha3 or "").strip().upper() or None
        self.numeric_code = (self.numeric_code or "").strip() or None
        errors = {}
        if "-" in self.code:
            errors["code"] = "Codes may not contain a hyphen: pair addresses such as CN-KH use it."
        elif not self.code.isalnum() or not 2 <= len(self.code) <= 12:
            errors["code"] = "Use 2 to 12 letters or digits."
        if self.kind == PartyKind.COUNTRY:
            if len(self.code) != 2 or not self.code.isalpha():
                errors["code"] = "A country's code is its ISO 3166-1 alpha-2 code (two letters)."
            if not self.alpha3 or len(self.alpha3) != 3 or not self.alpha3.isalpha():
                errors["alpha3"] = "A country needs its ISO 3166-1 alpha-3 code (three letters)."
        elif self.kind == PartyKind.ORGANISATION:
            if self.alpha3 or self.numeric_code:
                errors["alpha3"] = "Organisations have no ISO 3166-1 codes; leave them empty."
            if "code" not in errors and Party.objects.filter(alpha3=self.code).exclude(pk=self.pk).exists():
                errors["code"] = "This code is a country's alpha-3 code; choose another."
        if errors:
            raise ValidationError(errors)


class AliasKind(models.TextChoices):
    NAME = "name", "other name"
    ABBREVIATION = "abbreviation", "abbreviation"
    DEMONYM = "demonym", "demonym"
    CAPITAL = "capital", "capital city (metonym)"


@tracked()
class PartyAlias(models.Model):
    """Another way texts name a party: "Kampuchea", "Cambodian", "Phnom Penh"."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=AliasKind.choices, default=AliasKind.NAME)

    class Meta:
        ordering = ["party", "kind", "name"]
        verbose_name_plural = "party aliases"
        constraints = [models.UniqueConstraint(fields=["party", "name"], name="party_alias_unique")]
        indexes = [
            # Look-up of a party by any of its names, ignoring case.
            models.Index(Lower("name"), name="party_alias_name_lower"),
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="party_alias_name_trgm"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()} of {self.party})"
