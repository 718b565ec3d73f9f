package dev.flywheel.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

/** The bearer token check. */
class ApiTokenTest {

    private final ApiToken token = new ApiToken(Optional.of(new Password("right-token-0123456789")));

    @Test
    void shouldAcceptTheRightBearerTokenInAnyCaseOfTheScheme() {
        assertThat(token.check("Bearer right-token-0123456789")).isEqualTo(ApiToken.Check.OK);
        assertThat(token.check("bearer   right-token-0123456789 ")).isEqualTo(ApiToken.Check.OK);
    }

    @Test
    void shouldTellAMissingTokenFromAWrongOne() {
        assertThat(token.check(null)).isEqualTo(ApiToken.Check.MISSING);
        assertThat(token.check("Basic dXNlcjpwYXNz")).isEqualTo(ApiToken.Check.MISSING);
        assertThat(token.check("Bearer right-token-012345678")).isEqualTo(ApiToken.Check.WRONG);
        assertThat(token.check("Bearer ")).isEqualTo(ApiToken.Check.MISSING);
        assertThat(token.check("Bearer x")).isEqualTo(ApiToken.Check.WRONG);
    }

    @Test
    void shouldDisableWritesWithoutAConfiguredToken() {
        assertThat(new ApiToken(Optional.empty()).check("Bearer anything")).isEqualTo(ApiToken.Check.DISABLED);
    }
}
