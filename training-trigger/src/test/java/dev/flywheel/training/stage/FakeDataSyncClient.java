package dev.flywheel.training.stage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.datasync.DataSyncClient;
import software.amazon.awssdk.services.datasync.model.CancelTaskExecutionRequest;
import software.amazon.awssdk.services.datasync.model.CancelTaskExecutionResponse;
import software.amazon.awssdk.services.datasync.model.CreateTaskRequest;
import software.amazon.awssdk.services.datasync.model.CreateTaskResponse;
import software.amazon.awssdk.services.datasync.model.DescribeTaskExecutionRequest;
import software.amazon.awssdk.services.datasync.model.DescribeTaskExecutionResponse;
import software.amazon.awssdk.services.datasync.model.InternalException;
import software.amazon.awssdk.services.datasync.model.InvalidRequestException;
import software.amazon.awssdk.services.datasync.model.StartTaskExecutionRequest;
import software.amazon.awssdk.services.datasync.model.StartTaskExecutionResponse;
import software.amazon.awssdk.services.datasync.model.TaskExecutionStatus;

/**
 * A fake of the SDK's {@link DataSyncClient} interface (no DataSync service can run here): it records every request
 * and answers from scripts, each answer either a response or an exception shaped as the SDK throws it for DataSync's
 * JSON errors (status code, error code, message).
 */
final class FakeDataSyncClient implements DataSyncClient {

    static final String TASK = "arn:aws:datasync:eu-west-1:123456789012:task/task-0abc";
    static final String EXECUTION = TASK + "/execution/exec-0def";

    final List<StartTaskExecutionRequest> started = new ArrayList<>();
    final List<DescribeTaskExecutionRequest> described = new ArrayList<>();
    final List<CreateTaskRequest> created = new ArrayList<>();
    final List<CancelTaskExecutionRequest> cancelled = new ArrayList<>();
    final Deque<Supplier<StartTaskExecutionResponse>> starts = new ArrayDeque<>();
    final Deque<Supplier<DescribeTaskExecutionResponse>> descriptions = new ArrayDeque<>();

    /** Queues execution statuses, the last one repeated. */
    FakeDataSyncClient statuses(TaskExecutionStatus... statuses) {
        for (TaskExecutionStatus status : statuses) {
            descriptions.add(() -> DescribeTaskExecutionResponse.builder().taskExecutionArn(EXECUTION).status(status)
                    .filesTransferred(3L).bytesTransferred(4096L).build());
        }
        return this;
    }

    static InternalException internal() {
        return (InternalException) InternalException.builder().statusCode(500).awsErrorDetails(AwsErrorDetails
                .builder().errorCode("InternalException").errorMessage("An internal failure occurred").build()).build();
    }

    static AwsServiceException throttled() {
        return InvalidRequestException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("ThrottlingException").errorMessage("Rate exceeded").build()).build();
    }

    static InvalidRequestException invalid(String message) {
        return (InvalidRequestException) InvalidRequestException.builder().statusCode(400).awsErrorDetails(
                AwsErrorDetails.builder().errorCode("InvalidRequestException").errorMessage(message).build()).build();
    }

    @Override
    public StartTaskExecutionResponse startTaskExecution(StartTaskExecutionRequest request) {
        started.add(request);
        return starts.isEmpty() ? StartTaskExecutionResponse.builder().taskExecutionArn(EXECUTION).build()
                : starts.poll().get();
    }

    @Override
    public DescribeTaskExecutionResponse describeTaskExecution(DescribeTaskExecutionRequest request) {
        described.add(request);
        return descriptions.size() > 1 ? descriptions.poll().get() : descriptions.peek().get();
    }

    @Override
    public CreateTaskResponse createTask(CreateTaskRequest request) {
        created.add(request);
        return CreateTaskResponse.builder().taskArn(TASK).build();
    }

    @Override
    public CancelTaskExecutionResponse cancelTaskExecution(CancelTaskExecutionRequest request) {
        cancelled.add(request);
        return CancelTaskExecutionResponse.builder().build();
    }

    @Override
    public String serviceName() {
        return "datasync";
    }

    @Override
    public void close() {
        // nothing held
    }
}
