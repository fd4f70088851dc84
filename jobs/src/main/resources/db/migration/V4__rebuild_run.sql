-- What each rebuild job instance works on, fixed when it starts so that a restart continues
-- the same build up to the same high-water mark. Written in the same transaction that creates
-- the build's tables, so a crash leaves either both or neither.
create table rebuild_run (
    job_instance_id bigint      not null,
    projection      text        not null,
    mode            text        not null,
    build           bigint      not null,
    high_water_mark text        not null,
    events_total    bigint      not null,
    created_at      timestamptz not null default now(),
    constraint rebuild_run_pk primary key (job_instance_id),
    constraint rebuild_run_mode_ck check (mode in ('full', 'catch-up'))
);
