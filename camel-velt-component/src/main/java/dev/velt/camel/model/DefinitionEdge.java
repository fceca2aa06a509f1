package dev.velt.camel.model;

/** An edge of a {@link DefinitionView}: {@code {from, to, on?, when?, loop?}}. */
public class DefinitionEdge extends VeltObject {

    private String from;
    private String to;
    private String on;
    private Object when;
    private Object loop;

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = to;
    }

    public String getOn() {
        return on;
    }

    public void setOn(String on) {
        this.on = on;
    }

    public Object getWhen() {
        return when;
    }

    public void setWhen(Object when) {
        this.when = when;
    }

    public Object getLoop() {
        return loop;
    }

    public void setLoop(Object loop) {
        this.loop = loop;
    }

    @Override
    public String toString() {
        return Description.of(this).add("from", from).add("to", to).add("on", on).toString();
    }
}
