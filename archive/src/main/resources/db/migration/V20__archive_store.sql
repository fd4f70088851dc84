-- The identity of this store (this database's hot store and catalog): a random id created once,
-- here, and kept. Archive segments carry it in their file names and footers, and each archive
-- location holds a marker per store (_stores/<id>), so that a store never deletes or mixes with
-- the segments of another store pointed at the same location by mistake.
create table archive_store (
    singleton  boolean     primary key default true,
    store_id   uuid        not null,
    created_at timestamptz not null default now(),
    constraint archive_store_one_row check (singleton)
);

insert into archive_store (store_id) values (gen_random_uuid());
