package dev.replay.schedules;

import java.time.Instant;
import java.util.Map;

/**
 * A schedule as the cluster sees it now.
 *
 * @param state         Quartz's trigger state: NORMAL, PAUSED, BLOCKED (its run is going on),
 *                      PAUSED_BLOCKED, ERROR, COMPLETE or NONE
 * @param nextFireTime  when it fires next, null when paused for good or complete
 * @param previousFireTime when it last fired, null before its first firing
 * @param lastFiring    the last recorded firing (what it launched, or why it skipped), or null
 */
public record ScheduleView(String name, String job, String cron, String zone, Map<String, String> parameters,
                           String state, Instant nextFireTime, Instant previousFireTime, ScheduleFiring lastFiring) {

    public boolean paused() {
        return state.startsWith("PAUSED");
    }

    public boolean running() {
        return state.endsWith("BLOCKED");
    }
}
