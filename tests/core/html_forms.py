"""Read a rendered form as a browser would submit it: what is typed, ticked and selected."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

SKIP_TYPES = {"submit", "button", "file", "reset", "image"}


def page_forms(html: str | bytes) -> list[Tag]:
    soup = BeautifulSoup(html, "lxml")
    return list((soup.select_one("main") or soup).select("form"))


def submitted(form: Tag, button: Tag | None = None) -> dict[str, list[str]]:
    """The form's data as a browser sends it unchanged, with ``button`` as the one pressed."""
    data: dict[str, list[str]] = {}

    def add(name: object, value: object) -> None:  # attribute values: text, as sent
        data.setdefault(str(name), []).append(str(value))

    for field in form.select("input[name], select[name], textarea[name]"):
        if field.has_attr("disabled"):
            continue
        name = field["name"]
        if field.name == "textarea":
            # The HTML parser drops one newline straight after <textarea>, as browsers do.
            text = field.get_text()
            add(name, text[1:] if text.startswith("\n") else text)
        elif field.name == "select":
            options = field.select("option")
            chosen = [o for o in options if o.has_attr("selected")]
            if not chosen and options and not field.has_attr("multiple"):
                chosen = options[:1]  # a browser sends the first option when none is selected
            for option in chosen:
                add(name, option.get("value", option.get_text()))
        else:
            kind = str(field.get("type") or "text").lower()
            if kind in SKIP_TYPES:
                continue
            if kind in {"checkbox", "radio"}:
                if field.has_attr("checked"):
                    add(name, field.get("value", "on"))
                continue
            add(name, field.get("value", ""))
    if button is not None and button.get("name"):
        add(button["name"], button.get("value", ""))
    return data


def buttons(form: Tag) -> list[Tag]:
    return list(form.select("button[type=submit], button:not([type]), input[type=submit]"))
