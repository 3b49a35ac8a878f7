package io.poolguard.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import io.agroal.api.AgroalDataSource;
import io.smallrye.common.annotation.Blocking;

/** Test-only endpoint: sends a text through PostgreSQL and back out as JSON. */
@Path("/test-only/utf8-echo")
public class Utf8EchoResource {

    public record Text(String text) {
    }

    @Inject
    AgroalDataSource dataSource;

    @POST
    @Blocking
    public Text echo(Text in) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT ?::text")) {
            s.setString(1, in.text());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Text(rs.getString(1));
            }
        }
    }
}
