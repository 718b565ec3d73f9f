package dev.flywheel.registry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * The registry module's boundaries, as tests. Rules are {@code @ArchTest} methods: Surefire 3.5.3 silently
 * skips {@code @ArchTest} fields (TNG/ArchUnit#1442).
 */
@AnalyzeClasses(packages = "dev.flywheel.registry", importOptions = RegistryArchitectureTest.MainClassesOnly.class)
class RegistryArchitectureTest {

    /** Leaves test classes out wherever the build writes them ({@code -Dflywheel.target=...} included). */
    static final class MainClassesOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/");
        }
    }

    @ArchTest
    void registryShouldNotDependOnOtherStagesOrTheCli(JavaClasses classes) {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.flywheel.features..",
                        "dev.flywheel.drift..", "dev.flywheel.trigger..", "dev.flywheel.ingestion..",
                        "dev.flywheel.cli..")
                .because("stages talk only through topics, so each deploys and scales on its own")
                .check(classes);
    }

    @ArchTest
    void registryShouldNotDependOnEmbeddedInfrastructure(JavaClasses classes) {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.flywheel.platform..")
                .because("the stage must run against any Kafka and schema registry; embedded services are for "
                        + "local mode and tests")
                .check(classes);
    }

    @ArchTest
    void registryShouldNotTouchS3RedisOrKubernetes(JavaClasses classes) {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk..",
                        "redis.clients..", "io.fabric8..", "org.gaul..")
                .because("only feature-pipeline and training-trigger touch S3, only feature-pipeline Redis, only "
                        + "training-trigger Kubernetes: S3 artifacts are read through an ArtifactStore the caller "
                        + "supplies, and InferenceServices are only rendered here")
                .check(classes);
    }

    @ArchTest
    void versionsAndLineageShouldNotKnowHttp(JavaClasses classes) {
        noClasses().that().resideInAnyPackage("dev.flywheel.registry.versions..", "dev.flywheel.registry.lineage..",
                        "dev.flywheel.registry.artifact..", "dev.flywheel.registry.kserve..")
                .should().dependOnClassesThat().resideInAPackage("io.javalin..")
                .because("the topology and the Java API serve the CLI as well as HTTP")
                .check(classes);
    }

    @ArchTest
    void noClassShouldWriteToStandardStreams(JavaClasses classes) {
        NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS
                .because("library code logs through SLF4J with parameters; only the CLI writes to the console")
                .check(classes);
    }
}
