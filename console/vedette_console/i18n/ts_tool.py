"""The translation files' maintenance: which strings the console shows, and which of
them a language's ``.ts`` file does not translate yet.

    python -m vedette_console.i18n.ts_tool update [fr]      # refresh vedette_fr.ts
    python -m vedette_console.i18n.ts_tool unfinished [fr]  # list what is left to do
    python -m vedette_console.i18n.ts_tool fill FILE.py [fr] # translations from a dict

``pyside6-lupdate`` finds ``self.tr("…")`` and ``QCoreApplication.translate("ctx",
"…")``, but it files the console's module-level helpers (``tr(text)`` that calls
``QCoreApplication.translate("alarm_admin", text)``) under an empty context, misses
``_tr("…")``, ``count_text`` and the settings pages' ``title``/``group``, and reads
``tr = QCoreApplication.translate; tr("ctx", "…")`` as a disambiguation. Qt looks a
string up by the context the call passes at run time, so ``scan`` reads the sources
the way they run (the helper's context, the class of ``self.tr``) and ``lupdate_texts``
is kept as a cross-check: every text lupdate finds must be among the scanned ones.

``update`` keeps every translation whose context and source are unchanged, drops the
strings no longer in the sources (``-no-obsolete``) and adds the new ones unfinished.
Counted strings (``count_text``) are numerus entries: the source is the plural
English form, the singular is in the translator's comment, and the translation has
one form per plural form of the language (French: 0 and 1 singular, then plural).
"""

from __future__ import annotations

import ast
import re
import runpy
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

I18N = Path(__file__).parent
PACKAGE = I18N.parent
#: Plural forms per language (Qt's numerus rules).
NUMERUS_FORMS = {"fr": 2}
LANGUAGE_TAGS = {"fr": "fr_FR"}
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}")
#: French typography: a narrow no-break space (U+202F) before : ; ? ! % and inside
#: « », so a line never breaks there. ``fill`` applies it; ``problems`` checks it.
NARROW_NBSP = "\u202f"
_FRENCH_SPACE = re.compile(r"[ \u00a0]+([:;?!»]|%(?![a-z]))|(«)[ \u00a0]+")
#: Class attributes the settings window translates in the "settings" context.
_SETTINGS_ATTRIBUTES = ("group", "title")


@dataclass
class Message:
    context: str
    source: str
    numerus: bool = False
    #: For a counted string, its English singular.
    singular: str = ""
    files: set[str] = field(default_factory=set)


@dataclass
class Entry:
    """A message with its translation as the ``.ts`` file holds it."""

    message: Message
    #: One text, or one per plural form for a numerus entry.
    forms: list[str]
    finished: bool


def ts_path(language: str) -> Path:
    return I18N / f"vedette_{language}.ts"


def sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


# --------------------------------------------------------------------------- scanning


def _literal(node: ast.expr | None, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_translate(func: ast.expr) -> bool:
    return (isinstance(func, ast.Attribute) and func.attr == "translate") or (
        isinstance(func, ast.Name) and func.id == "translate"
    )


class _Module:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = _module_name(path)
        self.tree = ast.parse(path.read_text("utf-8"), str(path))
        self.constants: dict[str, str] = {}
        for node in self.tree.body:
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                self.constants[node.targets[0].id] = node.value.value
        #: Module-level helpers ``def f(text): return QCoreApplication.translate(ctx, text)``.
        self.wrappers: dict[str, str] = {}
        for node in self.tree.body:
            if isinstance(node, ast.FunctionDef) and node.args.args:
                context = self._wrapper_context(node)
                if context is not None:
                    self.wrappers[node.name] = context

    def _wrapper_context(self, node: ast.FunctionDef) -> str | None:
        param = node.args.args[0].arg
        body = [s for s in node.body if not isinstance(s, ast.Expr)]  # skip a docstring
        if len(body) != 1 or not isinstance(body[0], ast.Return):
            return None
        call = body[0].value
        if not isinstance(call, ast.Call) or not _is_translate(call.func) or len(call.args) < 2:
            return None
        text = call.args[1]
        if not (isinstance(text, ast.Name) and text.id == param):
            return None
        return _literal(call.args[0], self.constants)

    def imported_wrappers(self, modules: dict[str, _Module]) -> dict[str, str]:
        found: dict[str, str] = {}
        for node in self.tree.body:
            if isinstance(node, ast.ImportFrom) and node.module in modules:
                source = modules[node.module]
                for alias in node.names:
                    if alias.name in source.wrappers:
                        found[alias.asname or alias.name] = source.wrappers[alias.name]
        return found


class _Scanner(ast.NodeVisitor):
    def __init__(self, module: _Module, wrappers: dict[str, str], out: _Found) -> None:
        self.module = module
        self.wrappers = wrappers
        self.out = out
        self.classes: list[str] = []
        #: Names bound to ``QCoreApplication.translate`` or ``self.tr`` in the function.
        self.aliases: list[dict[str, str | None]] = [{}]

    def _add(self, context: str, source: str, *, numerus: bool = False, singular: str = "") -> None:
        self.out.add(context, source, self.module.path, numerus=numerus, singular=singular)

    def _text(self, node: ast.expr | None) -> str | None:
        return _literal(node, self.module.constants)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if self.module.name.startswith("vedette_console.settings") or any(
            isinstance(base, ast.Name) and base.id == "SettingsPage" for base in node.bases
        ):
            for statement in node.body:
                target = None
                if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                    target = statement.targets[0]
                elif isinstance(statement, ast.AnnAssign):
                    target = statement.target
                value = (
                    statement.value if isinstance(statement, ast.Assign | ast.AnnAssign) else None
                )
                if isinstance(target, ast.Name) and target.id in _SETTINGS_ATTRIBUTES:
                    text = self._text(value)
                    if text:
                        self._add("settings", text)
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.aliases.append({})
        self.generic_visit(node)
        self.aliases.pop()

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def visit_Assign(self, node: ast.Assign) -> None:
        if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            value = node.value
            if isinstance(value, ast.Attribute) and value.attr == "translate":
                self.aliases[-1][name] = None  # a translate(ctx, text) alias
            elif isinstance(value, ast.Attribute) and value.attr == "tr" and self.classes:
                self.aliases[-1][name] = self.classes[-1]
        self.generic_visit(node)

    def _alias(self, name: str) -> tuple[bool, str | None]:
        for scope in reversed(self.aliases):
            if name in scope:
                return True, scope[name]
        return False, None

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        args = node.args
        name = func.id if isinstance(func, ast.Name) else None
        known, alias_context = self._alias(name) if name else (False, None)
        if _is_translate(func) or (known and alias_context is None):
            context, text = (
                (self._text(args[0]), self._text(args[1])) if len(args) >= 2 else (None, None)
            )
            if context is not None and text:
                self._add(context, text, numerus=len(args) >= 4 or _has_n(node))
        elif name == "QT_TRANSLATE_NOOP" and len(args) == 2:
            context, text = self._text(args[0]), self._text(args[1])
            if context is not None and text:
                self._add(context, text)
        elif name == "count_text" and len(args) == 4:
            context, one, other = self._text(args[0]), self._text(args[2]), self._text(args[3])
            if context is not None and one and other:
                self._add(context, other, numerus=True, singular=one)
        elif isinstance(func, ast.Attribute) and func.attr == "tr" and self.classes:
            text = self._text(args[0]) if args else None
            if text:
                self._add(self.classes[-1], text, numerus=len(args) >= 3 or _has_n(node))
        elif name is not None and (known or name in self.wrappers):
            context = alias_context if known else self.wrappers[name]
            text = self._text(args[0]) if args else None
            if context is not None and text:
                self._add(context, text)
        self.generic_visit(node)


def _has_n(node: ast.Call) -> bool:
    return any(k.arg == "n" for k in node.keywords)


class _Found:
    def __init__(self) -> None:
        self.messages: dict[tuple[str, str], Message] = {}

    def add(self, context: str, source: str, path: Path, *, numerus: bool, singular: str) -> None:
        key = (context, source)
        message = self.messages.get(key)
        if message is None:
            message = self.messages[key] = Message(context, source, numerus, singular)
        message.numerus = message.numerus or numerus
        message.singular = message.singular or singular
        message.files.add(path.relative_to(PACKAGE).as_posix())


def scan(paths: list[Path] | None = None) -> dict[tuple[str, str], Message]:
    """Every translatable string of the console by (context, source)."""
    modules = {m.name: m for m in (_Module(p) for p in (paths or sources()))}
    found = _Found()
    for module in modules.values():
        wrappers = {**module.imported_wrappers(modules), **module.wrappers}
        _Scanner(module, wrappers, found).visit(module.tree)
    return found.messages


def lupdate_texts(paths: list[Path] | None = None) -> set[str]:
    """The source texts ``pyside6-lupdate`` finds in the console (contexts aside; a
    misread ``translate`` alias yields the text as its disambiguation comment)."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "probe.ts"
        files = [str(p) for p in (paths or sources())]
        subprocess.run(
            [str(lupdate), *files, "-ts", str(out), "-no-obsolete", "-locations", "none"],
            check=True,
            capture_output=True,
        )
        root = ET.parse(out).getroot()
    texts: set[str] = set()
    for message in root.iter("message"):
        comment = message.findtext("comment")
        texts.add(comment if comment else message.findtext("source") or "")
    return texts


# ------------------------------------------------------------------------ the .ts file


def read_ts(path: Path) -> dict[tuple[str, str], Entry]:
    if not path.exists():
        return {}
    entries: dict[tuple[str, str], Entry] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for node in context.iter("message"):
            source = node.findtext("source") or ""
            numerus = node.get("numerus") == "yes"
            translation = node.find("translation")
            if translation is None:
                forms, kind = [""], "unfinished"
            else:
                kind = translation.get("type", "")
                if numerus:
                    forms = [f.text or "" for f in translation.iter("numerusform")]
                else:
                    forms = [translation.text or ""]
            singular = ""
            extra = node.findtext("extracomment") or ""
            if extra.startswith("Singular: "):
                singular = extra.removeprefix("Singular: ")
            message = Message(name, source, numerus, singular)
            finished = kind not in ("unfinished", "obsolete", "vanished") and all(forms)
            entries[(name, source)] = Entry(message, forms, finished)
    return entries


def write_ts(path: Path, language: str, entries: dict[tuple[str, str], Entry]) -> None:
    root = ET.Element("TS", version="2.1", language=LANGUAGE_TAGS[language], sourcelanguage="en")
    by_context: dict[str, list[Entry]] = {}
    for key in sorted(entries):
        by_context.setdefault(key[0], []).append(entries[key])
    for name, items in by_context.items():
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = name
        for entry in items:
            m = entry.message
            node = (
                ET.SubElement(context, "message", numerus="yes")
                if m.numerus
                else ET.SubElement(context, "message")
            )
            for file in sorted(m.files):
                ET.SubElement(node, "location", filename=f"../{file}")
            ET.SubElement(node, "source").text = m.source
            if m.singular:
                ET.SubElement(node, "extracomment").text = f"Singular: {m.singular}"
            translation = ET.SubElement(node, "translation")
            if not entry.finished:
                translation.set("type", "unfinished")
            if m.numerus:
                for form in entry.forms:
                    ET.SubElement(translation, "numerusform").text = form
            else:
                translation.text = entry.forms[0]
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', "utf-8")


def merged(
    messages: dict[tuple[str, str], Message], old: dict[tuple[str, str], Entry], language: str
) -> dict[tuple[str, str], Entry]:
    """The entries for ``messages``, with the translations ``old`` has for them."""
    forms = NUMERUS_FORMS[language]
    entries: dict[tuple[str, str], Entry] = {}
    for key, message in messages.items():
        before = old.get(key)
        if before is not None and before.message.numerus == message.numerus:
            texts = (before.forms + [""] * forms)[:forms] if message.numerus else before.forms[:1]
            entries[key] = Entry(message, texts, before.finished and all(texts))
        else:
            entries[key] = Entry(message, [""] * (forms if message.numerus else 1), False)
    return entries


def update(language: str = "fr") -> dict[tuple[str, str], Entry]:
    path = ts_path(language)
    entries = merged(scan(), read_ts(path), language)
    write_ts(path, language, entries)
    return entries


def french_spacing(text: str) -> str:
    """``text`` with the spaces before : ; ? ! % » and after « made narrow no-break."""
    return _FRENCH_SPACE.sub(
        lambda m: NARROW_NBSP + m.group(1) if m.group(1) else m.group(2) + NARROW_NBSP, text
    )


def problems(entries: dict[tuple[str, str], Entry], language: str = "fr") -> list[str]:
    """What is wrong with the translations: unfinished entries, placeholders that
    differ from the source's, French spacing not applied."""
    found: list[str] = []
    for (context, source), entry in sorted(entries.items()):
        if not entry.finished or not all(entry.forms):
            found.append(f"unfinished: [{context}] {source!r}")
            continue
        expected = placeholders(entry.message.source) | placeholders(entry.message.singular)
        for form in entry.forms:
            if placeholders(form) - expected or (
                not entry.message.numerus and placeholders(form) != expected
            ):
                found.append(f"placeholders: [{context}] {source!r} -> {form!r}")
            if language == "fr" and french_spacing(form) != form:
                found.append(f"spacing: [{context}] {source!r} -> {form!r}")
        singular = entry.message.singular
        if singular and singular != entry.message.source and len(set(entry.forms)) == 1:
            found.append(f"plural: [{context}] {source!r}: one French form for 1 and 2")
    return found


def fill(table: dict[object, object], language: str = "fr", *, overwrite: bool = False) -> int:
    """Fill unfinished entries (every entry with ``overwrite``) from ``table``: keys
    are source texts or (context, source); values a text, or a tuple of plural forms
    for counted strings."""
    path = ts_path(language)
    entries = read_ts(path)
    done = 0
    for key, entry in entries.items():
        if entry.finished and not overwrite:
            continue
        value = table.get(key, table.get(key[1]))
        if value is None:
            continue
        texts = list(value) if isinstance(value, tuple | list) else [str(value)]
        if entry.message.numerus and len(texts) == 1:
            texts = texts * NUMERUS_FORMS[language]
        elif not entry.message.numerus:
            texts = texts[-1:]  # plural forms given for a text that is not counted
        entry.forms = [str(t) for t in texts]
        if language == "fr":
            entry.forms = [french_spacing(t) for t in entry.forms]
        entry.finished = True
        done += 1
    write_ts(path, language, entries)
    return done


def release(language: str = "fr") -> Path:
    """Build ``vedette_<language>.qm`` from its ``.ts`` (as ``make setup`` does) unless
    it is newer; the path of the ``.qm``."""
    ts = ts_path(language)
    qm = ts.with_suffix(".qm")
    if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
        lrelease = Path(sys.executable).with_name("pyside6-lrelease")
        subprocess.run(
            [str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True, capture_output=True
        )
    return qm


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "unfinished"
    if command == "update":
        language = argv[1] if len(argv) > 1 else "fr"
        entries = update(language)
        left = sum(not e.finished for e in entries.values())
        print(f"{ts_path(language).name}: {len(entries)} entries, {left} unfinished")
        missing = lupdate_texts() - {key[1] for key in entries}
        for text in sorted(missing):
            print(f"lupdate finds a text the scan does not: {text!r}")
        return 0
    if command == "unfinished":
        language = argv[1] if len(argv) > 1 else "fr"
        found = problems(read_ts(ts_path(language)), language)
        print("\n".join(found))
        return 1 if found else 0
    if command == "fill" and len(argv) >= 2:
        language = argv[2] if len(argv) > 2 else "fr"
        table = runpy.run_path(argv[1])["TRANSLATIONS"]
        assert isinstance(table, dict)
        print(f"filled {fill(table, language)} entries")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
