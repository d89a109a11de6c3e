/** Training-data statistics and the drift measures (PSI, Kolmogorov–Smirnov) computed from them. */
@NullMarked
package dev.bookslake.ml.drift;

import org.jspecify.annotations.NullMarked;
