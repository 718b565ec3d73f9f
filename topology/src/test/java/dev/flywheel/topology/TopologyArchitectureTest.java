package dev.flywheel.topology;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * The module's boundaries, as tests.
 *
 * <p>Rules are checked from {@code @ArchTest} methods, not fields: Surefire 3.5.3 silently skips
 * {@code @ArchTest} fields (TNG/ArchUnit#1442, fixed in Surefire 3.5.4).
 */
@AnalyzeClasses(packages = "dev.flywheel.topology", importOptions = TopologyArchitectureTest.MainClassesOnly.class)
class TopologyArchitectureTest {

    /**
     * Leaves test classes out wherever the build writes them: ArchUnit's own {@code DoNotIncludeTests}
     * only knows {@code target/test-classes}, not the {@code -Dflywheel.target=...} folders.
     */
    static final class MainClassesOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/");
        }
    }

    @ArchTest
    void topologyShouldNotDependOnPlatform(JavaClasses classes) {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.flywheel.platform..")
                .because("stages built on topology must run against any Kafka, registry, Redis and S3; the "
                        + "embedded infrastructure is only for local mode and tests")
                .check(classes);
    }

    @ArchTest
    void topologyShouldNotDependOnStagesOrCli(JavaClasses classes) {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.flywheel.ingestion..",
                        "dev.flywheel.features..", "dev.flywheel.drift..", "dev.flywheel.trigger..",
                        "dev.flywheel.registry..", "dev.flywheel.cli..")
                .because("topology is the foundation every stage stands on; it cannot know the stages")
                .check(classes);
    }

    @ArchTest
    void noClassShouldWriteToStandardStreams(JavaClasses classes) {
        NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS
                .because("library code logs through SLF4J with parameters; only the CLI writes to the console")
                .check(classes);
    }

    @ArchTest
    void noClassShouldEndTheJvm(JavaClasses classes) {
        noClasses().should().callMethod(System.class, "exit", int.class)
                .orShould().callMethod(Runtime.class, "halt", int.class)
                .because("a library must never end the JVM; the stage runtime reports failures and main decides")
                .check(classes);
    }

    @ArchTest
    void noClassShouldUseJavaUtilLogging(JavaClasses classes) {
        NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING
                .because("every module logs through SLF4J so one backend configures them all")
                .check(classes);
    }

    @ArchTest
    void noClassShouldUseRedisS3OrKubernetesClients(JavaClasses classes) {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("redis.clients..",
                        "software.amazon.awssdk..", "io.fabric8..")
                .because("only feature-pipeline touches Redis, only feature-pipeline and training-trigger touch "
                        + "S3, only training-trigger touches Kubernetes")
                .check(classes);
    }

    @ArchTest
    void specShouldNotDependOnKafkaOrRuntime(JavaClasses classes) {
        noClasses().that().resideInAPackage("..topology.spec..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "..topology.runtime..",
                        "..topology.topics..", "..topology.config..")
                .because("the spec model is pure data that the CLI validates before anything connects to Kafka")
                .check(classes);
    }
}
