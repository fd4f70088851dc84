package dev.replay.config.serve;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** An aggregate whose versions jump from 1 to 3: a rebuild fails on it, naming it, until version 3 goes. */
final class BrokenAggregate {

    static final String ID = "acc-broken";

    private BrokenAggregate() {
    }

    static void append(DataSource dataSource) {
        new JdbcTemplate(dataSource).update("""
                insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data, occurred_at)
                values (gen_random_uuid(), 'Account', ?, 1, 'AccountOpened', '{"owner": "x", "currency": "EUR"}', now()),
                       (gen_random_uuid(), 'Account', ?, 3, 'Deposited', '{"amount": 1.00}', now())
                """, ID, ID);
    }

    static void repair(DataSource dataSource) {
        new JdbcTemplate(dataSource).update("delete from events where aggregate_id = ? and version = 3", ID);
    }
}
