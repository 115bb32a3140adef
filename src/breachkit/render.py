"""The only module that imports jinja2: templates with front matter, rendered in the sandbox.

Templates come from repositories and pull requests, so they are untrusted:

- Jinja's SandboxedEnvironment blocks attribute tricks (`''.__class__`) with SecurityError;
- StrictUndefined makes a missing fact an error naming the fact, the template and the line,
  never a blank in a published apology (with the default Undefined the sandbox would even
  render `{{ ''.__class__ }}` as an empty string);
- `*` and `**` are intercepted and the output is capped, since `'a' * 10**8` is allowed by
  the sandbox;
- template names resolve to real paths inside the template folder, so a symlink that
  points outside it is refused (FileSystemLoader follows it).

A template is Markdown (or plain text) with YAML front matter:

    ---
    channel: email            # email letter social sms status blog regulator press internal
    audience: affected customers
    step: resolve             # the step it belongs to (drafts checks use it)
    subject: "Notice of Data Breach: {{ org.product }}"
    max_length: 280           # optional, characters
    regime: us-ca-1798.82     # optional: the regime whose content the notice satisfies
    ---
    Dear {{ recipient.name }}, ...
"""

from __future__ import annotations

import hashlib
import textwrap
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
import jinja2.exceptions
import jinja2.meta
import jinja2.runtime
import jinja2.sandbox
from jinja2 import nodes as jinja_nodes

from breachkit import CHANNELS, __version__
from breachkit.errors import BreachkitError
from breachkit.findings import Location
from breachkit.source import SourceError, load_yaml

TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2")
MAX_OUTPUT = 512 * 1024  # characters; an apology is a few kilobytes
MAX_REPEAT = 10_000  # the largest string or list `*` may build

# Names every template may use besides the facts (lint checks templates against them).
BUILTINS = frozenset(
    {
        "org",
        "incident",
        "recipient",
        "now",
        "deadlines",
        "next_update",
        "steps",
        "facts",
        "regimes",
        "drafts",
        "timeline",
        "tz",
        # jinja2's own globals
        "range",
        "dict",
        "lipsum",
        "cycler",
        "joiner",
        "namespace",
        "loop",
        "super",
        "self",
        "varargs",
        "kwargs",
        "caller",
    }
)
ORG_FIELDS = frozenset(
    {
        "company",
        "legal_name",
        "product",
        "website",
        "signatory_name",
        "signatory_title",
        "contact_email",
        "contact_phone",
        "toll_free_phone",
        "support_url",
        "forum_url",
        "status_url",
        "blog_url",
        "privacy_url",
        "deletion_url",
        "dpo_name",
        "dpo_email",
        "dpo_phone",
        "address",
        "registration_number",
        "supervisory_authority",
        "channels",
        "social_handle",
        "timezone",
    }
)
META_KEYS = frozenset(
    {"channel", "audience", "subject", "step", "max_length", "regime", "title", "description"}
)


class TemplateError(BreachkitError):
    """A template that cannot be loaded, parsed or rendered; `rule` names the lint rule."""

    def __init__(
        self, message: str, location: Location, rule: str = "BK302", hint: str | None = None
    ) -> None:
        super().__init__(message, location, hint)
        self.rule = rule


@dataclass(frozen=True)
class TemplateMeta:
    channel: str = "email"
    audience: str = ""
    subject: str = ""
    step: str | None = None
    max_length: int | None = None
    regime: str | None = None
    title: str = ""
    description: str = ""


@dataclass(frozen=True)
class Template:
    name: str  # relative to the template folder, with "/" separators
    path: Path
    meta: TemplateMeta
    body: str  # front matter blanked out, so Jinja's line numbers are the file's
    meta_lines: dict[str, int] = field(default_factory=dict)

    @property
    def id(self) -> str:
        stem = Path(self.name).name
        for suffix in (*TEMPLATE_SUFFIXES, ".md", ".txt", ".html"):
            stem = stem.removesuffix(suffix)
        return stem


@dataclass(frozen=True)
class Draft:
    template: str
    id: str
    channel: str
    subject: str
    body: str
    meta: TemplateMeta

    @property
    def text(self) -> str:
        """The draft as a file: subject line first, where it has one."""
        return f"Subject: {self.subject}\n\n{self.body}" if self.subject else self.body

    @cached_property
    def hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def split_front_matter(text: str, path: str) -> tuple[dict[str, Any], dict[str, int], str]:
    """Return (front matter, line of each key, body with the front matter blanked)."""
    if not text.startswith("---"):
        return {}, {}, text
    lines = text.splitlines(keepends=True)
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if end is None:
        raise TemplateError(
            "front matter opened with --- is never closed",
            Location(path, 1, 1),
            "BK304",
            hint="end the front matter with a line holding only ---",
        )
    block = "".join(lines[1:end])
    # Padding keeps line numbers: line 2 of the file is line 2 of the parsed block.
    try:
        doc = load_yaml(Path(path), "\n" + block) if block.strip() else None
    except SourceError as exc:
        raise TemplateError(exc.message, exc.location or Location(path), "BK304") from None
    data = doc.data if doc else {}
    if not isinstance(data, dict):
        raise TemplateError(
            "front matter must be a mapping (channel: ..., subject: ...)",
            Location(path, 2, 1),
            "BK304",
        )
    key_lines = {str(k[0]): line for k, (line, _) in doc.source_map.keys.items()} if doc else {}
    body = "\n" * (end + 1) + "".join(lines[end + 1 :])
    return data, key_lines, body


def parse_meta(data: Mapping[str, Any], key_lines: Mapping[str, int], path: str) -> TemplateMeta:
    def where(key: str) -> Location:
        return Location(path, key_lines.get(key, 1), 1)

    for key in data:
        if key not in META_KEYS:
            from breachkit.errors import suggestion

            raise TemplateError(
                f"unknown front matter key {key!r}" + suggestion(str(key), META_KEYS),
                where(str(key)),
                "BK304",
                hint=f"allowed: {', '.join(sorted(META_KEYS))}",
            )
    channel = data.get("channel", "email")
    if channel not in CHANNELS:
        raise TemplateError(
            f"unknown channel {channel!r}",
            where("channel"),
            "BK304",
            hint=f"choose one of {', '.join(CHANNELS)}",
        )
    max_length = data.get("max_length")
    if max_length is not None and (not isinstance(max_length, int) or max_length <= 0):
        raise TemplateError("max_length must be a positive number", where("max_length"), "BK304")
    for key in ("audience", "subject", "title", "description", "step", "regime"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise TemplateError(f"{key} must be text", where(key), "BK304")
    return TemplateMeta(
        channel=channel,
        audience=data.get("audience") or "",
        subject=data.get("subject") or "",
        step=data.get("step"),
        max_length=max_length,
        regime=data.get("regime"),
        title=data.get("title") or "",
        description=data.get("description") or "",
    )


class _Sandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    # Immutable: a template cannot append to `org` or a list to carry data into the next
    # message it renders (notify renders millions with one environment).
    intercepted_binops = frozenset({"*", "**"})

    # Fast paths for what templates do millions of times in notify. A key of a plain dict
    # is data we put in the context, never an attribute of a Python object, so it needs
    # none of the sandbox's attribute checks; a macro is a template's own code.
    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if type(obj) is dict and type(argument) is str and argument in obj:
            return obj[argument]
        return super().getitem(obj, argument)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        if type(obj) is jinja2.runtime.Macro:
            return context.call(obj, *args, **kwargs)
        return super().call(context, obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            # Bound the result, not just the exponent: ((10 ** 100) ** 100) ** 100 passes a
            # check on each exponent and still takes seconds, then minutes.
            if isinstance(right, int) and (
                abs(right) > 100
                or (isinstance(left, int) and abs(left).bit_length() * right > 4096)
            ):
                raise jinja2.exceptions.SecurityError("exponent too large in a template")
            return left**right
        if isinstance(left, int) and isinstance(right, str | list | tuple):
            left, right = right, left
        if (
            isinstance(left, str | list | tuple)
            and isinstance(right, int)
            and right * max(len(left), 1) > MAX_REPEAT
        ):
            raise jinja2.exceptions.SecurityError("repetition too large in a template")
        return left * right


def _bytecode_cache(folder: Path | None) -> jinja2.BytecodeCache | None:
    """Compiled templates kept on disk, checked against the source's checksum.

    Compiling a template to Python is most of the cost of rendering it once. The folder is
    private (0700) and the file names carry "sandbox": the sandbox's compiler emits the
    calls that intercept `*` and `**`, so its code must never mix with another's.
    """
    if folder is None:
        return None
    target = folder / "templates"
    try:
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    # The version in the name: another breachkit may compile with other options.
    return jinja2.FileSystemBytecodeCache(str(target), f"sandbox-{__version__}-%s.cache")


class Renderer:
    """Loads, checks and renders the templates in one folder."""

    def __init__(self, folder: Path, tz: tzinfo | None = None, cache: Path | None = None) -> None:
        self.folder = folder
        self.root = folder.resolve()
        self.tz = tz
        self._templates: dict[str, Template] = {}
        self._compiled: dict[str, jinja2.Template] = {}
        self._asts: dict[str, jinja_nodes.Template] = {}
        self.env = _Sandbox(
            loader=jinja2.FunctionLoader(self._load_source),
            undefined=jinja2.StrictUndefined,
            autoescape=False,  # Markdown and text; HTML output escapes in to_html()
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,
            bytecode_cache=_bytecode_cache(cache),
        )
        self.env.filters.update(_filters(self))

    # ---- loading -----------------------------------------------------------------------

    def resolve(self, name: str) -> Path:
        """The real path of template `name`, refusing anything outside the folder."""
        where = Location(str(self.folder / name))
        candidate = (self.folder / name).resolve()
        if not candidate.is_relative_to(self.root):
            raise TemplateError(
                f"template {name!r} lies outside the template folder {self.folder}",
                where,
                "BK305",
                hint="templates and their includes must stay inside the folder; "
                "symlinks out of it are refused",
            )
        if not candidate.is_file():
            raise TemplateError(
                f"no template {name!r} in {self.folder}",
                where,
                "BK301",
                hint=self._suggest(name),
            )
        return candidate

    def _suggest(self, name: str) -> str:
        from breachkit.errors import did_you_mean

        names = self.names()
        hit = did_you_mean(name, names)
        if hit:
            return f"did you mean {hit!r}?"
        return f"available: {', '.join(names)}" if names else "the folder has no templates"

    def names(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(
            p.relative_to(self.root).as_posix()
            for p in self.root.rglob("*")
            if p.suffix in TEMPLATE_SUFFIXES and p.is_file()
        )

    def template(self, name: str) -> Template:
        cached = self._templates.get(name)
        if cached:
            return cached
        path = self.resolve(name)
        shown = str(self.folder / name)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise TemplateError("invalid UTF-8", Location(shown), "BK100") from None
        except OSError as exc:
            raise TemplateError(f"cannot read: {exc.strerror}", Location(shown), "BK100") from None
        if "\x00" in text:
            raise TemplateError("binary file, not a template", Location(shown), "BK100")
        data, lines, body = split_front_matter(text, shown)
        template = Template(name, path, parse_meta(data, lines, shown), body, lines)
        self._templates[name] = template
        return template

    def _load_source(self, name: str) -> tuple[str, str, Callable[[], bool]]:
        template = self.template(name)
        return template.body, str(template.path), lambda: True

    def compile(self, name: str) -> jinja2.Template:
        """Parse and compile `name` (and what it includes); TemplateError with the line."""
        if name in self._compiled:
            return self._compiled[name]
        self.template(name)  # a missing or escaping template fails here, with our message
        try:
            compiled = self.env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                f"template syntax error: {exc.message}",
                Location(str(self.folder / (exc.name or name)), exc.lineno or 1, 1),
                "BK302",
            ) from None
        self._compiled[name] = compiled
        return compiled

    def _ast(self, name: str) -> jinja_nodes.Template:
        """The parsed body of `name`, parsed once: variables, attributes and includes share it.

        Syntax errors raise TemplateError (BK302) with Jinja's line.
        """
        cached = self._asts.get(name)
        if cached is None:
            try:
                cached = self._asts[name] = self.env.parse(self.template(name).body)
            except jinja2.TemplateSyntaxError as exc:
                raise TemplateError(
                    f"template syntax error: {exc.message}",
                    Location(str(self.folder / name), exc.lineno or 1, 1),
                    "BK302",
                ) from None
        return cached

    def variables(self, name: str) -> dict[str, int]:
        """Top-level names a template reads, with the first line each appears on.

        Unknown filters and tests raise TemplateError (BK302) too: Jinja's analysis runs
        its code generator, which checks them, at a fraction of the cost of compile().
        """
        template = self.template(name)
        ast = self._ast(name)
        try:
            undeclared = jinja2.meta.find_undeclared_variables(ast)
        except jinja2.TemplateSyntaxError as exc:  # TemplateAssertionError: unknown filter
            raise TemplateError(
                f"template syntax error: {exc.message}",
                Location(str(self.folder / name), exc.lineno or 1, 1),
                "BK302",
            ) from None
        lines: dict[str, int] = {}
        for node in ast.find_all(jinja_nodes.Name):
            if node.ctx == "load" and node.name in undeclared:
                lines.setdefault(node.name, node.lineno)
        subject_ast = self._subject_ast(template)
        if subject_ast is not None:
            subject_line = template.meta_lines.get("subject", 1)
            try:
                subject_vars = jinja2.meta.find_undeclared_variables(subject_ast)
            except jinja2.TemplateSyntaxError as exc:
                raise TemplateError(
                    f"template syntax error in subject: {exc.message}",
                    Location(str(self.folder / name), subject_line),
                    "BK302",
                ) from None
            for var in subject_vars:
                lines.setdefault(var, subject_line)
        return lines

    def _subject_ast(self, template: Template) -> jinja_nodes.Template | None:
        """The parsed subject line; its syntax errors point at the `subject:` line."""
        if not template.meta.subject:
            return None
        key = f"{template.name}\0subject"  # no template name holds a NUL
        cached = self._asts.get(key)
        if cached is not None:
            return cached
        try:
            cached = self._asts[key] = self.env.parse(template.meta.subject)
            return cached
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                f"template syntax error in subject: {exc.message}",
                Location(str(self.folder / template.name), template.meta_lines.get("subject", 1)),
                "BK302",
            ) from None

    def attributes(self, name: str, variable: str) -> dict[str, int]:
        """Attributes read from `variable` (`org.company` gives company), with their lines.

        The subject line counts too (at the line of its `subject:` key).
        """
        template = self.template(name)
        ast = self._ast(name)
        out: dict[str, int] = {}
        for node in ast.find_all(jinja_nodes.Getattr):
            if isinstance(node.node, jinja_nodes.Name) and node.node.name == variable:
                out.setdefault(node.attr, node.lineno)
        subject_ast = self._subject_ast(template)
        if subject_ast is not None:
            for node in subject_ast.find_all(jinja_nodes.Getattr):
                if isinstance(node.node, jinja_nodes.Name) and node.node.name == variable:
                    out.setdefault(node.attr, template.meta_lines.get("subject", 1))
        return out

    def includes(self, name: str) -> list[tuple[str, int]]:
        """Templates referenced by include/import/extends with a constant name."""
        ast = self._ast(name)
        out: list[tuple[str, int]] = []
        for node in ast.find_all(
            (jinja_nodes.Include, jinja_nodes.Import, jinja_nodes.FromImport, jinja_nodes.Extends)
        ):
            target = getattr(node, "template", None)
            if isinstance(target, jinja_nodes.Const) and isinstance(target.value, str):
                out.append((target.value, node.lineno))
        return out

    # ---- rendering ---------------------------------------------------------------------

    def render(self, name: str, context: Mapping[str, Any]) -> Draft:
        template = self.template(name)
        compiled = self.compile(name)
        body = self.collect(name, lambda: compiled.generate(context)).lstrip("\n")
        subject = ""
        if template.meta.subject:
            subject = self.collect(
                name,
                lambda: self.env.from_string(template.meta.subject).generate(context),
                line=template.meta_lines.get("subject", 1),
            ).strip()
        return Draft(name, template.id, template.meta.channel, subject, body, template.meta)

    def render_string(self, name: str, source: str, context: Mapping[str, Any]) -> str:
        return self.collect(name, lambda: self.env.from_string(source).generate(context))

    def collect(
        self, name: str, chunks: Callable[[], Iterator[str]], line: int | None = None
    ) -> str:
        """Join a template's output under the size cap, turning failures into TemplateError
        with the template's line (notify uses it for templates it compiled itself)."""
        shown = str(self.folder / name)
        out: list[str] = []
        size = 0
        try:
            for chunk in chunks():
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise TemplateError(
                        f"output exceeds {MAX_OUTPUT:,} characters",
                        Location(shown),
                        "BK306",
                        hint="a draft is a few kilobytes; look for a runaway loop",
                    )
                out.append(chunk)
        except jinja2.UndefinedError as exc:
            missing = _missing_name(str(exc.message))
            raise TemplateError(
                f"{missing} is not known: {exc.message}",
                Location(shown, line or _error_line(exc, name), 1),
                "BK303",
                hint="record the fact on the incident (breachkit run --set NAME=VALUE) "
                "or in the facts file",
            ) from None
        except jinja2.exceptions.SecurityError as exc:
            raise TemplateError(
                f"refused by the sandbox: {exc}",
                Location(shown, line or _error_line(exc, name)),
                "BK306",
            ) from None
        except jinja2.TemplateError as exc:
            raise TemplateError(
                f"cannot render: {exc}", Location(shown, line or _error_line(exc, name)), "BK302"
            ) from None
        except RecursionError:
            raise TemplateError(
                "a macro calls itself without end", Location(shown, line or 1), "BK306"
            ) from None
        except (TypeError, ValueError, ArithmeticError, KeyError, AttributeError) as exc:
            raise TemplateError(
                f"cannot render: {type(exc).__name__}: {exc}",
                Location(shown, line or _error_line(exc, name)),
                "BK306",
            ) from None
        return "".join(out)


def _missing_name(message: str) -> str:
    import re

    m = re.search(r"'([^']+)' is undefined", message)
    if m:
        return f"fact {m[1]!r}"
    m = re.search(r"has no attribute '([^']+)'", message)
    return f"field {m[1]!r}" if m else "a value"


def _error_line(exc: BaseException, name: str) -> int:
    """The template line from Jinja's rewritten traceback (it names the template file)."""
    tb = exc.__traceback__
    line = 1
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith(name) or "<template>" in code.co_filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


# ---- filters ---------------------------------------------------------------------------


def _as_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        return datetime.fromisoformat(value)
    raise ValueError(f"not a date or time: {value!r}")


def _filters(renderer: Renderer) -> dict[str, Callable[..., Any]]:
    def local(value: Any) -> datetime:
        when = _as_datetime(value)
        if renderer.tz is not None and when.tzinfo is not None:
            when = when.astimezone(renderer.tz)
        return when

    def zone(when: datetime) -> str:
        return f" {when.tzname()}" if when.tzinfo else ""

    def fmt_date(value: Any) -> str:
        when = local(value)
        return f"{when.day} {when:%B %Y}"

    def fmt_time(value: Any) -> str:
        when = local(value)
        return f"{when:%H:%M}{zone(when)}"

    def fmt_datetime(value: Any) -> str:
        when = local(value)
        return f"{when.day} {when:%B %Y} at {when:%H:%M}{zone(when)}"

    def fmt_duration(value: Any) -> str:
        if not isinstance(value, timedelta):
            raise ValueError(f"not a duration: {value!r}")
        seconds = int(value.total_seconds())
        parts = []
        for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
            n, seconds = divmod(seconds, size)
            if n:
                parts.append(f"{n} {unit}{'s' if n != 1 else ''}")
        return join_and(parts[:2]) or "less than a minute"

    def number(value: Any) -> str:
        return f"{value:,}" if isinstance(value, int) else str(value)

    def join_and(items: Any, last: str = "and") -> str:
        words = [str(i) for i in (items if isinstance(items, list | tuple) else [items])]
        if len(words) <= 1:
            return "".join(words)
        return f"{', '.join(words[:-1])} {last} {words[-1]}"

    def bullets(items: Any) -> str:
        words = items if isinstance(items, list | tuple) else [items]
        return "\n".join(f"- {w}" for w in words)

    def wrap(text: Any, width: int = 72) -> str:
        return wrap_text(str(text), width)

    return {
        "date": fmt_date,
        "time": fmt_time,
        "datetime": fmt_datetime,
        "duration": fmt_duration,
        "number": number,
        "join_and": join_and,
        "bullets": bullets,
        "wrap": wrap,
    }


# ---- output formats --------------------------------------------------------------------


def to_html(markdown: str, title: str = "") -> str:
    """Markdown to an HTML document; all text is escaped, raw HTML in the input is not kept."""
    import html

    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False})
    body = md.render(markdown)
    head = f"<title>{html.escape(title)}</title>" if title else ""
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">{head}</head>\n'
        f"<body>\n{body}</body>\n</html>\n"
    )


def wrap_text(text: str, width: int = 72) -> str:
    """Plain text for people: paragraphs wrapped, list items hang, headings kept on a line."""
    out: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or len(line) <= width or stripped.startswith(("#", "http")):
            out.append(line.rstrip())
            continue
        indent = line[: len(line) - len(line.lstrip())]
        bullet = ""
        for marker in ("- ", "* ", "• "):
            if stripped.startswith(marker):
                bullet = marker
        if not bullet and stripped[:1].isdigit() and ". " in stripped[:5]:
            bullet = stripped[: stripped.index(". ") + 2]
        out.append(
            textwrap.fill(
                stripped,
                width,
                initial_indent=indent,
                subsequent_indent=indent + " " * len(bullet),
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


def to_text(markdown: str, width: int = 72) -> str:
    """Markdown to plain text: emphasis markers dropped, headings underlined, lines wrapped."""
    import re

    lines: list[str] = []
    for line in markdown.splitlines():
        m = re.match(r"^(#{1,6})\s+(.*)$", line)
        if m:
            heading = m[2].strip()
            lines += [heading.upper() if len(m[1]) == 1 else heading, "-" * len(heading)]
            continue
        line = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda k: k[1] or k[2], line)
        line = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1 (\2)", line)
        lines.append(line)
    return wrap_text("\n".join(lines) + "\n", width)
