-- What each export job instance reads, fixed by its prepare step so that a restart reads the same
-- events: those committed below the high-water mark that pass the job's filter. events_total is
-- their number in the hot store at the start (the progress total).
create table export_run (
    job_instance_id bigint      not null,
    high_water_mark text        not null,
    events_total    bigint      not null,
    created_at      timestamptz not null default now(),
    constraint export_run_pk primary key (job_instance_id)
);
