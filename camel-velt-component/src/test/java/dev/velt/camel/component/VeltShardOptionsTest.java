package dev.velt.camel.component;

import dev.velt.camel.component.state.MemoryPositionRepository;
import dev.velt.camel.component.support.VeltTestSupport;
import org.apache.camel.BindToRegistry;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code shards} and {@code shard} (velt:events, velt:agentExecutions): a bad combination fails at endpoint creation,
 * names the option, sends nothing.
 */
class VeltShardOptionsTest extends VeltTestSupport {

    private static final String DEF = "velt:events?definitionId=def_1&stateRepository=#positions";
    private static final String AGENTS = "velt:agentExecutions?agentId=abc&stateRepository=#positions";

    @BindToRegistry("positions")
    private final MemoryPositionRepository positions = new MemoryPositionRepository();

    @BindToRegistry("unordered")
    private final MemoryStateRepository unordered = new MemoryStateRepository();

    @AfterEach
    void nothingWasSent() {
        VELT.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            DEF + "&shard=1|shard needs shards",
            DEF + "&shards=3|Set shard (0 to 2) to make this endpoint the consumer of one shard, or set webhookPath",
            DEF + "&shards=3&shard=3|shard must be from 0 to 2",
            DEF + "&shards=3&shard=-1|shard must be from 0 to 2",
            DEF + "&shards=-2&shard=0|shards must be 0",
            "velt:events?executionId=exec_1&stateRepository=#positions&shards=3&shard=0|shards only applies with definitionId",
            "velt:events?definitionId=def_1&shards=3&shard=0|shards needs a stateRepository",
            DEF + "&shards=3&shard=0&webhookPath=/velt/events&webhookSecret=0123456789abcdef|Put webhookPath on the push "
                                                                                              + "receiver, not on the consumer of shard 0: a velt:events endpoint with the same definitionId, shards and "
                                                                                              + "stateRepository, with webhookPath and webhookSecret but without shard",
            "velt:events?definitionId=def_1&shards=3&webhookPath=/velt/events&webhookSecret=0123456789abcdef|Set "
                                                                                                                                                                         + "stateRepository to the OrderedStateRepository (such as JdbcStateRepository) that the consumers of "
                                                                                                                                                                         + "all shards share",
            "velt:events?definitionId=def_1&shards=3&webhookPath=/velt/events&webhookSecret=0123456789abcdef"
                                                                                                                                                                                               + "&stateRepository=#unordered|org.apache.camel.support.processor.state.MemoryStateRepository is not one",
            DEF + "&shards=3&webhookPath=/velt/events|webhookSecret must be set when webhookPath is set",
            DEF + "&shards=3&shard=0&status=running|status together with shards",
            "velt:listAgentExecutions?agentId=abc&shards=3&shard=0|shards and shard only apply to the consumers velt:events (with definitionId) and velt:agentExecutions, not to velt:listAgentExecutions",
            AGENTS + "&shard=1|shard needs shards",
            AGENTS + "&shards=3|shards=3 needs shard, the shard this consumer delivers (0 to 2)",
            AGENTS + "&shards=3&shard=3|shard must be from 0 to 2 with shards=3, was 3",
            AGENTS + "&shards=-1&shard=0|shards must be 0",
            "velt:agentExecutions?agentId=abc&shards=3&shard=1|shards needs a stateRepository shared by the consumers of all shards"})
    void badShardOptionsAreNamed(String uri, String message) {
        ResolveEndpointFailedException failure = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint(uri));
        IllegalArgumentException cause = assertInstanceOf(IllegalArgumentException.class, failure.getCause());
        assertThat(cause.getMessage()).contains(message);
    }

    @Test
    void aShardOfSeveralIsAccepted() {
        VeltEndpoint endpoint = (VeltEndpoint) context.getEndpoint(DEF + "&shards=4&shard=3");

        assertThat(endpoint.getConfiguration().getShards()).isEqualTo(4);
        assertThat(endpoint.getConfiguration().getShard()).isEqualTo(3);
    }

    @Test
    void anAgentExecutionsShardOfSeveralIsAccepted() {
        VeltEndpoint endpoint = (VeltEndpoint) context.getEndpoint(AGENTS + "&shards=3&shard=2&splitFindings=true");

        assertThat(endpoint.getConfiguration().getShards()).isEqualTo(3);
        assertThat(endpoint.getConfiguration().getShard()).isEqualTo(2);
    }

    @Test
    void withoutShardsNothingChanges() {
        VeltEndpoint endpoint = (VeltEndpoint) context.getEndpoint("velt:events?definitionId=def_1");

        assertThat(endpoint.getConfiguration().getShards()).isZero();
        assertThat(endpoint.getConfiguration().getShard()).isNull();
    }
}
