package dev.replay.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.springframework.batch.core.job.JobExecution;

class QuartzSchedulesTest {

    private static final Schedule NIGHTLY = new Schedule("nightly-balances", "0 0 2 * * ?", "rebuild", ZoneOffset.UTC,
            Map.of("projection", "account-balances"));

    private Scheduler scheduler;
    private QuartzSchedules schedules;

    @BeforeEach
    void scheduler() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.instanceName", "test-" + System.nanoTime());
        properties.setProperty("org.quartz.threadPool.threadCount", "1");
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        scheduler = new StdSchedulerFactory(properties).getScheduler(); // never started: nothing fires
        schedules = new QuartzSchedules(scheduler, null);
    }

    @AfterEach
    void shutdown() throws Exception {
        scheduler.shutdown();
    }

    private CronTrigger trigger(String name) throws Exception {
        return (CronTrigger) scheduler.getTrigger(TriggerKey.triggerKey(name, QuartzSchedules.GROUP));
    }

    @Nested
    class Reconcile {

        @Test
        void createsATriggerThatFiresOnceAfterMissedFirings() throws Exception {
            // when
            schedules.reconcile(List.of(NIGHTLY));

            // then
            CronTrigger trigger = trigger("nightly-balances");
            assertThat(trigger.getCronExpression()).isEqualTo("0 0 2 * * ?");
            assertThat(trigger.getMisfireInstruction()).isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW);
            assertThat(scheduler.getJobDetail(JobKey.jobKey("nightly-balances", QuartzSchedules.GROUP)).getJobDataMap()
                    .getWrappedMap()).containsEntry("job", "rebuild").containsEntry("parameter.projection", "account-balances");
        }

        @Test
        void leavesAnUnchangedScheduleAloneSoItsFireTimesSurviveARestart() throws Exception {
            // given
            schedules.reconcile(List.of(NIGHTLY));
            java.util.Date longAgo = java.util.Date.from(java.time.Instant.parse("2020-01-01T00:00:00Z"));
            scheduler.rescheduleJob(trigger("nightly-balances").getKey(), QuartzSchedules.trigger(NIGHTLY)
                    .getTriggerBuilder().startAt(longAgo).build()); // as a trigger stored by an earlier start

            // when
            schedules.reconcile(List.of(NIGHTLY));

            // then
            assertThat(trigger("nightly-balances").getStartTime()).isEqualTo(longAgo);
        }

        @Test
        void replacesAChangedCronAndKeepsItPaused() throws Exception {
            // given
            schedules.reconcile(List.of(NIGHTLY));
            schedules.pause("nightly-balances");

            // when
            schedules.reconcile(List.of(new Schedule("nightly-balances", "0 30 3 * * ?", "rebuild", ZoneOffset.UTC,
                    Map.of("projection", "account-balances"))));

            // then
            assertThat(trigger("nightly-balances").getCronExpression()).isEqualTo("0 30 3 * * ?");
            assertThat(scheduler.getTriggerState(TriggerKey.triggerKey("nightly-balances", QuartzSchedules.GROUP)))
                    .isEqualTo(Trigger.TriggerState.PAUSED);
        }

        @Test
        void removesSchedulesNoLongerConfigured() throws Exception {
            // given
            schedules.reconcile(List.of(NIGHTLY, new Schedule("archive-old", "0 0 3 * * ?", "archive", ZoneOffset.UTC,
                    Map.of("older-than", "90d"))));

            // when
            schedules.reconcile(List.of(NIGHTLY));

            // then
            assertThat(scheduler.getJobKeys(org.quartz.impl.matchers.GroupMatcher.jobGroupEquals(QuartzSchedules.GROUP)))
                    .extracting(JobKey::getName).containsExactly("nightly-balances");
        }
    }

    @Nested
    class Validation {

        @Test
        void aBadCronNamesTheSchedule() {
            assertThatThrownBy(() -> new Schedule("nightly", "0 0 25 * * ?", "rebuild", ZoneOffset.UTC, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Schedule [nightly]").hasMessageContaining("0 0 25 * * ?");
        }

        @Test
        void anUnknownJobNamesTheScheduleAndTheKnownJobs() {
            assertThatThrownBy(() -> QuartzSchedules.validate(List.of(new Schedule("nightly", "0 0 2 * * ?", "rebuilt",
                    ZoneOffset.UTC, Map.of())), jobs()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Schedule [nightly]: unknown job 'rebuilt', expected one of [archive, rebuild]");
        }

        @Test
        void aBadParameterNamesTheSchedule() {
            assertThatThrownBy(() -> QuartzSchedules.validate(List.of(new Schedule("nightly", "0 0 2 * * ?", "rebuild",
                    ZoneOffset.UTC, Map.of())), jobs()))
                    .hasMessage("Schedule [nightly]: projection is missing");
        }

        private ScheduledJobs jobs() {
            return new ScheduledJobs() {
                public Set<String> names() {
                    return Set.of("rebuild", "archive");
                }

                public void validate(String job, Map<String, String> parameters) {
                    if (!parameters.containsKey("projection")) {
                        throw new IllegalArgumentException("projection is missing");
                    }
                }

                public JobExecution launch(String job, Map<String, String> parameters) {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }
}
