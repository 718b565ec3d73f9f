package dev.flywheel.features.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flywheel.features.offline.S3ErrorHandler.Decision;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ErrorHandlerTest {

    private static S3Exception answer(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).message(code).build();
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 429, 408})
    void shouldRetryServerErrorsAndThrottling(int status) {
        assertThat(S3ErrorHandler.classify(answer(status, "Whatever"))).isEqualTo(Decision.RETRIABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RequestTimeout", "RequestTimeTooSkewed", "SlowDown"})
    void shouldRetryRetriableCodesSentWithA400(String code) {
        assertThat(S3ErrorHandler.classify(answer(400, code))).isEqualTo(Decision.RETRIABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AccessDenied", "SignatureDoesNotMatch", "NoSuchBucket", "InvalidArgument"})
    void shouldGiveUpAtOnceOnRefusals(String code) {
        int status = code.equals("NoSuchBucket") ? 404 : code.equals("InvalidArgument") ? 400 : 403;
        assertThat(S3ErrorHandler.classify(answer(status, code))).isEqualTo(Decision.PERMANENT);
    }

    @Test
    void shouldRetryWhenNoAnswerCame() {
        assertThat(S3ErrorHandler.classify(SdkClientException.create("Connection refused"))).isEqualTo(Decision.RETRIABLE);
        assertThat(S3ErrorHandler.classify(ApiCallTimeoutException.create(1000))).isEqualTo(Decision.RETRIABLE);
        assertThat(S3ErrorHandler.classify(new UncheckedIOException(new IOException("reset")))).isEqualTo(Decision.RETRIABLE);
    }

    @Test
    void shouldTreatAnythingElseAsPermanent() {
        assertThat(S3ErrorHandler.classify(new IllegalStateException("bug"))).isEqualTo(Decision.PERMANENT);
    }
}
