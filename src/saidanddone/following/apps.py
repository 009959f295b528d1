from django.apps import AppConfig


class FollowingConfig(AppConfig):
    name = "saidanddone.following"
    label = "following"
    verbose_name = "Following by e-mail"

    def ready(self) -> None:
        # Data protection (feedback) and the outbox (areas) sit below this app: they learn about
        # subscriptions through these hooks, so they never import it.
        from saidanddone.areas import mail  # (the hooks below)
        from saidanddone.feedback import views as feedback_views  # (the hooks below)
        from saidanddone.following import services  # (what the hooks call)

        feedback_views.SUBJECT_ACCESS_SOURCES["subscriptions"] = services.SUBJECT_ACCESS
        mail.HEADERS_FOR_KEY["follow-"] = services.unsubscribe_headers
