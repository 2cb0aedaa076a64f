/**
 * The {@code scripts/fxg} launcher's subcommands (picocli): node, demo, keygen, submit, admin,
 * verify, audit. Thin: each parses its options and calls the capability package that does the work.
 */
package io.fxg.cli;
