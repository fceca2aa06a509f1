package dev.velt.camel.component.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The arrows between the component's packages point one way: the Camel layer uses the client, the client the model,
 * and neither knows Camel; the packages under {@code dev.velt.camel.component} (consumer, events, agents, push, state,
 * observability, slack) form no cycle among themselves. Only the component root (component, endpoint, configuration,
 * producers) and the consumers it creates see each other, as Camel's endpoint and consumer do.
 */
class PackageArrowsTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.velt.camel");

    @Test
    void theClientAndTheModelKnowNothingOfCamelOrOfTheComponent() {
        noClasses().that().resideInAnyPackage("dev.velt.camel.client..", "dev.velt.camel.model..").should()
                .dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "dev.velt.camel.component..")
                .check(CLASSES);
    }

    @Test
    void theModelKnowsNothingOfTheClient() {
        noClasses().that().resideInAPackage("dev.velt.camel.model..").should().dependOnClassesThat()
                .resideInAPackage("dev.velt.camel.client..").check(CLASSES);
    }

    @Test
    void thePackagesOfTheComponentFormNoCycle() {
        slices().matching("dev.velt.camel.component.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theConsumerCoreKnowsNoConsumerOfItsOwnNorTheirObservers() {
        noClasses().that().resideInAPackage("dev.velt.camel.component.consumer..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.velt.camel.component.events..", "dev.velt.camel.component.agents..",
                        "dev.velt.camel.component.push..", "dev.velt.camel.component.observability..")
                .check(CLASSES);
    }

    @Test
    void theStateAndPushPackagesKnowNoConsumer() {
        noClasses().that().resideInAnyPackage("dev.velt.camel.component.state..", "dev.velt.camel.component.push..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("dev.velt.camel.component.consumer..", "dev.velt.camel.component.events..",
                        "dev.velt.camel.component.agents..")
                .check(CLASSES);
    }
}
