"""The fictional demo area, Westmere: its content, its loader and the `demo` and `setup` commands.

The top floor: it loads the demo through the same services people use, so it may import every
app below it, and nothing imports it (docs/architecture.md).
"""
