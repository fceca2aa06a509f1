package dev.velt.camel.model;

/** What {@code workflow/steps/recordReviewerDecision} answers. */
public class ReviewerDecisionResult extends VeltObject {

    private Boolean recorded;
    private String aggregatorStatus;
    private Boolean resumeScheduled;

    /** False when Velt had recorded this decision before (an idempotent replay). */
    public Boolean getRecorded() {
        return recorded;
    }

    public void setRecorded(Boolean recorded) {
        this.recorded = recorded;
    }

    /** The step's decision so far: {@code pending | resolved | rejected}. */
    public String getAggregatorStatus() {
        return aggregatorStatus;
    }

    public void setAggregatorStatus(String aggregatorStatus) {
        this.aggregatorStatus = aggregatorStatus;
    }

    /** Whether the decision completed the step, so the execution resumes. */
    public Boolean getResumeScheduled() {
        return resumeScheduled;
    }

    public void setResumeScheduled(Boolean resumeScheduled) {
        this.resumeScheduled = resumeScheduled;
    }

    @Override
    public String toString() {
        return Description.of(this).add("recorded", recorded).add("aggregatorStatus", aggregatorStatus)
                .add("resumeScheduled", resumeScheduled).toString();
    }
}
