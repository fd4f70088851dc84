-- What each archive job instance works on, fixed by its prepare step so that a restart moves the
-- same events: those with occurred_at before the cutoff, committed below the high-water mark.
-- run_id names the instance's segment files (seg-<run_id>-<n>.parquet) and catalog rows.
create table archive_run (
    job_instance_id bigint      not null,
    run_id          text        not null,
    before          timestamptz not null,
    high_water_mark text        not null,
    events_total    bigint      not null,
    created_at      timestamptz not null default now(),
    constraint archive_run_pk primary key (job_instance_id),
    constraint archive_run_run_id_uk unique (run_id)
);
