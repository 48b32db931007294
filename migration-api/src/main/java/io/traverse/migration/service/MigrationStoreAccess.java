package io.traverse.migration.service;

import io.traverse.migration.engine.MigrationRecord;
import io.traverse.migration.engine.MigrationStore;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Row mapping of table migration for list queries built here. */
final class MigrationStoreAccess {

    private MigrationStoreAccess() {
    }

    static MigrationRecord map(ResultSet rs) throws SQLException {
        return MigrationStore.mapRow(rs);
    }
}
