/**
 * The feature contract: which ML features exist, how each is encoded, and which targets may not see
 * which features. Training, batch prediction and serving all vectorise through {@link
 * dev.bookslake.schemas.features.FeatureVectorizer}.
 */
@NullMarked
package dev.bookslake.schemas.features;

import org.jspecify.annotations.NullMarked;
