package dev.replay.writers.sql;

import dev.replay.writers.ProjectedEvent;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One statement of a SQL projection, parsed by {@link SqlStatementParser}: its text cut at the
 * {@code {table}} placeholders, its named parameters in order (each a JDBC {@code ?}), the stable
 * tables it names in braces, and the words it uses outside strings and comments (to find a declared
 * table named without braces). Immutable and thread-safe.
 *
 * @param source the statement as configured
 * @param parts the JDBC text between placeholders: {@code parts.size() == placeholders.size() + 1}
 * @param placeholders the stable table of each {@code {table}}, in order
 * @param parameters the parameter of each {@code ?}, in order
 * @param words the bare identifiers and key words outside strings, quoted identifiers and comments
 */
public record SqlStatement(String source, List<String> parts, List<String> placeholders,
                           List<SqlParameter> parameters, Set<String> words) {

    public SqlStatement {
        parts = List.copyOf(parts);
        placeholders = List.copyOf(placeholders);
        parameters = List.copyOf(parameters);
        words = Set.copyOf(words);
        if (parts.size() != placeholders.size() + 1) {
            throw new IllegalArgumentException("parts must be one more than placeholders, were " + parts.size()
                    + " and " + placeholders.size());
        }
    }

    /** Parses a statement; see {@link SqlStatementParser}. */
    public static SqlStatement parse(String sql) {
        return new SqlStatementParser(sql).parse();
    }

    /** The JDBC text with each placeholder replaced by what {@code tables} maps its stable table to. */
    public String render(UnaryOperator<String> tables) {
        StringBuilder sql = new StringBuilder(parts.get(0));
        for (int i = 0; i < placeholders.size(); i++) {
            sql.append(tables.apply(placeholders.get(i))).append(parts.get(i + 1));
        }
        return sql.toString();
    }

    /** Whether a parameter reads the payload, so that the payload must parse. */
    public boolean readsPayload() {
        return parameters.stream().anyMatch(SqlParameter::readsPayload);
    }

    /** Binds every parameter of {@code event}. */
    void bind(PreparedStatement statement, ProjectedEvent event) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).bind(statement, i + 1, event);
        }
    }
}
