-- Aggregate types and ids compare bytewise (collation "C"): they are identifiers, not words, and
-- every append checks the optimistic-concurrency key (aggregate_type, aggregate_id, version),
-- whose b-tree compares these texts about twenty times per insert. Under a linguistic collation
-- (en_US.UTF-8, even C.UTF-8 with the libc provider) each comparison goes through strcoll; "C"
-- is a memcmp. The index is rebuilt with the columns.
alter table events
    alter column aggregate_type type text collate "C",
    alter column aggregate_id type text collate "C";
