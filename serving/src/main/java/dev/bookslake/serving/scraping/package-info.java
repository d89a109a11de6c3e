/** Starting a run of the data path (child process or Airflow DAG) and reporting its state. */
@NullMarked
package dev.bookslake.serving.scraping;

import org.jspecify.annotations.NullMarked;
