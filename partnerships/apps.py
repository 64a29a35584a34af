from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Partnerships"

    def ready(self):
        from partnerships.api.serializers import BackedLevelSerializer
        from partnerships.models import LevelPeriod, LevelPeriodCitation
        from sources.api import citing

        citing.register(
            citing.CitingClaims(
                citations=LevelPeriodCitation,
                claim_field="level_period",
                ids_field="level_ids",
                ids_help="Numbers of the level periods it backs.",
                ids_example=[412],
                field="levels",
                help="The level periods it backs.",
                serializer=BackedLevelSerializer,
                visible_to=lambda user: LevelPeriod.objects.visible_to(user).with_parties(),
            )
        )
