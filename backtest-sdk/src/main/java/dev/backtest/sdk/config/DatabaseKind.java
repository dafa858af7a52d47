package dev.backtest.sdk.config;

/**
 * The relational databases the SDK runs on: PostgreSQL, or H2 for the embedded defaults and tests.
 *
 * <pre>{@code
 * DatabaseKind kind = DatabaseUrl.parse("postgresql://app:secret@db:5432/backtest").kind();   // POSTGRESQL
 * String driver = config.databaseUrl().kind().driverClassName();   // "org.h2.Driver" on embedded defaults
 * }</pre>
 */
public enum DatabaseKind {
    POSTGRESQL("postgresql", "org.postgresql.Driver"),
    H2("h2", "org.h2.Driver");

    private final String migrationFolder;
    private final String driverClassName;

    DatabaseKind(String migrationFolder, String driverClassName) {
        this.migrationFolder = migrationFolder;
        this.driverClassName = driverClassName;
    }

    /**
     * The JDBC driver, named explicitly: inside an application server DriverManager may not see
     * drivers registered by the web application's class loader.
     */
    public String driverClassName() {
        return driverClassName;
    }

    /** Folder under {@code db/migration} holding this database's own migrations. */
    public String migrationFolder() {
        return migrationFolder;
    }
}
