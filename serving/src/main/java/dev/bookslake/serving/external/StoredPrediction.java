package dev.bookslake.serving.external;

/**
 * One externally made prediction as stored in the lake (one NDJSON line).
 *
 * @param submissionId the submission it came with
 * @param submittedAt ISO-8601 instant of the submission
 * @param submitter the token subject that posted it
 * @param model the submitter's model name
 * @param bookId the id as posted (UPC or site id)
 * @param upc the book's UPC in the snapshot it was checked against
 * @param predictedRating the predicted star rating 1..5, or null
 * @param predictedPrice the predicted price incl. tax, or null
 */
public record StoredPrediction(
    String submissionId,
    String submittedAt,
    String submitter,
    String model,
    String bookId,
    String upc,
    Double predictedRating,
    Double predictedPrice) {}
