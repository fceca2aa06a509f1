package dev.velt.camel.state.jdbc;

/** {@link JdbcStateRepository} on H2 writing with the SQL standard MERGE, as on HSQLDB and DB2. */
class JdbcStateRepositoryH2StandardMergeTest extends JdbcStateRepositoryH2Test {

    @Override
    protected UpsertDialect dialect() {
        return UpsertDialect.MERGE;
    }

    @Override
    protected UpsertDialect expectedDialect() {
        return UpsertDialect.MERGE;
    }
}
