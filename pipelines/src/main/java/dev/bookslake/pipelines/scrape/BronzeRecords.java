package dev.bookslake.pipelines.scrape;

import dev.bookslake.pipelines.scrape.internal.CrawlSettings;
import dev.bookslake.pipelines.scrape.internal.FetchResult;
import dev.bookslake.pipelines.scrape.internal.PageDigest;
import dev.bookslake.schemas.bronze.FetchError;
import dev.bookslake.schemas.bronze.Page;

/** Turns fetch results into bronze rows. */
final class BronzeRecords {
  private BronzeRecords() {}

  static Page page(FetchResult.Fetched fetched, String kind, CrawlSettings settings) {
    return Page.newBuilder()
        .setUrl(fetched.url())
        .setPageKind(kind)
        .setHttpStatus(fetched.status())
        .setContentType(fetched.contentType())
        .setEtag(fetched.etag())
        .setLastModified(fetched.lastModified())
        .setBody(fetched.body())
        .setSha256(PageDigest.sha256(fetched.body()))
        .setAttempts(fetched.attempts())
        .setFetchedAt(fetched.fetchedAt())
        .setRunId(settings.runId())
        .setDt(settings.dt())
        .build();
  }

  static FetchError error(FetchResult.Failed failed, String kind, CrawlSettings settings) {
    return FetchError.newBuilder()
        .setUrl(failed.url())
        .setPageKind(kind)
        .setErrorClass(failed.errorClass())
        .setMessage(failed.message())
        .setAttempts(failed.attempts())
        .setLastStatus(failed.lastStatus())
        .setFailedAt(failed.failedAt())
        .setRunId(settings.runId())
        .setDt(settings.dt())
        .build();
  }
}
