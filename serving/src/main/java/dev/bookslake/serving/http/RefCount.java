package dev.bookslake.serving.http;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reference count that starts at one (the owner's) and runs a close action exactly once, when the
 * last reference is given back. Once it has reached zero no reference can be taken again, so a
 * request never gets hold of something already closing. Used by the gold snapshot and the served
 * models, which are swapped while requests still use the old one.
 *
 * <pre>{@code
 * RefCount refs = new RefCount(() -> database.close());
 * if (refs.retain()) {
 *   try { query(); } finally { refs.release(); }
 * }
 * refs.release();   // the owner's reference: closes once the last request is done
 * }</pre>
 */
public final class RefCount {
  private final AtomicInteger refs = new AtomicInteger(1);
  private final Runnable onLastRelease;

  public RefCount(Runnable onLastRelease) {
    this.onLastRelease = onLastRelease;
  }

  /** Takes a reference; false once the count has reached zero. */
  public boolean retain() {
    while (true) {
      int r = refs.get();
      if (r <= 0) {
        return false;
      }
      if (refs.compareAndSet(r, r + 1)) {
        return true;
      }
    }
  }

  /** Gives a reference back; the last one runs the close action. */
  public void release() {
    if (refs.decrementAndGet() == 0) {
      onLastRelease.run();
    }
  }

  /** Whether every reference was given back. */
  public boolean isReleased() {
    return refs.get() <= 0;
  }
}
