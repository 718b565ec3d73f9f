package dev.flywheel.drift;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

@AnalyzeClasses(packages = "dev.flywheel.drift", importOptions = DriftArchitectureTest.MainClassesOnly.class)
class DriftArchitectureTest {

    /** Leaves test classes out wherever the build writes them ({@code -Dflywheel.target=...} included). */
    static final class MainClassesOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/");
        }
    }

    @ArchTest
    void driftMonitorShouldNotDependOnOtherStagesOrTheCli(JavaClasses classes) {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.flywheel.ingestion..",
                        "dev.flywheel.features..", "dev.flywheel.trigger..", "dev.flywheel.registry..",
                        "dev.flywheel.cli..")
                .because("stages talk only through topics, so each deploys and scales on its own")
                .check(classes);
    }

    @ArchTest
    void driftMonitorShouldNotDependOnEmbeddedInfrastructure(JavaClasses classes) {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.flywheel.platform..")
                .because("the stage must run against any Kafka and schema registry; embedded services are for "
                        + "local mode and tests")
                .check(classes);
    }

    @ArchTest
    void detectionMathShouldNotDependOnKafka(JavaClasses classes) {
        noClasses().that().resideInAnyPackage("dev.flywheel.drift.stats..", "dev.flywheel.drift.detect..",
                        "dev.flywheel.drift.window..", "dev.flywheel.drift.alarm..", "dev.flywheel.drift.profile..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..")
                .because("the detectors are plain math that benchmarks and other runtimes reuse without a broker")
                .check(classes);
    }

    @ArchTest
    void noClassShouldWriteToStandardStreams(JavaClasses classes) {
        NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS
                .because("library code logs through SLF4J with parameters; only the CLI writes to the console")
                .check(classes);
    }
}
