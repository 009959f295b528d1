"""Staff accounts: the second factor (TOTP with recovery codes) on top of the password."""
