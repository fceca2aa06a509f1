package dev.velt.camel.model;

/** Why an agent run ended in {@code error} or {@code failed}. {@code code} is any string (the API adds codes). */
public class AgentExecutionError extends VeltObject {

    private String code;
    private String message;
    private Boolean retryable;
    private String advisoryComment;
    private Long occurredAt;

    public String getCode() {
        return code;
    }

    public void setCode(String code) {
        this.code = code;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public Boolean getRetryable() {
        return retryable;
    }

    public void setRetryable(Boolean retryable) {
        this.retryable = retryable;
    }

    public String getAdvisoryComment() {
        return advisoryComment;
    }

    public void setAdvisoryComment(String advisoryComment) {
        this.advisoryComment = advisoryComment;
    }

    public Long getOccurredAt() {
        return occurredAt;
    }

    public void setOccurredAt(Long occurredAt) {
        this.occurredAt = occurredAt;
    }

    @Override
    public String toString() {
        return Description.of(this).add("code", code).add("retryable", retryable).text("message", message).toString();
    }
}
