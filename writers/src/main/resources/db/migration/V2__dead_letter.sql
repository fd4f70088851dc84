-- Events a projection could not apply (malformed payload), recorded instead of failing the
-- rebuild when the writer runs with skipInvalid. One row per event and projection; a re-run of
-- the same chunk records nothing twice.
create table replay_dead_letter (
    event_id       uuid        not null,
    projection     text        not null,
    event_type     text        not null,
    aggregate_type text        not null,
    aggregate_id   text        not null,
    version        bigint      not null,
    payload        text        not null,
    error          text        not null,
    failed_at      timestamptz not null default now(),
    constraint replay_dead_letter_pk primary key (event_id, projection)
);
