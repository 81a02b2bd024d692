"""Text that operators give things: names (cameras, users, groups, disk groups, tags,
saved views, tours), URLs, folder paths and short notes, checked in one place.

Invariant: nothing accepted here holds a character that changes how the text around
it is shown without being seen itself: C0 and C1 controls (DEL included), Unicode
format characters (category Cf: the bidirectional overrides, embeddings and isolates
U+202A–U+202E and U+2066–U+2069, the marks U+200E, U+200F and U+061C, zero-width
characters, U+FEFF...), line and paragraph separators, surrogates, private-use and
unassigned code points, and, in names and URLs, every space but U+0020. A refusal is
an ``InvalidArgument`` naming the field and the code point ("U+202E RIGHT-TO-LEFT
OVERRIDE"), so a log or a console never shows text in another order than it was
stored, and a name cannot impersonate another one.
"""

from __future__ import annotations

import unicodedata

from vedette_server.errors import InvalidArgument

MAX_NAME = 100
MAX_URL = 1000
#: Categories never accepted (Unicode general categories).
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
#: In free text (notes), line breaks and tabs are allowed.
_TEXT_ALLOWED = frozenset("\n\t")


def describe_character(character: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: the code point and its Unicode name."""
    code = f"U+{ord(character):04X}"
    name = unicodedata.name(character, "")
    return f"{code} {name}" if name else code


def forbidden_character(text: str, *, allow_spaces: bool = True, allowed: str = "") -> str | None:
    """The first character of ``text`` that is not allowed, or None.

    Refused: every character of the categories in the module docstring, and spaces
    other than U+0020 (no space at all unless ``allow_spaces``); ``allowed`` lists
    exceptions (a note's line breaks).
    """
    for character in text:
        if character in allowed:
            continue
        category = unicodedata.category(character)
        if category in _INVISIBLE:
            return character
        if category == "Zs" and not (allow_spaces and character == " "):
            return character
    return None


def check_characters(text: str, field: str, *, allow_spaces: bool, allowed: str = "") -> str:
    """``text`` if :func:`forbidden_character` finds nothing, else ``InvalidArgument``
    naming ``field``, the code point and where it is."""
    character = forbidden_character(text, allow_spaces=allow_spaces, allowed=allowed)
    if character is not None:
        what = "a space" if unicodedata.category(character) == "Zs" else "an invisible character"
        raise InvalidArgument(
            field,
            f"contains {describe_character(character)} at position {text.index(character)}:"
            f" {what} is not allowed here (control, format and bidirectional characters never are)",
            error_reason="FORBIDDEN_CHARACTER",
            character=describe_character(character),
            position=text.index(character),
        )
    return text


def _too_long(field: str, max_len: int, length: int) -> InvalidArgument:
    return InvalidArgument(
        field,
        f"at most {max_len} characters, not {length}",
        error_reason="TOO_LONG",
        max=max_len,
        length=length,
    )


def check_name(name: str, field: str, max_len: int = MAX_NAME) -> str:
    """``name`` without surrounding blanks: 1 to ``max_len`` characters, visible ones
    and plain spaces only, or ``InvalidArgument`` for ``field``."""
    name = name.strip()
    if not name or len(name) > max_len:
        raise InvalidArgument(
            field,
            f"1 to {max_len} characters, not {len(name)}",
            error_reason="NAME_LENGTH",
            max=max_len,
            length=len(name),
        )
    check_characters(name, field, allow_spaces=True)
    return name


def check_url(url: str, field: str, max_len: int = MAX_URL) -> str:
    """``url`` without surrounding blanks: at most ``max_len`` characters, no space
    (write it %20), no control, format or bidirectional character. Its scheme and
    parts are the caller's to check."""
    url = url.strip()
    if len(url) > max_len:
        raise _too_long(field, max_len, len(url))
    check_characters(url, field, allow_spaces=False)
    return url


def check_path(path: str, field: str, max_len: int = 4096) -> str:
    """A file-system path someone typed: at most ``max_len`` characters, plain spaces
    allowed, nothing invisible. Whether it exists is the caller's to check."""
    if len(path) > max_len:
        raise _too_long(field, max_len, len(path))
    check_characters(path, field, allow_spaces=True)
    return path


def check_text(text: str, field: str, max_len: int) -> str:
    """Free text (a note): at most ``max_len`` characters; line breaks and tabs are
    allowed, other controls and format characters are not."""
    if len(text) > max_len:
        raise _too_long(field, max_len, len(text))
    check_characters(text, field, allow_spaces=True, allowed="".join(_TEXT_ALLOWED))
    return text
