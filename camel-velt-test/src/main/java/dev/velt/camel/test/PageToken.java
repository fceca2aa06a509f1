package dev.velt.camel.test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * An opaque page token: the sort key ({@code startedAt}, id) of the last item of a page. The next page starts after
 * it, so items added while a client pages do not shift the pages.
 */
record PageToken(long startedAt, String id) {

    /** The lists' usual order: newest first. */
    static final Comparator<PageToken> NEWEST_FIRST = Comparator.comparingLong(PageToken::startedAt)
            .thenComparing(PageToken::id).reversed();
    static final Comparator<PageToken> OLDEST_FIRST = NEWEST_FIRST.reversed();
    /** A token before every item of a newest-first list: the page after it is the first page. */
    static final PageToken BEFORE_ALL = new PageToken(Long.MAX_VALUE, "");

    /** One page of items and the token of the next page (null on the last page). */
    record Page<T>(List<T> items, String nextToken) {
    }

    /**
     * The page of {@code items} after {@code token} (from the start when null), in {@code order}.
     *
     * @param key the sort key of an item
     */
    static <T> Page<T> page(List<T> items, Function<T, PageToken> key, Comparator<PageToken> order, String token,
            String tokenField, int pageSize) {
        PageToken after = token == null ? null : decode(token, tokenField);
        List<T> rest = items.stream()
                .sorted(Comparator.comparing(key, order))
                .filter(item -> after == null || order.compare(key.apply(item), after) > 0)
                .toList();
        List<T> page = rest.subList(0, Math.min(pageSize, rest.size()));
        String next = rest.size() > pageSize ? key.apply(page.get(page.size() - 1)).encode() : null;
        return new Page<>(page, next);
    }

    String encode() {
        String raw = startedAt + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static PageToken decode(String token, String field) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            return new PageToken(Long.parseLong(raw.substring(0, colon)), raw.substring(colon + 1));
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw ApiError.invalid(field + " is not a valid page token");
        }
    }
}
