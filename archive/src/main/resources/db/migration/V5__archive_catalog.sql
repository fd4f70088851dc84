-- The archive catalog: one row per Parquet segment that holds archived events. A segment exists
-- for readers only once its row is here; the row is inserted in the same transaction that
-- deletes the segment's events from the hot store. Files without a row are orphans.
create table archive_segment (
    segment_id      bigserial   primary key,
    path            text        not null,
    partition_date  date        not null,
    rows            bigint      not null,
    first_key       text        not null,   -- EventKey text form <instant>|<version>|<uuid>
    last_key        text        not null,
    min_occurred_at timestamptz not null,
    max_occurred_at timestamptz not null,
    bytes           bigint      not null,
    checksum        text        not null,   -- sha256:<hex> over the canonical event encoding
    run_id          text        not null,
    created_at      timestamptz not null default now(),
    constraint archive_segment_path_uk unique (path),
    constraint archive_segment_rows_positive check (rows > 0),
    constraint archive_segment_bytes_non_negative check (bytes >= 0),
    constraint archive_segment_time_span check (min_occurred_at <= max_occurred_at)
);

-- catalog order and partition listings (the `segments` command)
create index archive_segment_partition_ix on archive_segment (partition_date, min_occurred_at);

-- replays of a time range pick the segments that overlap it
create index archive_segment_span_ix on archive_segment (min_occurred_at, max_occurred_at);

-- a run's segments (restart, cleanup)
create index archive_segment_run_ix on archive_segment (run_id);
