package dev.velt.camel.component.slack;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads the body of a Vert.x request that {@code platform-http} handed over unread ({@code useBodyHandler=false}: the
 * body is the paused {@link HttpServerRequest}). Only touched when Vert.x is on the classpath.
 */
final class VertxRequestBody {

    private static final long READ_TIMEOUT_SECONDS = 30;

    private VertxRequestBody() {
    }

    static boolean accepts(Object body) {
        return body instanceof HttpServerRequest;
    }

    /** The whole body, or null when it is larger than {@code maxBytes} (the rest is read and dropped). */
    static byte[] read(Object body, int maxBytes) throws Exception {
        HttpServerRequest request = (HttpServerRequest) body;
        if (request.isEnded()) {
            throw new IllegalStateException("The request body was already read");
        }
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        Buffer collected = Buffer.buffer();
        boolean[] tooLarge = {false};
        request.handler(chunk -> {
            if (tooLarge[0] || collected.length() + chunk.length() > maxBytes) {
                tooLarge[0] = true;
            } else {
                collected.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(done::completeExceptionally);
        request.endHandler(end -> done.complete(tooLarge[0] ? null : collected.getBytes()));
        request.resume();
        return done.get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
