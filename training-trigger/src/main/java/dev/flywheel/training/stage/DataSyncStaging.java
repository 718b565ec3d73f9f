package dev.flywheel.training.stage;

import dev.flywheel.schemas.events.TrainingRequested;
import dev.flywheel.training.flow.Backoff;
import dev.flywheel.training.flow.BuiltDataset;
import dev.flywheel.training.flow.StagingException;
import dev.flywheel.training.flow.StagingStep;
import dev.flywheel.training.launch.StagedDataset;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.datasync.DataSyncClient;
import software.amazon.awssdk.services.datasync.model.DescribeTaskExecutionResponse;
import software.amazon.awssdk.services.datasync.model.FilterRule;
import software.amazon.awssdk.services.datasync.model.FilterType;
import software.amazon.awssdk.services.datasync.model.TaskExecutionResultDetail;
import software.amazon.awssdk.services.datasync.model.TaskExecutionStatus;

/**
 * Stages a dataset to EFS with AWS DataSync: one task execution per request, limited by an include filter to the
 * dataset's folder, polled with {@code DescribeTaskExecution} until SUCCESS or ERROR, cancelled when it outlasts the
 * timeout. The task is the configured one, or one created once from the S3 and EFS locations. The trainer then reads
 * {@code file:<mount path>/<dataset key relative to the S3 location>}. Every call goes through the
 * {@link DataSyncErrorHandler}.
 */
public final class DataSyncStaging implements StagingStep {

    private static final Logger LOG = LoggerFactory.getLogger(DataSyncStaging.class);
    /** The name of the task created from the two locations. */
    static final String TASK_NAME = "flywheel-datasets";

    private final DataSyncClient client;
    private final DataSyncSettings settings;
    private final DataSyncErrorHandler errors;
    private final Backoff.Sleeper sleeper;
    private final Clock clock;
    private String taskArn;

    /**
     * Creates the step. The client belongs to whoever made it.
     *
     * @param client the DataSync client (the SDK's own retries off)
     * @param settings task or locations, paths, polling and timeout
     * @param errors the boundary's error handler
     * @param sleeper how to wait between two looks at an execution
     * @param clock for the timeout
     */
    public DataSyncStaging(DataSyncClient client, DataSyncSettings settings, DataSyncErrorHandler errors,
                           Backoff.Sleeper sleeper, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.errors = errors;
        this.sleeper = sleeper;
        this.clock = clock;
        this.taskArn = settings.taskArn().orElse(null);
    }

    @Override
    public Optional<StagedDataset> stage(TrainingRequested request, BuiltDataset dataset) throws InterruptedException {
        String relative = relativePath(dataset.dataUri());
        String folder = relative.contains("/") ? relative.substring(0, relative.lastIndexOf('/')) : "";
        String task = task();
        FilterRule include = FilterRule.builder().filterType(FilterType.SIMPLE_PATTERN).value("/" + folder).build();
        String execution = errors.call("starting DataSync task " + task, () -> client.startTaskExecution(b -> b
                .taskArn(task).includes(include)).taskExecutionArn());
        LOG.info("Request {}: staging dataset {} to EFS with DataSync execution {} (include {})",
                request.getRequestId(), dataset.datasetId(), execution, include.value());
        await(execution);
        String mount = settings.mountPath().replaceAll("/+$", "");
        return Optional.of(new StagedDataset(mount + "/" + relative, dataset.dataUri(), mount, settings.claimName()));
    }

    private void await(String execution) throws InterruptedException {
        Instant deadline = clock.instant().plus(settings.timeout());
        while (true) {
            DescribeTaskExecutionResponse described = errors.call("reading DataSync execution " + execution,
                    () -> client.describeTaskExecution(b -> b.taskExecutionArn(execution)));
            TaskExecutionStatus status = described.status();
            if (status == TaskExecutionStatus.SUCCESS) {
                LOG.info("DataSync execution {} succeeded: {} files, {} bytes", execution,
                        described.filesTransferred(), described.bytesTransferred());
                return;
            }
            if (status == TaskExecutionStatus.ERROR) {
                throw new StagingException("DataSync execution " + execution + " ended in ERROR: "
                        + error(described.result()), null);
            }
            if (!clock.instant().isBefore(deadline)) {
                cancel(execution);
                throw new StagingException("DataSync execution " + execution + " still " + described.statusAsString()
                        + " after " + settings.timeout() + ": cancelled", null);
            }
            sleeper.sleep(settings.pollInterval());
        }
    }

    /** Cancels an execution that outlasted the timeout; a failure to cancel is logged, the request fails anyway. */
    private void cancel(String execution) throws InterruptedException {
        try {
            errors.call("cancelling DataSync execution " + execution,
                    () -> client.cancelTaskExecution(b -> b.taskExecutionArn(execution)));
        } catch (StagingException e) {
            LOG.error("DataSync execution {} could not be cancelled: {}", execution, e.getMessage(), e);
        }
    }

    /** The task to run: the configured one, or one created once from the two locations. */
    private synchronized String task() throws InterruptedException {
        if (taskArn == null) {
            String source = settings.sourceLocationArn().orElseThrow();
            String destination = settings.destinationLocationArn().orElseThrow();
            taskArn = errors.call("creating DataSync task from " + source + " to " + destination, () -> client
                    .createTask(b -> b.name(TASK_NAME).sourceLocationArn(source).destinationLocationArn(destination))
                    .taskArn());
            LOG.info("Created DataSync task {} from {} to {}", taskArn, source, destination);
        }
        return taskArn;
    }

    /** The dataset's key relative to the S3 location's subdirectory: its path under the EFS location. */
    private String relativePath(String dataUri) {
        URI uri = URI.create(dataUri);
        if (!"s3".equals(uri.getScheme())) {
            throw new StagingException("DataSync stages S3 datasets only, not " + dataUri, null);
        }
        String key = uri.getPath().replaceAll("^/+", "");
        String base = settings.sourceSubdirectory().replaceAll("^/+|/+$", "");
        if (base.isEmpty()) {
            return key;
        }
        if (!key.startsWith(base + "/")) {
            throw new StagingException("dataset " + dataUri + " is outside the DataSync source location's "
                    + "subdirectory /" + base, null);
        }
        return key.substring(base.length() + 1);
    }

    private static String error(TaskExecutionResultDetail result) {
        if (result == null || result.errorCode() == null) {
            return "no error detail";
        }
        return result.errorCode() + (result.errorDetail() == null ? "" : ": " + result.errorDetail());
    }
}
