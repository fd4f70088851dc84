package dev.replay.config.bench;

import dev.replay.readers.HotStore;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcBatchItemWriterBuilder;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark's baseline: the account-balances rebuild as a team would write it by hand with
 * stock Spring Batch — {@link JdbcPagingItemReader} sorted by the replay key, page size 1000, a
 * processor that parses each payload with Jackson, and a {@link JdbcBatchItemWriter} upserting
 * one row per event into {@code bench_account_balance}. No blue/green copy, no high-water mark.
 */
public final class HandWrittenBalanceJob {

    public static final String TABLE = "bench_account_balance";
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private HandWrittenBalanceJob() {
    }

    /** One event turned into a change of one account's row. */
    public record BalanceChange(String accountId, BigDecimal delta, String status, long version, Timestamp at) {
    }

    /** Creates (empty) the baseline's table and returns the job over at most {@code maxEvents} events. */
    public static Job create(JobRepository repository, PlatformTransactionManager transactionManager,
                             DataSource dataSource, int maxEvents) throws Exception {
        return create(repository, transactionManager, HotStore.of(dataSource), maxEvents);
    }

    /** The job over {@code hotStore}'s table (read under the platform's column names). */
    public static Job create(JobRepository repository, PlatformTransactionManager transactionManager,
                             HotStore hotStore, int maxEvents) throws Exception {
        DataSource dataSource = hotStore.dataSource();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("drop table if exists " + TABLE);
        jdbc.execute("create table " + TABLE + " (account_id text primary key, balance numeric(19,2) not null,"
                + " status text not null, version bigint not null, updated_at timestamptz not null)");
        Map<String, Order> sortKeys = new LinkedHashMap<>();
        sortKeys.put("occurred_at", Order.ASCENDING);
        sortKeys.put("version", Order.ASCENDING);
        sortKeys.put("event_id", Order.ASCENDING);
        JdbcPagingItemReader<BalanceChange> reader = new JdbcPagingItemReaderBuilder<BalanceChange>()
                .name("handWrittenReader")
                .dataSource(dataSource)
                .selectClause("select event_id, aggregate_id, version, event_type, event_data::text as event_data, occurred_at")
                .fromClause("from " + hotStore.platformRelation("hot"))
                .whereClause("where aggregate_type = 'Account'")
                .sortKeys(sortKeys)
                .pageSize(1000)
                .maxItemCount(maxEvents)
                .rowMapper(HandWrittenBalanceJob::change)
                .build();
        reader.afterPropertiesSet();
        JdbcBatchItemWriter<BalanceChange> writer = new JdbcBatchItemWriterBuilder<BalanceChange>()
                .dataSource(dataSource)
                .sql("insert into " + TABLE + " (account_id, balance, status, version, updated_at)"
                        + " values (:accountId, :delta, :status, :version, :at)"
                        + " on conflict (account_id) do update set balance = " + TABLE + ".balance + excluded.balance,"
                        + " status = case when excluded.status = 'closed' then 'closed' else " + TABLE + ".status end,"
                        + " version = excluded.version, updated_at = excluded.updated_at")
                .beanMapped()
                .build();
        writer.afterPropertiesSet();
        return new JobBuilder("bench-hand-written", repository)
                .start(new StepBuilder("hand-written", repository)
                        .<BalanceChange, BalanceChange>chunk(1000)
                        .transactionManager(transactionManager)
                        .reader(reader)
                        .writer(writer)
                        .build())
                .build();
    }

    private static BalanceChange change(ResultSet rs, int row) throws SQLException {
        String type = rs.getString("event_type");
        JsonNode payload = MAPPER.readTree(rs.getString("event_data"));
        BigDecimal amount = payload.has("amount") ? payload.get("amount").decimalValue() : BigDecimal.ZERO;
        BigDecimal delta = switch (type) {
            case "Deposited" -> amount;
            case "Withdrawn" -> amount.negate();
            default -> BigDecimal.ZERO;
        };
        return new BalanceChange(rs.getString("aggregate_id"), delta, "AccountClosed".equals(type) ? "closed" : "open",
                rs.getLong("version"), rs.getTimestamp("occurred_at"));
    }
}
