/** {@code bookslake predict}: the production models score gold.features of a dt into gold.predictions. */
package dev.bookslake.pipelines.predict;
