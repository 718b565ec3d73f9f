package dev.flywheel.platform.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains a child process's output (so that it never blocks on a full pipe), logs each line at DEBUG and
 * keeps the last lines for error messages.
 */
final class ProcessOutput {

    private static final Logger log = LoggerFactory.getLogger("dev.flywheel.platform.redis.server");
    private static final int TAIL_LINES = 25;

    private final Deque<String> tail = new ArrayDeque<>();
    private final Thread pump;

    private ProcessOutput(InputStream stream, String threadName) {
        this.pump = new Thread(() -> drain(stream), threadName);
        this.pump.setDaemon(true);
    }

    static ProcessOutput follow(Process process, String threadName) {
        ProcessOutput output = new ProcessOutput(process.getInputStream(), threadName);
        output.pump.start();
        return output;
    }

    private void drain(InputStream stream) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                log.debug("{}", line);
                synchronized (tail) {
                    if (tail.size() == TAIL_LINES) {
                        tail.removeFirst();
                    }
                    tail.addLast(line);
                }
            }
        } catch (IOException e) {
            log.debug("Output of the Redis process ended: {}", e.getMessage());
        }
    }

    /** Waits briefly for the pump to reach the end of the output of a process that has exited. */
    void awaitEnd() {
        try {
            pump.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<String> tail() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    boolean contains(String text) {
        return tail().stream().anyMatch(line -> line.contains(text));
    }

    /** The last lines, indented, for an exception message. */
    String tailForMessage() {
        List<String> lines = tail();
        if (lines.isEmpty()) {
            return " (the server wrote nothing)";
        }
        return " Last lines of its log:\n    " + String.join("\n    ", lines);
    }
}
