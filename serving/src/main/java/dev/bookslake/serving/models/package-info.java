/** The model registry over HTTP: listing, history and promotion. */
package dev.bookslake.serving.models;
