package dev.velt.camel.test;

import java.util.Map;

/** An answer in Velt's error envelope: {@code status} is the API's {@code error.status}, mapped to its HTTP code. */
final class ApiError extends RuntimeException {

    private static final Map<String, Integer> HTTP_CODES = Map.of(
            "INVALID_ARGUMENT", 400, "FAILED_PRECONDITION", 400, "PERMISSION_DENIED", 403, "NOT_FOUND", 404,
            "ALREADY_EXISTS", 409, "RESOURCE_EXHAUSTED", 429, "UNAVAILABLE", 503);

    private final String status;

    ApiError(String status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static ApiError invalid(String message) {
        return new ApiError("INVALID_ARGUMENT", message);
    }

    static ApiError failedPrecondition(String message) {
        return new ApiError("FAILED_PRECONDITION", message);
    }

    static ApiError notFound(String message) {
        return new ApiError("NOT_FOUND", message);
    }

    String status() {
        return status;
    }

    int httpCode() {
        return HTTP_CODES.getOrDefault(status, 500);
    }
}
