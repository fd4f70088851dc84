-- The blue/green registry of read-model builds. Build n of a projection writes its tables as
-- <table>__b<n>; the stable name <table> is a view over the live build's table.
create table projection_build (
    projection      text        not null,
    build           bigint      not null,
    status          text        not null,
    started_at      timestamptz not null default now(),
    swapped_at      timestamptz,
    high_water_mark text,
    -- set when the build's tables were dropped (a retired copy beyond the kept count)
    dropped_at      timestamptz,
    constraint projection_build_pk primary key (projection, build),
    constraint projection_build_status_ck check (status in ('building', 'live', 'retired')),
    constraint projection_build_positive_ck check (build > 0)
);

-- at most one live build per projection
create unique index projection_build_live_uk on projection_build (projection) where status = 'live';
