package dev.velt.camel.component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import dev.velt.camel.component.state.OrderedStateRepository;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.util.ObjectHelper;

/**
 * Checks an endpoint's options when it is created, before any request, so a wrong URI fails at route start with a
 * message naming the option. Ids a write needs may still come in headers, so their absence is checked per exchange.
 * Combinations of list filters beyond "at least one" are left to the API, which answers
 * INVALID_ARGUMENT.
 */
public final class VeltOptionsValidator {

    static final int MAX_EVENTS_PAGE_SIZE = 500;
    static final int MAX_AGENT_PAGE_SIZE = 100;
    static final int MIN_WEBHOOK_SECRET = 16;
    static final List<String> EXECUTION_STATUSES = List.of("pending", "running", "completed", "failed", "cancelled");
    static final List<String> AGENT_STATUSES = List.of("running", "passed", "failed", "partial", "error", "skipped");
    static final int MAX_WEBHOOK_SECRET = 512;

    private final VeltOperation operation;
    private final VeltConfiguration config;

    VeltOptionsValidator(VeltOperation operation, VeltConfiguration config) {
        this.operation = operation;
        this.config = config;
    }

    void validate() {
        require(ObjectHelper.isNotEmpty(config.getBaseUrl()), "baseUrl must be set");
        require(config.getMaxRetries() >= 0, "maxRetries must be 0 or more, was " + config.getMaxRetries());
        require(config.getConnectTimeout() > 0, "connectTimeout must be positive, was " + config.getConnectTimeout());
        require(config.getRequestTimeout() > 0, "requestTimeout must be positive, was " + config.getRequestTimeout());
        require(config.getSinceSeq() >= 0, "sinceSeq must be 0 or more, was " + config.getSinceSeq());
        switch (operation) {
            case getEvents -> checkPageSize(MAX_EVENTS_PAGE_SIZE);
            case listAgentExecutions -> {
                checkPageSize(MAX_AGENT_PAGE_SIZE);
                checkAgentFilter();
            }
            case events -> {
                checkPageSize(MAX_EVENTS_PAGE_SIZE);
                boolean byId = ObjectHelper.isNotEmpty(config.getExecutionId());
                boolean byDefinition = ObjectHelper.isNotEmpty(config.getDefinitionId());
                require(byId || byDefinition, "velt:events needs executionId (comma-separated) or definitionId");
                require(!(byId && byDefinition), "velt:events takes executionId or definitionId, not both");
                require(byDefinition || config.getStatus() == null,
                        "status only applies with definitionId (it filters discovered executions)");
                checkSinceTime();
                checkWebhook();
                checkShards();
                checkEventShards(byDefinition);
            }
            case agentExecutions -> {
                checkPageSize(MAX_AGENT_PAGE_SIZE);
                checkAgentFilter();
                require(config.getOrderDirection() == null,
                        "orderDirection does not apply to velt:agentExecutions, which reads the list newest first");
                checkSinceTime();
                checkShards();
            }
            case dispatch -> {
                VeltWriteRules.checkIdempotencyKey(config.getIdempotencyKey(), "idempotencyKey");
                VeltWriteRules.checkWebhookSecret(config.getWebhookSecret());
            }
            case cancel -> VeltWriteRules.checkReason(operation, config.getReason(), "reason");
            case recordAgentResolution -> {
                VeltWriteRules.checkReason(operation, config.getReason(), "reason");
                VeltWriteRules.checkResolution(config.getResolution(), "resolution");
                VeltWriteRules.checkLength(config.getResponseId(), VeltWriteRules.MAX_RESPONSE_ID, "responseId");
                VeltWriteRules.checkLength(config.getActorId(), VeltWriteRules.MAX_ACTOR_ID, "actorId");
            }
            case runAgent, getAgentExecution -> RunAgentOptions.validate(operation, config);
            case listExecutions -> {
                checkPageSize(MAX_EVENTS_PAGE_SIZE);
                VeltWriteRules.checkOneOf(config.getStatus(), EXECUTION_STATUSES, "status");
            }
            case listDefinitions -> checkPageSize(MAX_EVENTS_PAGE_SIZE);
            case countAgentExecutions -> {
                AgentIds.parse(config.getAgentIds());
                VeltWriteRules.checkOneOf(config.getStatus(), AGENT_STATUSES, "status");
            }
            case recordReviewerDecision -> {
                VeltWriteRules.checkReason(operation, config.getReason(), "reason");
                VeltWriteRules.checkDecision(config.getDecision(), "decision");
            }
            default -> {
            }
        }
        require(operation == VeltOperation.events || config.getWebhookPath() == null,
                "webhookPath only applies to velt:events");
        require(operation == VeltOperation.events || operation == VeltOperation.agentExecutions
                || config.getShards() == 0 && config.getShard() == null,
                "shards and shard only apply to the consumers velt:events (with definitionId) and velt:agentExecutions, "
                                                                         + "not to velt:" + operation);
    }

    /** The options every sharded consumer needs; the events consumer checks its own combinations after. */
    private void checkShards() {
        int shards = config.getShards();
        Integer shard = config.getShard();
        require(shards >= 0, "shards must be 0 (not sharded) or more, was " + shards);
        if (shards == 0) {
            require(shard == null, "shard needs shards (the number of shards), which is not set");
            return;
        }
        if (shard == null && operation == VeltOperation.events) {
            return; // the push receiver of a sharded velt:events, or a missing shard: checkEventShards says which
        }
        require(shard != null,
                "shards=" + shards + " needs shard, the shard this consumer delivers (0 to " + (shards - 1) + ")");
        require(shard >= 0 && shard < shards, "shard must be from 0 to " + (shards - 1) + " with shards=" + shards
                                              + ", was " + shard);
        require(config.getStateRepository() != null,
                "shards needs a stateRepository shared by the consumers of all shards (the hand-over goes through it)");
    }

    /** What only a sharded velt:events needs: discovery by definition, no status, and where pushes go. */
    private void checkEventShards(boolean byDefinition) {
        int shards = config.getShards();
        Integer shard = config.getShard();
        if (shards == 0) {
            return;
        }
        require(byDefinition, "shards only applies with definitionId (executions discovered by definition), not executionId");
        require(config.getStatus() == null, "status together with shards is not supported yet");
        if (shard == null) {
            checkShardPushReceiver(shards);
            return;
        }
        require(config.getWebhookPath() == null,
                "Put webhookPath on the push receiver, not on the consumer of shard " + shard + ": a velt:events endpoint "
                                                 + "with the same definitionId, shards and stateRepository, with "
                                                 + "webhookPath and webhookSecret but without shard, in a route that is "
                                                 + "not under master: (webhookPath together with shard cannot take the "
                                                 + "pushes of the other shards)");
    }

    /** The endpoint with shards and without shard: the push receiver of the sharded stream. */
    private void checkShardPushReceiver(int shards) {
        require(config.getWebhookPath() != null,
                "Set shard (0 to " + (shards - 1) + ") to make this endpoint the consumer of one shard, or set webhookPath "
                                                 + "(without shard) to make it the push receiver of the sharded stream: "
                                                 + "shards=" + shards + " needs shard, or webhookPath");
        StateRepository<String, String> repository = config.getStateRepository();
        require(repository instanceof OrderedStateRepository,
                "Set stateRepository to the OrderedStateRepository (such as JdbcStateRepository) that the consumers of "
                                                              + "all shards share: the push receiver of a sharded "
                                                              + "velt:events (shards and webhookPath, without shard) "
                                                              + "records there the pushes for the consumers of other "
                                                              + "replicas"
                                                              + (repository == null ? ""
                                                                      : "; " + repository.getClass().getName()
                                                                        + " is not one"));
    }

    private void checkWebhook() {
        require(config.getReconcileDelay() > 0, "reconcileDelay must be positive, was " + config.getReconcileDelay());
        String path = config.getWebhookPath();
        if (path == null) {
            return;
        }
        require(path.startsWith("/") && path.length() > 1 && path.chars().noneMatch(Character::isWhitespace)
                && !path.contains("?") && !path.contains("#"),
                "webhookPath must be an HTTP path such as /velt/events, was '" + path + "'");
        String secret = config.getWebhookSecret();
        require(ObjectHelper.isNotEmpty(secret), "webhookSecret must be set when webhookPath is set");
        require(secret.length() >= MIN_WEBHOOK_SECRET && secret.length() <= MAX_WEBHOOK_SECRET,
                "webhookSecret must be " + MIN_WEBHOOK_SECRET + " to " + MAX_WEBHOOK_SECRET + " characters, was "
                                                                                                + secret.length());
    }

    private void checkPageSize(int max) {
        Integer pageSize = config.getPageSize();
        require(pageSize == null || pageSize >= 1 && pageSize <= max,
                "pageSize must be between 1 and " + max + " for " + operation + ", was " + pageSize);
    }

    private void checkAgentFilter() {
        require(ObjectHelper.isNotEmpty(config.getAgentId()) || ObjectHelper.isNotEmpty(config.getDocumentId())
                || ObjectHelper.isNotEmpty(config.getOrganizationId()),
                operation + " needs a filter: agentId, or organizationId and documentId");
    }

    private void checkSinceTime() {
        if (config.getSinceTime() != null) {
            parseSinceTime(config.getSinceTime());
        }
    }

    /** {@code sinceTime} as epoch milliseconds: a number, or an ISO-8601 instant or offset date-time. */
    public static long parseSinceTime(String value) {
        String text = value.trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notEpoch) {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException notOffset) {
                try {
                    return Instant.parse(text).toEpochMilli();
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(
                            "sinceTime must be epoch milliseconds or ISO-8601 (e.g. 2026-01-31T10:00:00Z), was '" + value
                                                       + "'");
                }
            }
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
