package dev.flywheel.training;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.base.DescribedPredicate;
import java.util.Set;

/**
 * The training trigger's boundaries, as tests. Rules are {@code @ArchTest} methods: Surefire 3.5.3 silently skips
 * {@code @ArchTest} fields (TNG/ArchUnit#1442).
 */
@AnalyzeClasses(packages = "dev.flywheel.training", importOptions = TrainingArchitectureTest.MainClassesOnly.class)
class TrainingArchitectureTest {

    /** The feature pipeline's classes the dataset builder's constructor needs, besides its own package. */
    private static final Set<String> STORE_HANDLE = Set.of("dev.flywheel.features.offline.OfflineStore",
            "dev.flywheel.features.offline.OfflineStoreConfig", "dev.flywheel.features.offline.OfflineStoreException");

    /** Leaves test classes out wherever the build writes them. */
    static final class MainClassesOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/");
        }
    }

    @ArchTest
    void triggerShouldUseOnlyTheDatasetBuilderApiOfTheFeaturePipeline(JavaClasses classes) {
        noClasses().should().dependOnClassesThat(new DescribedPredicate<JavaClass>(
                        "are feature-pipeline classes outside the dataset builder API") {
                    @Override
                    public boolean test(JavaClass type) {
                        return type.getPackageName().startsWith("dev.flywheel.features")
                                && !type.getPackageName().equals("dev.flywheel.features.dataset")
                                && !STORE_HANDLE.contains(type.getName());
                    }
                })
                .because("stages talk through topics; the trigger may only call the dataset builder (and hand it the "
                        + "offline store it reads)")
                .check(classes);
    }

    @ArchTest
    void triggerShouldNotDependOnOtherStagesOrTheCli(JavaClasses classes) {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.flywheel.drift..", "dev.flywheel.registry..",
                        "dev.flywheel.ingestion..", "dev.flywheel.cli..", "dev.flywheel.trainer..")
                .because("stages talk only through topics; the trainer is a separate program run as a job")
                .check(classes);
    }

    @ArchTest
    void triggerShouldNotDependOnEmbeddedInfrastructureOrRedis(JavaClasses classes) {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.flywheel.platform..", "redis.clients..",
                        "org.gaul..")
                .because("the stage must run against any Kafka, registry and S3; only feature-pipeline touches Redis")
                .check(classes);
    }

    @ArchTest
    void onlyLaunchersAndTheServiceShouldTouchKubernetes(JavaClasses classes) {
        noClasses().that().resideInAnyPackage("dev.flywheel.training.policy..", "dev.flywheel.training.flow..")
                .should().dependOnClassesThat().resideInAPackage("io.fabric8..")
                .because("the policy and the request flow work through the Launcher interface, so every backend is "
                        + "interchangeable and the flow is testable without Kubernetes")
                .check(classes);
    }

    @ArchTest
    void onlyTheStagingStepAndTheServiceShouldTouchDataSync(JavaClasses classes) {
        noClasses().that().resideOutsideOfPackage("dev.flywheel.training.stage..")
                .and().doNotHaveFullyQualifiedName(TrainingTriggerService.class.getName())
                .and().doNotHaveFullyQualifiedName(TrainingTriggerService.Parts.class.getName())
                .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk.services.datasync..")
                .because("the request flow stages datasets through the StagingStep interface, so DataSync stays "
                        + "optional and the flow is testable without AWS")
                .check(classes);
    }

    @ArchTest
    void noClassShouldWriteToStandardStreams(JavaClasses classes) {
        NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS
                .because("library code logs through SLF4J with parameters; only CLIs write to the console")
                .check(classes);
    }
}
