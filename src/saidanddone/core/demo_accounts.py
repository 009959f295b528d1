"""The demo's published sign-in: the usernames and the password printed by `make run`.

On the ground floor, apart from the rest of the demo (``saidanddone.demo``), because the floors
below the demo guard against them: the password validator refuses the published password outside
a demonstration site (``core.passwords``), and only these users may have the local demo's
second-factor waiver (``accounts.rules``).
"""

from __future__ import annotations

PASSWORD = "said-and-done-demo"  # noqa: S105  (demo only; printed by `make run`)
USERS = [
    # username, first name, role
    ("admin", "Alex", "area_admin"),
    ("officer", "Sam", "send_officer"),
    ("analyst", "Priya", "analyst"),
    ("forum", "Jo", "forum_reviewer"),
]
