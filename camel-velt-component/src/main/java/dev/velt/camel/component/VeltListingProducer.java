package dev.velt.camel.component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.velt.camel.client.VeltClient;
import dev.velt.camel.component.consumer.PageGuard;
import dev.velt.camel.model.AgentCountQuery;
import dev.velt.camel.model.AgentExecutionCounts;
import dev.velt.camel.model.DefinitionView;
import dev.velt.camel.model.DefinitionsPage;
import dev.velt.camel.model.DefinitionsQuery;
import dev.velt.camel.model.ExecutionsPage;
import dev.velt.camel.model.ExecutionsQuery;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.util.ObjectHelper;

/**
 * The producer of the workspace-wide reads: {@code listExecutions}, {@code countAgentExecutions},
 * {@code getDefinition} and {@code listDefinitions}. Page tokens travel as Strings in
 * {@link VeltConstants#PAGE_TOKEN} and {@link VeltConstants#NEXT_PAGE_TOKEN}, and go back to Velt in the type its
 * cursor has: a string for executions, an integer for definitions.
 */
public class VeltListingProducer extends VeltProducer {

    public VeltListingProducer(VeltEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        switch (endpoint.getOperation()) {
            case listExecutions -> listExecutions(in);
            case countAgentExecutions -> countAgentExecutions(in);
            case getDefinition -> getDefinition(in);
            case listDefinitions -> listDefinitions(in);
            default -> throw new IllegalStateException("velt:" + endpoint.getOperation() + " is not a listing operation");
        }
    }

    private VeltClient client() {
        return endpoint.getClient();
    }

    private void listExecutions(Message in) {
        String token = pageToken(in);
        ExecutionsQuery first = new ExecutionsQuery(config.getDefinitionId(), config.getStatus(), config.getPageSize(),
                token);
        readPages(in, token, first, query -> client().listExecutions(query), ExecutionsPage::getItems,
                ExecutionsPage::getNextCursor, (query, page) -> query.withCursor(page.getNextCursor()));
    }

    private void countAgentExecutions(Message in) {
        List<String> agentIds = AgentIds.parse(config.getAgentIds());
        AgentCountQuery query = new AgentCountQuery(agentIds, config.getStatus());
        AgentExecutionCounts counts = endpoint.call(() -> client().countAgentExecutions(query));
        if (agentIds != null) {
            // Velt's -1 for a count that failed is kept as it is
            in.setBody(counts.getCounts() == null ? Map.of() : counts.getCounts());
        } else {
            in.setBody(counts.getTotal());
        }
    }

    private void getDefinition(Message in) {
        String definitionId = header(in, VeltConstants.DEFINITION_ID, "definitionId", String.class,
                config.getDefinitionId());
        if (ObjectHelper.isEmpty(definitionId)) {
            throw new IllegalArgumentException("velt:getDefinition needs a definition: set the definitionId option or the "
                                               + VeltConstants.DEFINITION_ID + " header");
        }
        DefinitionView definition = endpoint.call(() -> client().getDefinition(definitionId));
        in.setBody(definition);
        in.setHeader(VeltConstants.DEFINITION_ID,
                definition.getDefinitionId() != null ? definition.getDefinitionId() : definitionId);
    }

    private void listDefinitions(Message in) {
        String token = pageToken(in);
        DefinitionsQuery first = new DefinitionsQuery(config.getPageSize(), cursorOf(token));
        readPages(in, token, first, query -> client().listDefinitions(query), DefinitionsPage::getItems,
                page -> text(page.getNextCursor()), (query, page) -> query.withCursor(page.getNextCursor()));
    }

    /**
     * Reads the page {@code first} asks for and, with {@code fetchAllPages}, the next ones until the list ends or its
     * cursor stops moving (a repeated cursor would page forever); the body gets their items, the headers the next page.
     */
    private <Q, P, T> void readPages(Message in, String token, Q first, Function<Q, P> fetch, Function<P, List<T>> items,
            Function<P, String> nextCursor, BiFunction<Q, P, Q> next) {
        List<T> all = new ArrayList<>();
        PageGuard guard = new PageGuard();
        guard.started(token);
        Q query = first;
        P page;
        boolean advanced;
        do {
            Q current = query;
            page = endpoint.call(() -> fetch.apply(current));
            all.addAll(items.apply(page));
            advanced = guard.follow(nextCursor.apply(page));
            query = next.apply(query, page);
        } while (config.isFetchAllPages() && advanced);
        in.setBody(all);
        nextPage(in, nextCursor.apply(page));
    }

    private String pageToken(Message in) {
        return header(in, VeltConstants.PAGE_TOKEN, "pageToken", String.class, config.getPageToken());
    }

    private static void nextPage(Message in, String next) {
        boolean more = next != null && !next.isEmpty();
        if (more) {
            in.setHeader(VeltConstants.NEXT_PAGE_TOKEN, next);
        } else {
            in.removeHeader(VeltConstants.NEXT_PAGE_TOKEN);
        }
        in.setHeader(VeltConstants.HAS_MORE, more);
    }

    /** A definitions cursor back in Velt's type: an integer when the token is one, else the text as it is. */
    static Object cursorOf(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            return Long.valueOf(token);
        } catch (NumberFormatException notANumber) {
            return token;
        }
    }

    private static String text(Object cursor) {
        return cursor == null ? null : cursor.toString();
    }
}
