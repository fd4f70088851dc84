package dev.replay.config.bench;

import java.util.List;

/**
 * The one-statement SQL projection {@code bench --sql-projection} rebuilds beside
 * {@code account-balances}: each {@code Deposited} amount added to its account's total, declared
 * under {@code replay.projections.bench-deposits} as a user would, with default properties of the
 * bench's context (a declaration of the same name in the configuration wins).
 */
public final class BenchSqlProjection {

    public static final String NAME = "bench-deposits";

    private static final String PREFIX = "replay.projections." + NAME + ".";

    /** The declaration, as {@code name=value} properties. */
    public static final List<String> PROPERTIES = List.of(
            PREFIX + "per-aggregate=true",
            PREFIX + "tables.bench_deposit=account_id text primary key, total numeric(19,2) not null",
            PREFIX + "on.Deposited=insert into {bench_deposit} as b values (:aggregate_id, :data.amount::numeric)"
                    + " on conflict (account_id) do update set total = b.total + excluded.total");

    private BenchSqlProjection() {
    }
}
