package dev.replay.readers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.builder.MergedEventReaderBuilder;
import dev.replay.readers.sample.SeedSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What a merged reader holds ahead of its caller when it is one of several reading at once: its
 * hot pages and the batches of the segments it opens are its share of a single stream's.
 */
@DisplayName("Issue 15: a merged reader that is one of N reading at once holds 1/N of one stream's read-ahead")
class MergedEventReaderReadAheadIT {

    private static final int PAGE_SIZE = 2000;

    private HotStoreFixture store;
    private List<Event> hot;

    @BeforeEach
    void seed() {
        store = new HotStoreFixture();
        hot = store.seed(new SeedSpec(8_000, 200, 6, 31, Instant.parse("2026-01-01T00:00:00Z")));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private MergedEventReader reader(ArchivedEvents archive, int readers) {
        return new MergedEventReaderBuilder().name("events").dataSource(store.database.dataSource())
                .archive(archive).pageSize(PAGE_SIZE).readAheadShare(readers).build();
    }

    /** Hot rows fetched once the prefetching thread has stopped, blocked on its full queue. */
    private static long fetchedWhenSettled(ReadCounters counters) throws InterruptedException {
        long before = -1;
        long now = counters.total(ReadCounters.Tier.HOT);
        while (now != before) {
            before = now;
            Thread.sleep(300);
            now = counters.total(ReadCounters.Tier.HOT);
        }
        return now;
    }

    private long hotRowsAheadAfterOneRead(int readers) throws InterruptedException {
        MergedEventReader reader = reader(ArchivedEvents.NONE, readers);
        try (ReadCounters counters = ReadCounters.start()) {
            reader.open(new ExecutionContext());
            try {
                assertThat(reader.read()).isNotNull();
                return fetchedWhenSettled(counters);
            } finally {
                reader.close();
            }
        }
    }

    @Test
    void theHotStoresPagesAreItsShareOfTheSingleStreamsPageSize() throws InterruptedException {
        assertThat(hot).hasSizeGreaterThan(3 * PAGE_SIZE); // so that a single stream fills three pages

        // when: the caller has taken one event and the prefetch thread waits on its full queue
        long single = hotRowsAheadAfterOneRead(1);
        long quarter = hotRowsAheadAfterOneRead(4);

        // then: the page being consumed, one queued and one fetched waiting to be queued
        assertThat(single).isEqualTo(3L * PAGE_SIZE);
        assertThat(quarter).isEqualTo(3L * PAGE_SIZE / 4);
    }

    @Test
    void opensEverySegmentWithItsShareAndStillReadsEveryEventOnce() {
        // given: the first half also archived, in segments of 200 (a merge emits each event once)
        List<Event> all = new ArrayList<>(hot);
        all.sort(EventKey::compare);
        InMemoryArchive segments = new InMemoryArchive();
        for (int from = 0; from < all.size() / 2; from += 200) {
            segments.segment("seg-" + from, all.subList(from, Math.min(all.size() / 2, from + 200)));
        }
        List<ReadAheadShare> shares = new CopyOnWriteArrayList<>();
        ArchivedEvents recording = new ArchivedEvents() {
            @Override
            public List<ArchivedSegmentRef> segments(EventFilter filter) {
                return segments.segments(filter);
            }

            @Override
            public EventCursor open(ArchivedSegmentRef segment, EventKey startAfter, EventFilter filter) {
                throw new AssertionError("a merged reader opens its segments with its share");
            }

            @Override
            public EventCursor open(ArchivedSegmentRef segment, EventKey startAfter, EventFilter filter,
                                    ReadAheadShare share) {
                shares.add(share);
                return segments.open(segment, startAfter, filter);
            }
        };
        MergedEventReader reader = reader(recording, 3);

        // when
        List<Event> read = new ArrayList<>();
        reader.open(new ExecutionContext());
        try {
            for (Event event = reader.read(); event != null; event = reader.read()) {
                read.add(event);
            }
        } finally {
            reader.close();
        }

        // then
        assertThat(read).extracting(Event::eventId).containsExactlyElementsOf(all.stream().map(Event::eventId).toList());
        assertThat(shares).hasSize(segments.opened).isNotEmpty().containsOnly(new ReadAheadShare(3));
        assertThat(segments.opened).isEqualTo((all.size() / 2 + 199) / 200);
    }
}
