"""Pure-Python readers for existing "You said, we did" documents (never imports Django)."""

__all__: list[str] = []
