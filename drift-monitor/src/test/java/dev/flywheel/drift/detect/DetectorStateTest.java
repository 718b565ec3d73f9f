package dev.flywheel.drift.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A detector decoded from its state mid-stream goes on exactly as the original would have. */
class DetectorStateTest {

    private static List<Long> detections(Supplier<ChangeDetector> make, boolean reloadEveryValue) {
        Random random = new Random(7);
        ChangeDetector detector = make.get();
        List<Long> at = new ArrayList<>();
        for (long i = 0; i < 3000; i++) {
            double rate = i < 1000 ? 0.1 : i < 2000 ? 0.5 : 0.2;
            if (detector.add(random.nextDouble() < rate ? 1 : 0)) {
                at.add(i);
            }
            if (reloadEveryValue) {
                detector = ChangeDetector.decode(detector.encode());
            }
        }
        return at;
    }

    @Test
    void shouldResumeAdwinFromItsEncodedState() {
        List<Long> plain = detections(() -> new Adwin(Adwin.DEFAULT_DELTA), false);
        assertThat(plain).isNotEmpty();
        assertThat(detections(() -> new Adwin(Adwin.DEFAULT_DELTA), true)).isEqualTo(plain);
    }

    @Test
    void shouldResumePageHinkleyFromItsEncodedState() {
        List<Long> plain = detections(PageHinkley::new, false);
        assertThat(plain).isNotEmpty();
        assertThat(detections(PageHinkley::new, true)).isEqualTo(plain);
    }

    @Test
    void shouldReportTheDirectionAndEvidenceOfAChange() {
        Adwin adwin = new Adwin(Adwin.DEFAULT_DELTA);
        boolean detected = false;
        for (int i = 0; i < 2000 && !detected; i++) {
            detected = adwin.add(i < 1000 ? (i % 10 == 0 ? 1 : 0) : (i % 10 < 6 ? 1 : 0));
        }
        Change change = adwin.lastChange().orElseThrow();
        assertThat(change.direction()).isEqualTo(1);
        assertThat(change.score()).isGreaterThan(change.threshold());
        assertThat(change.meanBefore()).isLessThan(change.meanAfter());
    }
}
