package dev.bookslake.serving;

public final class Main {
  public static void main(String[] args) {}
}
