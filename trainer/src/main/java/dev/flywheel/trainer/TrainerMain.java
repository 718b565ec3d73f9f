package dev.flywheel.trainer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The reference trainer's command line. Exit codes: 0 trained, 2 bad input (the message says what), 1 any other
 * failure. On success it prints the held-out metrics as Katib {@code name=value} lines on standard output, then
 * {@code model_uri=}, {@code model_sha256=} and {@code device=}; logs go to standard error.
 */
public final class TrainerMain {

    /** Exit code of a successful run. */
    public static final int OK = 0;
    /** Exit code of an unexpected failure. */
    public static final int FAILED = 1;
    /** Exit code of bad input. */
    public static final int BAD_INPUT = 2;

    private TrainerMain() {
    }

    /**
     * Runs the trainer and exits with its code.
     *
     * @param args see {@link TrainerOptions#USAGE}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /**
     * Runs the trainer.
     *
     * @param args the arguments
     * @param env the environment
     * @param out where the metrics lines go
     * @param err where errors go
     * @return the exit code
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Path work = null;
        try {
            TrainerOptions options = TrainerOptions.parse(args, env);
            work = Files.createTempDirectory("flywheel-trainer-");
            Training.Result result = new Training(env, Device::nativeLibraryHasCuda).run(options, work);
            out.print(result.katibLines());
            out.println("model_uri=" + result.modelUri());
            out.println("model_sha256=" + result.modelSha256());
            out.println("device=" + result.device());
            out.flush();
            return OK;
        } catch (BadInputException e) {
            err.println("flywheel-trainer: bad input: " + e.getMessage());
            if (e.getMessage().startsWith("--") || e.getMessage().startsWith("unknown option")
                    || e.getMessage().startsWith("unexpected argument") || e.getMessage().startsWith("option ")) {
                err.println(TrainerOptions.USAGE);
            }
            return BAD_INPUT;
        } catch (IOException | RuntimeException e) {
            err.println("flywheel-trainer: failed: " + e);
            e.printStackTrace(err);
            return FAILED;
        } finally {
            delete(work);
        }
    }

    private static void delete(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not delete the scratch folder " + folder, e);
        }
    }
}
