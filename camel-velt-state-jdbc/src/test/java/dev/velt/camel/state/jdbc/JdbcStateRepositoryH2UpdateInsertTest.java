package dev.velt.camel.state.jdbc;

/** {@link JdbcStateRepository} on H2 writing with the portable fallback, as on databases with no upsert statement. */
class JdbcStateRepositoryH2UpdateInsertTest extends JdbcStateRepositoryH2Test {

    @Override
    protected UpsertDialect dialect() {
        return UpsertDialect.UPDATE_INSERT;
    }

    @Override
    protected UpsertDialect expectedDialect() {
        return UpsertDialect.UPDATE_INSERT;
    }
}
