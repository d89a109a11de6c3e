/** {@code bookslake run}: the stages of the data path, one after the other, for one date. */
package dev.bookslake.pipelines.datapath;
