package dev.flywheel.training.launch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Job names are DNS labels derived from request ids, stable and distinct. */
class JobNamesTest {

    @Test
    void shouldKeepAValidIdReadableAndHashAnyOther() {
        assertThat(JobNames.of("fraud-0123456789abcdef")).isEqualTo("fw-fraud-0123456789abcdef");
        String changed = JobNames.of("Fraud_Detector-0123456789abcdef");
        assertThat(changed).startsWith("fw-fraud-detector-0123456789abcdef-").matches(JobNames::valid);
        assertThat(changed).isNotEqualTo(JobNames.of("fraud-detector-0123456789abcdef"));
    }

    @Test
    void shouldCutLongIdsToFitKubeflowPodSuffixes() {
        String name = JobNames.of("a_very_long_model_name_that_keeps_going_and_going-0123456789abcdef");
        assertThat(name).hasSizeLessThanOrEqualTo(JobNames.MAX_JOB_NAME).matches(JobNames::valid);
        assertThat(name).isEqualTo(JobNames.of("a_very_long_model_name_that_keeps_going_and_going-0123456789abcdef"));
    }
}
