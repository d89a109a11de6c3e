/** Starting a run of the data path (child process or Airflow DAG) and reporting its state. */
package dev.bookslake.serving.scraping;
