/** {@code bookslake run}: the stages of the data path, one after the other, for one date. */
@NullMarked
package dev.bookslake.pipelines.datapath;

import org.jspecify.annotations.NullMarked;
