import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The SQL that .ci/run needs without a psql client: {@code java -cp <postgresql driver> .ci/Sql.java
 * <jdbc url> -f <file>} runs a file's statements; {@code ... <jdbc url> "<query>"} prints the
 * query's rows, one a line, columns separated by '|'. Exit 1 with the database's message on an error.
 */
public class Sql {

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection(args[0], "postgres", null);
             Statement statement = connection.createStatement()) {
            if (args[1].equals("-f")) {
                statement.execute(Files.readString(Path.of(args[2])));
                return;
            }
            try (ResultSet rows = statement.executeQuery(args[1])) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    StringBuilder line = new StringBuilder();
                    for (int column = 1; column <= columns; column++) {
                        line.append(column > 1 ? "|" : "").append(rows.getString(column));
                    }
                    System.out.println(line);
                }
            }
        } catch (SQLException e) {
            System.err.println("sql: " + e.getMessage());
            System.exit(1);
        }
    }
}
