from django.db import models


class Status(models.TextChoices):
    """Where a claim stands in review. Only published claims are ever shown to the public."""

    DRAFT = "draft", "draft"
    IN_REVIEW = "in_review", "in review"
    PUBLISHED = "published", "published"
    RETRACTED = "retracted", "retracted"
