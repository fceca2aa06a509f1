package dev.velt.camel.state.jdbc;

/**
 * {@link JdbcStateRepository} on PostgreSQL writing with the portable fallback: there, unlike on H2, a racing first
 * insert fails the transaction it is in, which the repository must roll back before writing again.
 */
class JdbcStateRepositoryPostgresUpdateInsertTest extends JdbcStateRepositoryPostgresTest {

    @Override
    protected UpsertDialect dialect() {
        return UpsertDialect.UPDATE_INSERT;
    }

    @Override
    protected UpsertDialect expectedDialect() {
        return UpsertDialect.UPDATE_INSERT;
    }
}
