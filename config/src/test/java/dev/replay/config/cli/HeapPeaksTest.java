package dev.replay.config.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.MemoryUsage;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Issue 15: bench's live heap counts only collections that reclaimed old space")
class HeapPeaksTest {

    private static final long MB = 1 << 20;

    private static Map<String, MemoryUsage> pools(long edenMb, long survivorMb, long oldMb) {
        return Map.of("G1 Eden Space", usage(edenMb), "G1 Survivor Space", usage(survivorMb), "G1 Old Gen", usage(oldMb));
    }

    private static MemoryUsage usage(long mb) {
        return new MemoryUsage(0, mb * MB, 512 * MB, 512 * MB);
    }

    @Test
    void aFullCollectionReclaimsOldSpace() {
        assertThat(HeapPeaks.reclaimedOld("end of major GC", pools(0, 0, 509), pools(0, 0, 181))).isTrue();
    }

    @Test
    void aMixedCollectionShrinksTheOldGeneration() {
        assertThat(HeapPeaks.reclaimedOld("end of minor GC", pools(20, 4, 356), pools(0, 4, 338))).isTrue();
    }

    @Test
    void aYoungOnlyCollectionOrAFailedEvacuationIsOnlyAnUpperBound() {
        // young only: eden emptied, some of it promoted
        assertThat(HeapPeaks.reclaimedOld("end of minor GC", pools(200, 10, 150), pools(0, 12, 170))).isFalse();
        // to-space exhausted: the regions that failed to evacuate stay, as old, the heap as full as before
        assertThat(HeapPeaks.reclaimedOld("end of minor GC", pools(120, 10, 380), pools(0, 0, 508))).isFalse();
    }
}
