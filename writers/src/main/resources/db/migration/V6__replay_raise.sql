-- Lets a set-based statement fail naming the row that breaks an invariant, in the same pass that
-- does the work (used by the account-balances compaction: `where ok or replay_raise('...')`).
create or replace function replay_raise(message text) returns boolean
    language plpgsql as $$
begin
    raise exception using message = message, errcode = 'P0001';
end
$$;
