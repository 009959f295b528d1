from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "saidanddone.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"

    def ready(self) -> None:
        # Registered once the app registry is ready: the checks, and the sign-in receiver.
        from saidanddone.accounts import (
            checks,  # noqa: F401  (registers the system checks)
            oidc,  # noqa: F401  (its sign-in signal receiver)
        )
