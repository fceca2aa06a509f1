package dev.velt.camel.model;

/** Why a workflow execution or step failed: {@code {code, message}}. */
public class FailureReason extends VeltObject {

    private String code;
    private String message;

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

    @Override
    public String toString() {
        return Description.of(this).add("code", code).text("message", message).toString();
    }
}
