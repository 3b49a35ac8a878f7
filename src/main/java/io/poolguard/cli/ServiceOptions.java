package io.poolguard.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Which service a command talks to, and the key it sends: shared by every command that calls the service. */
final class ServiceOptions {

    static final String DEFAULT_URL = "http://localhost:8000";

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:POOLGUARD_URL}",
            description = "The PoolGuard service (env POOLGUARD_URL; default " + DEFAULT_URL + ", or the port in"
                    + " POOLGUARD_HTTP_PORT as inside the service's own pod).")
    String url;

    @Option(names = "--api-key-file", paramLabel = "FILE",
            description = "File holding the API key for stability runs (default: env POOLGUARD_API_KEY)."
                    + " The key is sent, never printed.")
    Path apiKeyFile;

    ServiceClient client(Terminal terminal) {
        return new ServiceClient(baseUri(terminal), apiKey(terminal));
    }

    URI baseUri(Terminal terminal) {
        String port = terminal.env("POOLGUARD_HTTP_PORT");
        String given = url == null || url.isBlank() ? null : url;
        String value = given != null ? given : port != null ? "http://localhost:" + port : DEFAULT_URL;
        String source = given != null ? "--url (or POOLGUARD_URL)" : port != null ? "POOLGUARD_HTTP_PORT" : "default";
        try {
            URI uri = new URI(value.endsWith("/") ? value : value + "/");
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(value, "not an http(s) URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CliFailure(ExitCode.USAGE, source + ": not an http(s) URL such as " + DEFAULT_URL);
        }
    }

    private String apiKey(Terminal terminal) {
        if (apiKeyFile == null) {
            return terminal.env("POOLGUARD_API_KEY");
        }
        try {
            String key = Files.readString(apiKeyFile, StandardCharsets.UTF_8).strip();
            if (key.isEmpty()) {
                throw new CliFailure(ExitCode.USAGE, "--api-key-file: " + apiKeyFile + " is empty");
            }
            return key;
        } catch (IOException e) {
            throw new CliFailure(ExitCode.USAGE, "--api-key-file: cannot read " + apiKeyFile);
        }
    }
}
