package dev.replay.config.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hash-password}: reads a password (from the terminal without echo, else the first line of
 * stdin, so it stays out of the shell's history) and prints its {@code {bcrypt}} hash for
 * {@code replay.serve.password}. Starts no application.
 */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = {"Print the {bcrypt} hash of a password for replay.serve.password.",
            "Reads it from the terminal (not echoed) or the first line of stdin, e.g."
                    + " printf '%%s' \"$PW\" | replay hash-password"})
class HashPasswordCommand implements Callable<Integer> {

    @ParentCommand
    ReplayCommand parent;

    @Override
    public Integer call() throws IOException {
        String password = read();
        if (password == null || password.isEmpty()) {
            throw new UsageException("hash-password needs a password on the terminal or stdin, got none");
        }
        parent.out().println(PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(password));
        return ReplayCli.OK;
    }

    private String read() throws IOException {
        Console console = System.console();
        if (console != null && interactive(console)) {
            char[] typed = console.readPassword("Password: ");
            return typed == null ? null : new String(typed);
        }
        return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }

    /** Before JDK 22 a console exists only on a terminal; from 22 on it says so ({@code isTerminal}). */
    private static boolean interactive(Console console) {
        try {
            return (boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
