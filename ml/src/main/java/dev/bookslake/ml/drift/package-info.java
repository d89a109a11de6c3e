/** Training-data statistics and the drift measures (PSI, Kolmogorov–Smirnov) computed from them. */
package dev.bookslake.ml.drift;
