package dev.velt.camel.component;

import java.util.concurrent.CompletableFuture;

import dev.velt.camel.client.VeltApiException;
import dev.velt.camel.model.AgentExecution;
import dev.velt.camel.model.AgentRunRequest;
import dev.velt.camel.model.AgentRunStarted;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.AsyncCallbackToCompletableFutureAdapter;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.ObjectHelper;

/**
 * The asynchronous producer of {@code runAgent} and {@code getAgentExecution}. {@code runAgent} sends
 * {@code agents/execution/run} once (see {@link dev.velt.camel.client.VeltClient#runAgent}), with the message body as
 * the run's {@code userContext}, and returns {@code {executionId}}; ALREADY_EXISTS and RESOURCE_EXHAUSTED come back as
 * {@link VeltAgentAlreadyRunningException} and {@link VeltAiCreditsExhaustedException}. With
 * {@code awaitCompletion=true} both return the finished run, awaited by {@link AgentRunAwait} on the component's
 * scheduler, so no thread waits.
 */
public class VeltAgentRunProducer extends VeltProducer implements AsyncProducer {

    private AgentRunAwait await;

    public VeltAgentRunProducer(VeltEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (config.isAwaitCompletion()) {
            await = new AgentRunAwait(endpoint, endpoint.getComponent().getAwaitScheduler(), config.getAwaitInterval(),
                    config.getAwaitTimeout());
        }
    }

    @Override
    public void process(Exchange exchange) {
        PluginHelper.getAsyncProcessorAwaitManager(endpoint.getCamelContext()).process(this, exchange);
    }

    @Override
    public CompletableFuture<Exchange> processAsync(Exchange exchange) {
        AsyncCallbackToCompletableFutureAdapter<Exchange> callback = new AsyncCallbackToCompletableFutureAdapter<>(exchange);
        process(exchange, callback);
        return callback.getFuture();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            Message in = exchange.getMessage();
            boolean includeResults = header(in, VeltConstants.INCLUDE_RESULTS, "includeResults", Boolean.class,
                    config.isIncludeResults());
            String runId;
            if (endpoint.getOperation() == VeltOperation.runAgent) {
                runId = runAgent(in);
            } else {
                runId = executionId(in);
                AgentExecution run = endpoint.call(() -> endpoint.getClient().getAgentExecution(runId, includeResults));
                AgentRunAwait.deliver(exchange, run);
                if (await == null || AgentRunAwait.finished(run)) {
                    callback.done(true);
                    return true;
                }
            }
            if (await == null) {
                callback.done(true);
                return true;
            }
            await.start(exchange, runId, includeResults, callback);
            return false;
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    private String runAgent(Message in) {
        String url = header(in, VeltConstants.URL, "url", String.class, config.getUrl());
        if (ObjectHelper.isEmpty(url)) {
            throw new IllegalArgumentException("velt:runAgent needs url: set the url option or the " + VeltConstants.URL
                                               + " header");
        }
        RunAgentOptions.checkUrl(url, VeltWriteRules.source("url", VeltConstants.URL, in.getHeader(VeltConstants.URL) != null));
        AgentRunRequest request = new AgentRunRequest(config.getAgentId(), url, config.getOrganizationId(),
                config.getDocumentId(), config.getCrossPageExecute(), config.getMaxUrlsToProcess(), config.getDeviceType(),
                config.getAnnotationVisibility(), new JsonBody(endpoint).read(in, "userContext"));
        AgentRunStarted started;
        try {
            started = endpoint.getClient().runAgent(request);
        } catch (VeltApiException e) {
            String operation = endpoint.getOperation().name();
            throw switch (e.getVeltStatus()) {
                case ALREADY_EXISTS -> new VeltAgentAlreadyRunningException(e, operation);
                case RESOURCE_EXHAUSTED -> e.isApiError() ? new VeltAiCreditsExhaustedException(e, operation)
                        : new VeltOperationException(e, operation);
                default -> new VeltOperationException(e, operation);
            };
        }
        in.setBody(started);
        in.setHeader(VeltConstants.EXECUTION_ID, started.getExecutionId());
        return started.getExecutionId();
    }

    private String executionId(Message in) {
        String executionId = in.getHeader(VeltConstants.EXECUTION_ID, config.getExecutionId(), String.class);
        if (ObjectHelper.isEmpty(executionId)) {
            throw new IllegalArgumentException("velt:" + endpoint.getOperation() + " needs an execution: set the executionId "
                                               + "option or the " + VeltConstants.EXECUTION_ID + " header");
        }
        return executionId;
    }
}
