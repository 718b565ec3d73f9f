package dev.flywheel.ingestion;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * The ingestion module's boundaries, as tests. Rules are {@code @ArchTest} methods: Surefire 3.5.3 silently
 * skips {@code @ArchTest} fields (TNG/ArchUnit#1442).
 */
@AnalyzeClasses(packages = "dev.flywheel.ingestion", importOptions = IngestionArchitectureTest.MainClassesOnly.class)
class IngestionArchitectureTest {

    /** Leaves test classes out wherever the build writes them ({@code -Dflywheel.target=...} included). */
    static final class MainClassesOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/");
        }
    }

    @ArchTest
    void ingestionShouldNotDependOnOtherStagesOrTheCli(JavaClasses classes) {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.flywheel.features..",
                        "dev.flywheel.drift..", "dev.flywheel.trigger..", "dev.flywheel.registry..",
                        "dev.flywheel.cli..")
                .because("stages talk only through topics, so each deploys and scales on its own")
                .check(classes);
    }

    @ArchTest
    void ingestionShouldNotDependOnEmbeddedInfrastructure(JavaClasses classes) {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.flywheel.platform..")
                .because("the stage must run against any Kafka and schema registry; embedded services are for "
                        + "local mode and tests")
                .check(classes);
    }

    @ArchTest
    void contractsShouldNotDependOnKafka(JavaClasses classes) {
        noClasses().that().resideInAPackage("dev.flywheel.ingestion.contract..").should().dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "io.javalin..")
                .because("the topology and the HTTP endpoint share the data contract, so it knows neither")
                .check(classes);
    }

    @ArchTest
    void noClassShouldWriteToStandardStreams(JavaClasses classes) {
        NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS
                .because("library code logs through SLF4J with parameters; only the CLI writes to the console")
                .check(classes);
    }
}
