package dev.bookslake.pipelines.cli;

public final class Bookslake {
  public static void main(String[] args) {}
}
