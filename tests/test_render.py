"""The renderer on untrusted templates: sandbox, StrictUndefined, output cap, folder confinement."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from breachkit.render import Renderer, TemplateError, to_html, to_text, wrap_text


def template(folder: Path, name: str, body: str, front: str = "channel: email\n") -> str:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return name


@pytest.mark.parametrize(
    ("body", "rule", "message"),
    [
        ("{{ ''.__class__.__mro__ }}", "BK306", "unsafe"),
        ("{{ 'a' * 100000000 }}", "BK306", "repetition too large"),
        ("{{ 10 ** 100000 }}", "BK306", "exponent too large"),
        ("{% for i in range(100) %}{{ 'x' * 9000 }}{% endfor %}", "BK306", "output exceeds"),
        ("{{ org.__init__.__globals__ }}", "BK306", "unsafe"),
        ("{% set _ = org.update({'x': 1}) %}", "BK306", "unsafe"),
        ("Dear {{ recipient.first_name }}", "BK303", "'first_name'"),
        ("{{ affected_count }}", "BK303", "fact 'affected_count'"),
    ],
)
def test_untrusted_templates_are_refused_with_a_rule(
    tmp_path: Path, body: str, rule: str, message: str
):
    folder = tmp_path / "templates"
    name = template(folder, "t.md.j2", body)
    with pytest.raises(TemplateError) as caught:
        Renderer(folder).render(name, {"org": {"company": "X"}, "recipient": {}})
    assert caught.value.rule == rule
    assert message in str(caught.value)
    assert caught.value.location is not None
    if rule != "BK306" or "output" not in message:  # the size cap is for the whole draft
        assert caught.value.location.line == 4  # after three lines of front matter


def test_symlink_out_of_the_folder_is_refused(tmp_path: Path):
    folder = tmp_path / "templates"
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0")
    folder.mkdir()
    (folder / "evil.md.j2").symlink_to(secret)
    template(folder, "inc.md.j2", "{% include 'evil.md.j2' %}")
    renderer = Renderer(folder)
    for name in ("evil.md.j2", "inc.md.j2", "../secret.txt"):
        with pytest.raises(TemplateError) as caught:
            renderer.render(name, {})
        assert caught.value.rule == "BK305", name
        assert "outside the template folder" in str(caught.value)


def test_syntax_error_has_the_file_line(tmp_path: Path):
    folder = tmp_path / "templates"
    name = template(folder, "t.md.j2", "line one\n{% if x %}\nno end\n")
    with pytest.raises(TemplateError) as caught:
        Renderer(folder).compile(name)
    assert caught.value.rule == "BK302"
    assert caught.value.location is not None
    assert caught.value.location.line >= 5


def test_front_matter_and_filters(tmp_path: Path):
    folder = tmp_path / "templates"
    name = template(
        folder,
        "notice.md.j2",
        "{{ n | number }} people; found {{ at | datetime }}; {{ span | duration }}; "
        "{{ items | join_and }}",
        front='channel: email\nsubject: "About {{ org.product }}"\nstep: resolve\n',
    )
    renderer = Renderer(folder, tz=UTC)
    draft = renderer.render(
        name,
        {
            "org": {"product": "Shelf"},
            "n": 1843,
            "at": datetime(2026, 3, 14, 21, 29, tzinfo=UTC),
            "span": timedelta(hours=4, minutes=30),
            "items": ["name", "email", "orders"],
        },
    )
    assert draft.subject == "About Shelf"
    assert draft.meta.step == "resolve"
    assert draft.body == (
        "1,843 people; found 14 March 2026 at 21:29 UTC; 4 hours and 30 minutes; "
        "name, email and orders"
    )
    assert draft.text.startswith("Subject: About Shelf\n\n")
    assert len(draft.hash) == 64


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("channel: pigeon\n", "unknown channel 'pigeon'"),
        ("chanel: email\n", "did you mean 'channel'?"),
        ("max_length: lots\n", "max_length must be a positive number"),
        ("- a list\n", "front matter must be a mapping"),
    ],
)
def test_bad_front_matter(tmp_path: Path, front: str, message: str):
    folder = tmp_path / "templates"
    name = template(folder, "t.md.j2", "hello", front=front)
    with pytest.raises(TemplateError) as caught:
        Renderer(folder).template(name)
    assert caught.value.rule == "BK304"
    assert message in str(caught.value)


def test_html_is_escaped_and_text_wraps():
    html = to_html("# Notice\n\nWe saw <script>alert(1)</script> & more.\n\n- one\n- two\n")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<h1>Notice</h1>" in html
    assert "<li>one</li>" in html
    text = to_text("# Notice\n\n**What happened.** " + "word " * 40 + "\n\n- " + "item " * 30)
    lines = text.splitlines()
    assert lines[0] == "NOTICE"
    assert max(map(len, lines)) <= 72
    assert "**" not in text
    assert any(line.startswith("  item") for line in lines)  # list items hang
    assert wrap_text("short\n") == "short\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{{ (((10 ** 100) ** 100) ** 100) ** 10 }}", "exponent too large"),
        ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "calls itself"),
    ],
)
def test_runaway_arithmetic_and_recursion_are_refused(tmp_path: Path, body: str, message: str):
    folder = tmp_path / "templates"
    name = template(folder, "t.md.j2", body)
    with pytest.raises(TemplateError) as caught:
        Renderer(folder).render(name, {})
    assert caught.value.rule == "BK306"
    assert message in str(caught.value)
