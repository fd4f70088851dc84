-- Partitioned replays read only their share (issue 15): a partition owns a contiguous range of
-- aggregate hashes (md5 of aggregate_type || '/' || aggregate_id, first 32 bits), that is, a run of
-- the 64 buckets below (the hash's top 6 bits). Each page of a partition is one range scan of this
-- index per bucket, merged in replay order; without it, every partition walked the whole
-- replay-order index and kept 1/N. The expression is the text PartitionBuckets.sql writes into the
-- page queries, so PostgreSQL matches it.
-- Not concurrently: Flyway's migration lock keeps a transaction open, which a concurrent build waits
-- for forever. Building it blocks appends to the table for the build's time (2.5 s for 2.5M
-- events here, 56 bytes an event); on a large table, build it beforehand with the same statement and "concurrently"
-- (README, "Partitioned rebuilds"), and this is a no-op.
create index if not exists events_replay_bucket_ix on events
    ((('x' || substr(md5(aggregate_type || '/' || aggregate_id), 1, 2))::bit(8)::integer >> 2),
     occurred_at, version, event_id);
