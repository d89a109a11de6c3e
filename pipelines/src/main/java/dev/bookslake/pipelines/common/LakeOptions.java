package dev.bookslake.pipelines.common;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** Options every lake stage shares: where the lake is and which logical date it writes. */
public interface LakeOptions extends PipelineOptions {
  @Description(
      "Lake root folder (default: $BOOKSLAKE_LAKE, else lake/warehouse under the project).")
  @Default.String("")
  String getLake();

  void setLake(String value);

  @Description("Logical date of the run, YYYY-MM-DD; the stage writes exactly this dt partition.")
  @Validation.Required
  String getRunDate();

  void setRunDate(String value);

  @Description("Identifier recorded on every row (default: <stage>-<runDate>-<UTC time>).")
  @Default.String("")
  String getRunId();

  void setRunId(String value);
}
