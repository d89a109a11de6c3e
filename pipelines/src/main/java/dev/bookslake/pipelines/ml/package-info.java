/**
 * The ML lifecycle on the pipelines side: training ({@code train}), the registry commands
 * ({@code models}), batch prediction ({@code predict}) and drift monitoring ({@code monitor}).
 */
package dev.bookslake.pipelines.ml;
