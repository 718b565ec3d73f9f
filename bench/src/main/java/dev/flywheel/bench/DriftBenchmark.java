package dev.flywheel.bench;

import dev.flywheel.drift.alarm.AlarmGate;
import dev.flywheel.drift.alarm.AlarmState;
import dev.flywheel.drift.detect.Adwin;
import dev.flywheel.drift.detect.ChangeDetector;
import dev.flywheel.drift.detect.PageHinkley;
import dev.flywheel.drift.profile.ReferenceProfile;
import dev.flywheel.drift.stats.DriftStatistic;
import dev.flywheel.drift.window.WindowCounts;
import dev.flywheel.drift.window.Windowing;
import dev.flywheel.schemas.events.FeatureKind;
import dev.flywheel.schemas.events.FeatureProfile;
import dev.flywheel.topology.spec.DriftMethod;
import dev.flywheel.topology.spec.MonitorSpec;
import dev.flywheel.topology.spec.MonitorWindow;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The drift monitor's two costs and its detectors' quality, in one process (no broker):
 *
 * <ol>
 *   <li><b>Update cost and memory of a sliding window</b>: {@code --features} numeric features, each with the
 *       dataset builder's 10 bins (11 with the overflow), a count window of {@code --window} records sliding by
 *       {@code --slide}; the clock covers binning each value, {@link Windowing#add} and, at each slide, PSI of
 *       every feature against the reference (what {@code DriftProcessor} does per record, without the store).
 *       Reported per record and per value (record / features); memory is the ring's counts per feature.
 *   <li><b>Detection quality</b> on {@code --streams} seeded streams of 6,000 values with one change at a known
 *       point in [2,000, 4,000): a quarter each of abrupt and gradual (over 500 values) changes of a Bernoulli
 *       rate (0.1-0.3 up by 0.1-0.3, an error rate) and of a Gaussian mean (sd 1, up by 0.5-1.5 sd). Each
 *       stream goes through our {@link Adwin}, MOA's raw {@code ADWIN} (delta 0.002, {@code setInput}) and our
 *       {@link PageHinkley}; a detection before the change is a false alarm, the first at or after it gives the
 *       delay (from the change's start), later ones are repeats. Then our two detectors again, their signals
 *       turned into the concept monitor's alarms (open on a rise unless open or cooling down, close on a fall):
 *       the repeats there are repeat <i>alarms</i>. Also per-value update cost and memory of each detector.
 * </ol>
 *
 * <p>{@code ./mvnw -q -pl bench exec:java -Dexec.args="drift --trials 5"}
 */
@Command(name = "drift", mixinStandardHelpOptions = true,
        description = "Drift monitor: sliding-window update cost and memory; ADWIN detection quality against MOA.")
final class DriftBenchmark implements Callable<Integer> {

    private static final int LENGTH = 6_000;
    private static final String ADWIN_ALARMS = "our ADWIN, monitor alarms";
    private static final String PAGE_HINKLEY_ALARMS = "our Page-Hinkley, monitor alarms";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--features", description = "Numeric features per record (default: ${DEFAULT-VALUE}).")
    int features = 10;

    @Option(names = "--window", description = "Records per window (default: ${DEFAULT-VALUE}).")
    int window = 10_000;

    @Option(names = "--slide", description = "Records per slide (default: ${DEFAULT-VALUE}).")
    int slide = 1_000;

    @Option(names = "--records", description = "Records per trial (default: ${DEFAULT-VALUE}).")
    int records = 1_000_000;

    @Option(names = "--trials", description = "Measured trials (default: ${DEFAULT-VALUE}).")
    int trials = 5;

    @Option(names = "--streams", description = "Seeded streams for detection quality (default: ${DEFAULT-VALUE}).")
    int streams = 100;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        out.printf("drift benchmark: %d cores, load average %.1f at start%n", Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        windowCost(out);
        detectorCost(out);
        quality(out);
        out.printf("load average %.1f at end%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.flush();
        return 0;
    }

    private void windowCost(PrintWriter out) {
        Random random = new Random(1);
        List<ReferenceProfile> profiles = new ArrayList<>();
        for (int f = 0; f < features; f++) {
            List<Double> edges = new ArrayList<>();
            for (int e = 1; e < 10; e++) {
                edges.add(-1.28 + (e - 1) * 0.32);
            }
            List<Long> counts = new ArrayList<>();
            for (int b = 0; b <= edges.size(); b++) {
                counts.add(1000L);
            }
            profiles.add(ReferenceProfile.of(FeatureProfile.newBuilder().setFeature("v:f" + f)
                    .setKind(FeatureKind.NUMERIC).setCount(10_000).setBinEdges(edges).setBinCounts(counts).setMean(0.0)
                    .setStd(1.0).setMin(-4.0).setMax(4.0).build()));
        }
        int bins = profiles.get(0).bins();
        double[][] values = new double[Math.min(records, 200_000)][features];
        for (double[] row : values) {
            for (int f = 0; f < features; f++) {
                row[f] = random.nextGaussian();
            }
        }
        DriftStatistic psi = DriftStatistic.of(DriftMethod.PSI);
        List<Double> perRecord = new ArrayList<>();
        long checksum = 0;
        for (int trial = -1; trial < trials; trial++) {
            Windowing windowing = Windowing.of(new MonitorWindow.Count(window, slide), bins * features);
            int[] flat = new int[features];
            long start = System.nanoTime();
            for (int r = 0; r < records; r++) {
                double[] row = values[r % values.length];
                for (int f = 0; f < features; f++) {
                    flat[f] = f * bins + profiles.get(f).binOf(row[f]);
                }
                if (windowing.add(r, flat) == Windowing.Outcome.CLOSED) {
                    WindowCounts counts = windowing.closed().orElseThrow();
                    for (int f = 0; f < features; f++) {
                        checksum += psi.evaluate(profiles.get(f), counts.slice(f * bins, bins), 0.1).drifted() ? 1 : 0;
                    }
                }
            }
            double ns = (System.nanoTime() - start) / (double) records;
            if (trial >= 0) {
                perRecord.add(ns);
                out.printf("window trial %d: %.0f ns per record, %.1f ns per value%n", trial, ns, ns / features);
            }
        }
        int slots = window / slide;
        long bytesPerFeature = (long) (slots + 1) * bins * Long.BYTES;
        double median = Stats.median(perRecord);
        out.printf("window %d sliding by %d, %d features x %d bins: median %.0f ns per record = %.1f ns per value per "
                        + "feature; memory %d bytes per feature ((%d slots + totals) x %d bins x 8 B); state as stored %d "
                        + "bytes (drifted windows %d)%n", window, slide, features, bins, median, median / features,
                bytesPerFeature, slots, bins, Windowing.of(new MonitorWindow.Count(window, slide), bins * features)
                        .encode().length, checksum);
    }

    /** A detector under measurement: how to add a value, and the bytes its buckets hold now. */
    private record Measured(java.util.function.DoublePredicate add, java.util.function.LongSupplier bytes) {
    }

    private void detectorCost(PrintWriter out) {
        Random random = new Random(2);
        double[] values = new double[1_000_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() < 0.2 ? 1 : 0;
        }
        cost(out, "our ADWIN", values, () -> {
            Adwin adwin = new Adwin(Adwin.DEFAULT_DELTA);
            return new Measured(adwin::add, () -> adwin.buckets() * 3L * Double.BYTES);
        });
        cost(out, "MOA ADWIN", values, () -> {
            moa.classifiers.core.driftdetection.ADWIN adwin = new moa.classifiers.core.driftdetection.ADWIN(0.002);
            // MOA's bucket rows are preallocated arrays, and getBucketsUsed() is no count of live ones: not reported
            return new Measured(adwin::setInput, () -> -1);
        });
        cost(out, "our Page-Hinkley", values, () -> {
            PageHinkley test = new PageHinkley();
            return new Measured(test::add, () -> 7L * Double.BYTES);
        });
    }

    private void cost(PrintWriter out, String name, double[] values, Supplier<Measured> make) {
        List<Double> ns = new ArrayList<>();
        long bytes = 0;
        int detections = 0;
        for (int trial = -1; trial < trials; trial++) {
            Measured detector = make.get();
            long start = System.nanoTime();
            for (double value : values) {
                if (detector.add().test(value)) {
                    detections++;
                }
            }
            if (trial >= 0) {
                ns.add((System.nanoTime() - start) / (double) values.length);
            }
            bytes = detector.bytes().getAsLong();
        }
        out.printf("%s on 1,000,000 values of a stationary 0/1 stream: median %.0f ns per value; bucket payload at "
                + "the end %s; %d detections over %d runs%n", name, Stats.median(ns), bytes < 0 ? "n/a" : bytes + " bytes",
                detections, trials + 1);
    }

    /** One seeded stream: its values and where its change starts. */
    private record Stream(String kind, double[] values, int change) {
    }

    private static Stream stream(int seed) {
        Random random = new Random(seed);
        int kind = seed % 4;
        int change = 2000 + random.nextInt(2000);
        boolean rate = kind < 2;
        boolean gradual = kind % 2 == 1;
        double before = rate ? 0.1 + 0.2 * random.nextDouble() : 0;
        double after = before + (rate ? 0.1 + 0.2 * random.nextDouble() : 0.5 + random.nextDouble());
        double[] values = new double[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            double progress = i < change ? 0 : gradual ? Math.min(1, (i - change) / 500.0) : 1;
            double level = before + (after - before) * progress;
            values[i] = rate ? (random.nextDouble() < level ? 1 : 0) : level + random.nextGaussian();
        }
        return new Stream((gradual ? "gradual " : "abrupt ") + (rate ? "rate" : "mean"), values, change);
    }

    /** Detections of one detector over one stream: the indexes that signalled. */
    private interface Detector {
        boolean add(double value);
    }

    private void quality(PrintWriter out) {
        List<String> names = List.of("our ADWIN", "MOA ADWIN", "our Page-Hinkley", ADWIN_ALARMS, PAGE_HINKLEY_ALARMS);
        out.printf("detection quality: %d seeded streams of %d values, one change each at a known point%n", streams,
                LENGTH);
        out.println("| detector | streams | detected | missed | mean delay | median delay | false alarms | repeat alarms |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (String kindFilter : new String[] {"abrupt rate", "gradual rate", "abrupt mean", "gradual mean", "all"}) {
            for (String name : names) {
                int n = 0;
                int detected = 0;
                int falseAlarms = 0;
                int repeats = 0;
                List<Double> delays = new ArrayList<>();
                for (int seed = 0; seed < streams; seed++) {
                    Stream stream = stream(seed);
                    if (!kindFilter.equals("all") && !stream.kind().equals(kindFilter)) {
                        continue;
                    }
                    n++;
                    Detector detector = detector(name);
                    boolean found = false;
                    for (int i = 0; i < LENGTH; i++) {
                        if (!detector.add(stream.values()[i])) {
                            continue;
                        }
                        if (i < stream.change()) {
                            falseAlarms++;
                        } else if (!found) {
                            found = true;
                            detected++;
                            delays.add((double) (i - stream.change()));
                        } else {
                            repeats++;
                        }
                    }
                }
                double mean = delays.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
                out.printf("| %s, %s | %d | %d | %d | %.1f | %.1f | %d | %d |%n", name, kindFilter, n, detected,
                        n - detected, mean, delays.isEmpty() ? Double.NaN : Stats.median(delays), falseAlarms, repeats);
            }
        }
    }

    /**
     * A detector's signals turned into the concept monitor's alarms ({@link AlarmGate#decideOnChange}, as
     * {@code ConceptProcessor} does): value {@code i} at event time {@code i} seconds, the default one-hour
     * cooldown; "detected" is an alarm opening, so a repeat here is a repeat alarm, not a raw signal.
     */
    private static final class Alarms implements Detector {

        private final ChangeDetector detector;
        private final AlarmGate gate = new AlarmGate(MonitorSpec.DEFAULT_COOLDOWN);
        private AlarmState state = AlarmState.NONE;
        private long index;

        Alarms(ChangeDetector detector) {
            this.detector = detector;
        }

        @Override
        public boolean add(double value) {
            long time = index++ * 1000L;
            if (!detector.add(value)) {
                return false;
            }
            switch (gate.decideOnChange(state, detector.lastChange().orElseThrow().direction(), time)) {
                case OPEN -> {
                    state = new AlarmState(true, "alarm-" + time, time, time, "bench");
                    return true;
                }
                case RESOLVE -> state = state.closed();
                case NONE -> { }
            }
            return false;
        }
    }

    private static Detector detector(String name) {
        return switch (name) {
            case ADWIN_ALARMS -> new Alarms(new Adwin(Adwin.DEFAULT_DELTA));
            case PAGE_HINKLEY_ALARMS -> new Alarms(new PageHinkley());
            case "our ADWIN" -> {
                ChangeDetector adwin = new Adwin(Adwin.DEFAULT_DELTA);
                yield adwin::add;
            }
            case "MOA ADWIN" -> {
                moa.classifiers.core.driftdetection.ADWIN adwin = new moa.classifiers.core.driftdetection.ADWIN(0.002);
                yield adwin::setInput;
            }
            default -> {
                ChangeDetector test = new PageHinkley();
                yield test::add;
            }
        };
    }
}
