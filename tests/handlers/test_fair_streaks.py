"""Fair streaks and a fair board, through the core with a moved clock: freezes, holidays, days
away, late joiners, and days read in the channel's time zone across daylight saving changes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from content.bank import Bank
from handlers.clock import ManualClock
from handlers.coach import Coach
from handlers.context import CoachSettings
from storage.sqlite import SqliteStore
from tests.handlers.conftest import Say, question

START = date(2026, 3, 2)  # a Monday
NUMERIC = {"kind": "numeric", "spec": {"value": 0.5, "abs_tol": 0.01}}


class Channel:
    """One daily drill channel whose days are played one by one with a moved clock."""

    def __init__(self, tmp_path: Path, tz: str = "UTC", at: time = time(9, 30)) -> None:
        bank = Bank([question(f"n{i}", topic="optimisation", checker=NUMERIC) for i in range(40)])
        self.tz, self.at = ZoneInfo(tz), at
        self.clock = ManualClock(self.moment(START - timedelta(days=1)))
        self.store = SqliteStore(tmp_path / "coach.db")
        self.coach = Coach(self.store, bank, self.clock, CoachSettings())
        self.say = Say(self.clock)
        self.command(f"/coach setup time=09:00 tz={tz} days=daily", admin=True)

    def moment(self, day: date, at: time | None = None) -> datetime:
        return datetime.combine(day, at or self.at, tzinfo=self.tz)

    def command(self, text: str, user: str = "ann", admin: bool = False) -> str:
        return "\n".join(r.text for r in self.coach.handle(self.say(text, user, is_admin=admin)))

    def day(self, n: int, answers: dict[str, str], at: time | None = None) -> int | None:
        """Drill day START+n: reveal what is due, post today's drill, then people answer."""
        self.clock.set(self.moment(START + timedelta(days=n), time(9, 5)))
        daily = self.coach.daily
        for post in daily.due_reveals("discord", self.clock.now()):
            assert post.drill_id is not None
            daily.mark_revealed(post.drill_id)
        due = daily.due_drills("discord", self.clock.now())
        if not due:
            return None
        drill = daily.claim(due[0], self.clock.now())
        assert drill is not None and drill.drill_id is not None
        daily.mark_posted(drill.drill_id, f"m{n}", f"t{n}")
        self.clock.set(self.moment(START + timedelta(days=n), at))
        for user, text in answers.items():
            self.coach.handle(self.say(text, user, thread=f"t{n}"))
        return drill.drill_id

    def streak(self, user: str = "ann") -> str:
        return self.command("/coach streak", user)


@pytest.fixture
def channel(tmp_path: Path) -> Channel:
    return Channel(tmp_path)


def test_a_freeze_saves_a_streak_over_one_missed_day(channel: Channel) -> None:
    for n in range(5):
        channel.day(n, {"ann": "0.5"})
    assert "Streak freezes: 1 held, 0 used" in channel.streak()
    channel.day(5, {})  # missed
    channel.day(6, {})
    assert "Your streak: **5**" in channel.streak()  # before today's answer: the freeze holds
    assert "0 held, 1 used" in channel.streak()
    channel.coach.handle(channel.say("0.5", "ann", thread="t6"))
    assert "Your streak: **6**" in channel.streak() and "0 held, 1 used" in channel.streak()


def test_freezes_do_not_save_a_streak_over_three_missed_days(channel: Channel) -> None:
    for n in range(10):
        channel.day(n, {"ann": "0.5"})
    assert "Your streak: **10**" in channel.streak() and "2 held, 0 used" in channel.streak()
    for n in (10, 11, 12):
        channel.day(n, {})
    channel.day(13, {})
    assert "Your streak: **0**" in channel.streak()
    channel.coach.handle(channel.say("0.5", "ann", thread="t13"))
    text = channel.streak()
    assert "Your streak: **1**" in text and "(best 10)" in text and "2 held, 0 used" in text


def test_at_most_two_freezes_are_held(channel: Channel) -> None:
    for n in range(15):
        channel.day(n, {"ann": "0.5"})
    assert "2 held, 0 used" in channel.streak()


def test_a_channel_holiday_has_no_drill_and_never_breaks_a_streak(channel: Channel) -> None:
    holiday = START + timedelta(days=2)
    said = channel.command(f"/coach setup skip={holiday.isoformat()}", admin=True)
    assert "Setup saved" in said and "no drill (holidays): Wed 04 Mar 2026" in said
    channel.day(0, {"ann": "0.5"})
    channel.day(1, {"ann": "0.5"})
    assert channel.day(2, {"ann": "0.5"}) is None  # no drill on the holiday
    cfg = channel.store.channel("discord", "w1", "c1")
    assert cfg is not None and channel.coach.daily.claim(cfg, channel.clock.now()) is None
    channel.day(3, {"ann": "0.5"})
    assert "Your streak: **3**" in channel.streak()
    assert "0 held, 0 used" in channel.streak()  # no freeze was needed


def test_setup_skip_refuses_bad_dates_and_saves_nothing(channel: Channel) -> None:
    assert "Setup not changed" in channel.command("/coach setup skip=2026-13-40", admin=True)
    assert "Setup not changed" in channel.command("/coach setup skip=2020-01-01", admin=True)
    assert "Only an admin" in channel.command("/coach setup skip=2026-12-24")
    cfg = channel.store.channel("discord", "w1", "c1")
    assert cfg is not None and cfg.id is not None
    assert channel.store.holidays(cfg.id, START) == []
    channel.command("/coach setup skip=2026-12-24,2026-12-25", admin=True)
    channel.command("/coach setup skip=none", admin=True)
    assert channel.store.holidays(cfg.id, START) == []


def test_days_away_never_break_a_streak(channel: Channel) -> None:
    channel.day(0, {"ann": "0.5", "bob": "0.5"})
    channel.day(1, {"ann": "0.5", "bob": "0.5"})
    away = channel.command(f"/coach away until={(START + timedelta(days=4)).isoformat()}")
    assert "You are away until Fri 06 Mar" in away
    for n in (2, 3, 4):
        channel.day(n, {})
    channel.day(5, {"ann": "0.5", "bob": "0.5"})
    assert "Your streak: **3**" in channel.streak("ann")
    assert "Your streak: **1**" in channel.streak("bob")  # bob was not away


def test_away_is_at_most_30_days_from_today_and_ends_early(channel: Channel) -> None:
    channel.day(0, {"ann": "0.5"})
    long = channel.command("/coach away until=2026-12-31")
    assert "30 days at most" in long and "You are away until Wed 01 Apr" in long
    assert "has passed" in channel.command("/coach away until=2026-01-01")
    assert "Use `/coach away until=YYYY-MM-DD`" in channel.command("/coach away until=soon")
    assert "You are away Mon 02 Mar to Wed 01 Apr" in channel.command("/coach away")
    assert "Welcome back" in channel.command("/coach away until=off")
    assert "You are not away" in channel.command("/coach away")


def test_late_joiners_are_ranked_over_the_drills_they_received(channel: Channel) -> None:
    for n in range(6):
        answers = {"ann": "0.5" if n < 4 else "0.9"}  # 4 right of 6
        if n >= 3:
            answers["bob"] = "0.5"  # joined on day 3: 3 right of 3
        if n >= 4:
            answers["cy"] = "0.5"  # two answers: listed apart
        channel.day(n, answers)
    channel.day(6, {})
    board = channel.command("/coach leaderboard")
    assert "(last 30 days)" in board
    lines = board.splitlines()
    assert lines[1].startswith("1. Bob: 3 right of 3 drills (100%)")
    assert lines[2].startswith("2. Ann: 4 right of 6 drills (67%)")
    assert "Fewer than 3 answers, not ranked yet:* Cy (2)" in board
    week = channel.command("/coach leaderboard week")
    assert "(last 7 days)" in week
    assert "Use `/coach leaderboard week`" in channel.command("/coach leaderboard year")


def test_chatter_never_counts_on_the_board(channel: Channel) -> None:
    for n in range(3):
        channel.day(n, {"ann": "0.5"})
        for text in ("thanks!", "+1", "lol"):
            channel.coach.handle(channel.say(text, "bob", thread=f"t{n}"))
    board = channel.command("/coach leaderboard all")
    assert "1. Ann: 3 right of 3 drills" in board and "Bob" not in board


def test_the_board_ties_go_to_the_longer_streak(channel: Channel) -> None:
    for n in range(4):
        answers = {"zoe": "0.9" if n == 0 else "0.5"}  # 3 of 4, answered every day
        if n != 1:
            answers["bob"] = "0.5"  # 3 of 4, missed day 1: a shorter streak
        channel.day(n, answers)
    board = channel.command("/coach leaderboard").splitlines()
    assert board[1].startswith("1. Zoe: 3 right of 4 drills (75%), streak 4")
    assert board[2].startswith("2. Bob: 3 right of 4 drills (75%), streak 2")


@pytest.mark.parametrize("tz", ["America/Los_Angeles", "Europe/Paris", "Pacific/Kiritimati"])
def test_late_evening_answers_across_a_daylight_saving_change_keep_the_streak(
    tmp_path: Path, tz: str
) -> None:
    # US clocks go forward on 8 Mar 2026, European ones on 29 Mar; Kiritimati is UTC+14, so its
    # evening is the next UTC day (and its morning the previous one).
    late = Channel(tmp_path, tz=tz, at=time(23, 30))
    first = (date(2026, 3, 6) if tz.startswith("America") else date(2026, 3, 27)) - START
    for n in range(first.days, first.days + 4):
        late.day(n, {"ann": "0.5"})
    assert "Your streak: **4**" in late.streak()
    morning = START + timedelta(days=first.days + 4)
    late.clock.set(late.moment(morning, time(8, 0)))  # before the next drill: still kept
    assert "Your streak: **4**" in late.streak()
    away = late.command(f"/coach away until={morning.isoformat()}")  # today, locally
    assert "You are away until" in away
