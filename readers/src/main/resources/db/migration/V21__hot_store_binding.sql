-- Which hot-store table this database's platform tables belong to: the archive catalog, the
-- read-model builds with their high-water marks, the runs, the dead letters. They hold one table's
-- events and commit order; pointed at another table (a second replay.hot.table) they would merge the
-- first table's archived segments into the second's replays and compare marks of one table with the
-- other's. Bound by the first command that starts on a table (HotStoreBinding); empty until then.
create table hot_store_binding (
    singleton boolean     primary key default true,
    hot_table text        not null,
    bound_at  timestamptz not null default now(),
    constraint hot_store_binding_one_row check (singleton)
);
