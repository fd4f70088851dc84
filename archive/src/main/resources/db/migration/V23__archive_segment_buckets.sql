-- The partition buckets whose aggregates a segment holds (the top 6 bits of the aggregate's md5
-- hash, as the hot store's bucket index). An archive run splits a large chunk of a day into one
-- segment per bucket group, each still in replay order, so that a partition of a rebuild opens
-- only the segments of its buckets instead of decoding every segment to keep a quarter of it.
-- Segments written before hold every bucket: the defaults. Adding columns with constant defaults
-- rewrites nothing.
alter table archive_segment
    add column bucket_first smallint not null default 0,
    add column bucket_last  smallint not null default 63,
    add constraint archive_segment_buckets check (0 <= bucket_first and bucket_first <= bucket_last and bucket_last <= 63);
