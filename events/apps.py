from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Meetings and people"

    def ready(self):
        from events.api.serializers import BackedMeetingSerializer
        from events.models import Meeting, MeetingCitation
        from sources.api import citing

        citing.register(
            citing.CitingClaims(
                citations=MeetingCitation,
                claim_field="meeting",
                ids_field="meeting_ids",
                ids_help="Numbers of the meetings it reports.",
                ids_example=[88],
                field="meetings",
                help="The meetings it reports.",
                serializer=BackedMeetingSerializer,
                visible_to=Meeting.objects.visible_to,
            )
        )
