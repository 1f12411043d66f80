-- Schema 19 (as storage/migrations/0019_ingest_indexes.sql): one index fewer for every
-- inbox item sync stores; the channel's unique key and inbox_by_author serve its queries.
DROP INDEX inbox_newest_by_channel;
