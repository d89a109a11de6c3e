package dev.bookslake.sandbox;

import java.time.Instant;

/**
 * One request the sandbox received, for tests that check what a crawler did.
 *
 * <p>{@code path} is the raw request path without the query. {@code status} is the status sent, or
 * 0 when no response was sent (a {@code timeout} fault). {@code fault} is {@code null} or one of
 * {@code "500"}, {@code "503"}, {@code "timeout"}, {@code "slow"}, {@code "trickle"}, {@code
 * "truncate"}, {@code "404"}, {@code "huge"}. {@code conditional} is true when the request carried
 * {@code If-None-Match} or {@code If-Modified-Since}.
 *
 * <pre>{@code
 * long retried = server.requests().stream().filter(r -> r.fault() != null).count();
 * }</pre>
 */
public record RequestRecord(
    Instant at, String method, String path, int status, String fault, boolean conditional) {}
