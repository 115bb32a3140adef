"""check_draft as a library: context, front matter, HTML positions, selection, suppression."""

from __future__ import annotations

import pytest

from breachkit.checks import CHANNELS, check_draft, context_for, unknown_selectors
from breachkit.checks.draft import MAX_DRAFT_CHARS, Draft, channel_from_path, parse_front_matter
from breachkit.checks.readability import readability, syllables
from breachkit.config import RuleSelection
from breachkit.errors import BreachkitError, ExitCode

BAD_SOCIAL = "We regret any inconvenience. " * 12  # over 280 characters, a non-apology


def at(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first `needle` in `text`."""
    i = text.index(needle)
    return text.count("\n", 0, i) + 1, i - (text.rfind("\n", 0, i) + 1) + 1


def codes(text: str, **kw: object) -> set[str]:
    return {f.rule for f in check_draft(text, **kw)}  # type: ignore[arg-type]


def test_channels_are_the_documented_ones() -> None:
    assert CHANNELS == (
        "email",
        "letter",
        "social",
        "sms",
        "status",
        "blog",
        "regulator",
        "press",
        "internal",
    )


def test_default_context_is_an_email_notice() -> None:
    ctx = context_for("Hello")
    assert (ctx.channel, ctx.step, ctx.notice) == ("email", None, True)


def test_front_matter_sets_the_context() -> None:
    text = "---\nchannel: social\nstep: acknowledge\nregime: gdpr-art34\naudience: users\n---\nHi"
    ctx = context_for(text)
    assert (ctx.channel, ctx.step, ctx.regime, ctx.audience) == (
        "social",
        "acknowledge",
        "gdpr-art34",
        "users",
    )
    assert ctx.regime_family == "gdpr-34"


def test_options_win_over_front_matter_which_wins_over_the_file_name() -> None:
    text = "---\nchannel: blog\n---\nHi"
    assert context_for(text, path="x.social.md").channel == "blog"
    assert context_for(text, path="x.social.md", channel="sms").channel == "sms"
    assert context_for("Hi", path="x.social.md").channel == "social"


@pytest.mark.parametrize(
    ("name", "channel"),
    [
        ("ack.social.md", "social"),
        ("notice-letter.html", "letter"),
        ("update.status.md", "status"),
        ("reminder.sms", "sms"),
        ("post.tweet", "social"),
        ("letter-to-regulator.md", "regulator"),
        ("drafts/customer-notice.md", None),
        ("wordpress-post.md", None),
    ],
)
def test_channel_from_the_file_name(name: str, channel: str | None) -> None:
    assert channel_from_path(name) == channel


def test_front_matter_with_folded_values_and_comments() -> None:
    text = (
        "---\nchannel: email\n# a comment\ndescription: >-\n  long text\n  more\n"
        "step: resolve\n---\nBody"
    )
    fm = parse_front_matter(text, "x.md")
    assert fm.values["channel"] == "email" and fm.values["step"] == "resolve"
    assert text[fm.end :] == "Body"


def test_a_markdown_rule_is_not_front_matter() -> None:
    text = "---\nWe are sorry.\n---\n"
    assert parse_front_matter(text, "x.md").values == {}


def test_unknown_channel_is_a_usage_error_with_a_hint() -> None:
    with pytest.raises(BreachkitError) as info:
        check_draft("Hi", channel="emial")
    assert info.value.exit_code is ExitCode.USAGE
    assert "did you mean 'email'" in str(info.value)


def test_unknown_channel_in_front_matter_points_at_the_value() -> None:
    with pytest.raises(BreachkitError) as info:
        check_draft("---\nstep: resolve\nchannel: fax\n---\nHi", path="d.md")
    assert info.value.location is not None
    assert (info.value.location.line, info.value.location.column) == (3, 10)


def test_unknown_step_is_a_usage_error() -> None:
    with pytest.raises(BreachkitError, match="unknown step"):
        check_draft("Hi", step="apologise")


def test_html_findings_point_at_the_line_and_column_in_the_file() -> None:
    text = (
        "<html>\n<body>\n<p>Dear customer,</p>\n"
        "<p>We <b>regret</b> any&nbsp;inconvenience &amp; we take your privacy very "
        "seriously.</p>\n</body></html>"
    )
    found = {f.rule: (f.location.line, f.location.column) for f in check_draft(text)}
    assert found["BC101"] == at(text, "Dear customer") == (3, 4)
    assert found["BC102"] == at(text, "regret")  # inside <b>, an entity between the words
    assert found["BC107"] == at(text, "take your privacy")


def test_html_comments_are_not_text_but_keep_lines() -> None:
    text = "<!-- we regret any inconvenience -->\nDear Maria,\n\nWe regret any inconvenience."
    found = [f for f in check_draft(text) if f.rule == "BC102"]
    assert [(f.location.line, f.location.column) for f in found] == [(4, 4)]


def test_curly_quotes_and_windows_line_ends() -> None:
    text = "Dear Maria,\r\n\r\nWe\u2019re sorry. It\u2019s a feature, not a bug.\r\n"
    found = {f.rule: (f.location.line, f.location.column) for f in check_draft(text)}
    assert found["BC104"] == at(text, "feature") == (3, 21)
    assert "BC201" not in found  # we're sorry counts


def test_positions_after_front_matter() -> None:
    text = "---\nchannel: social\n---\nIt was working as intended."
    (f,) = [f for f in check_draft(text) if f.rule == "BC104"]
    assert (f.location.line, f.location.column) == (4, 8)


def test_selection_turns_rules_off_and_on() -> None:
    text = "Dear customer,\n\nWe regret any inconvenience."
    assert "BC101" not in codes(text, selection=RuleSelection(ignore=("BC101",)))
    assert "BC101" not in codes(text, selection=RuleSelection(ignore=("generic-salutation",)))
    assert codes(text, selection=RuleSelection(select=("BC1",))) <= {
        f"BC1{n:02d}" for n in range(100)
    }
    assert codes(text, selection=RuleSelection(select=("BC102",))) == {"BC102"}


def test_inline_suppression_on_the_line_and_for_the_file() -> None:
    text = (
        "Dear customer, <!-- breachkit: ignore[BC101] -->\n\n"
        "It lasted only 3 minutes. <!-- breachkit: ignore[minimising] -->\n"
        "We regret any inconvenience.\n"
    )
    found = codes(text)
    assert "BC101" not in found and "BC103" not in found and "BC102" in found
    assert "BC402" not in codes(text + "<!-- breachkit: ignore-file[BC402] -->")


def test_length_limits_per_channel() -> None:
    assert "BC401" in codes(BAD_SOCIAL, channel="social")
    assert "BC401" not in codes(BAD_SOCIAL, channel="blog")
    (f,) = [f for f in check_draft("x" * 170, channel="sms") if f.rule == "BC401"]
    assert f.location.column == 161  # the cut starts at the first character over the limit


def test_the_wording_rules_do_not_apply_to_internal_drafts() -> None:
    assert "BC102" in codes("We regret any inconvenience.", channel="status")
    assert "BC102" not in codes("We regret any inconvenience.", channel="internal")
    assert "BC102" not in codes("We regret any inconvenience.", audience="staff")


def test_unknown_regime_gets_the_general_rules() -> None:
    ctx = context_for("Hi", regime="br-anpd")
    assert ctx.regime_family is None and ctx.notice


@pytest.mark.parametrize(
    ("regime", "channel", "family"),
    [
        ("us-ca-1798.82", "email", "california"),
        ("california", "letter", "california"),
        ("gdpr-art33", "regulator", "gdpr-33"),
        ("uk-gdpr-art33", "regulator", "gdpr-33"),
        ("gdpr", "regulator", "gdpr-33"),
        ("gdpr", "email", "gdpr-34"),
        ("hipaa-individuals", "letter", "hipaa"),
        ("sec-8k-1.05", "press", None),
    ],
)
def test_regime_families(regime: str, channel: str, family: str | None) -> None:
    assert context_for("Hi", regime=regime, channel=channel).regime_family == family


def test_a_huge_draft_is_refused() -> None:
    with pytest.raises(BreachkitError, match="limit"):
        check_draft("a" * (MAX_DRAFT_CHARS + 1))


def test_adversarial_input_finishes() -> None:
    # long runs of the words the patterns' bounded gaps skip over, without a full stop
    # and digit runs that an unbounded [\d,.]* would backtrack over quadratically
    text = ("we are sorry if we " * 300) + ("only " * 1000) + ("<p " * 1000) + "1," * 3000
    check_draft(text)


def test_unknown_selectors() -> None:
    assert unknown_selectors(["BC1", "BC101", "hard-to-read", "BC9", "nope"]) == ["BC9", "nope"]


def test_syllable_heuristic() -> None:
    assert [syllables(w) for w in ("the", "fire", "created", "information", "asked")] == [
        1,
        1,
        2,
        4,
        1,
    ]


def test_readability_grades_plain_and_dense_text() -> None:
    plain = readability("We lost your email address. We are sorry. Please change your password.")
    dense = readability(
        "Notwithstanding comprehensive organisational safeguards, unauthorised "
        "exfiltration of personally identifiable information subsequently occurred."
    )
    assert plain.grade < 6 < 10 < dense.grade
    assert (plain.words, plain.sentences) == (12, 3)


def test_draft_maps_offsets_back_through_markup() -> None:
    d = Draft("<p>A &amp; B</p>\n<p>C</p>")
    assert d.body.strip().startswith("A & B")
    assert d.position(d.body.index("C")) == (2, 4)
