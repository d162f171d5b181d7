"""The in-flight mark of a drill (migration 2), on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

from storage.records import ChannelConfig
from storage.store import Store
from tests.storage.records import NOW

DAY = date(2026, 3, 2)


def test_a_drill_marked_sending_stays_unposted_and_remembers_when_its_send_began(
    store: Store,
) -> None:
    cfg = store.save_channel(ChannelConfig("slack", "w1", "c1"), NOW)
    assert cfg.id is not None
    drill = store.add_drill(cfg.id, DAY, "q1", "nlp", NOW + timedelta(hours=8), NOW)
    assert drill is not None and drill.sending_at is None
    later = NOW + timedelta(seconds=5)
    assert store.take_lease(drill.id, "post", "A", later, later + timedelta(minutes=5))
    assert store.drill(drill.id).sending_at == later  # type: ignore[union-attr]
    assert [d.sending_at for d in store.unposted_drills("slack")] == [later]
    store.give_back_lease(drill.id, "A", unsent=True)  # refused before it left: nothing to look for
    assert store.unposted_drills("slack")[0].sending_at is None


def test_a_posted_drill_keeps_its_send_time_and_is_not_marked_again(store: Store) -> None:
    cfg = store.save_channel(ChannelConfig("slack", "w1", "c1"), NOW)
    assert cfg.id is not None
    drill = store.add_drill(cfg.id, DAY, "q1", "nlp", NOW, NOW)
    assert drill is not None
    assert store.take_lease(drill.id, "post", "A", NOW, NOW + timedelta(minutes=5))
    store.mark_posted(drill.id, "m1", "t1", NOW + timedelta(seconds=1))
    late = NOW + timedelta(hours=1)  # a late duplicate fire
    assert not store.take_lease(drill.id, "post", "A", late, late + timedelta(minutes=5))
    posted = store.drill(drill.id)
    assert posted is not None and posted.sending_at == NOW and posted.thread_id == "t1"
    assert store.unposted_drills("slack") == []
