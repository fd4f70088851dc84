package dev.replay.config.serve;

import dev.replay.schedules.QuartzSchedules;
import dev.replay.schedules.ScheduleView;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.quartz.SchedulerException;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The schedules API: list, get, pause and resume (for the whole cluster, kept across restarts). */
@RestController
@Profile("serve")
@RequestMapping(path = "/api/schedules", produces = MediaType.APPLICATION_JSON_VALUE)
class SchedulesController {

    private final QuartzSchedules schedules;

    SchedulesController(QuartzSchedules schedules) {
        this.schedules = schedules;
    }

    @GetMapping
    List<ScheduleView> schedules() throws SchedulerException {
        return schedules.list().stream().map(SchedulesController::masked).toList();
    }

    @GetMapping("/{name}")
    ScheduleView schedule(@PathVariable String name) throws SchedulerException {
        return schedules.get(name).map(SchedulesController::masked).orElseThrow(() -> notFound(name));
    }

    @PostMapping(path = "/{name}/pause", consumes = MediaType.APPLICATION_JSON_VALUE)
    ScheduleView pause(@PathVariable String name) throws SchedulerException {
        if (!schedules.pause(name)) {
            throw notFound(name);
        }
        return schedule(name);
    }

    @PostMapping(path = "/{name}/resume", consumes = MediaType.APPLICATION_JSON_VALUE)
    ScheduleView resume(@PathVariable String name) throws SchedulerException {
        if (!schedules.resume(name)) {
            throw notFound(name);
        }
        return schedule(name);
    }

    private static ScheduleView masked(ScheduleView view) {
        Map<String, String> parameters = new TreeMap<>();
        view.parameters().forEach((key, value) -> parameters.put(key, Secrets.mask(key, value)));
        return new ScheduleView(view.name(), view.job(), view.cron(), view.zone(), parameters, view.state(),
                view.nextFireTime(), view.previousFireTime(), view.lastFiring());
    }

    private static ResponseStatusException notFound(String name) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No schedule named '" + name + "'");
    }
}
