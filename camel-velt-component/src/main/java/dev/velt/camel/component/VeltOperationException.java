package dev.velt.camel.component;

import dev.velt.camel.client.VeltApiException;
import org.apache.camel.spi.HttpResponseAware;

/**
 * The {@link VeltApiException} routes see: the same failure, named after the endpoint's operation, and
 * {@link HttpResponseAware} so Camel's consumer health checks report Velt's HTTP status code.
 */
public class VeltOperationException extends VeltApiException implements HttpResponseAware {

    private int httpResponseCode;
    private String httpResponseStatus;

    public VeltOperationException(VeltApiException cause, String operation) {
        super(cause, operation);
        this.httpResponseCode = cause.getHttpStatusCode();
        this.httpResponseStatus = cause.getStatus();
    }

    /** The same failure with a message that says more than Velt's own (see the subclasses). */
    protected VeltOperationException(VeltApiException cause, String operation, String message) {
        super(cause, operation, message);
        this.httpResponseCode = cause.getHttpStatusCode();
        this.httpResponseStatus = cause.getStatus();
    }

    @Override
    public int getHttpResponseCode() {
        return httpResponseCode;
    }

    @Override
    public void setHttpResponseCode(int code) {
        this.httpResponseCode = code;
    }

    /** The Velt status (e.g. {@code PERMISSION_DENIED}), which is what a status line would tell. */
    @Override
    public String getHttpResponseStatus() {
        return httpResponseStatus;
    }

    @Override
    public void setHttpResponseStatus(String status) {
        this.httpResponseStatus = status;
    }
}
