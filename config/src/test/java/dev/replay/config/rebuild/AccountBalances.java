package dev.replay.config.rebuild;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The account-balances read model as a test checks it: the view's content, and the same computed by SQL from the events. */
public final class AccountBalances {

    /** account_balance as DESIGN.md defines it, computed straight from the hot store. */
    public static final String EXPECTED = """
            select aggregate_id as account_id,
                   sum(case event_type when 'Deposited' then (event_data->>'amount')::numeric
                                       when 'Withdrawn' then -(event_data->>'amount')::numeric else 0 end)::numeric(19,2) as balance,
                   case when bool_or(event_type = 'AccountClosed') then 'closed' else 'open' end as status,
                   max(version) as version, max(occurred_at) as updated_at
              from events
             where aggregate_type = 'Account'
               and event_type in ('AccountOpened', 'Deposited', 'Withdrawn', 'AccountClosed')
             group by aggregate_id
            """;

    private AccountBalances() {
    }

    /** A digest of the rows of a query over (account_id, balance, status, version, updated_at). */
    public static String digest(DataSource dataSource, String query) {
        return new JdbcTemplate(dataSource).queryForObject("select count(*) || ':' || coalesce(md5(string_agg("
                + "account_id || '|' || balance || '|' || status || '|' || version || '|' || updated_at, ',' order by account_id)), '')"
                + " from (" + query + ") t", String.class);
    }

    public static String expected(DataSource dataSource) {
        return digest(dataSource, EXPECTED);
    }

    /** {@link #EXPECTED} over another relation with the hot store's columns, e.g. every event of both tiers. */
    public static String expectedOver(DataSource dataSource, String events) {
        return digest(dataSource, EXPECTED.replace("from events", "from " + events));
    }

    public static String actual(DataSource dataSource) {
        return digest(dataSource, "select account_id, balance, status, version, updated_at from account_balance");
    }
}
