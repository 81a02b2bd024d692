"""The on-screen keyboard's pages (LIVE-10): which keys, in which rows.

A row is a list of keys. A character key is the character it types (lower case:
shift types its upper case); the other keys are named in ``SPECIAL``. Every letter
page has the digits on top and the accent row the French forms need under them.
"""

from __future__ import annotations

from typing import Final

#: Keys that do something other than typing their own character.
BACKSPACE: Final = "backspace"
ENTER: Final = "enter"
TAB: Final = "tab"
SHIFT: Final = "shift"
SPACE: Final = "space"
SYMBOLS: Final = "symbols"
LETTERS: Final = "letters"
SWITCH: Final = "switch"
HIDE: Final = "hide"
SPECIAL: Final = frozenset({BACKSPACE, ENTER, TAB, SHIFT, SPACE, SYMBOLS, LETTERS, SWITCH, HIDE})

#: How many key widths a key takes (1 when not listed).
WIDTHS: Final[dict[str, float]] = {
    BACKSPACE: 2.0,
    ENTER: 2.0,
    TAB: 1.5,
    SHIFT: 2.0,
    SPACE: 6.0,
    SYMBOLS: 1.5,
    LETTERS: 1.5,
    SWITCH: 1.5,
    HIDE: 1.5,
}

Page = list[list[str]]

QWERTY: Final = "qwerty"
AZERTY: Final = "azerty"

_DIGITS: Final = [*"1234567890", BACKSPACE]
_ACCENTS: Final = list("éèàùçêâîôûëïüœ")
_BOTTOM: Final = [SYMBOLS, SWITCH, "@", SPACE, ".", TAB, HIDE]

LETTER_PAGES: Final[dict[str, Page]] = {
    QWERTY: [
        _DIGITS,
        _ACCENTS,
        list("qwertyuiop"),
        [*"asdfghjkl", ENTER],
        [SHIFT, *"zxcvbnm,-_", SHIFT],
        _BOTTOM,
    ],
    AZERTY: [
        _DIGITS,
        _ACCENTS,
        list("azertyuiop"),
        [*"qsdfghjklm", ENTER],
        [SHIFT, *"wxcvbn,;:-_", SHIFT],
        _BOTTOM,
    ],
}

SYMBOL_PAGE: Final[Page] = [
    _DIGITS,
    list("!@#$%^&*()"),
    list("/\\|~`'\"€£§"),
    [*"-_=+[]{}<>", ENTER],
    list(";:,.?°²µ"),
    [LETTERS, SPACE, TAB, HIDE],
]

NUMERIC_PAGE: Final[Page] = [
    list("789"),
    list("456"),
    list("123"),
    ["-", "0", "."],
    [BACKSPACE, ENTER],
    [TAB, HIDE],
]

#: The other letter layout (the switch key).
OTHER: Final[dict[str, str]] = {QWERTY: AZERTY, AZERTY: QWERTY}
