from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "saidanddone.commitments"
    label = "commitments"
    verbose_name = "Responses and commitments (We did / we will)"

    def ready(self) -> None:
        # Connects the receiver that removes an evidence file's bytes with its row, whatever
        # deletes the row (decision 0220).
        from saidanddone.commitments import services  # noqa: F401
