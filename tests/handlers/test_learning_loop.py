"""The drill side of the learning loop through the core with a moved clock: the reveal settles
cards (a miss is Again), opt-in reminders at most once a day, weekly recaps, progress figures."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from handlers.progress import day_marks
from handlers.types import Post
from storage.records import Away
from tests.handlers.test_fair_streaks import START, Channel


def _reveal_all(ch: Channel, day: int) -> None:
    ch.clock.set(ch.moment(START + timedelta(days=day + 1), time(9, 1)))
    for post in ch.coach.daily.due_reveals("discord", ch.clock.now()):
        assert post.drill_id is not None
        ch.coach.daily.mark_revealed(post.drill_id)


def _question_of(ch: Channel, drill_id: int) -> str:
    drill = ch.store.drill(drill_id)
    assert drill is not None
    return drill.question_id


def test_the_reveal_rates_answers_and_the_misses_of_regulars(tmp_path: Path):
    ch = Channel(tmp_path)
    first = ch.day(0, {"ann": "0.5", "bob": "0.5"})
    assert first is not None
    second = ch.day(1, {"ann": "0.9"})  # bob, a regular, lets it pass
    assert second is not None
    _reveal_all(ch, 1)
    q1, q2 = _question_of(ch, first), _question_of(ch, second)
    ann2 = ch.store.card("discord", "w1", "ann", q2)
    bob2 = ch.store.card("discord", "w1", "bob", q2)
    bob1 = ch.store.card("discord", "w1", "bob", q1)
    assert ann2 is not None and ann2.last_rating == 1  # wrong: Again
    assert bob2 is not None and bob2.last_rating == 1  # missed: Again
    assert bob1 is not None and bob1.last_rating == 3  # right: Good
    assert ch.store.card("discord", "w1", "cyd", q2) is None  # never answered here: no card
    # Revealing twice never rates twice.
    assert not ch.coach.daily.mark_revealed(second)
    again = ch.store.card("discord", "w1", "bob", q2)
    assert again is not None and again.reviews == 1


def test_an_away_regular_is_not_charged_with_a_miss(tmp_path: Path):
    ch = Channel(tmp_path)
    ch.day(0, {"ann": "0.5", "bob": "0.5"})
    ch.command("/coach away until=2026-03-10", "bob")
    second = ch.day(1, {"ann": "0.5"})
    assert second is not None
    _reveal_all(ch, 1)
    assert ch.store.card("discord", "w1", "bob", _question_of(ch, second)) is None


def _reminders(ch: Channel, at: datetime) -> list[Post]:
    ch.clock.set(at)
    return ch.coach.daily.nudges("discord", at)


def test_a_reminder_goes_once_a_day_only_to_those_who_opted_in(tmp_path: Path):
    ch = Channel(tmp_path)
    ch.day(0, {"ann": "0.5", "bob": "0.5"})
    ch.day(1, {"ann": "0.5", "bob": "0.5"})
    ch.command("/coach remind at=18:00", "ann")
    drill = ch.day(2, {})  # nobody answered today yet: ann's 2-day streak is at risk
    assert drill is not None
    day = START + timedelta(days=2)
    assert _reminders(ch, ch.moment(day, time(17, 59))) == []
    (sent,) = _reminders(ch, ch.moment(day, time(18, 0)))
    assert sent.kind == "direct" and sent.user == "ann"
    assert "2-day streak is at risk" in sent.text
    assert _reminders(ch, ch.moment(day, time(18, 30))) == []  # at most one a day
    assert _reminders(ch, ch.moment(day, time(23, 59))) == []


def test_no_reminder_when_nothing_waits_after_off_or_after_forget_me(tmp_path: Path):
    ch = Channel(tmp_path)
    ch.day(0, {"ann": "0.5"})
    ch.command("/coach remind at=18:00", "ann")
    ch.day(1, {"ann": "0.5"})  # answered today, nothing due: nothing to say
    assert _reminders(ch, ch.moment(START + timedelta(days=1), time(18, 1))) == []
    ch.day(2, {})
    ch.command("/coach remind off", "ann")
    assert _reminders(ch, ch.moment(START + timedelta(days=2), time(18, 1))) == []
    ch.command("/coach remind at=18:00", "ann")
    ch.command("/coach forget-me confirm", "ann")
    assert _reminders(ch, ch.moment(START + timedelta(days=2), time(19, 0))) == []


def test_a_reminder_names_the_reviews_due(tmp_path: Path):
    ch = Channel(tmp_path)
    ch.day(0, {"ann": "0.9"})  # wrong: due again the next day
    _reveal_all(ch, 0)
    ch.command("/coach remind at=10:00", "ann")
    # Again after the reveal (day 1, 09:01): due a day later, so day 2's reminder names it.
    assert _reminders(ch, ch.moment(START + timedelta(days=1), time(10, 0))) == []
    (sent,) = _reminders(ch, ch.moment(START + timedelta(days=2), time(10, 0)))
    assert "1 review due" in sent.text


def test_the_weekly_recap_posts_once_on_its_day_and_respects_privacy(tmp_path: Path):
    ch = Channel(tmp_path)
    assert "Weekly recap: Fridays" in ch.command("/coach setup recap=fri", admin=True)
    for n in range(4):  # Mon..Thu
        ch.day(n, {"ann": "0.5", "bob": "0.5" if n else "0.9"})
    ch.command("/coach privacy hide", "bob")
    friday = START + timedelta(days=4)
    ch.clock.set(ch.moment(friday, time(8, 59)))
    assert ch.coach.daily.nudges("discord", ch.clock.now()) == []
    ch.clock.set(ch.moment(friday, time(9, 0)))
    (recap,) = ch.coach.daily.nudges("discord", ch.clock.now())
    assert recap.kind == "recap" and recap.channel == "c1"
    assert "Mon 02 Mar: 2 people answered" in recap.text
    assert "Hardest for the group" in recap.text
    assert "Ann (4)" in recap.text and "Bob" not in recap.text
    assert ch.coach.daily.nudges("discord", ch.clock.now()) == []  # once
    assert "not changed" in ch.command("/coach setup recap=someday", admin=True).lower()


def test_day_marks_replay_the_freezes():
    days = [date(2026, 1, d) for d in range(1, 11)]
    answered = {d: d.day % 2 == 0 for d in days if d.day <= 5 or d.day in (7, 10)}
    marks = day_marks(days, answered, [Away(date(2026, 1, 9), date(2026, 1, 9))])
    assert marks[date(2026, 1, 2)] == "right" and marks[date(2026, 1, 1)] == "answered"
    assert marks[date(2026, 1, 6)] == "freeze"  # the 5th answered day earned one
    assert marks[date(2026, 1, 8)] == "missed"  # none left
    assert date(2026, 1, 9) not in marks  # away: neither missed nor frozen


def test_stats_summarises_and_describes_the_picture(tmp_path: Path):
    ch = Channel(tmp_path)
    for n in range(3):
        ch.day(n, {"ann": "0.5" if n < 2 else "0.9"})
    replies = ch.coach.handle(ch.say("/coach stats", "ann"))
    (reply,) = replies
    assert reply.ephemeral and reply.picture is not None
    assert "3 drill days answered, 2 right." in reply.text
    assert "Best: Optimisation and loss 67%" in reply.text
    picture = reply.picture
    assert picture.last == (START + timedelta(days=2))
    assert dict(picture.days)[START] == "right"
    assert dict(picture.days)[START + timedelta(days=2)] == "answered"
    assert "Progress from" in picture.alt and "Optimisation and loss 67% of 3" in picture.alt


def test_drill_weak_practises_the_weakest_topic(tmp_path: Path):
    ch = Channel(tmp_path)
    assert "Answer a few drills first" in ch.command("/coach drill weak")
    ch.day(0, {"ann": "0.9"})
    assert "Practice question" in ch.command("/coach drill weak")
