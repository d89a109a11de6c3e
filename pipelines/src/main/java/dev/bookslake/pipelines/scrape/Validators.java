package dev.bookslake.pipelines.scrape;

import java.io.Serializable;

/** What an earlier run stored for a URL that lets this run ask "has it changed?" (RFC 9110 §13). */
record Validators(String etag, String lastModified) implements Serializable {}
