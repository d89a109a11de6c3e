package dev.bookslake.pipelines.features;

import dev.bookslake.pipelines.features.internal.BookProfile;
import dev.bookslake.pipelines.features.internal.Neighbour;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * Flat encodings of what {@link SimilarBooks} shuffles: every profile crosses the shuffle twice and
 * candidates outnumber books twenty to one, and these are several times smaller and faster than
 * Java serialisation. Fixed field order makes them deterministic.
 */
final class SimilarityCoders {
  private SimilarityCoders() {}

  /** A candidate neighbour of the book {@code upc}. */
  record Candidate(String upc, int siteId, Neighbour neighbour) {}

  static final class ProfileCoder extends AtomicCoder<BookProfile> {
    @Override
    public void encode(BookProfile book, OutputStream outStream) throws IOException {
      DataOutputStream out = new DataOutputStream(outStream);
      out.writeUTF(book.upc());
      out.writeInt(book.siteId());
      out.writeUTF(book.category());
      out.writeDouble(book.price());
      out.writeInt(book.rating());
      out.writeInt(book.terms().length);
      for (int i = 0; i < book.terms().length; i++) {
        out.writeLong(book.terms()[i]);
        out.writeDouble(book.weights()[i]);
      }
      out.flush();
    }

    @Override
    public BookProfile decode(InputStream inStream) throws IOException {
      DataInputStream in = new DataInputStream(inStream);
      String upc = in.readUTF();
      int siteId = in.readInt();
      String category = in.readUTF();
      double price = in.readDouble();
      int rating = in.readInt();
      long[] terms = new long[in.readInt()];
      double[] weights = new double[terms.length];
      for (int i = 0; i < terms.length; i++) {
        terms[i] = in.readLong();
        weights[i] = in.readDouble();
      }
      return new BookProfile(upc, siteId, category, price, rating, terms, weights);
    }
  }

  static final class CandidateCoder extends AtomicCoder<Candidate> {
    @Override
    public void encode(Candidate c, OutputStream outStream) throws IOException {
      DataOutputStream out = new DataOutputStream(outStream);
      out.writeUTF(c.upc());
      out.writeInt(c.siteId());
      Neighbour n = c.neighbour();
      out.writeUTF(n.upc());
      out.writeInt(n.siteId());
      out.writeDouble(n.score());
      out.writeBoolean(n.sameCategory());
      out.writeDouble(n.textSimilarity());
      out.flush();
    }

    @Override
    public Candidate decode(InputStream inStream) throws IOException {
      DataInputStream in = new DataInputStream(inStream);
      String upc = in.readUTF();
      int siteId = in.readInt();
      return new Candidate(
          upc,
          siteId,
          new Neighbour(
              in.readUTF(), in.readInt(), in.readDouble(), in.readBoolean(), in.readDouble()));
    }
  }
}
