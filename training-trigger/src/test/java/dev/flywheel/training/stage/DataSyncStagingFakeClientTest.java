package dev.flywheel.training.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.schemas.events.TriggerKind;
import dev.flywheel.training.Fixtures;
import dev.flywheel.training.flow.BuiltDataset;
import dev.flywheel.training.flow.StagingException;
import dev.flywheel.training.launch.StagedDataset;
import dev.flywheel.training.policy.TrainingRequests;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.datasync.model.DescribeTaskExecutionResponse;
import software.amazon.awssdk.services.datasync.model.FilterType;
import software.amazon.awssdk.services.datasync.model.TaskExecutionResultDetail;
import software.amazon.awssdk.services.datasync.model.TaskExecutionStatus;

/**
 * DataSync staging against a fake of the SDK's {@code DataSyncClient} interface ({@link FakeDataSyncClient}): no
 * DataSync service can run on the build machines, so these tests check the requests we send (task, include filter),
 * the polling to SUCCESS or ERROR, the timeout with its cancel, and the error handler's retries (5xx, throttling, no
 * answer) and refusals (400). Time is a clock that only the test's sleeper moves.
 */
class DataSyncStagingFakeClientTest {

    private static final String DATA = "s3://flywheel/datasets/d1/data.parquet";
    private static final String SOURCE = "arn:aws:datasync:eu-west-1:123456789012:location/loc-0s3";
    private static final String EFS = "arn:aws:datasync:eu-west-1:123456789012:location/loc-0efs";

    private final FakeDataSyncClient client = new FakeDataSyncClient();
    private final List<Duration> polls = new ArrayList<>();
    private final List<Duration> backoffs = new ArrayList<>();
    private Instant now = Instant.parse("2026-05-01T12:00:00Z");

    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private static DataSyncSettings settings(Optional<String> task, String subdirectory) {
        return new DataSyncSettings(task, task.isPresent() ? Optional.empty() : Optional.of(SOURCE),
                task.isPresent() ? Optional.empty() : Optional.of(EFS), subdirectory, "/mnt/datasets/",
                Optional.of("efs-datasets"), Duration.ofSeconds(10), Duration.ofMinutes(1), 3, Duration.ofSeconds(1));
    }

    private DataSyncStaging staging(DataSyncSettings settings) {
        DataSyncErrorHandler errors = new DataSyncErrorHandler(settings.maxAttempts(), settings.initialBackoff(),
                settings.maxBackoff(), d -> {
                    backoffs.add(d);
                    now = now.plus(d);
                });
        return new DataSyncStaging(client, settings, errors, d -> {
            polls.add(d);
            now = now.plus(d);
        }, clock);
    }

    private static TrainingRequested request() {
        return TrainingRequests.of(Fixtures.spec().model("fraud").orElseThrow(), List.of("alarm-1"), TriggerKind.DRIFT,
                "drift", Optional.empty(), Fixtures.T0);
    }

    private Optional<StagedDataset> stage(DataSyncStaging staging) throws InterruptedException {
        return staging.stage(request(), new BuiltDataset("d1", DATA, Optional.empty()));
    }

    @Test
    void shouldCopyOnlyTheDatasetsFolderAndHandTheTrainerItsEfsPath() throws Exception {
        // given
        client.statuses(TaskExecutionStatus.LAUNCHING, TaskExecutionStatus.TRANSFERRING, TaskExecutionStatus.SUCCESS);

        // when
        Optional<StagedDataset> staged = stage(staging(settings(Optional.of(FakeDataSyncClient.TASK), "/")));

        // then
        assertThat(client.started).hasSize(1);
        assertThat(client.started.get(0).taskArn()).isEqualTo(FakeDataSyncClient.TASK);
        assertThat(client.started.get(0).includes()).singleElement().satisfies(rule -> {
            assertThat(rule.filterType()).isEqualTo(FilterType.SIMPLE_PATTERN);
            assertThat(rule.value()).isEqualTo("/datasets/d1");
        });
        assertThat(client.described).hasSize(3).allSatisfy(d ->
                assertThat(d.taskExecutionArn()).isEqualTo(FakeDataSyncClient.EXECUTION));
        assertThat(polls).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
        assertThat(staged).contains(new StagedDataset("/mnt/datasets/datasets/d1/data.parquet", DATA, "/mnt/datasets",
                Optional.of("efs-datasets")));
        assertThat(staged.get().uri()).isEqualTo("file:/mnt/datasets/datasets/d1/data.parquet");
        assertThat(client.created).isEmpty();
    }

    @Test
    void shouldMakePathsRelativeToTheSourceLocationsSubdirectory() throws Exception {
        client.statuses(TaskExecutionStatus.SUCCESS);

        Optional<StagedDataset> staged = stage(staging(settings(Optional.of(FakeDataSyncClient.TASK), "/datasets/")));

        assertThat(client.started.get(0).includes().get(0).value()).isEqualTo("/d1");
        assertThat(staged.get().path()).isEqualTo("/mnt/datasets/d1/data.parquet");
    }

    @Test
    void shouldRefuseADatasetOutsideTheSourceLocation() {
        DataSyncStaging staging = staging(settings(Optional.of(FakeDataSyncClient.TASK), "/other"));

        assertThatThrownBy(() -> stage(staging)).isInstanceOf(StagingException.class)
                .hasMessageContaining("outside the DataSync source location's subdirectory /other");
        assertThat(client.started).isEmpty();
    }

    @Test
    void shouldCreateTheTaskFromTheTwoLocationsOnceAndReuseIt() throws Exception {
        client.statuses(TaskExecutionStatus.SUCCESS);
        DataSyncStaging staging = staging(settings(Optional.empty(), "/"));

        stage(staging);
        stage(staging);

        assertThat(client.created).singleElement().satisfies(create -> {
            assertThat(create.sourceLocationArn()).isEqualTo(SOURCE);
            assertThat(create.destinationLocationArn()).isEqualTo(EFS);
            assertThat(create.name()).isEqualTo("flywheel-datasets");
        });
        assertThat(client.started).hasSize(2).allSatisfy(s -> assertThat(s.taskArn()).isEqualTo(FakeDataSyncClient.TASK));
    }

    @Test
    void shouldRetryInternalErrorsThrottlingAndNoAnswerWithDoublingBackoff() throws Exception {
        // given: a 500, then a throttled 400, then success; the first look gets no answer
        client.starts.add(() -> {
            throw FakeDataSyncClient.internal();
        });
        client.starts.add(() -> {
            throw FakeDataSyncClient.throttled();
        });
        client.descriptions.add(() -> {
            throw SdkClientException.create("Unable to execute HTTP request: connect timed out");
        });
        client.statuses(TaskExecutionStatus.SUCCESS);
        DataSyncSettings settings = new DataSyncSettings(Optional.of(FakeDataSyncClient.TASK), Optional.empty(),
                Optional.empty(), "/", "/mnt/datasets", Optional.empty(), Duration.ofSeconds(10), Duration.ofMinutes(1),
                4, Duration.ofSeconds(1));

        // when
        Optional<StagedDataset> staged = stage(staging(settings));

        // then
        assertThat(staged).isPresent();
        assertThat(client.started).hasSize(3);
        assertThat(backoffs).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    @Test
    void shouldFailAtOnceOnAnInvalidRequest() {
        client.starts.add(() -> {
            throw FakeDataSyncClient.invalid("Task arn:aws:datasync:...:task/task-0abc not found");
        });
        DataSyncStaging staging = staging(settings(Optional.of(FakeDataSyncClient.TASK), "/"));

        assertThatThrownBy(() -> stage(staging)).isInstanceOf(StagingException.class)
                .hasMessageStartingWith("HTTP 400 InvalidRequestException starting DataSync task " + FakeDataSyncClient.TASK)
                .hasMessageContaining("not found");
        assertThat(client.started).hasSize(1);
        assertThat(backoffs).isEmpty();
    }

    @Test
    void shouldGiveUpWhenTheRetriesAreSpent() {
        for (int i = 0; i < 3; i++) {
            client.starts.add(() -> {
                throw FakeDataSyncClient.internal();
            });
        }
        DataSyncStaging staging = staging(settings(Optional.of(FakeDataSyncClient.TASK), "/"));

        assertThatThrownBy(() -> stage(staging)).isInstanceOf(StagingException.class)
                .hasMessageContaining("HTTP 500 InternalException").hasMessageEndingWith("(gave up after 3 attempts)");
        assertThat(backoffs).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void shouldFailWithTheExecutionsErrorWhenTheCopyEndsInError() {
        client.statuses(TaskExecutionStatus.TRANSFERRING);
        client.descriptions.add(() -> DescribeTaskExecutionResponse.builder().status(TaskExecutionStatus.ERROR)
                .result(TaskExecutionResultDetail.builder().errorCode("PermissionDenied")
                        .errorDetail("cannot write to /datasets on the EFS file system").build()).build());
        DataSyncStaging staging = staging(settings(Optional.of(FakeDataSyncClient.TASK), "/"));

        assertThatThrownBy(() -> stage(staging)).isInstanceOf(StagingException.class)
                .hasMessage("DataSync execution " + FakeDataSyncClient.EXECUTION + " ended in ERROR: PermissionDenied: "
                        + "cannot write to /datasets on the EFS file system");
        assertThat(client.cancelled).isEmpty();
    }

    @Test
    void shouldCancelTheCopyAndFailWhenItOutlastsTheTimeout() {
        client.statuses(TaskExecutionStatus.TRANSFERRING);
        DataSyncStaging staging = staging(settings(Optional.of(FakeDataSyncClient.TASK), "/"));

        assertThatThrownBy(() -> stage(staging)).isInstanceOf(StagingException.class)
                .hasMessageContaining("still TRANSFERRING after PT1M: cancelled");
        assertThat(polls).hasSize(6);
        assertThat(client.cancelled).singleElement().satisfies(c ->
                assertThat(c.taskExecutionArn()).isEqualTo(FakeDataSyncClient.EXECUTION));
    }
}
