"""The draft rules: one explicit registry, each rule with its docs, scope and check.

Codes: BC1xx wording a draft must not use, BC2xx content every notice needs, BC3xx
content a step needs, BC4xx form (length, readability), BC5xx what a regime requires
(BC50x California, BC51x GDPR, BC52x HIPAA). A check returns `Hit`s (an offset in the
draft's visible text and a message); `check_draft` turns them into `Finding`s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from re import Pattern
from typing import NamedTuple

from breachkit.checks import patterns as p
from breachkit.checks.draft import Context, Draft
from breachkit.checks.readability import readability
from breachkit.findings import Rule, Severity

E, W_, I_ = Severity.ERROR, Severity.WARNING, Severity.INFO

LENGTH_LIMITS: dict[str, int] = {"social": 280, "sms": 160}
READING_GRADE_CEILING = 10.0
READABLE_CHANNELS = ("email", "letter", "sms", "social")
READABILITY_MIN_WORDS = 20  # below this the grade of one sentence is noise, not a signal


class Hit(NamedTuple):
    offset: int  # in Draft.body
    message: str
    severity: Severity | None = None  # None: the rule's own


Run = Callable[[Draft, Context], Iterable[Hit]]


@dataclass(frozen=True)
class Check:
    rule: Rule
    scope: str  # where the rule applies, for --list-rules and docs/checks.md
    applies: Callable[[Context], bool]
    run: Run


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"'{text[: limit - 1]}…'" if len(text) > limit else f"'{text}'"


# --- building blocks ---------------------------------------------------------------------


@dataclass(frozen=True)
class Phrase:
    """A family of phrasings a draft must not use, and what to say when it does."""

    pattern: Pattern[str]
    message: str  # {phrase} is replaced by the quoted match
    severity: Severity | None = None
    needs: Pattern[str] | None = None  # must also occur in the same sentence


def phrases(*items: Phrase) -> Run:
    """One finding per family and sentence: five ways of saying the same bad thing in one
    sentence are one problem, but '3 minutes' and 'no effect on security' are two."""

    def run(d: Draft, ctx: Context) -> Iterator[Hit]:
        taken: list[tuple[int, int]] = []  # spans already reported, by any family
        for item in items:
            seen: set[int] = set()  # sentences this family has reported
            for m in item.pattern.finditer(d.body):
                s = d.sentence_index(m.start())
                if s in seen or any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                if item.needs is not None:
                    a, b = d.sentence_at(m.start())
                    if not item.needs.search(d.body, a, b):
                        continue
                seen.add(s)
                taken.append(m.span())
                yield Hit(m.start(), item.message.format(phrase=_quote(m.group())), item.severity)

    return run


def requires(present: Callable[[Draft], bool], message: str) -> Run:
    """A notice must contain something; the finding points at its first line."""

    def run(d: Draft, ctx: Context) -> Iterator[Hit]:
        if not present(d):
            yield Hit(d.first_text, message)

    return run


def any_of(*patterns: Pattern[str]) -> Callable[[Draft], bool]:
    return lambda d: any(pat.search(d.body) for pat in patterns)


def in_one_sentence(*patterns: Pattern[str]) -> Callable[[Draft], bool]:
    """All patterns occur together in some sentence."""

    def present(d: Draft) -> bool:
        first = patterns[0]
        for m in first.finditer(d.body):
            a, b = d.sentence_at(m.start())
            if all(pat.search(d.body, a, b) for pat in patterns[1:]):
                return True
        return False

    return present


def _heading(title: str) -> Pattern[str]:
    return p.HEADING_RE[title]


def _negated(d: Draft, start: int, words: int = 4) -> bool:
    """Is the phrase at `start` negated by one of the few words before it in its sentence?"""
    a, _ = d.sentence_at(start)
    before = d.body[a:start].split()[-words:]
    return bool(p.NEGATION.search(" ".join(before)))


def _sentence_negated(d: Draft, start: int) -> bool:
    a, b = d.sentence_at(start)
    return bool(p.NEGATION.search(d.body, a, b))


# --- scopes -------------------------------------------------------------------------------


def _external(ctx: Context) -> bool:
    return ctx.external


def _personal(ctx: Context) -> bool:
    return ctx.personal


def _notice(ctx: Context) -> bool:
    return ctx.notice


def _apology_due(ctx: Context) -> bool:
    return ctx.notice or (ctx.step == "compensate" and ctx.external and not ctx.to_regulator)


def _compensate(ctx: Context) -> bool:
    return ctx.step == "compensate" and ctx.external and not ctx.to_regulator


def _update_due(ctx: Context) -> bool:
    return ctx.step in ("acknowledge", "assure")


def _identity_due(ctx: Context) -> bool:
    return ctx.notice or (ctx.personal and ctx.regime_family == "california")


def _limited(ctx: Context) -> bool:
    return ctx.channel in LENGTH_LIMITS


def _plain_language(ctx: Context) -> bool:
    return ctx.audience_kind == "customer" and (
        ctx.channel in READABLE_CHANNELS or ctx.regime_family == "gdpr-34"
    )


def _california(ctx: Context) -> bool:
    return ctx.personal and ctx.regime_family == "california"


def _gdpr33(ctx: Context) -> bool:
    return ctx.regime_family == "gdpr-33"


def _gdpr(ctx: Context) -> bool:
    return ctx.regime_family in ("gdpr-33", "gdpr-34")


def _hipaa(ctx: Context) -> bool:
    return ctx.personal and ctx.regime_family == "hipaa"


def _anywhere(ctx: Context) -> bool:
    return True


# --- the checks that need more than a phrase list -------------------------------------------


def _apology_spans(d: Draft) -> list[tuple[int, int]]:
    """Real apologies: apology words that are not part of a non-apology."""
    fake = [m.span() for m in p.NON_APOLOGY.finditer(d.body)]
    return [
        m.span() for m in p.APOLOGY.finditer(d.body) if not any(a <= m.start() < b for a, b in fake)
    ]


def check_apology(d: Draft, ctx: Context) -> Iterator[Hit]:
    if not _apology_spans(d):
        yield Hit(
            d.first_text,
            "no apology: say that you are sorry, for what you did, in the first person "
            "('We are sorry: we exposed your email address')",
        )


def check_responsibility(d: Draft, ctx: Context) -> Iterator[Hit]:
    if not p.RESPONSIBILITY.search(d.body):
        where = _apology_spans(d)
        yield Hit(
            where[0][0] if where else d.first_text,
            "the draft never takes responsibility: say what *you* did wrong ('this was our "
            "mistake', 'we failed to test the release')",
        )


def check_salutation(d: Draft, ctx: Context) -> Iterator[Hit]:
    for offset, line in d.lines[:6]:
        m = p.GREETING.match(line)
        if not m:
            continue
        at = offset + m.start("greet")
        greet = " ".join(m["greet"].lower().split())
        head = re.split(r"[,:;.!\n]", m["rest"], maxsplit=1)[0]
        if "{{" in head or "[" in head or "<" in head:
            return  # a merge field: BC109 reports it if it was never filled
        tokens = re.findall(r"[\w'/-]+", head)
        words = [t.lower() for t in tokens]
        generic = (
            greet.startswith("to whom")
            or not tokens
            or any(w in p.GENERIC_ADDRESSEE for w in words)
            or not (tokens[0][0].isupper() or words[0].rstrip(".") in p.NAME_TITLES)
        )
        if generic:
            said = _quote(re.split(r"[,:;.!\n]", line[m.start("greet") :], maxsplit=1)[0])
            yield Hit(
                at,
                f"{said} is a mass mailing: address the person by name ('Dear Maria,'); "
                "a generic greeting makes people feel more violated",
            )
        return
    yield Hit(
        d.first_text,
        "no salutation: address the person by name ('Dear Maria,') before anything else",
    )


def _title_line_name(text: str, before_title: str) -> bool:
    """Does `before_title` (a line up to its senior title) hold a person's name?"""
    candidate = before_title.strip(" \t,-\u2014\u2013*_>:|")
    for m in p.PERSON_NAME.finditer(candidate):
        if not any(w.lower().strip(".") in p.NOT_A_NAME for w in m.group().split()):
            return True
    # "Tim, founder": a given name alone is a human face too
    single = re.fullmatch(r"(?:[\w.,:]+\s+)?([A-Z][a-z'\u00c0-\u024f-]+)", candidate)
    return bool(single and single[1].lower() not in p.NOT_A_NAME)


def check_signatory(d: Draft, ctx: Context) -> Iterator[Hit]:
    tail = d.lines[-12:]
    if not tail:
        yield Hit(d.first_text, "no sign-off: sign with a named senior person")
        return
    titled: list[int] = []
    for i, (_, line) in enumerate(tail):
        if len(line.split()) > 9:
            continue  # a sentence that mentions the founder is not a signature
        t = p.SENIOR_TITLE.search(line)
        if not t:
            continue
        titled.append(i)
        if _title_line_name(line, line[: t.start()]):
            return
        if i > 0 and len(tail[i - 1][1].split()) <= 5:
            prev = tail[i - 1][1]
            if _title_line_name(prev, prev) and not p.SENIOR_TITLE.search(prev):
                return
    for offset, line in reversed(tail):
        if p.TEAM_SIGNOFF.match(line):
            yield Hit(
                offset,
                f"signed by {_quote(line)}: a notice needs a named senior person who answers "
                "for it ('Maria Lopez, Chief Executive Officer'), not a team",
            )
            return
    if titled:
        offset, line = tail[titled[-1]]
        yield Hit(offset, f"{_quote(line)} gives a title but no name: add the signatory's name")
        return
    for offset, line in reversed(tail[-4:]):
        if len(line.split()) <= 4 and _title_line_name(line, line):
            yield Hit(
                offset,
                f"signed by {_quote(line)} without a title: the notice should come from "
                "someone senior (CEO, founder, head of ...) and say so",
            )
            return
    offset = tail[-1][0]
    yield Hit(
        offset,
        "no named senior signatory: end with a sign-off such as "
        "'Maria Lopez, Chief Executive Officer'",
    )


def check_placeholders(d: Draft, ctx: Context) -> Iterator[Hit]:
    greeting_lines = {
        offset: offset + len(line) for offset, line in d.lines[:6] if p.GREETING.match(line)
    }
    for m in p.PLACEHOLDER.finditer(d.body):
        in_greeting = any(a <= m.start() < b for a, b in greeting_lines.items())
        if in_greeting and p.NAME_FIELD.search(m.group()):
            # "Dear [first name]," is how a mass notice is personalised: a merge field
            # the bulk-mail tool fills in, one recipient per message. Only make sure.
            yield Hit(
                m.start(),
                f"{_quote(m.group())} is a merge field: make sure the bulk-mail tool fills "
                "it in (one recipient per message), or write the name",
                W_,
            )
        else:
            yield Hit(m.start(), f"{_quote(m.group())} is an unfilled placeholder: fill it in")


def check_offer(d: Draft, ctx: Context) -> Iterator[Hit]:
    for m in p.OFFER.finditer(d.body):
        if not _negated(d, m.start()):
            return
    yield Hit(
        d.first_text,
        "the compensate step needs a concrete offer: credit, free months, an upgrade, a "
        "refund, credit monitoring ... (words alone are not enough)",
    )


def check_next_update(d: Draft, ctx: Context) -> Iterator[Hit]:
    for a, b in d.sentences:
        if p.NEXT_UPDATE.search(d.body, a, b) and p.ANY_CLOCK.search(d.body, a, b):
            return
        if p.UPDATE_WORD.search(d.body, a, b) and p.TIME_ANCHOR.search(d.body, a, b):
            return
    yield Hit(
        d.first_text,
        f"the {ctx.step} step must say when the next update comes "
        "('next update by 18:00 UTC', 'we will update you within 4 hours')",
    )


def check_identity_protection(d: Draft, ctx: Context) -> Iterator[Hit]:
    exposed = [m for m in p.IDENTITY_DATA.finditer(d.body) if not _sentence_negated(d, m.start())]
    if not exposed:
        return
    severity = E if ctx.regime_family == "california" else None
    offered = [m for m in p.IDENTITY_SERVICE.finditer(d.body) if not _negated(d, m.start())]
    for m in offered:
        a, b = d.sentence_at(m.start())
        nxt = d.sentence_at(b)[1] if b < len(d.body) else b
        if p.LONG_ENOUGH.search(d.body, a, nxt):
            return
    what = _quote(exposed[0].group())
    if offered:
        yield Hit(
            offered[0].start(),
            f"{what} were exposed: offer the identity-theft protection for at least 12 "
            "months, and say so",
            severity,
        )
    else:
        yield Hit(
            exposed[0].start(),
            f"{what} were exposed: offer at least 12 months of free identity-theft "
            "protection or credit monitoring",
            severity,
        )


def check_length(d: Draft, ctx: Context) -> Iterator[Hit]:
    limit = LENGTH_LIMITS[ctx.channel]
    text = d.body.strip()
    if len(text) > limit:
        lead = len(d.body) - len(d.body.lstrip())
        yield Hit(
            lead + limit,
            f"{len(text)} characters: a {ctx.channel} message allows {limit}; cut "
            f"{len(text) - limit} (the cut starts here) or link to the full notice",
        )


def check_readability(d: Draft, ctx: Context) -> Iterator[Hit]:
    r = readability(d.body)
    if r.words >= READABILITY_MIN_WORDS and r.grade > READING_GRADE_CEILING:
        yield Hit(
            r.hardest,
            f"reading grade {r.grade:.1f} (Flesch-Kincaid) is above {READING_GRADE_CEILING:.0f}: "
            f"use shorter sentences and plainer words; the hardest sentence starts here "
            f"({r.hardest_words} words)",
        )


def _front_title(d: Draft) -> bool:
    return any(p.NOTICE_TITLE.search(d.meta.get(key, "")) for key in ("title", "subject"))


def check_notice_title(d: Draft, ctx: Context) -> Iterator[Hit]:
    if _front_title(d):
        return
    top = d.lines[:2]  # the title, perhaps after a Subject: line
    for _, line in top:
        if p.NOTICE_TITLE.search(line):
            return
    m = p.NOTICE_TITLE.search(d.body)
    if m:
        yield Hit(m.start(), "the title 'Notice of Data Breach' must come first, as the title")
    else:
        yield Hit(d.first_text, "title the notice 'Notice of Data Breach'")


def _heading_positions(d: Draft) -> dict[str, int]:
    found: dict[str, int] = {}
    for title, pattern in p.HEADING_RE.items():
        m = pattern.search(d.body)
        if m:
            found[title] = m.start("words")
    return found


def check_model_headings(d: Draft, ctx: Context) -> Iterator[Hit]:
    found = _heading_positions(d)
    for title in p.HEADINGS:
        if title not in found:
            yield Hit(
                d.first_text,
                f"missing the heading '{title}': the California model notice uses the "
                "five headings " + ", ".join(f"'{t}'" for t in p.HEADINGS),
            )


def check_heading_order(d: Draft, ctx: Context) -> Iterator[Hit]:
    found = _heading_positions(d)
    order = [t for t in p.HEADINGS if t in found]
    for i, title in enumerate(order):
        earlier = [t for t in order[:i] if found[t] > found[title]]
        if earlier:
            yield Hit(
                found[title],
                f"'{title}' comes before '{earlier[0]}': the model notice fixes the order "
                + " \u2192 ".join(p.HEADINGS),
            )


def check_affected_numbers(d: Draft, ctx: Context) -> Iterator[Hit]:
    unknown = bool(p.NUMBERS_UNKNOWN.search(d.body))
    missing = []
    if not p.DATA_KIND_RE.search(d.body):
        missing.append("the categories of personal data (e.g. email addresses, passwords)")
    if not unknown and not p.PEOPLE_COUNT.search(d.body):
        missing.append("the approximate number of people concerned, by category")
    if not unknown and not p.RECORDS_COUNT.search(d.body):
        missing.append("the approximate number of records")
    if missing:
        yield Hit(
            d.first_text,
            "Art. 33(3)(a) asks for "
            + "; ".join(missing)
            + " (if not yet known, say so and that it will follow)",
        )


def check_dpo(d: Draft, ctx: Context) -> Iterator[Hit]:
    named = p.DPO.search(d.body) or re.search(r"\bcontact\s+point\b", d.body, re.I)
    if not named:
        yield Hit(
            d.first_text,
            "give the name and contact details of the data protection officer (or other "
            "contact point)",
        )
    elif not p.CONTACT_DETAIL.search(d.body):
        yield Hit(
            named.start(), "the DPO is named but not how to reach them: add an email or phone"
        )


# --- the registry ----------------------------------------------------------------------------

NOTICE_SCOPE = (
    "email and letter to customers at the resolve or compensate step (or with no step, or "
    "under a regime)"
)
EXTERNAL_SCOPE = "every channel except internal (and internal audiences)"

CHECKS_LIST: tuple[Check, ...] = (
    Check(
        Rule(
            "BC101",
            "generic-salutation",
            E,
            "Address the person by name, not 'Dear customer'.",
            "A mass mail to 'Dear customer' tells people they are a row in a table, right "
            "after you lost that row; it makes them feel more violated. Regulators ask for a "
            "personal salutation. A missing salutation is reported too.",
            "Dear valued customer,\n\nWe are writing to let you know about an incident.",
            "Dear Maria,\n\nWe are writing to tell you that we exposed your email address.",
            "DOMAIN.md case 1 (daily-deals site: 'Dear customer' makes people feel more "
            "violated); regulators' guidance ('Dear Maria', not 'Dear customer')",
        ),
        "email and letter to customers",
        _personal,
        check_salutation,
    ),
    Check(
        Rule(
            "BC102",
            "non-apology",
            E,
            "No non-apologies: 'we regret any inconvenience', 'mistakes were made', "
            "'sorry if you were affected'.",
            "These phrases sound like an apology but apologise for an effect ('any "
            "inconvenience'), hide who acted ('mistakes were made'), or doubt the harm ('may "
            "have caused', 'sorry if'). Readers hear evasion. Acknowledging responsibility is "
            "the part of an apology that matters most.",
            "We apologize for any inconvenience this may have caused.",
            "We are sorry. We sent your address to 2,000 other customers, and that was our "
            "mistake.",
            "2016 study of 755 people on the parts of an apology; DOMAIN.md ('mistakes were "
            "made' hides who made them); case 3 ('rectify any inconvenience')",
        ),
        EXTERNAL_SCOPE,
        _external,
        phrases(
            Phrase(
                p.rx(p.NON_APOLOGY_PASSIVE),
                "{phrase} hides who made them: say 'we made a mistake'",
            ),
            Phrase(
                p.rx(p.NON_APOLOGY_CONDITIONAL, p.NON_APOLOGY_ANYONE, p.NON_APOLOGY_FEELINGS),
                "{phrase} is a conditional apology that doubts the harm: apologise for what "
                "you did",
            ),
            Phrase(
                p.rx(p.NON_APOLOGY_REGRET, p.NON_APOLOGY_FOR_TROUBLE, p.NON_APOLOGY_INCONVENIENCE),
                "{phrase} apologises for an inconvenience, not for what you did: name the "
                "failure and own it",
            ),
            Phrase(
                p.rx(p.NON_APOLOGY_HEDGE),
                "{phrase} doubts the harm you are apologising for: say what happened",
            ),
        ),
    ),
    Check(
        Rule(
            "BC103",
            "minimising",
            E,
            "No minimising without evidence: 'only 3 minutes', 'no effect on security', "
            "'a small number of users'.",
            "Minimising reads as evasion, and when it turns out wrong it destroys the rest of "
            "the message: the social network that said '3 minutes' and 'no effect on "
            "security' lost 15% of its traffic. 'No evidence of misuse' leaves readers "
            "unsure whether they are at risk (a warning): say what you checked and what "
            "they should do anyway. Give the facts (times, numbers, how you know) and let "
            "readers judge.",
            "The issue lasted only 3 minutes and had no effect on security.",
            "From 21:26 to 21:29 UTC on 24 October, 212 people could see another member's "
            "address and card type. Our logs show who, and we have written to each of them.",
            "DOMAIN.md case 2 ('3 minutes', 'no effect on security'); 2019 study of 161 "
            "breach notices ('no evidence of misuse')",
        ),
        EXTERNAL_SCOPE,
        _external,
        phrases(
            Phrase(
                p.rx(p.MIN_ONLY, p.MIN_BRIEF),
                "{phrase} minimises: state the facts (times, numbers) and how you know them",
            ),
            Phrase(
                p.rx(*p.MIN_FEW),
                "{phrase} minimises: give the number of people affected and let readers judge",
            ),
            Phrase(
                p.rx(*p.MIN_NO_EFFECT),
                "{phrase} is a reassurance readers cannot check: say what was exposed and "
                "what you verified",
            ),
            Phrase(
                p.rx(p.MIN_MINOR, p.MIN_MINOR_PREDICATE, p.MIN_ONLY_DATA),
                "{phrase} minimises: describe what happened and let readers judge",
            ),
            Phrase(
                p.rx(*p.MIN_NO_WORRY),
                "{phrase} tells people how to feel: tell them what happened and what to do",
            ),
            Phrase(
                p.rx(*p.MIN_NO_EVIDENCE),
                "{phrase} leaves readers unsure whether they are at risk: say what you "
                "checked, and what they should do anyway",
                W_,
            ),
        ),
    ),
    Check(
        Rule(
            "BC104",
            "defensive-language",
            E,
            "No defensiveness: 'a feature, not a bug', 'working as intended', 'no system "
            "is 100% secure'.",
            "Defending the product while customers report seeing strangers' payment details "
            "turns a bug into a scandal. Acknowledge the mistake instead; a warning for "
            "'we followed industry best practices', which argues your case instead of "
            "answering the reader's.",
            "The forced log-outs are a feature, not a bug; the site is working as intended.",
            "The forced log-outs were our emergency fix: a release mixed up sessions, and we "
            "logged everyone out to stop it.",
            "DOMAIN.md case 2 (support rep: 'a feature, not a bug'); case 1 ('don't be defensive')",
        ),
        EXTERNAL_SCOPE,
        _external,
        phrases(
            Phrase(
                p.rx(*p.DEFENSIVE),
                "{phrase} is defensive: acknowledge what went wrong",
            ),
            Phrase(
                p.rx(p.DEFENSIVE_PRACTICE),
                "{phrase} argues your case instead of answering the reader's: say what went "
                "wrong and what you changed",
                W_,
            ),
        ),
    ),
    Check(
        Rule(
            "BC105",
            "blame-shifting",
            E,
            "No blame on others: a vendor, a partner, a 'sophisticated attacker', an "
            "employee, or the customers.",
            "Customers trusted you, not your vendor; you chose the vendor. Blaming a vendor "
            "that has not disclosed also exposes you to its denial. Blaming 'a rogue "
            "employee' or the users' passwords shifts what is yours to own. Calling the "
            "attack 'sophisticated' is an excuse readers have learned to discount (warning).",
            "The exposure was due to a partner's misconfigured server; this was our "
            "vendor's fault.",
            "We misconfigured a server that a partner runs for us. Checking it was our job, "
            "and we did not.",
            "Incident-response handbooks: never blame a vendor that has not disclosed "
            "(DOMAIN.md, what research and practice say); case 1 (acknowledge the mistake)",
        ),
        EXTERNAL_SCOPE,
        _external,
        phrases(
            Phrase(
                p.rx(p.BLAME_FAULT, p.BLAME_FAULT_BY, p.BLAME_CAUSE, p.BLAME_RESPONSIBLE),
                "{phrase} blames someone else: you chose them, so own the failure (name a "
                "vendor only once it has disclosed)",
            ),
            Phrase(
                p.rx(*p.BLAME_USERS),
                "{phrase} puts the blame on people, not on your process: own the failure",
            ),
            Phrase(
                p.rx(*p.BLAME_VICTIM),
                "{phrase}: your customers are the victims here; say what you failed to stop",
            ),
            Phrase(
                p.rx(p.BLAME_SOPHISTICATED),
                "{phrase} reads as an excuse: say what the attacker did and what you failed "
                "to stop",
                W_,
            ),
        ),
    ),
    Check(
        Rule(
            "BC106",
            "burden-on-reader",
            E,
            "Don't hand the work back: no 'let us know if there is anything we can do'.",
            "The person you harmed should not have to design your remedy. Say what you are "
            "doing and what you offer; invite questions separately, with a contact.",
            "If there is something I can do to rectify any inconvenience, please let me know.",
            "We have moved all mail to our bulk-mail service, one recipient per message, and "
            "we are giving you a free year of our privacy service. Questions: call me on "
            "+1 415 555 0100.",
            "DOMAIN.md case 3 (sales rep: 'If there is something I can do ... let me know')",
        ),
        EXTERNAL_SCOPE,
        _external,
        phrases(
            Phrase(
                p.HELP_OFFER,
                "{phrase} hands the work back to the person you harmed: say what you are "
                "doing and what you offer",
                needs=p.ASK,
            ),
        ),
    ),
    Check(
        Rule(
            "BC107",
            "security-platitude",
            E,
            "No 'we take security very seriously' or 'your privacy is our top priority'.",
            "Readers have seen the formula in every breach notice; in one that reports a "
            "breach it reads as false. Show how seriously you take it by what you did.",
            "We take the security of your data very seriously. Your privacy is our top priority.",
            "We now hash every password with bcrypt and require two-factor sign-in for staff.",
            "Incident-response handbooks ban 'we take security very seriously' (DOMAIN.md, "
            "what research and practice say)",
        ),
        EXTERNAL_SCOPE,
        _external,
        phrases(
            Phrase(
                p.rx(*p.PLATITUDE_SERIOUS),
                "{phrase} is a formula readers distrust: show it by what you did",
            ),
            Phrase(
                p.rx(*p.PLATITUDE_PRIORITY),
                "{phrase} is a formula readers distrust: show it by what you did",
                needs=p.SECURITY_WORD,
            ),
            Phrase(
                p.rx(*p.PLATITUDE_VALUE),
                "{phrase} is a formula readers distrust: show it by what you did",
            ),
        ),
    ),
    Check(
        Rule(
            "BC108",
            "deflection",
            E,
            "No 'no comment' or 'I have no authority to make a statement': front-line staff "
            "need an approved holding statement.",
            "For two days the social network's staff told complaining users they had 'no "
            "authority to make an official statement'; silence and dismissal cost more than "
            "the bug. Say what you know and when you will say more. 'Unable to share "
            "details' is a warning: say why (e.g. a police investigation) and when you can.",
            "I have no authority to make an official statement about this.",
            "We know some members saw other members' accounts tonight. We have logged "
            "everyone out while we fix it; next update by 23:00 UTC.",
            "DOMAIN.md case 2 (staff with 'no authority to make an official statement'; an "
            "approved holding statement within the hour)",
        ),
        EXTERNAL_SCOPE,
        _external,
        phrases(
            Phrase(
                p.rx(*p.DEFLECTION_HARD),
                "{phrase} deflects: say what you know now and when you will say more",
            ),
            Phrase(
                p.rx(*p.DEFLECTION_SOFT),
                "{phrase}: say why (e.g. a police investigation) and when you will share more",
                W_,
            ),
        ),
    ),
    Check(
        Rule(
            "BC109",
            "unfilled-placeholder",
            E,
            "No template gaps left in: 'TBD', 'TODO', '[insert date]', '{{ count }}' (a name "
            "merge field in the greeting is a warning).",
            "A breach notice that says 'On TBD we discovered' repeats the carelessness it "
            "apologises for, in front of every customer. A name field in the greeting ('Dear "
            "[first name],') is how a mass notice is personalised: a warning, to make sure the "
            "bulk-mail tool fills it in.",
            "Dear Maria,\n\nOn TBD we discovered that [insert number] accounts ...",
            "Dear Maria,\n\nOn 12 March we discovered that 1,843 accounts ...",
            "DOMAIN.md case 3 (never repeat the mistake in the apology) and case 1 (the "
            "apology needs a human face)",
        ),
        "every channel",
        _anywhere,
        check_placeholders,
    ),
    Check(
        Rule(
            "BC201",
            "missing-apology",
            E,
            "Apologise: 'we are sorry', 'we apologise', 'we were wrong', 'we failed you'.",
            "An apology is what the audience waits for; a notice without one reads as a "
            "legal filing. Non-apologies (BC102) do not count.",
            "We are writing to inform you of a security incident involving your account.",
            "We are sorry: we exposed your email address and password.",
            "2016 study of 755 people on the parts of an apology; DOMAIN.md case 1 "
            "(acknowledge the mistake)",
        ),
        NOTICE_SCOPE + "; any external compensate message",
        _apology_due,
        check_apology,
    ),
    Check(
        Rule(
            "BC202",
            "missing-responsibility",
            E,
            "Take responsibility: 'this was our mistake', 'we failed to ...', 'we should "
            "have ...'.",
            "Acknowledging responsibility is the single most important part of an apology; "
            "'we are sorry this happened' apologises for the weather.",
            "We are sorry this happened.",
            "We are sorry. We shipped a release we had not tested properly; that was our mistake.",
            "2016 study of 755 people: acknowledging responsibility matters most",
        ),
        NOTICE_SCOPE + "; any external compensate message",
        _apology_due,
        check_responsibility,
    ),
    Check(
        Rule(
            "BC203",
            "missing-what-happened",
            E,
            "Say what happened.",
            "The first question every reader has. California's model notice opens with "
            "'What Happened'; HIPAA and GDPR Art. 34 require a description of the breach.",
            "We are sorry for the recent incident. Please change your password.",
            "On 12 March we discovered that an attacker had copied our member database.",
            "California Civil Code 1798.82 (model notice headings); HIPAA 45 CFR 164.404(c); "
            "DOMAIN.md 'What every disclosure must answer'",
        ),
        NOTICE_SCOPE,
        _notice,
        requires(
            any_of(_heading("What Happened"), p.HAPPENED),
            "say what happened: how the data got out, in plain words (heading 'What Happened')",
        ),
    ),
    Check(
        Rule(
            "BC204",
            "missing-when",
            E,
            "Say when it happened and when you found out.",
            "People need the dates to judge their risk (was my password changed before or "
            "after?). California requires the date or range of the breach; DOMAIN.md adds "
            "when it was discovered.",
            "An attacker copied our member database.",
            "An attacker copied our member database in August 2011; we found out on 12 January.",
            "California Civil Code 1798.82(d)(2)(C); HIPAA 45 CFR 164.404(c)(1)(A); DOMAIN.md "
            "case 4 (when unusual activity was found)",
        ),
        NOTICE_SCOPE,
        _notice,
        requires(
            any_of(p.DATE_OR_TIME),
            "say when it happened and when you found out (a date, or a date range)",
        ),
    ),
    Check(
        Rule(
            "BC205",
            "missing-information-involved",
            E,
            "Say which information was involved: email addresses, passwords, card numbers ...",
            "'Your personal information' does not tell anyone what to do next; 'your email "
            "address and a hashed password' does.",
            "Some of your personal information may have been affected.",
            "The copied data included your email address and a hashed password.",
            "California Civil Code 1798.82 ('What Information Was Involved'); GDPR Art. 33(3)(a) "
            "(categories of data); HIPAA 45 CFR 164.404(c)(1)(B)",
        ),
        NOTICE_SCOPE,
        _notice,
        requires(
            lambda d: (
                bool(_heading("What Information Was Involved").search(d.body))
                or in_one_sentence(p.DATA_KIND_RE, p.EXPOSURE)(d)
            ),
            "say which information was involved (email addresses, passwords, ...), under "
            "'What Information Was Involved'",
        ),
    ),
    Check(
        Rule(
            "BC206",
            "missing-what-we-are-doing",
            E,
            "Say what you are doing: the immediate fix, and the deeper fix so it cannot recur.",
            "The resolve step ships an immediate fix and a process fix; the notice is where "
            "people learn that it cannot happen again.",
            "We are sorry for what happened.",
            "We have reset every password and now test every release against a copy of the "
            "live site before it ships.",
            "DOMAIN.md five steps (resolve: what you changed so it can't recur); case 1 (a "
            "process fix); California Civil Code 1798.82 ('What We Are Doing')",
        ),
        NOTICE_SCOPE,
        _notice,
        requires(
            any_of(_heading("What We Are Doing"), p.DOING),
            "say what you are doing about it: the immediate fix and the change that stops a "
            "repeat (heading 'What We Are Doing')",
        ),
    ),
    Check(
        Rule(
            "BC207",
            "missing-what-you-can-do",
            E,
            "Tell people what they can do to protect themselves.",
            "Protective steps work best as a short list of concrete actions (2019 study of "
            "161 notices).",
            "We have fixed the problem.",
            "What you can do:\n- Change your password on any site where you used the same one.",
            "California Civil Code 1798.82 ('What You Can Do'); HIPAA 45 CFR 164.404(c)(1)(C); "
            "2019 study of 161 breach notices",
        ),
        NOTICE_SCOPE,
        _notice,
        requires(
            any_of(_heading("What You Can Do"), p.YOU_CAN),
            "tell people what they can do to protect themselves, as a short list (heading "
            "'What You Can Do')",
        ),
    ),
    Check(
        Rule(
            "BC208",
            "missing-more-information",
            W_,
            "Say where to find more information: a post, an FAQ, a forum thread.",
            "People have questions you did not think of. The model response opened a forum "
            "thread where the founder answered them.",
            "We are sorry.",
            "For more information, read our full post at https://example.com/security.",
            "California Civil Code 1798.82 ('For More Information'); DOMAIN.md case 4 (forum "
            "thread with the founder)",
        ),
        NOTICE_SCOPE,
        _notice,
        requires(
            any_of(_heading("For More Information"), p.MORE_INFO),
            "say where to find more information: a post, an FAQ or a forum thread (heading "
            "'For More Information')",
        ),
    ),
    Check(
        Rule(
            "BC209",
            "missing-contact",
            E,
            "Say who to contact, and how: an email address, a phone number, 'reply to this email'.",
            "A breach notice without a way to reach a person sends everyone to social media, "
            "where the complaints already are.",
            "We are sorry. Please change your password.",
            "Questions? Reply to this email, or call us on +44 20 7946 0000.",
            "DOMAIN.md 'What every disclosure must answer' (who to contact); HIPAA 45 CFR "
            "164.404(c)(1)(E); GDPR Art. 33(3)(b)",
        ),
        NOTICE_SCOPE,
        _notice,
        requires(
            any_of(p.CONTACT),
            "say who to contact and how (an email address, a phone number, 'reply to this email')",
        ),
    ),
    Check(
        Rule(
            "BC210",
            "missing-affected-count",
            W_,
            "Say how many people or accounts are affected.",
            "The number tells readers how big this is, better than any adjective; the model "
            "response said how many accounts may be affected.",
            "Some accounts were affected.",
            "The attacker copied the records of 12,400 members, including yours.",
            "DOMAIN.md 'What every disclosure must answer' (how many people are affected); case 4",
        ),
        NOTICE_SCOPE,
        _notice,
        requires(
            any_of(p.PEOPLE_COUNT, p.RECORDS_COUNT),
            "say how many people or accounts are affected (a number, or 'every member who "
            "joined before ...')",
        ),
    ),
    Check(
        Rule(
            "BC211",
            "missing-senior-signatory",
            E,
            "Sign with a named senior person: 'Maria Lopez, Chief Executive Officer', not "
            "'The Team'.",
            "The apology needs a human face and must come from someone senior, not from the "
            "person who erred or from 'Customer Support'; in the model response the founder "
            "signed and answered questions himself.",
            "Sincerely,\nThe Acme Security Team",
            "Sincerely,\nMaria Lopez\nChief Executive Officer, Acme",
            "DOMAIN.md case 3 (the apology comes from someone senior); case 4 (the founder); "
            "case 1 (a human face)",
        ),
        NOTICE_SCOPE,
        _notice,
        check_signatory,
    ),
    Check(
        Rule(
            "BC301",
            "missing-offer",
            E,
            "At the compensate step, offer something concrete: credit, free months, an "
            "upgrade, a refund, credit monitoring.",
            "After acknowledging responsibility, an offer of repair is what matters most in "
            "an apology; a consumer business should offer more than words.",
            "---\nstep: compensate\n---\nWe are sorry: we exposed your email address.",
            "---\nstep: compensate\n---\nWe are sorry: we exposed your email address. We have "
            "upgraded your account to a lifetime membership, free.",
            "DOMAIN.md five steps (compensate: the apology with a concrete offer); case 4 "
            "(lifetime membership); case 1 (more than words); case 3 (an olive branch); 2016 "
            "study of 755 people (offer of repair)",
        ),
        "compensate step, every external channel",
        _compensate,
        check_offer,
    ),
    Check(
        Rule(
            "BC302",
            "missing-next-update",
            E,
            "At the acknowledge and assure steps, say when the next update comes.",
            "'We will keep you updated' promises nothing; a time ('next update by 18:00 "
            "UTC') stops the refreshing and the speculation, and commits the team to a "
            "rhythm.",
            "---\nstep: acknowledge\nchannel: status\n---\nWe are aware of a problem with "
            "logins and are investigating. We will keep you updated.",
            "---\nstep: acknowledge\nchannel: status\n---\nWe are aware of a problem with "
            "logins and are investigating. Next update by 18:00 UTC.",
            "DOMAIN.md five steps (acknowledge: 'here is when we'll update you'; assure: next "
            "update time); incident-response handbooks (always give the time of the next "
            "update)",
        ),
        "acknowledge and assure steps, every channel",
        _update_due,
        check_next_update,
    ),
    Check(
        Rule(
            "BC303",
            "missing-identity-protection",
            W_,
            "Where social security, licence or passport numbers leaked, offer at least 12 "
            "months of identity-theft protection.",
            "Identity numbers cannot be changed like a password; the harm comes months "
            "later. California requires 12 months of identity-theft prevention services "
            "(an error under that regime); regulators advise at least a year of credit "
            "monitoring elsewhere.",
            "The exposed data included your name and Social Security number.",
            "The exposed data included your name and Social Security number. We are offering "
            "you 24 months of free identity theft protection through IdGuard.",
            "California Civil Code 1798.82(d)(2)(G); regulators' guidance (at least a year "
            "of free credit monitoring where identity data leaked, DOMAIN.md)",
        ),
        NOTICE_SCOPE + "; California notices",
        _identity_due,
        check_identity_protection,
    ),
    Check(
        Rule(
            "BC401",
            "too-long",
            E,
            "Fit the channel: 280 characters on social, 160 in an SMS.",
            "A post that does not fit is cut by the platform or split into a thread nobody "
            "reads to the end; an SMS over 160 characters arrives in pieces. Link to the "
            "full notice instead.",
            "---\nchannel: sms\n---\nAcme: we made a mistake on 12 March that exposed the "
            "email addresses and order history of some customers, including you. We are "
            "very sorry. Please read the full notice we emailed you today.",
            "---\nchannel: sms\n---\nAcme: we exposed your email and orders on 12 March. "
            "We are sorry. Details: acme.example/notice",
            "Platform limits: X/Twitter posts 280 characters, one GSM-7 SMS segment 160 "
            "characters; DOMAIN.md case 2 (answer where the complaints are)",
        ),
        "social (280 characters) and sms (160)",
        _limited,
        check_length,
    ),
    Check(
        Rule(
            "BC402",
            "hard-to-read",
            W_,
            "Keep the reading grade at 10 or below (Flesch-Kincaid).",
            "Most real breach notices are hard to read, and a reader who does not understand "
            "the notice does not take the protective steps. GDPR Art. 34 asks for clear and "
            "plain language. The grade uses a syllable heuristic, so treat it as a signal.",
            "Notwithstanding the implementation of industry-standard organisational and "
            "technical safeguards, an unauthorised third party subsequently obtained "
            "unauthorised access to certain personally identifiable information.",
            "Someone broke into our system and copied your name and email address. We have "
            "locked them out. We are sorry. Please change your password today, and watch for "
            "emails that ask for it.",
            "2019 study of 161 breach notices (most are hard to read); GDPR Art. 34(2) (clear "
            "and plain language)",
        ),
        "email, letter, sms and social to customers; GDPR Art. 34 notices",
        _plain_language,
        check_readability,
    ),
    Check(
        Rule(
            "BC501",
            "missing-notice-title",
            E,
            "California: title the notice 'Notice of Data Breach'.",
            "Civil Code 1798.82(d)(1) requires the title, so residents recognise the notice "
            "among their mail.",
            "---\nregime: california\n---\nDear Maria,\n\nWhat Happened\n...",
            "---\nregime: california\n---\nNotice of Data Breach\n\nDear Maria,\n\n"
            "What Happened\n...",
            "California Civil Code 1798.82(d)(1)",
        ),
        "email and letter to customers under the California regime",
        _california,
        check_notice_title,
    ),
    Check(
        Rule(
            "BC502",
            "missing-model-heading",
            E,
            "California: use the five headings 'What Happened', 'What Information Was "
            "Involved', 'What We Are Doing', 'What You Can Do', 'For More Information'.",
            "Civil Code 1798.82(d)(1) requires the headings; they are also a good spine for "
            "any notice.",
            "---\nregime: california\n---\nNotice of Data Breach\n\nWhat Happened\n...\n",
            "---\nregime: california\n---\nNotice of Data Breach\n\nWhat Happened\n...\n\n"
            "What Information Was Involved\n...\n\nWhat We Are Doing\n...\n\n"
            "What You Can Do\n...\n\nFor More Information\n...\n",
            "California Civil Code 1798.82(d)(1)",
        ),
        "email and letter to customers under the California regime",
        _california,
        check_model_headings,
    ),
    Check(
        Rule(
            "BC503",
            "heading-out-of-order",
            E,
            "California: keep the five headings in the model notice's order.",
            "Civil Code 1798.82(d)(1) fixes the order; readers and the Attorney General's "
            "office expect it.",
            "---\nregime: california\n---\nWhat We Are Doing\n...\n\nWhat Happened\n...\n",
            "---\nregime: california\n---\nWhat Happened\n...\n\nWhat We Are Doing\n...\n",
            "California Civil Code 1798.82(d)(1)",
        ),
        "email and letter to customers under the California regime",
        _california,
        check_heading_order,
    ),
    Check(
        Rule(
            "BC504",
            "missing-law-enforcement-statement",
            W_,
            "California: say whether law enforcement delayed the notice.",
            "Civil Code 1798.82(d)(2)(E) asks whether notification was delayed by a law "
            "enforcement investigation, where that can be determined.",
            "---\nregime: california\n---\nWe discovered the breach on 12 March.",
            "---\nregime: california\n---\nWe discovered the breach on 12 March. This notice "
            "was not delayed by a law enforcement investigation.",
            "California Civil Code 1798.82(d)(2)(E)",
        ),
        "email and letter to customers under the California regime",
        _california,
        requires(
            any_of(p.LAW_ENFORCEMENT),
            "say whether a law enforcement investigation delayed this notice",
        ),
    ),
    Check(
        Rule(
            "BC511",
            "missing-breach-nature",
            E,
            "GDPR Art. 33: describe the nature of the breach.",
            "The supervisory authority needs to know what kind of breach this is "
            "(confidentiality, integrity, availability) and how it happened.",
            "---\nchannel: regulator\nregime: gdpr-art33\n---\nWe are writing to notify a "
            "personal data breach.",
            "---\nchannel: regulator\nregime: gdpr-art33\n---\nNature of the breach: an "
            "attacker copied our customer database (a confidentiality breach).",
            "GDPR Art. 33(3)(a)",
        ),
        "GDPR Art. 33 notices to the supervisory authority",
        _gdpr33,
        requires(
            any_of(p.NATURE, p.HAPPENED, _heading("What Happened")),
            "describe the nature of the breach: what happened and what kind of breach it is",
        ),
    ),
    Check(
        Rule(
            "BC512",
            "missing-affected-numbers",
            E,
            "GDPR Art. 33: give the categories and approximate numbers of people and of records.",
            "Art. 33(3)(a) requires both numbers; if they are not known yet, say so and send "
            "them in a later phase.",
            "---\nchannel: regulator\nregime: gdpr-art33\n---\nSome customer data was exposed.",
            "---\nchannel: regulator\nregime: gdpr-art33\n---\nApproximately 12,400 "
            "customers are concerned; about 12,400 records containing email addresses and "
            "hashed passwords were copied.",
            "GDPR Art. 33(3)(a)",
        ),
        "GDPR Art. 33 notices to the supervisory authority",
        _gdpr33,
        check_affected_numbers,
    ),
    Check(
        Rule(
            "BC513",
            "missing-dpo-contact",
            E,
            "GDPR: give the data protection officer's name and contact details.",
            "Art. 33(3)(b) (and Art. 34(2) for data subjects) require a contact point who "
            "can give more information.",
            "---\nchannel: regulator\nregime: gdpr-art33\n---\nPlease contact us with any "
            "questions.",
            "---\nchannel: regulator\nregime: gdpr-art33\n---\nOur data protection officer, "
            "Jan Novak, can be reached at dpo@example.com.",
            "GDPR Art. 33(3)(b), Art. 34(2)",
        ),
        "GDPR Art. 33 and Art. 34 notices",
        _gdpr,
        check_dpo,
    ),
    Check(
        Rule(
            "BC514",
            "missing-likely-consequences",
            E,
            "GDPR: describe the likely consequences of the breach.",
            "Art. 33(3)(c) (and Art. 34(2)) require the likely consequences, e.g. phishing "
            "or fraud, so the authority and the people can weigh the risk.",
            "---\nchannel: regulator\nregime: gdpr-art33\n---\nEmail addresses were copied.",
            "---\nchannel: regulator\nregime: gdpr-art33\n---\nEmail addresses were copied; "
            "the likely consequence is targeted phishing.",
            "GDPR Art. 33(3)(c), Art. 34(2)",
        ),
        "GDPR Art. 33 and Art. 34 notices",
        _gdpr,
        requires(
            any_of(p.CONSEQUENCES),
            "describe the likely consequences of the breach (e.g. phishing, fraud, identity theft)",
        ),
    ),
    Check(
        Rule(
            "BC515",
            "missing-measures",
            E,
            "GDPR: describe the measures taken or proposed, including to mitigate harm.",
            "Art. 33(3)(d) (and Art. 34(2)) require the measures taken or proposed to address "
            "the breach and mitigate its possible adverse effects.",
            "---\nchannel: regulator\nregime: gdpr-art33\n---\nEmail addresses were copied.",
            "---\nchannel: regulator\nregime: gdpr-art33\n---\nEmail addresses were copied. "
            "We have closed the exposed server and reset all sessions.",
            "GDPR Art. 33(3)(d), Art. 34(2)",
        ),
        "GDPR Art. 33 and Art. 34 notices",
        _gdpr,
        requires(
            any_of(p.DOING, p.MEASURES, _heading("What We Are Doing")),
            "describe the measures taken or proposed to address the breach and mitigate "
            "its effects",
        ),
    ),
    Check(
        Rule(
            "BC521",
            "missing-toll-free-number",
            E,
            "HIPAA: give a toll-free telephone number for questions.",
            "45 CFR 164.404(c)(1)(E) requires contact procedures including a toll-free "
            "telephone number.",
            "---\nregime: hipaa\n---\nQuestions? Email privacy@example.org.",
            "---\nregime: hipaa\n---\nQuestions? Call us toll-free on 1-800-555-0199.",
            "HIPAA 45 CFR 164.404(c)(1)(E)",
        ),
        "email and letter to individuals under HIPAA",
        _hipaa,
        requires(
            any_of(p.TOLL_FREE),
            "give a toll-free telephone number for questions (HIPAA)",
        ),
    ),
)

CHECKS: dict[str, Check] = {c.rule.code: c for c in CHECKS_LIST}
RULES: tuple[Rule, ...] = tuple(c.rule for c in CHECKS_LIST)
