package dev.velt.camel.test;

import java.util.List;

/** What a simulated agent run found on one URL. */
public record SimUrlResult(String url, List<SimFinding> findings, int annotationsCreated, long processedAt) {
}
