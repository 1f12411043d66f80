-- Schema 19: one index fewer for every inbox item sync stores.
--
-- ``inbox_newest_by_channel`` (channel_id, created_utc, id) served no query the
-- console runs that another index does not serve as well: a channel's items are
-- found by the channel's unique key (channel_id, remote_id) or by
-- ``inbox_by_author`` (channel_id, ...), a time range by ``inbox_newest``, a
-- conversation's items by ``inbox_by_conversation``; the inbox lists conversations,
-- not items. Dropped: each stored item writes one index entry less (the speed
-- budget, docs/benchmarks.md, ``bench/sync_ingest.py``).
DROP INDEX inbox_newest_by_channel;
