package dev.replay.archive;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects problems: keeps the first {@code limit}, counts all, so that a flood (a lost segment
 * leaves a gap in every aggregate it held) costs no memory. Not thread-safe.
 */
final class IntegrityProblems {

    private final int limit;
    private final List<IntegrityProblem> first = new ArrayList<>();
    private long count;

    IntegrityProblems(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("maxProblems must be positive, was " + limit);
        }
        this.limit = limit;
    }

    void add(IntegrityProblem.Kind kind, String subject, String detail) {
        count++;
        if (first.size() < limit) {
            first.add(new IntegrityProblem(kind, subject, detail));
        }
    }

    List<IntegrityProblem> first() {
        return first;
    }

    long count() {
        return count;
    }
}
