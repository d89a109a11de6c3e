package dev.bookslake.lake.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetProvider;
import org.apache.iceberg.jdbc.JdbcClientPool;

/**
 * The JDBC catalog's connection pool, with one repair: the catalog reads database metadata when it
 * opens and never closes those result sets. In SQLite an open result set is an open read
 * transaction, which blocks every other connection's commit for as long as the catalog stays open.
 * Metadata results are copied into memory and closed at once.
 */
final class CatalogConnections extends JdbcClientPool {
  CatalogConnections(String uri, Map<String, String> properties) {
    super(uri, properties);
  }

  @Override
  protected Connection newClient() {
    Connection connection = super.newClient();
    return (Connection)
        Proxy.newProxyInstance(
            CatalogConnections.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            forward(
                connection,
                (method, result) ->
                    result instanceof DatabaseMetaData metadata
                        ? detachedResults(metadata)
                        : result));
  }

  private static DatabaseMetaData detachedResults(DatabaseMetaData metadata) {
    return (DatabaseMetaData)
        Proxy.newProxyInstance(
            CatalogConnections.class.getClassLoader(),
            new Class<?>[] {DatabaseMetaData.class},
            forward(
                metadata,
                (method, result) -> result instanceof ResultSet rows ? detach(rows) : result));
  }

  private static ResultSet detach(ResultSet rows) throws SQLException {
    try (rows) {
      CachedRowSet copy = RowSetProvider.newFactory().createCachedRowSet();
      copy.populate(rows);
      return copy;
    }
  }

  private interface Wrap {
    Object apply(java.lang.reflect.Method method, Object result) throws SQLException;
  }

  private static InvocationHandler forward(Object target, Wrap wrap) {
    return (proxy, method, args) -> {
      try {
        return wrap.apply(method, method.invoke(target, args));
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
  }
}
