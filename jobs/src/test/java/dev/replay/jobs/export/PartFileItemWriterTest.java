package dev.replay.jobs.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.archive.sink.ExportFormat;
import dev.replay.archive.sink.ExportOutput;
import dev.replay.archive.sink.ExportStorage;
import dev.replay.readers.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** The restart contract of the part writer on a local directory: write, fail, restart; the parts equal one clean run. */
class PartFileItemWriterTest {

    @TempDir
    Path dir;

    private static List<Event> events(int count) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new Event(new UUID(0, i + 1), "Account", "acc-" + i % 3, i / 3 + 1, "Deposited",
                    "{\"amount\": " + i + "}", Instant.parse("2026-01-01T23:59:50Z").plusSeconds(i)));
        }
        return events;
    }

    private PartFileItemWriter writer(Path out, ExportFormat format) {
        return new PartFileItemWriter("export", new ExportStorage(null, dir.resolve("tmp")),
                ExportOutput.parse(out.toString()), format);
    }

    private static List<String> files(Path out) throws Exception {
        try (Stream<Path> files = Files.list(out)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private static String contents(Path out) throws Exception {
        StringBuilder all = new StringBuilder();
        for (String name : files(out)) {
            all.append(Files.readString(out.resolve(name)));
        }
        return all.toString();
    }

    @Test
    void aRestartDeletesThePartsOfTheChunkThatDidNotCommitAndContinuesTheNumbering() throws Exception {
        // given: a clean run
        List<Event> events = events(30);
        Path clean = dir.resolve("clean");
        PartFileItemWriter cleanWriter = writer(clean, ExportFormat.CSV);
        cleanWriter.open(new ExecutionContext());
        for (int i = 0; i < 30; i += 10) {
            cleanWriter.write(new Chunk<>(events.subList(i, i + 10)));
        }
        cleanWriter.close();

        // when: a run that wrote a second chunk but died before it committed
        Path out = dir.resolve("restarted");
        ExecutionContext committed = new ExecutionContext();
        PartFileItemWriter first = writer(out, ExportFormat.CSV);
        first.open(new ExecutionContext());
        first.write(new Chunk<>(events.subList(0, 10)));
        first.update(committed);
        first.write(new Chunk<>(events.subList(10, 20)));
        first.close();
        assertThat(files(out)).containsExactly("part-00000.csv", "part-00001.csv");
        PartFileItemWriter second = writer(out, ExportFormat.CSV);
        second.open(committed);
        assertThat(files(out)).containsExactly("part-00000.csv");
        second.write(new Chunk<>(events.subList(10, 20)));
        second.write(new Chunk<>(events.subList(20, 30)));
        ExecutionContext end = new ExecutionContext();
        second.update(end);
        second.close();

        // then
        assertThat(files(out)).isEqualTo(files(clean)).containsExactly("part-00000.csv", "part-00001.csv", "part-00002.csv");
        assertThat(contents(out)).isEqualTo(contents(clean));
        assertThat(end.getLong("export.written")).isEqualTo(30);
        assertThat(end.getInt("export.parts")).isEqualTo(3);
    }

    @Test
    void parquetPartsEndWhereTheUtcDayEnds() throws Exception {
        // given: 30 events, the first 10 on 2026-01-01, the rest on 2026-01-02
        Path out = dir.resolve("parquet");
        PartFileItemWriter writer = writer(out, ExportFormat.PARQUET);
        writer.open(new ExecutionContext());

        // when
        writer.write(new Chunk<>(events(30)));
        ExecutionContext context = new ExecutionContext();
        writer.update(context);
        writer.close();

        // then
        assertThat(files(out)).containsExactly("part-00000.parquet", "part-00001.parquet");
        assertThat(context.getInt("export.parts")).isEqualTo(2);
        assertThat(context.getLong("export.bytes")).isEqualTo(
                Files.size(out.resolve("part-00000.parquet")) + Files.size(out.resolve("part-00001.parquet")));
    }
}
