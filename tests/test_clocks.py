"""Deadlines with fixed times (never the real clock): regulators' clocks in hours, calendar
days, business days and months; which regimes apply; the playbook's own clocks; and the
regimes data itself."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from breachkit.clocks import (
    DISCLAIMER,
    Applicability,
    Clock,
    applicable_regimes,
    delay_requires_reason,
    due_after,
    get_regime,
    load_regimes,
    parse_regimes,
    playbook_clocks,
    regime_clocks,
)
from breachkit.durations import parse_duration
from breachkit.errors import BreachkitError
from breachkit.playbook import REGULATORY_ANCHORS, Playbook

ROOT = Path(__file__).resolve().parents[1]
PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def applying(regime_id: str) -> Applicability:
    return Applicability(get_regime(regime_id), True, "test")


def one_clock(
    regime_id: str,
    anchors: Mapping[str, datetime],
    now: datetime,
    notified: Mapping[str, datetime] | None = None,
    applies: bool | None = True,
    missing: tuple[str, ...] = (),
) -> Clock:
    a = Applicability(get_regime(regime_id), applies, "test reason", missing)
    (clock,) = regime_clocks([a], anchors, notified or {}, now)
    return clock


# --- regulators' durations ------------------------------------------------------------------


def test_gdpr_is_72_hours_after_aware() -> None:
    aware = utc(2026, 3, 2, 14, 30)
    clock = one_clock("gdpr-art33", {"aware": aware, "discovered": utc(2026, 3, 1)}, aware)
    assert clock.due == utc(2026, 3, 5, 14, 30)
    assert clock.anchor == "aware" and clock.anchor_at == aware
    assert not clock.assumed_anchor
    assert clock.state == "open"
    assert clock.name == "GDPR Art. 33: supervisory authority"
    assert clock.detail.startswith("GDPR Art. 33(1), 33(3): within 72h after aware")


def test_hours_are_real_hours_across_daylight_saving() -> None:
    # Paris leaves summer time on 25 Oct 2026: 72 real hours end at 11:00 local, not 12:00.
    aware = datetime(2026, 10, 24, 12, 0, tzinfo=PARIS)
    due = due_after(parse_duration("72h"), aware, tz=PARIS)
    assert due == utc(2026, 10, 27, 10, 0)
    assert due.astimezone(PARIS).hour == 11


def test_sec_four_business_days_across_a_weekend() -> None:
    determined = utc(2026, 11, 5, 16, 0)  # a Thursday
    assert determined.strftime("%A") == "Thursday"
    clock = one_clock("sec-8k-1.05", {"materiality_determined": determined}, determined)
    assert clock.due == utc(2026, 11, 11, 16, 0)  # Fri, Mon, Tue, Wed
    assert clock.due.strftime("%A") == "Wednesday"


def test_business_days_from_a_weekend_count_from_monday() -> None:
    saturday = utc(2026, 11, 7, 10, 0)
    assert due_after(parse_duration("4bd"), saturday) == utc(2026, 11, 13, 10, 0)  # Friday


def test_business_days_count_in_the_organisations_zone() -> None:
    # Friday 23:30 in New York is already Saturday in UTC; the Friday counts as day zero.
    friday_night = datetime(2026, 11, 6, 23, 30, tzinfo=NEW_YORK)
    in_new_york = due_after(parse_duration("4bd"), friday_night, tz=NEW_YORK)
    assert in_new_york.astimezone(NEW_YORK) == datetime(2026, 11, 12, 23, 30, tzinfo=NEW_YORK)
    in_utc = due_after(parse_duration("4bd"), friday_night)
    assert in_utc == utc(2026, 11, 13, 4, 30)  # counted from Monday in UTC
    assert in_new_york.tzinfo is UTC


def test_california_thirty_calendar_days_keep_the_wall_clock() -> None:
    discovered = datetime(2026, 10, 20, 9, 0, tzinfo=LOS_ANGELES)  # PDT, UTC-7
    a = applying("us-ca-1798.82")
    (clock,) = regime_clocks([a], {"discovered": discovered}, {}, discovered, tz=LOS_ANGELES)
    assert clock.due is not None
    assert clock.due.astimezone(LOS_ANGELES) == datetime(2026, 11, 19, 9, 0, tzinfo=LOS_ANGELES)
    assert clock.due == utc(2026, 11, 19, 17, 0)  # PST by then, UTC-8
    # Without a zone the 30 days count in UTC.
    assert one_clock("us-ca-1798.82", {"discovered": discovered}, discovered).due == utc(
        2026, 11, 19, 16, 0
    )


def test_hipaa_sixty_days_after_discovery() -> None:
    discovered = utc(2026, 1, 10, 8, 0)
    for regime_id in ("hipaa-individuals", "hipaa-hhs", "hipaa-media"):
        clock = one_clock(regime_id, {"discovered": discovered}, discovered)
        assert clock.due == utc(2026, 3, 11, 8, 0), regime_id


def test_nis2_24_hours_72_hours_and_one_month() -> None:
    aware = utc(2026, 1, 31, 10, 0)
    anchors = {"aware": aware}
    assert one_clock("nis2-early-warning", anchors, aware).due == utc(2026, 2, 1, 10, 0)
    assert one_clock("nis2-notification", anchors, aware).due == utc(2026, 2, 3, 10, 0)
    # One calendar month from 31 January ends on the last day of February.
    assert one_clock("nis2-final-report", anchors, aware).due == utc(2026, 2, 28, 10, 0)


def test_singapore_three_days_and_brazil_three_business_days() -> None:
    assessed = utc(2026, 11, 6, 9, 0)  # a Friday
    assert one_clock("sg-pdpa", {"assessed": assessed}, assessed).due == utc(2026, 11, 9, 9, 0)
    assert one_clock("br-anpd", {"aware": assessed}, assessed).due == utc(2026, 11, 11, 9, 0)


def test_regime_without_a_fixed_deadline_has_no_due_time() -> None:
    aware = utc(2026, 3, 2, 14, 30)
    clock = one_clock("gdpr-art34", {"aware": aware}, aware + timedelta(days=30))
    assert clock.due is None
    assert clock.state == "open"
    assert "without undue delay" in clock.detail
    assert clock.time_left(aware) is None
    assert get_regime("gdpr-art34").duration is None


def test_regime_duration_property() -> None:
    duration = get_regime("sec-8k-1.05").duration
    assert duration is not None and duration.business_days == 4


# --- regime clock states ----------------------------------------------------------------------


def test_late_regulator_notice_is_late_and_needs_reasons() -> None:
    aware = utc(2026, 3, 2, 14, 30)
    sent = utc(2026, 3, 6, 9, 0)  # 90.5 hours after aware
    clock = one_clock("gdpr-art33", {"aware": aware}, sent, notified={"gdpr-art33": sent})
    assert clock.state == "late"
    assert clock.met_at == sent
    assert delay_requires_reason(get_regime("gdpr-art33"), clock.due, sent)
    assert delay_requires_reason(get_regime("uk-gdpr-art33"), clock.due, sent)


def test_notice_on_time_is_met_and_needs_no_reasons() -> None:
    aware = utc(2026, 3, 2, 14, 30)
    sent = utc(2026, 3, 5, 14, 30)  # exactly at the deadline
    clock = one_clock("gdpr-art33", {"aware": aware}, sent, notified={"gdpr-art33": sent})
    assert clock.state == "met"
    assert not delay_requires_reason(get_regime("gdpr-art33"), clock.due, sent)


def test_reasons_only_where_the_regime_asks_for_them() -> None:
    due = utc(2026, 3, 1)
    late = utc(2026, 4, 1)
    assert not delay_requires_reason(get_regime("hipaa-individuals"), due, late)
    assert not delay_requires_reason(get_regime("gdpr-art33"), None, late)


def test_unsent_notice_past_due_is_overdue() -> None:
    aware = utc(2026, 3, 2, 14, 30)
    now = utc(2026, 3, 5, 14, 31)
    clock = one_clock("gdpr-art33", {"aware": aware}, now)
    assert clock.state == "overdue"
    assert clock.time_left(now) == timedelta(minutes=-1)


def test_unbound_anchor_falls_back_to_discovered_then_opened() -> None:
    discovered = utc(2026, 3, 1, 8, 0)
    clock = one_clock(
        "gdpr-art33", {"discovered": discovered, "opened": utc(2026, 3, 2)}, discovered
    )
    assert clock.assumed_anchor
    assert clock.anchor == "discovered"
    assert clock.due == utc(2026, 3, 4, 8, 0)
    assert "aware not recorded, counted from discovered" in clock.detail

    opened = utc(2026, 3, 2, 8, 0)
    clock = one_clock("sec-8k-1.05", {"opened": opened}, opened)
    assert clock.assumed_anchor and clock.anchor == "opened"


def test_no_anchor_at_all_is_pending() -> None:
    clock = one_clock("gdpr-art33", {}, utc(2026, 3, 2))
    assert clock.state == "pending"
    assert clock.due is None and clock.anchor_at is None


def test_regime_that_may_apply_still_gets_a_clock() -> None:
    aware = utc(2026, 3, 2, 14, 30)
    clock = one_clock("gdpr-art34", {"aware": aware}, aware, applies=None, missing=("high_risk",))
    assert clock.state == "open"
    assert "may apply: needs high_risk" in clock.detail


def test_regimes_that_do_not_apply_get_no_clock() -> None:
    a = Applicability(get_regime("gdpr-art33"), False, "jurisdictions include none of EU")
    assert regime_clocks([a], {"aware": utc(2026, 1, 1)}, {}, utc(2026, 1, 1)) == []


def test_to_dict() -> None:
    aware = utc(2026, 3, 2, 14, 30)
    clock = one_clock("gdpr-art33", {"aware": aware}, aware)
    d = clock.to_dict(utc(2026, 3, 5, 12, 30))
    assert d["name"] == "GDPR Art. 33: supervisory authority"
    assert d["kind"] == "regime"
    assert d["ref"] == "gdpr-art33"
    assert d["due"] == "2026-03-05T14:30:00+00:00"
    assert d["state"] == "open"
    assert d["time_left_seconds"] == 7200
    assert d["time_left"] == "2h 00m"
    assert d["anchor_at"] == "2026-03-02T14:30:00+00:00"
    assert d["met_at"] is None
    assert d["assumed_anchor"] is False
    assert d["detail"].startswith("GDPR Art. 33(1)")


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        one_clock("gdpr-art33", {"aware": datetime(2026, 3, 2)}, utc(2026, 3, 2))
    with pytest.raises(ValueError, match="timezone-aware"):
        due_after(parse_duration("1h"), datetime(2026, 3, 2))


# --- applicability ----------------------------------------------------------------------------


def verdicts(facts: Mapping[str, Any]) -> dict[str, Applicability]:
    return {a.regime.id: a for a in applicable_regimes(facts)}


COMPLETE = {
    "jurisdictions": ["DE"],
    "affected_count": 1843,
    "data_categories": ["email", "password_hash"],
    "sector": "other",
    "publicly_traded": False,
    "high_risk": False,
    "material": False,
}


def test_member_state_counts_as_eu() -> None:
    v = verdicts(COMPLETE)
    assert v["gdpr-art33"].applies is True
    assert v["gdpr-art33"].why == "jurisdictions include DE (EU)"
    assert v["gdpr-art34"].applies is False  # not high risk
    assert v["uk-gdpr-art33"].applies is False
    assert v["us-ca-1798.82"].applies is False
    assert all(a.missing == () for a in v.values())


def test_every_regime_is_answered_when_all_facts_are_known() -> None:
    v = verdicts(
        {**COMPLETE, "jurisdictions": ["EU", "UK", "US-CA", "US-NY", "CA", "AU", "SG", "BR"]}
    )
    assert len(v) == len(load_regimes())
    assert all(a.applies is not None for a in v.values())


def test_jurisdiction_spellings() -> None:
    assert verdicts({**COMPLETE, "jurisdictions": ["gb"]})["uk-gdpr-art33"].applies is True
    assert verdicts({**COMPLETE, "jurisdictions": "FR, IT"})["gdpr-art33"].applies is True
    assert verdicts({**COMPLETE, "jurisdictions": ["NO"]})["gdpr-art33"].applies is True  # EEA
    # CA is Canada; California is US-CA.
    canada = verdicts({**COMPLETE, "jurisdictions": ["CA"], "high_risk": True})
    assert canada["pipeda"].applies is True
    assert canada["us-ca-1798.82"].applies is False


def test_high_risk_adds_notice_to_data_subjects() -> None:
    a = verdicts({**COMPLETE, "high_risk": True})["gdpr-art34"]
    assert a.applies is True
    assert a.why == "jurisdictions include DE (EU); high_risk is true"


def test_california_counts_and_categories() -> None:
    base = {**COMPLETE, "jurisdictions": ["US-CA"]}
    v = verdicts({**base, "affected_count": 1843})
    assert v["us-ca-1798.82"].applies is True
    assert v["us-ca-1798.82-ag"].applies is True
    assert "affected_count 1,843 > 500" in v["us-ca-1798.82-ag"].why
    at_500 = verdicts({**base, "affected_count": 500})["us-ca-1798.82-ag"]
    assert at_500.applies is False
    assert at_500.why == "affected_count 500 is not > 500"
    # Emails and purchase history alone are not "personal information" under 1798.82.
    plain = verdicts({**base, "data_categories": ["email", "purchase_history"]})["us-ca-1798.82"]
    assert plain.applies is False
    assert "data_categories include none of" in plain.why


def test_sector_decides_hipaa_and_nydfs() -> None:
    health = verdicts({**COMPLETE, "jurisdictions": ["US-TX"], "sector": "health"})
    assert health["hipaa-individuals"].applies is True
    assert health["hipaa-hhs"].applies is True
    assert health["hipaa-media"].applies is True  # 1,843 > 500
    assert health["hipaa-individuals"].why == "jurisdictions include US-TX (US); sector is health"
    other = verdicts({**COMPLETE, "jurisdictions": ["US-TX"]})
    assert other["hipaa-individuals"].applies is False
    bank = verdicts({**COMPLETE, "jurisdictions": ["US-NY"], "sector": "financial"})
    assert bank["nydfs-500.17"].applies is True
    assert bank["hipaa-individuals"].applies is False


def test_sec_needs_a_listed_company_and_a_material_incident() -> None:
    v = verdicts({**COMPLETE, "publicly_traded": True, "material": True})
    assert v["sec-8k-1.05"].applies is True
    assert verdicts({**COMPLETE, "publicly_traded": True})["sec-8k-1.05"].applies is False


def test_missing_fact_means_cannot_tell_yet() -> None:
    facts = {k: v for k, v in COMPLETE.items() if k != "high_risk"}
    a = verdicts(facts)["gdpr-art34"]
    assert a.applies is None
    assert a.missing == ("high_risk",)
    assert a.why == "high_risk not known yet"


def test_known_false_beats_unknown() -> None:
    # Outside the EU, art. 34 does not apply whatever the risk turns out to be.
    a = verdicts({"jurisdictions": ["US-TX"]})["gdpr-art34"]
    assert a.applies is False
    assert a.missing == ()


def test_known_true_branch_of_any_beats_unknown() -> None:
    v = verdicts({"jurisdictions": ["SG"], "affected_count": 600})
    assert v["sg-pdpa"].applies is True  # 500 or more, whatever the harm
    assert v["sg-pdpa"].why == "jurisdictions include SG; affected_count 600 ≥ 500"
    small = verdicts({"jurisdictions": ["SG"], "affected_count": 20})["sg-pdpa"]
    assert small.applies is None
    assert small.missing == ("high_risk",)


def test_nothing_known_names_every_missing_fact() -> None:
    v = verdicts({})
    assert all(a.applies is None for a in v.values())
    assert v["gdpr-art33"].missing == ("jurisdictions",)
    assert v["sec-8k-1.05"].missing == ("publicly_traded", "material")
    assert v["hipaa-media"].missing == ("jurisdictions", "sector", "affected_count")
    assert verdicts({"jurisdictions": []})["gdpr-art33"].applies is None


def test_facts_typed_as_text_are_understood() -> None:
    v = verdicts(
        {"jurisdictions": ["US-CA"], "affected_count": "1,843", "data_categories": ["SSN"]}
    )
    assert v["us-ca-1798.82-ag"].applies is True
    odd = verdicts(
        {"jurisdictions": ["US-CA"], "affected_count": "lots", "data_categories": ["ssn"]}
    )
    assert odd["us-ca-1798.82-ag"].applies is None
    assert odd["us-ca-1798.82-ag"].missing == ("affected_count",)
    assert verdicts({**COMPLETE, "high_risk": "yes"})["gdpr-art34"].applies is True


def test_only_the_playbooks_regimes() -> None:
    got = applicable_regimes(COMPLETE, only=["gdpr-art33", "sec-8k-1.05"])
    assert [a.regime.id for a in got] == ["gdpr-art33", "sec-8k-1.05"]


def test_unknown_regime_suggests_the_nearest() -> None:
    with pytest.raises(BreachkitError) as exc:
        get_regime("gdpr-art-33")
    assert exc.value.hint == "did you mean 'gdpr-art33'?"
    with pytest.raises(BreachkitError, match="unknown regime"):
        applicable_regimes({}, only=["hipaa"])


# --- the playbook's own clocks -----------------------------------------------------------------


def small_playbook() -> Playbook:
    return Playbook.model_validate(
        {
            "id": "test",
            "name": "Test",
            "version": "1.0",
            "applies_when": ["a test"],
            "roles": {"ic": {"title": "Incident commander"}},
            "anchors": {"discovered": "discovered_at"},
            "steps": {
                "identify": {"goal": "Find out"},
                "acknowledge": {
                    "goal": "Say we know",
                    "deadline": {"within": "1h", "after": "discovered"},
                },
                "assure": {
                    "goal": "Keep people posted",
                    "updates": {"every": "4h"},
                    "tasks": [
                        {
                            "id": "freeze-release",
                            "title": "Freeze releases",
                            "owner": "ic",
                            "due": {"within": "2h", "after": "opened"},
                        },
                        {"id": "no-clock", "title": "Tidy up", "owner": "ic"},
                    ],
                },
                "resolve": {"goal": "Fix it"},
                "compensate": {"goal": "Make amends"},
            },
        }
    )


OPENED = utc(2026, 3, 2, 9, 0)
DISCOVERED = utc(2026, 3, 2, 8, 30)


def clocks_by_name(
    anchors: Mapping[str, datetime],
    done: Mapping[str, datetime],
    now: datetime,
    last_update: datetime | None = None,
) -> dict[str, Clock]:
    return {c.name: c for c in playbook_clocks(small_playbook(), anchors, done, now, last_update)}


def test_acknowledge_within_an_hour_of_discovery() -> None:
    anchors = {"opened": OPENED, "discovered": DISCOVERED}
    open_ = clocks_by_name(anchors, {}, utc(2026, 3, 2, 9, 15))["acknowledge step"]
    assert open_.kind == "step" and open_.ref == "acknowledge"
    assert open_.due == utc(2026, 3, 2, 9, 30)
    assert open_.state == "open"
    assert open_.detail == "within 1h after discovered"
    assert open_.time_left(utc(2026, 3, 2, 9, 15)) == timedelta(minutes=15)

    overdue = clocks_by_name(anchors, {}, utc(2026, 3, 2, 9, 31))["acknowledge step"]
    assert overdue.state == "overdue"

    met = clocks_by_name(anchors, {"step:acknowledge": utc(2026, 3, 2, 9, 20)}, utc(2026, 3, 3))
    assert met["acknowledge step"].state == "met"
    assert met["acknowledge step"].time_left(utc(2026, 3, 3)) is None

    late = clocks_by_name(anchors, {"step:acknowledge": utc(2026, 3, 2, 10, 0)}, utc(2026, 3, 3))
    assert late["acknowledge step"].state == "late"


def test_step_deadline_waits_for_its_anchor() -> None:
    clock = clocks_by_name({"opened": OPENED}, {}, OPENED)["acknowledge step"]
    assert clock.state == "pending"
    assert clock.due is None


def test_task_due_and_done() -> None:
    anchors = {"opened": OPENED, "discovered": DISCOVERED}
    clocks = clocks_by_name(anchors, {}, utc(2026, 3, 2, 10, 0))
    task = clocks["task freeze-release"]
    assert task.kind == "task" and task.ref == "freeze-release"
    assert task.due == utc(2026, 3, 2, 11, 0)
    assert task.state == "open"
    assert "task no-clock" not in clocks  # a task without `due` is not a clock

    done = {"task:freeze-release": utc(2026, 3, 2, 10, 30)}
    assert clocks_by_name(anchors, done, utc(2026, 3, 2, 12))["task freeze-release"].state == "met"
    assert (
        clocks_by_name(anchors, {}, utc(2026, 3, 2, 12))["task freeze-release"].state == "overdue"
    )


def test_next_update_every_four_hours_from_the_last_one() -> None:
    started = utc(2026, 3, 2, 10, 0)
    anchors = {"opened": OPENED, "discovered": DISCOVERED, "assure.started": started}
    assert "next update" not in clocks_by_name({"opened": OPENED}, {}, OPENED)

    first = clocks_by_name(anchors, {}, utc(2026, 3, 2, 11, 0))["next update"]
    assert first.kind == "update" and first.ref == "assure"
    assert first.due == utc(2026, 3, 2, 14, 0)
    assert first.anchor == "assure.started"
    assert first.state == "open"

    after = clocks_by_name(anchors, {}, utc(2026, 3, 2, 15, 0), last_update=utc(2026, 3, 2, 13, 0))
    assert after["next update"].due == utc(2026, 3, 2, 17, 0)
    assert after["next update"].anchor == "last update"

    # An update sent before the step started does not make the next one due sooner.
    early = clocks_by_name(anchors, {}, utc(2026, 3, 2, 11, 0), last_update=utc(2026, 3, 2, 9))
    assert early["next update"].due == utc(2026, 3, 2, 14, 0)

    missed = clocks_by_name(anchors, {}, utc(2026, 3, 2, 14, 1))["next update"]
    assert missed.state == "overdue"

    completed = {**anchors, "assure.completed": utc(2026, 3, 2, 12, 0)}
    assert "next update" not in clocks_by_name(completed, {}, utc(2026, 3, 2, 15, 0))


def test_playbook_clocks_in_step_order() -> None:
    anchors = {"opened": OPENED, "discovered": DISCOVERED, "assure.started": OPENED}
    clocks = playbook_clocks(small_playbook(), anchors, {}, OPENED)
    assert [c.name for c in clocks] == ["acknowledge step", "task freeze-release", "next update"]


# --- the regimes data -------------------------------------------------------------------------

# Every row of DOMAIN.md's "Regulatory clocks" table: the regime ids that carry it, the
# deadline (a duration, or the words of an open-ended duty) and the anchor event.
DOMAIN_ROWS: list[tuple[str, str, str | None, str, str]] = [
    ("GDPR Art. 33", "gdpr-art33", "72h", "", "aware"),
    ("UK GDPR", "uk-gdpr-art33", "72h", "", "aware"),
    ("GDPR Art. 34", "gdpr-art34", None, "without undue delay", "aware"),
    ("California 1798.82", "us-ca-1798.82", "30d", "", "discovered"),
    ("California AG > 500", "us-ca-1798.82-ag", "30d", "", "discovered"),
    ("HIPAA individuals", "hipaa-individuals", "60d", "without unreasonable delay", "discovered"),
    ("HIPAA HHS", "hipaa-hhs", "60d", "", "discovered"),
    ("HIPAA media > 500", "hipaa-media", "60d", "", "discovered"),
    ("SEC 8-K 1.05", "sec-8k-1.05", "4bd", "", "materiality_determined"),
    ("NYDFS 500.17", "nydfs-500.17", "72h", "", "determined"),
    ("NIS2 early warning", "nis2-early-warning", "24h", "", "aware"),
    ("NIS2 notification", "nis2-notification", "72h", "", "aware"),
    ("NIS2 final report", "nis2-final-report", "1mo", "", "aware"),
    ("PIPEDA", "pipeda", None, "as soon as feasible", "determined"),
    ("Australia NDB assess", "au-ndb-assessment", "30d", "", "suspected"),
    ("Australia NDB notify", "au-ndb-notification", None, "as soon as practicable", "assessed"),
    ("Singapore PDPA", "sg-pdpa", "3d", "", "assessed"),
    ("Brazil ANPD", "br-anpd", "3bd", "", "aware"),
]


@pytest.mark.parametrize(("row", "regime_id", "deadline", "words", "anchor"), DOMAIN_ROWS)
def test_every_domain_row_is_encoded(
    row: str, regime_id: str, deadline: str | None, words: str, anchor: str
) -> None:
    regime = get_regime(regime_id)
    assert regime.deadline == deadline, row
    assert words in regime.deadline_text, row
    assert regime.anchor == anchor, row


def test_no_regime_beyond_the_domain_table() -> None:
    assert {r.id for r in load_regimes()} == {row[1] for row in DOMAIN_ROWS}


def test_domain_notes_are_carried() -> None:
    assert "phases" in get_regime("gdpr-art33").notes
    assert "reasons for the delay" in get_regime("gdpr-art33").notes
    assert "from 2026" in get_regime("us-ca-1798.82").notes
    assert "verify" in get_regime("us-ca-1798.82").notes
    assert "24 months" in get_regime("pipeda").notes
    assert any("Notice of Data Breach" in m for m in get_regime("us-ca-1798.82").must_contain)
    assert any("12 months" in m for m in get_regime("us-ca-1798.82").must_contain)


@pytest.mark.parametrize("regime", load_regimes(), ids=lambda r: r.id)
def test_every_regime_is_complete(regime: Any) -> None:
    assert re.fullmatch(r"[a-z0-9][a-z0-9.-]*[a-z0-9]", regime.id)
    assert regime.name and regime.notify and regime.citation
    assert regime.source_url.startswith("https://")
    assert isinstance(regime.last_verified, date)
    assert regime.last_verified == date(2026, 11, 1)
    assert regime.anchor in REGULATORY_ANCHORS
    if regime.deadline is None:
        assert regime.deadline_text
    else:
        assert not parse_duration(regime.deadline).is_zero


def test_regimes_are_parsed_once() -> None:
    assert load_regimes() is load_regimes()


VALID_ENTRY = """\
regimes:
  - id: test-regime
    name: Test
    notify: someone
    deadline: 72h
    anchor: aware
    applies_if: {fact: high_risk, is: true}
    citation: Test Art. 1
    source_url: https://example.org/
    last_verified: 2026-11-01
"""


def test_a_valid_entry_parses() -> None:
    (regime,) = parse_regimes(VALID_ENTRY)
    assert regime.id == "test-regime"
    assert regime.last_verified == date(2026, 11, 1)


@pytest.mark.parametrize(
    ("old", "new", "message", "line"),
    [
        ("anchor: aware", "anchor: noticed", "unknown anchor 'noticed'", 6),
        ("deadline: 72h", "deadline: soon", "cannot read 'soon' as a duration", 5),
        ("deadline: 72h", "deadline: null", "deadline_text", 2),
        ("fact: high_risk, is: true", "fact: hi_risk, is: true", "applies_if", 7),
        ("fact: high_risk, is: true", "fact: high_risk, greater_than: 1", "test it with is", 7),
        (
            "{fact: high_risk, is: true}",
            "{fact: data_categories, includes_any: [ssnn]}",
            "unknown data_categories value(s) ssnn",
            7,
        ),
        ("{fact: high_risk, is: true}", "{whenever: true}", "a condition is a mapping", 7),
        ("{fact: high_risk, is: true}", "{jurisdictions_any: [Europe]}", "should match", 7),
        ("    citation: Test Art. 1\n", "", "citation", 2),
        ("notify: someone", "notify: someone\n    notifiy: typo", "Extra inputs", 5),
    ],
)
def test_invalid_entries_are_refused_with_a_place(
    old: str, new: str, message: str, line: int
) -> None:
    text = VALID_ENTRY.replace(old, new)
    assert text != VALID_ENTRY
    with pytest.raises(BreachkitError, match=re.escape(message)) as exc:
        parse_regimes(text, "regimes.yaml")
    assert exc.value.location is not None
    assert exc.value.location.line == line


def test_duplicate_ids_are_refused() -> None:
    twice = VALID_ENTRY + VALID_ENTRY.removeprefix("regimes:\n")
    with pytest.raises(BreachkitError, match="appears twice"):
        parse_regimes(twice)


# --- docs -------------------------------------------------------------------------------------


def test_docs_list_every_regime_and_the_disclaimer() -> None:
    text = (ROOT / "docs" / "regimes.md").read_text("utf-8")
    for regime in load_regimes():
        row = next((ln for ln in text.splitlines() if f"`{regime.id}`" in ln), None)
        assert row is not None, regime.id
        assert (regime.deadline or regime.deadline_text) in row, regime.id
        assert regime.anchor in row, regime.id
    assert DISCLAIMER in text
