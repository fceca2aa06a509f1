package dev.velt.camel.state.jdbc;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The module README's YAML bean loads as written and works; its DDL is the one the repository runs. */
class ReadmeTest {

    private static final Path README = Path.of("README.md");

    @Test
    void yamlBeanBindsARepositoryThatWorks() throws Exception {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:velt_readme;DB_CLOSE_DELAY=-1");
        database.setUser("sa");
        try (CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("veltDataSource", database);
            context.build();
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("readme.yaml", block("yaml")));
            JdbcStateRepository state = context.getRegistry().lookupByNameAndType("veltState", JdbcStateRepository.class);
            assertSame(database, state.getDataSource());
            assertEquals("orders-app", state.getNamespace());
            assertEquals("velt_state", state.getTableName());
            assertTrue(state.isCreateTable());

            state.setState("velt.events.execution.exec_1", "{\"seq\":1,\"terminal\":false}");
            assertEquals("{\"seq\":1,\"terminal\":false}", state.getState("velt.events.execution.exec_1"));
            assertEquals("H2", state.getEffectiveDialect());
        }
    }

    @Test
    void ddlIsTheOneTheRepositoryRuns() throws Exception {
        assertEquals(JdbcStateRepository.createTableSql("velt_state"),
                block("sql").replaceAll("\\s+", " ").replace("( ", "(").replace(" )", ")").trim());
    }

    /** The one ```lang block of the README. */
    private static String block(String lang) throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        Matcher blocks = Pattern.compile("```" + lang + "\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(blocks.find(), "a " + lang + " block in " + README);
        String block = blocks.group(1);
        assertTrue(!blocks.find(), "one " + lang + " block in " + README);
        return block;
    }
}
