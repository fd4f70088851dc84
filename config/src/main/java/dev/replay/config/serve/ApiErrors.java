package dev.replay.config.serve;

import dev.replay.archive.sink.ExportOutputRefusedException;
import dev.replay.jobs.launch.ExecutionSupersededException;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;

/**
 * Errors of the API as JSON {@code {status, error, message}}: 400 for bad requests and parameters
 * (the message names the parameter), 404 for unknown ids and names, 409 when the state forbids it
 * (already running, not running, completed, output exists, superseded by a newer run), 415 for a body that is not JSON.
 */
@RestControllerAdvice
@Profile("serve")
class ApiErrors {

    record Error(int status, String error, String message) {
    }

    @ExceptionHandler({IllegalArgumentException.class, HttpMessageNotReadableException.class,
        MethodArgumentTypeMismatchException.class})
    ResponseEntity<Error> badRequest(Exception e) {
        String message = e instanceof HttpMessageNotReadableException ? "The body must be a JSON object of text parameters"
                : e instanceof MethodArgumentTypeMismatchException m ? m.getName() + " has a bad value '" + m.getValue() + "'"
                : e.getMessage();
        return error(HttpStatus.BAD_REQUEST, message);
    }

    @ExceptionHandler({IllegalStateException.class, JobExecutionAlreadyRunningException.class,
        JobInstanceAlreadyCompleteException.class, JobRestartException.class, ExportOutputRefusedException.class,
        ExecutionSupersededException.class}) // an IllegalArgumentException, but a conflict: the closer match wins
    ResponseEntity<Error> conflict(Exception e) {
        return error(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<Error> status(ResponseStatusException e) {
        return error(e.getStatusCode(), e.getReason());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Error> mediaType(HttpMediaTypeNotSupportedException e) {
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send Content-Type: application/json (a JSON object, '{}' for none)");
    }

    private static ResponseEntity<Error> error(HttpStatusCode status, String message) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return ResponseEntity.status(status).body(new Error(status.value(), known == null ? "" : known.getReasonPhrase(),
                Secrets.mask(message)));
    }
}
