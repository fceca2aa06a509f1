/**
 * The Velt test kit: {@link dev.velt.camel.test.VeltSimulator}, a stateful and seeded simulator of the Velt REST API
 * over real HTTP (WireMock), with its fault plan ({@link dev.velt.camel.test.Faults}), request log
 * ({@link dev.velt.camel.test.RequestLog}), webhook delivery ({@link dev.velt.camel.test.Webhooks}), the JUnit 5
 * {@link dev.velt.camel.test.VeltSimulatorExtension} and the assertions of {@link dev.velt.camel.test.VeltAssertions}.
 * It does not depend on the velt component.
 */
package dev.velt.camel.test;
